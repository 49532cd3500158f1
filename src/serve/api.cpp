#include "serve/api.hpp"

#include <algorithm>
#include <functional>

#include "report/catalog_json.hpp"
#include "report/charts.hpp"
#include "report/uncertainty_report.hpp"
#include "serve/files.hpp"
#include "serve/keys.hpp"
#include "serve/page.hpp"
#include "serve/scenario_yaml.hpp"

namespace hippo::serve {

using nlohmann::ordered_json;

namespace {

// What the CLI prints: the document and a newline; run, compare and catalog indent by 2, the
// uncertainty commands print one line.
template <class Json>
Reply document(const Json& doc, int indent = 2) {
  return {200, "application/json", json_text(doc, indent) + "\n"};
}

nlohmann::json charts_json(const std::vector<report::Chart>& charts) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& ch : charts) out.push_back({{"id", ch.id}, {"title", ch.title}, {"note", ch.note}, {"spec", ch.spec}});
  return out;
}

Reply not_found(const std::string& path) {
  return {404, "application/json", json_text(ordered_json{{"error", "no such page or endpoint: " + path}}) + "\n"};
}

Reply run(const ordered_json& body, const Options& o, const Catalog& c, econ::CapacityCache* capacity) {
  check_fields(body, {"scenario", "set"});
  return document(app::run(scenario_of(body, o, c), overrides_of(body, o), c, {}, capacity).json);
}

Reply compare(const ordered_json& body, const Options& o, const Catalog& c, econ::CapacityCache* capacity) {
  check_fields(body, {"scenarios", "set"});
  const ordered_json names = body.value("scenarios", ordered_json());
  if (!names.is_array() || names.size() < 2 || names.size() > o.limits.scenarios)
    throw InputError({"", 0, "scenarios"}, "expected a list of 2 to " + std::to_string(o.limits.scenarios) + " scenarios");
  std::vector<app::ScenarioSource> sources;
  for (const auto& n : names) sources.push_back(scenario_field(n, o, c, "scenarios"));
  return document(app::compare(sources, overrides_of(body, o), c, {}, capacity).json);
}

Reply sensitivity(const ordered_json& body, const Options& o, const Catalog& c, const app::Progress& progress) {
  check_fields(body, {"scenario", "set", "all_numeric", "percent"});
  app::SensitivityRequest q;
  q.all_numeric = bool_field(body, "all_numeric").value_or(false);
  q.percent = number_field(body, "percent").value_or(q.percent);
  return document(app::sensitivity(scenario_of(body, o, c), overrides_of(body, o), q, c, progress).json, -1);
}

Reply montecarlo(const ordered_json& body, const Options& o, const Catalog& c, const app::Progress& progress) {
  check_fields(body, {"scenario", "set", "samples", "seed"});
  app::MonteCarloRequest q;
  q.samples = integer_field(body, "samples", 1, o.limits.samples).value_or(q.samples);
  if (const auto seed = integer_field(body, "seed", 0, INT64_MAX)) q.seed = static_cast<std::uint64_t>(*seed);
  return document(app::montecarlo(scenario_of(body, o, c), overrides_of(body, o), q, c, progress).json, -1);
}

Reply keys(const app::ScenarioSource& source, const app::Overrides& overrides, const Catalog& c) {
  return document(keys_json(app::load_scenario(source, overrides, c)));
}

// The page's view of one or more what-ifs: their results documents and the report's charts of
// them (one scenario's, or overlaid).
Reply view(const ordered_json& body, const Options& o, const Catalog& c, econ::CapacityCache* capacity) {
  check_fields(body, {"runs"});
  const ordered_json runs = body.value("runs", ordered_json());
  const bool listed = runs.is_array() && !runs.empty() && runs.size() <= o.limits.scenarios &&
                      std::all_of(runs.begin(), runs.end(), [](const ordered_json& r) { return r.is_object(); });
  if (!listed)
    throw InputError({"", 0, "runs"}, "expected a list of 1 to " + std::to_string(o.limits.scenarios) +
                                          " objects {scenario, set}");
  std::vector<nlohmann::json> results;
  for (const auto& r : runs) {
    check_fields(r, {"scenario", "set"});
    results.push_back(app::run(scenario_of(r, o, c), overrides_of(r, o), c, {}, capacity).json);
  }
  const nlohmann::json out = {
      {"results", results},
      {"locale", report::format_locale(results[0]["currency"].get<std::string>())},
      {"charts", charts_json(results.size() == 1 ? report::scenario_charts(results[0]) : report::compare_charts(results))}};
  return {200, "application/json", json_text(out) + "\n"};
}

