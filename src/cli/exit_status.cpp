#include "cli/exit_status.hpp"

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
    {"service.tp", "--tp"},               {"service.weights", "--weights"},
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
    {"percent", "--percent"},
};

Location as_typed(const Location& where) {
  if (where.file.rfind("--", 0) == 0 && where.file != "--set") return {"", 0, where.file};  // a flag gave it
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
    if (err) *err << "hippo: " << format_location(as_typed(e.where()), e.expected()) << "\n";
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
