// `hippo init FILE [--from NAME] [--force]`: writes a commented scenario to start from (app::init_scenario):
// every key with its meaning, unit, range and default, the values of NAME (default: default).
#include <filesystem>
#include <memory>

#include "cli/commands.hpp"
#include "hippo/app.hpp"
#include "util/atomic_file.hpp"

namespace hippo::cli {

void register_init(CLI::App& app, Action& chosen) {
  auto* cmd = app.add_subcommand("init", "Write a commented scenario file to start from (every key, unit, range, default)");
  auto file = std::make_shared<std::string>();
  auto from = std::make_shared<std::string>("default");
  auto force = std::make_shared<bool>(false);
  cmd->add_option("file", *file, "The scenario file to write")->required();
  cmd->add_option("--from", *from, "Shipped scenario name or scenario file whose values it holds")->capture_default_str();
  cmd->add_flag("--force", *force, "Replace FILE if it exists");
  cmd->callback([=, &chosen] {
    chosen = [=](Context& ctx) {
      std::error_code ec;
      if (!*force && std::filesystem::exists(*file, ec))
        throw InputError({*file, 0, ""}, "already exists; give another name, or --force to replace it");
      util::write_file_atomic(*file, app::init_scenario(*from, ctx.catalog));
      print(ctx, "Wrote " + *file + " (from '" + *from + "'): check it with `hippo validate " + *file +
                     "`, run it with `hippo run " + *file + "`\n");
    };
  });
}

}  // namespace hippo::cli
