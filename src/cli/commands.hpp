// One registration function per subcommand; commands.cpp lists them.
#pragma once
#include "cli/command.hpp"
#include <filesystem>

#include "hippo/app.hpp"

namespace hippo::cli {

void register_catalog(CLI::App& app, Action& chosen);
void register_validate(CLI::App& app, Action& chosen);
void register_init(CLI::App& app, Action& chosen);
void register_perf(CLI::App& app, Action& chosen);
void register_simulate(CLI::App& app, Action& chosen);
void register_plan(CLI::App& app, Action& chosen);
void register_run(CLI::App& app, Action& chosen);
void register_compare(CLI::App& app, Action& chosen);
void register_sensitivity(CLI::App& app, Action& chosen);
void register_montecarlo(CLI::App& app, Action& chosen);
void register_sweep(CLI::App& app, Action& chosen);
void register_serve(CLI::App& app, Action& chosen);

// `hippo run` (cmd_run.cpp); bare `hippo` runs it with the defaults.
struct RunOptions {
  std::string scenario = "default";
  std::vector<std::string> sets;  // --set key=value
  std::string out_dir = "hippo-out";
  bool json = false, quiet = false;
};
void run_scenario(Context& ctx, const RunOptions& options);

// --set key=value on a command (cmd_run.cpp; every command that reads a scenario), and the
// overrides the given flags make.
void add_set_flag(CLI::App& cmd, std::vector<std::string>& sets);
app::Overrides overrides_of(const std::vector<std::string>& sets);

// "Wrote DIR/a, DIR/b and DIR/c\n".
std::string wrote_line(const std::filesystem::path& dir, const std::vector<std::string>& files);

}  // namespace hippo::cli
