#include "cli/exit_status.hpp"

#include <ostream>

#include "hippo/errors.hpp"

namespace hippo::cli {

int exit_status(const std::exception_ptr& error, std::ostream* err) {
  try {
    std::rethrow_exception(error);
  } catch (const InputError& e) {
    if (err) *err << "hippo: " << e.what() << "\n";
    return 2;
  } catch (const Interrupted&) {
    if (err) *err << "hippo: interrupted\n";
    return 130;
  } catch (const std::exception& e) {
    if (err) *err << "hippo: internal error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace hippo::cli
