// The command line as a CLI::App: main() parses argv with it, and fuzz/fuzz_cli.cpp parses
// fuzzer-made argv with the very same one.
#pragma once
#include "cli/command.hpp"

namespace hippo::cli {

// Names and describes `app`, adds --version and every registered subcommand; a chosen
// subcommand stores its action in `chosen` when parsed.
void build_app(CLI::App& app, Action& chosen);

}  // namespace hippo::cli
