// TEMPORARY: the part of include/hippo/app.hpp (issue 13's application layer, built beside this
// module) that the module uses, with the same names but in namespace hippo::pyapp (so that it
// never clashes with hippo::app), over the library functions the CLI calls today. It goes when
// app.hpp reaches main; the module then includes "hippo/app.hpp" and drops the alias below.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hippo/catalog.hpp"
#include "hippo/economics.hpp"
#include "hippo/scenario.hpp"

namespace hippo::pyapp {

struct ScenarioSource {
  std::string path_or_name = "default";
  std::optional<std::string> yaml;
  std::string file = "<text>";
  static ScenarioSource named(std::string path_or_name) { return {std::move(path_or_name), std::nullopt, {}}; }
  static ScenarioSource text(std::string yaml, std::string file = "<text>") { return {{}, std::move(yaml), std::move(file)}; }
};

struct Override {
  std::string key;
  std::string value;
  std::string origin = "--set";
};
using Overrides = std::vector<Override>;

struct ProgressUpdate {
  std::string label;
  std::int64_t done = 0, total = 0;
  std::string unit, detail;
};
using Progress = std::function<void(const ProgressUpdate&)>;

Scenario load_scenario(const ScenarioSource& source, const Overrides& overrides, const Catalog& catalog);

struct RunResult {
  Scenario scenario;
  econ::FleetCapacity capacity;
  econ::EconResult economics;
  nlohmann::json json;
};
RunResult run(const ScenarioSource& source, const Overrides& overrides, const Catalog& catalog,
              const Progress& progress = {});
void write_report(const RunResult& result, const std::filesystem::path& dir);

struct CompareResult {
  std::vector<RunResult> runs;
  nlohmann::json json;
};
CompareResult compare(const std::vector<ScenarioSource>& sources, const Overrides& overrides, const Catalog& catalog,
                      const Progress& progress = {});
void write_report(const CompareResult& result, const std::filesystem::path& dir);

}  // namespace hippo::pyapp

namespace hippo::python {
namespace app = ::hippo::pyapp;
}  // namespace hippo::python
