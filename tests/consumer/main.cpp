// Runs the default scenario through the application layer and prints its break-even month.
#include <iostream>

#include "hippo/app.hpp"

int main() {
  const hippo::Catalog catalog = hippo::load_builtin_catalog();
  const hippo::app::RunResult r = hippo::app::run(hippo::app::ScenarioSource::named("default"), {}, catalog);
  std::cout << "breakeven_month " << r.json["breakeven_month"].dump() << "\n";
  return r.json.contains("monthly") ? 0 : 1;
}
