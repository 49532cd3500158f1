#include <iostream>

#include "cli/commands.hpp"

namespace hippo::cli {

const std::vector<Registrar>& registry() {
  static const std::vector<Registrar> kCommands = {
      register_catalog,
      register_validate,
      register_perf,
      register_simulate,
      register_plan,
      register_sensitivity,
      register_montecarlo,
      register_sweep,
  };
  return kCommands;
}

Action default_action() {
  // Until `hippo run` lands, the bare command shows what hippo knows.
  return [](Context& ctx) {
    ctx.out << "hippo: no main job yet; try `hippo catalog gpus` or `hippo --help`\n";
  };
}

void print(Context& ctx, const std::string& text) {
  ctx.out << text;
  if (!text.empty() && text.back() != '\n') ctx.out << '\n';
}

}  // namespace hippo::cli
