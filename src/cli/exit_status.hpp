// How an error ends hippo: its exit status and its one line on stderr (design.md: 2 for bad input,
// 1 for anything else; 130 when interrupted, as a shell reports a process ended by Ctrl-C).
#pragma once
#include <exception>
#include <iosfwd>
#include <string>

namespace hippo::cli {

// The exit status of `error` and, when `err` is given, its line there. main() calls it for every
// command; the MPI-aware commands call it on rank 0 before the ranks leave (run_on_ranks).
int exit_status(const std::exception_ptr& error, std::ostream* err);

// The scenario key a flag sets ("--tp": "service.tp"), or "" when it sets none. Errors about the key
// are reported under the flag (one table, exit_status.cpp).
std::string key_of_flag(const std::string& flag);

}  // namespace hippo::cli