Reply yaml(const ordered_json& body, const Options& o, const Catalog& c) {
  check_fields(body, {"scenario", "set"});
  const app::ScenarioSource source = scenario_of(body, o, c);
  const app::Overrides overrides = overrides_of(body, o);
  app::load_scenario(source, overrides, c);  // the overrides checked as a run checks them
  return {200, "application/yaml", scenario_yaml(source, overrides)};
}

}  // namespace

Reply get(const std::string& path, const Query& query, const Options& options, const Catalog& catalog) {
  try {
    if (path == "/" || path == "/index.html") return {200, "text/html; charset=utf-8", page_html(options)};
    if (path == "/favicon.ico") return {204, "image/x-icon", ""};  // none: so that a browser logs no 404
    if (path == "/api/scenarios") return document(report::catalog_json(catalog, "scenarios"));
    if (path == "/api/keys") {
      const auto it = query.find("scenario");
      const std::string name = it == query.end() ? options.scenario : it->second;
      return keys(named_source(name, "scenario", options, catalog), {}, catalog);
    }
    return not_found(path);
  } catch (...) {
    return error_reply(std::current_exception());
  }
}

Reply post(const std::string& path, const std::string& body, const Options& options, const Catalog& catalog,
           const app::Progress& progress, econ::CapacityCache* capacity) {
  using Handler = std::function<Reply(const ordered_json&)>;
  const std::map<std::string, Handler> routes = {
      {"/api/run", [&](const ordered_json& b) { return run(b, options, catalog, capacity); }},
      {"/api/compare", [&](const ordered_json& b) { return compare(b, options, catalog, capacity); }},
      {"/api/sensitivity", [&](const ordered_json& b) { return sensitivity(b, options, catalog, progress); }},
      {"/api/montecarlo", [&](const ordered_json& b) { return montecarlo(b, options, catalog, progress); }},
      {"/api/keys",
       [&](const ordered_json& b) {
         check_fields(b, {"scenario", "set"});
         return keys(scenario_of(b, options, catalog), overrides_of(b, options), catalog);
       }},
      {"/api/view", [&](const ordered_json& b) { return view(b, options, catalog, capacity); }},
      {"/api/yaml", [&](const ordered_json& b) { return yaml(b, options, catalog); }},
  };
  const auto route = routes.find(path);
  if (route == routes.end()) return not_found(path);
  try {
    if (body.size() > options.limits.body_bytes)
      throw TooLarge({"", 0, "request"}, "expected a body of at most " + std::to_string(options.limits.body_bytes) +
                                             " bytes, got " + std::to_string(body.size()));
    return route->second(parse_body(body, options.limits));
  } catch (...) {
    return error_reply(std::current_exception());
  }
}

nlohmann::json uncertainty_charts(const std::string& path, const nlohmann::json& document) {
  if (path == "/api/sensitivity") return charts_json(report::sensitivity_charts(document));
  if (path == "/api/montecarlo") return charts_json(report::montecarlo_charts(document));
  return nlohmann::json::array();
}

Reply error_reply(const std::exception_ptr& error) {
  // Bodies name fields plainly, as InputError::what() does (the CLI alone writes them as flags).
  auto reply = [](int status, const Location& where, const std::string& message) {
    const ordered_json doc = {{"error", format_location(where, plain_fields(message))},
                              {"key", where.key},
                              {"file", where.file},
                              {"line", where.line}};
    return Reply{status, "application/json", json_text(doc) + "\n"};
  };
  try {
    std::rethrow_exception(error);
  } catch (const TooLarge& e) {
    return reply(413, e.where(), e.expected());
  } catch (const FileRefused& e) {
    return reply(403, e.where(), e.expected());
  } catch (const InputError& e) {
    return reply(400, e.where(), e.expected());
  } catch (const Interrupted&) {
    return reply(503, {}, "interrupted: the server is stopping, or the client left");
  } catch (const std::exception& e) {
    return reply(500, {}, "internal error: " + one_line(e.what()));
  }
}

}  // namespace hippo::serve
