#include "serve/keys.hpp"

#include <algorithm>
#include <map>

#include "report/assumptions.hpp"

namespace hippo::serve {

nlohmann::ordered_json keys_json(const Scenario& s) {
  // The values and sources as the report's assumptions table shows them.
  std::map<std::string, nlohmann::json> assumed;
  for (const auto& a : report::assumptions_json(s)) assumed[a.value("key", "")] = a;
  nlohmann::ordered_json sections = nlohmann::ordered_json::array();
  for (const auto& k : scenario_keys_of(s)) {  // with each tier's fields, as --set names them
    if (!k.numeric()) continue;
    const auto dot = k.key.find('.');
    const std::string section = dot == std::string::npos ? "scenario" : k.key.substr(0, dot);
    if (sections.empty() || sections.back()["section"] != section)
      sections.push_back({{"section", section}, {"keys", nlohmann::ordered_json::array()}});
    // A tier's field has no row of its own in the assumptions: its source is the one its file gave.
    const auto a = assumed.find(k.key);
    const auto given = s.sources.find(k.key);
    const std::string source = a != assumed.end() ? a->second.value("source", "") : given != s.sources.end() ? given->second : "";
    sections.back()["keys"].push_back({{"key", k.key}, {"type", k.type}, {"unit", k.unit}, {"min", k.min}, {"max", k.max},
                                       {"default", k.default_text}, {"description", k.description},
                                       {"value", get_scenario_number(s, k.key)}, {"source", source}});
  }
  // A section that comes back later in the schema joins its first appearance.
  nlohmann::ordered_json merged = nlohmann::ordered_json::array();
  for (auto& sec : sections) {
    auto it = std::find_if(merged.begin(), merged.end(), [&](const auto& m) { return m["section"] == sec["section"]; });
    if (it == merged.end()) merged.push_back(sec);
    else for (auto& key : sec["keys"]) (*it)["keys"].push_back(key);
  }
  return {{"scenario", s.name}, {"currency", s.currency}, {"sections", merged}};
}

}  // namespace hippo::serve
