// One registration function per subcommand; commands.cpp lists them.
#pragma once
#include "cli/command.hpp"
#include "hippo/economics.hpp"

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

// econ::fleet_capacity with a progress line on a terminal and Ctrl-C checked after each
// simulation of a `fleet.sizing: simulated` search (cmd_run.cpp; also used by compare).
econ::FleetCapacity capacity_with_progress(Context& ctx, const Scenario& s);

}  // namespace hippo::cli
