// One registration function per subcommand; commands.cpp lists them.
#pragma once
#include "cli/command.hpp"

namespace hippo::cli {

void register_catalog(CLI::App& app, Action& chosen);
void register_validate(CLI::App& app, Action& chosen);
void register_perf(CLI::App& app, Action& chosen);
void register_simulate(CLI::App& app, Action& chosen);
void register_plan(CLI::App& app, Action& chosen);
void register_sensitivity(CLI::App& app, Action& chosen);
void register_montecarlo(CLI::App& app, Action& chosen);
void register_sweep(CLI::App& app, Action& chosen);

}  // namespace hippo::cli
