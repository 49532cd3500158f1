// A scenario from where a front end has it (a name, a file, YAML text), with the front end's
// overrides applied and checked like the file's own values.
#include "hippo/app.hpp"

namespace hippo::app {

Override parse_override(const std::string& key_equals_value, const std::string& origin) {
  const auto eq = key_equals_value.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError({origin, 0, ""}, "expected key=value, got '" + key_equals_value + "'");
  return {key_equals_value.substr(0, eq), key_equals_value.substr(eq + 1), origin};
}

Scenario load_scenario(const ScenarioSource& source, const Overrides& overrides, const Catalog& catalog) {
  return with_overrides(source.yaml ? parse_scenario(*source.yaml, source.file, catalog)
                                    : ::hippo::load_scenario(source.path_or_name, catalog),
                        overrides, catalog);
}

Scenario with_overrides(Scenario s, const Overrides& overrides, const Catalog& catalog) {
  if (overrides.empty()) return s;
  for (const auto& o : overrides) {
    const Location where{o.origin, 0, o.key};
    scenario_key_or_throw(o.key, {o.origin, 0, ""});
    if (s.overridden.count(o.key)) throw InputError(where, "key given twice; keep one");
    set_scenario_value(s, o.key, o.value, where);
    s.overridden[o.key] = o.origin;
  }
  validate_scenario(s, catalog);
  return s;
}

}  // namespace hippo::app
