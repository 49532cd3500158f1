// `hippo validate FILE`: reads a scenario and reports the first problem, or that it is valid.
#include "cli/commands.hpp"
#include "hippo/scenario.hpp"

namespace hippo::cli {

void register_validate(CLI::App& app, Action& chosen) {
  auto* cmd = app.add_subcommand("validate", "Check a scenario file (or a shipped scenario's name)");
  auto file = std::make_shared<std::string>();
  cmd->add_option("file", *file, "Scenario YAML file or shipped scenario name")->required();
  cmd->callback([=, &chosen] {
    chosen = [=](Context& ctx) {
      const Scenario s = load_scenario(*file, ctx.catalog);
      print(ctx, s.file + ": valid scenario '" + s.name + "' (" + s.service.model + " on " + s.service.gpu + ", " +
                     std::to_string(s.horizon_months) + " months, " + std::to_string(s.uncertain.size()) +
                     " uncertain inputs)\n");
    };
  });
}

}  // namespace hippo::cli
