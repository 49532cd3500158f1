#include "cli/exit_status.hpp"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <ostream>

#include "hippo/errors.hpp"

namespace hippo::cli {

namespace {

// The library names what was wrong by scenario key or by the field of a request; the CLI reports it
// under the flag that sets it. The one table of those flags (a scenario key given by --set, or in a
// file, keeps its own name).
const std::map<std::string, std::string> kFlagOfKey = {
    // scenario keys that `hippo simulate` (and `hippo perf`) take as flags
    {"service.model", "--model"},         {"service.gpu", "--gpu"},
    {"service.tp", "--tp"},               {"service.pp", "--pp"},
    {"service.weights", "--weights"},
    {"service.ep", "--ep"},               {"service.attention", "--dp-attention"},
    {"service.kv", "--kv"},               {"service.engine", "--engine"},
    {"service.router", "--router"},       {"service.scheduler", "--scheduler"},
    {"service.max_batch", "--max-batch"}, {"service.token_budget", "--token-budget"},
    {"workload.arrival", "--arrival"},    {"workload.cv", "--cv"},
    {"workload.input", "--input"},        {"workload.output", "--output"},
    {"seed", "--seed"},
    {"slo.ttft_p99_s", "--slo-ttft"},     {"slo.tpot_p99_s", "--slo-tpot"},
    {"service.spec.method", "--spec"},    {"service.spec.tokens", "--spec-tokens"},
    {"service.spec.acceptance", "--spec-acceptance"},
    // fields of the application layer's requests
    {"replicas", "--replicas"},           {"rate_req_s", "--rate"},
    {"load", "--load"},                   {"requests", "--requests"},
    {"duration_s", "--duration"},         {"tolerance", "--tolerance"},
    {"concurrency", "--concurrency"},     {"samples", "--samples"},
    {"percent", "--percent"},             {"batch", "--batch"},
    {"context", "--context"},             {"prefill", "--prefill"},
    {"input", "--input"},                 {"output", "--output"},
    {"weights", "--weights"},             {"kv", "--kv"},
    {"tp", "--tp"},                       {"strict", "--strict"},
    {"trace", "--trace"},                 {"all_numeric", "--all-numeric"},
    {"axes", "--set"},                    {"db", "--db"},
    {"out", "--out"},
};

// A message reported under a flag writes the fix it suggests as flags too: the library writes the
// settings after "; try " as scenario keys ("try service.tp: 4", two as "service.tp: 8 and
// service.pp: 2"), the CLI as its flags ("try --tp 4", "--tp 8 --pp 2").
std::string settings_as_flags(const std::string& message) {
  const std::size_t fix = message.rfind("; try ");
  if (fix == std::string::npos) return message;
  std::string text = message.substr(fix);
  for (const auto& [key, flag] : kFlagOfKey) {
    if (key.find('.') == std::string::npos) continue;  // a request's field is never written as a setting
    const std::string setting = key + ": ";
    for (std::size_t at = text.find(setting); at != std::string::npos; at = text.find(setting, at)) {
      const bool whole = at == 0 || !(std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '.' ||
                                      text[at - 1] == '_');
      if (!whole) {
        at += setting.size();
        continue;
      }
      text.replace(at, setting.size(), flag + " ");
      at += flag.size() + 1;
    }
  }
  for (std::size_t at = text.find(" and --"); at != std::string::npos; at = text.find(" and --", at)) text.erase(at, 4);
  return message.substr(0, fix) + text;
}

// A message about a flag names the fields and keys it marks (`batch`) as the flags that set them.
// A request's field (a name without '.') is set only by a flag, so it is written as one wherever
// the error came from; a scenario key only when a flag gave the value.
std::string fields_as_flags(const std::string& message, bool by_flag) {
  return rename_fields(message, [by_flag](std::string_view name) {
    const auto flag = kFlagOfKey.find(std::string(name));
    const bool request_field = name.find('.') == std::string_view::npos && name != "seed";
    return flag != kFlagOfKey.end() && (by_flag || request_field) ? flag->second : std::string(name);
  });
}

Location as_typed(const Location& where) {
  if (where.file.rfind("--", 0) == 0 && where.file != "--set") return {"", 0, where.file};  // a flag gave it
  if (where.file == "axes" && where.line == 0) return {"", 0, "--set " + where.key};      // a sweep's axis
  if (where.file.empty() && where.line == 0)
    if (auto flag = kFlagOfKey.find(where.key); flag != kFlagOfKey.end()) return {"", 0, flag->second};
  return where;
}

}  // namespace

std::string key_of_flag(const std::string& flag) {
  for (const auto& [key, f] : kFlagOfKey)
    if (f == flag && key.find('.') != std::string::npos) return key;
  return flag == "--seed" ? "seed" : "";
}

int exit_status(const std::exception_ptr& error, std::ostream* err) {
  try {
    std::rethrow_exception(error);
  } catch (const InputError& e) {
    const Location where = as_typed(e.where());
    // Given by a flag (a sweep's axes are --set), the fix is written as flags; in a file or by an
    // override's --set, as keys.
    const bool by_flag = where.file.empty() || e.where().file == "axes";
    const bool flag = where.file.empty() && !key_of_flag(where.key).empty();  // a flag that sets a scenario key
    const std::string message = fields_as_flags(e.expected(), by_flag);
    if (err) *err << "hippo: " << format_location(where, flag ? settings_as_flags(message) : message) << "\n";
    return 2;
  } catch (const StdoutFailed& e) {
    if (err)
      *err << "hippo: stdout: cannot write the output" << (e.error ? std::string(" (") + std::strerror(e.error) + ")" : "")
           << "\n";
    return 1;
  } catch (const Interrupted&) {
    if (err) *err << "hippo: interrupted\n";
    return 130;
  } catch (const std::exception& e) {
    if (err) *err << "hippo: internal error: " << one_line(e.what()) << "\n";
    return 1;
  }
}

void check_written(std::ostream& out) {
  out.flush();  // a failed write, now or since the caller cleared errno, left its errno
  if (!out || (&out == &std::cout && std::ferror(stdout))) throw StdoutFailed{errno};
}

}  // namespace hippo::cli
