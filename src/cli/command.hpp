// The CLI's command registry: each subcommand lives in its own file and registers itself in
// commands.cpp. Only src/cli prints to the terminal and decides exit statuses.
#pragma once
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "hippo/catalog.hpp"

namespace hippo::cli {

struct Context {
  const Catalog& catalog;
  std::ostream& out;
  std::ostream& err;
};

// What a command does once its flags are parsed.
using Action = std::function<void(Context&)>;

// Adds a subcommand to `app`; when it is chosen, its callback stores its action in `chosen`.
using Registrar = std::function<void(CLI::App& app, Action& chosen)>;

// Every subcommand, in the order `hippo --help` lists them.
const std::vector<Registrar>& registry();

// The action `hippo` runs with no subcommand (the main job on the default scenario).
Action default_action();

// Writes JSON or text output produced by a command; JSON is exactly one document and a newline.
void print(Context& ctx, const std::string& text);

}  // namespace hippo::cli
