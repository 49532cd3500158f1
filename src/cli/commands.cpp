#include <cerrno>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit_status.hpp"

namespace hippo::cli {

const std::vector<Registrar>& registry() {
  static const std::vector<Registrar> kCommands = {
      register_catalog,
      register_validate,
      register_init,
      register_perf,
      register_simulate,
      register_plan,
      register_run,
      register_compare,
      register_sensitivity,
      register_montecarlo,
      register_sweep,
      register_serve,
  };
  return kCommands;
}

Action default_action() {
  // The main job on the built-in default scenario: `hippo` = `hippo run default`.
  return [](Context& ctx) { run_scenario(ctx, RunOptions{}); };
}

void print(Context& ctx, const std::string& text) {
  errno = 0;  // so that a failed write's reason is the one check_written reports
  ctx.out << text;
  if (!text.empty() && text.back() != '\n') ctx.out << '\n';
  check_written(ctx.out);
}

}  // namespace hippo::cli
