#include "cli/app.hpp"

namespace hippo::cli {

void build_app(CLI::App& app, Action& chosen) {
  app.name("hippo");
  app.description("hippo: what a generative-AI service costs, and when it pays off");
  app.require_subcommand(0, 1);
  app.set_version_flag("--version", "hippo 0.1.0");
  for (const auto& reg : registry()) reg(app, chosen);
}

}  // namespace hippo::cli
