#include "report/assumptions.hpp"

#include <cstdio>
#include <functional>
#include <map>

namespace hippo::report {

namespace {

// The items of a list key, each through `text`, separated by commas.
template <class T, class F>
std::string join_each(const std::vector<T>& items, F text) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + std::string(text(i));
  return out;
}

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// The value of a key that is not a number (the schema reads those keys but has no getter). A key
// missing here still gets its row, with a null value ("—" in the report) and its source.
const std::map<std::string, std::function<std::string(const Scenario&)>>& text_values() {
  static const std::map<std::string, std::function<std::string(const Scenario&)>> kValues = {
      {"currency", [](const Scenario& s) { return s.currency; }},
      {"service.model", [](const Scenario& s) { return s.service.model; }},
      {"service.gpu", [](const Scenario& s) { return s.service.gpu; }},
      {"service.weights", [](const Scenario& s) { return std::string(dtype_name(s.service.weights)); }},
      {"service.kv", [](const Scenario& s) { return std::string(dtype_name(s.service.kv)); }},
      {"service.engine", [](const Scenario& s) { return s.service.engine; }},
      {"service.scheduler", [](const Scenario& s) { return std::string(choice_name(s.service.scheduler)); }},
      {"service.router", [](const Scenario& s) { return std::string(choice_name(s.service.router)); }},
      {"service.spec.method", [](const Scenario& s) { return s.service.spec_method; }},
      {"service.spec.acceptance", [](const Scenario& s) { return join_each(s.service.spec_acceptance, number_text); }},
      {"service.prefix_cache", [](const Scenario& s) { return s.service.prefix_cache; }},
      {"workload.sessions.turns", [](const Scenario& s) { return s.workload.session_turns.text; }},
      {"workload.input", [](const Scenario& s) { return s.workload.input.text; }},
      {"workload.output", [](const Scenario& s) { return s.workload.output.text; }},
      {"workload.arrival", [](const Scenario& s) { return std::string(choice_name(s.workload.arrival)); }},
      {"workload.trace", [](const Scenario& s) { return s.workload.trace; }},
      {"workload.hourly_profile", [](const Scenario& s) { return join_each(s.workload.hourly_profile, number_text); }},
      {"workload.buckets",
       [](const Scenario& s) {
         return join_each(s.workload.buckets, [](const Bucket& b) {
           return b.name + " " + number_text(b.share) + " (" + b.input.text + " → " + b.output.text + ")";
         });
       }},
      {"fleet.sizing", [](const Scenario& s) { return std::string(choice_name(s.fleet.sizing)); }},
      {"fleet.candidates", [](const Scenario& s) { return join_each(s.fleet.candidates, [](const std::string& x) { return x; }); }},
      {"fleet.weights", [](const Scenario& s) { return join_each(s.fleet.weight_options, dtype_name); }},
      {"fleet.kv", [](const Scenario& s) { return join_each(s.fleet.kv_options, dtype_name); }},
      {"fleet.tp", [](const Scenario& s) { return join_each(s.fleet.tp_options, [](int tp) { return std::to_string(tp); }); }},
      {"fleet.procurement", [](const Scenario& s) { return std::string(choice_name(s.fleet.procurement)); }},
      {"facility.mode", [](const Scenario& s) { return std::string(choice_name(s.facility.mode)); }},
      {"opex.training",
       [](const Scenario& s) {
         return join_each(s.opex.training, [](const TrainingRun& t) {
           return t.name + ": " + number_text(t.cost) + " in month " + std::to_string(t.month) + " over " +
                  std::to_string(t.life_months) + " months";
         });
       }},
  };
  return kValues;
}

}  // namespace

nlohmann::json assumptions_json(const Scenario& s) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& k : scenario_keys()) {
    if (k.key == "name" || k.key == "description") continue;
    nlohmann::json value;
    if (k.numeric()) {
      value = get_scenario_number(s, k.key);
    } else if (const auto it = text_values().find(k.key); it != text_values().end()) {
      value = it->second(s);
    }
    const auto source = s.sources.find(k.key);
    out.push_back({{"key", k.key},
                   {"value", value},
                   {"unit", k.unit},
                   {"source", source != s.sources.end() ? source->second
                              : s.lines.count(k.key)    ? ""
                                                        : "hippo default"}});
  }
  return out;
}

}  // namespace hippo::report
