// The JSON bodies of hippo serve's API, read once at the edge into what src/app takes: a scenario
// source, its overrides and a job's own fields. Every malformed body is an InputError naming the
// field ("set.demand.paying_share", "samples"); nothing here reads a file (files.hpp decides that).
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hippo/app.hpp"

namespace hippo::serve {

// What one request may ask for: a body past `body_bytes` is answered 413 before it is read; the
// rest are 400s with the field named.
struct Limits {
  std::size_t body_bytes = 1 << 20;   // 1 MiB: a scenario's YAML text is a few kB
  int nesting = 16;                   // brackets deep in a body
  std::size_t overrides = 512;        // keys in one "set" (the schema has fewer)
  std::size_t scenarios = 8;          // in one compare, or variants in one view
  std::int64_t samples = 100000;      // of one Monte Carlo run
};

// How the server was started: the scenario the page opens on and the one folder (if any) whose
// scenario files and the files they name may be read.
struct Options {
  std::string scenario = "default";
  std::optional<std::filesystem::path> allow_files;  // canonical, or none: only shipped scenarios
  Limits limits;
};

// `j` as JSON text, any invalid UTF-8 that came in (a key, a value, quoted in a message) replaced by
// U+FFFD: dump() would throw on it.
template <class Json>
std::string json_text(const Json& j, int indent = -1) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

// A body read as JSON: an object, at most `limits.nesting` deep; InputError otherwise.
nlohmann::ordered_json parse_body(const std::string& body, const Limits& limits);

// Refuses any field of `body` not in `allowed` ("request: unknown field 'x'; expected …").
void check_fields(const nlohmann::ordered_json& body, const std::vector<std::string>& allowed);

// "scenario" (a shipped name, a file name under --allow-files, or YAML text; default `fallback`) as
// a source the app layer loads. File access is checked here (files.hpp: FileRefused).
app::ScenarioSource scenario_field(const nlohmann::ordered_json& value, const Options& options, const Catalog& catalog,
                                   const std::string& field);
app::ScenarioSource scenario_of(const nlohmann::ordered_json& body, const Options& options, const Catalog& catalog);

// "set": {key: value} in the order given; each value a number, text, true/false or a list of
// those, passed on as its YAML text (the CLI's `--set key=value`; messages name "--set" as it does).
app::Overrides overrides_of(const nlohmann::ordered_json& body, const Options& options);

// Optional typed fields of a body: absent → nullopt; the wrong type or out of range → InputError.
std::optional<bool> bool_field(const nlohmann::ordered_json& body, const std::string& name);
std::optional<double> number_field(const nlohmann::ordered_json& body, const std::string& name);
std::optional<std::int64_t> integer_field(const nlohmann::ordered_json& body, const std::string& name, std::int64_t min,
                                          std::int64_t max);

}  // namespace hippo::serve
