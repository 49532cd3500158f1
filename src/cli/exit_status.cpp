#include "cli/exit_status.hpp"

#include <map>
#include <ostream>

#include "hippo/errors.hpp"

namespace hippo::cli {

namespace {

// The library names what was wrong by scenario key or by the field of a request; the CLI reports it
// under the flag that sets it. The one table of those flags (a scenario key given by --set, or in a
// file, keeps its own name).
const std::map<std::string, std::string> kFlagOfKey = {
    {"requests", "--requests"},
    {"tolerance", "--tolerance"},
};

Location as_typed(const Location& where) {
  if (where.file.rfind("--", 0) == 0 && where.file != "--set") return {"", 0, where.file};  // a flag gave it
  if (where.file.empty() && where.line == 0)
    if (auto flag = kFlagOfKey.find(where.key); flag != kFlagOfKey.end()) return {"", 0, flag->second};
  return where;
}

}  // namespace

int exit_status(const std::exception_ptr& error, std::ostream* err) {
  try {
    std::rethrow_exception(error);
  } catch (const InputError& e) {
    if (err) *err << "hippo: " << format_location(as_typed(e.where()), e.expected()) << "\n";
    return 2;
  } catch (const Interrupted&) {
    if (err) *err << "hippo: interrupted\n";
    return 130;
  } catch (const std::exception& e) {
    if (err) *err << "hippo: internal error: " << one_line(e.what()) << "\n";
    return 1;
  }
}

}  // namespace hippo::cli
