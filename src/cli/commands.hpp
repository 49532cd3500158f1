// One registration function per subcommand; commands.cpp lists them.
#pragma once
#include "cli/command.hpp"

namespace hippo::cli {

void register_catalog(CLI::App& app, Action& chosen);
void register_validate(CLI::App& app, Action& chosen);
void register_perf(CLI::App& app, Action& chosen);
void register_simulate(CLI::App& app, Action& chosen);
void register_plan(CLI::App& app, Action& chosen);
void register_run(CLI::App& app, Action& chosen);
void register_compare(CLI::App& app, Action& chosen);
void register_sensitivity(CLI::App& app, Action& chosen);
void register_montecarlo(CLI::App& app, Action& chosen);
void register_sweep(CLI::App& app, Action& chosen);

// `hippo run` (cmd_run.cpp); bare `hippo` runs it with the defaults.
struct RunOptions {
  std::string scenario = "default";
  std::string out_dir = "hippo-out";
  bool json = false, quiet = false;
};
void run_scenario(Context& ctx, const RunOptions& options);

}  // namespace hippo::cli
