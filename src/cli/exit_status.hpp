// How an error ends hippo: its exit status and its one line on stderr (design.md: 2 for bad input,
// 1 for anything else; 130 when interrupted, as a shell reports a process ended by Ctrl-C).
#pragma once
#include <exception>
#include <iosfwd>
#include <string>
#include <stdexcept>

namespace hippo::cli {

// The exit status of `error` and, when `err` is given, its line there. main() calls it for every
// command; the MPI-aware commands call it on rank 0 before the ranks leave (run_on_ranks).
int exit_status(const std::exception_ptr& error, std::ostream* err);

// The scenario key a flag sets ("--tp": "service.tp"), or "" when it sets none. Errors about the key
// are reported under the flag (one table, exit_status.cpp).
std::string key_of_flag(const std::string& flag);
// stdout could not take a command's output (a full disk, a closed pipe): exit 1. `error` is the
// errno of the write that failed, taken at that write (a later flush no longer knows it); 0: unknown.
struct StdoutFailed : std::runtime_error {
  explicit StdoutFailed(int e) : std::runtime_error("stdout: cannot write the output"), error(e) {}
  int error = 0;
};

// Flushes `out` and throws StdoutFailed when any write to it since errno was last cleared failed.
void check_written(std::ostream& out);

}  // namespace hippo::cli
