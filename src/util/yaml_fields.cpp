#include "util/yaml_fields.hpp"

#include <cmath>

#include "util/suggest.hpp"

namespace hippo::util {

namespace {
std::string joined(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}
}  // namespace

YAML::Node parse_yaml(const std::string& text, const std::string& file) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError({file, e.mark.line >= 0 ? e.mark.line + 1 : 0, ""}, "YAML syntax error: " + e.msg);
  }
}

std::string key_text(const YAML::Node& key, const std::string& file, const std::string& prefix) {
  if (!key.IsScalar()) throw InputError({file, line_of(key), prefix}, "expected a plain name as key, got a list or mapping");
  return key.as<std::string>();
}

void reject_unknown_keys(const YAML::Node& map, const std::vector<std::string>& known,
                         const std::string& file, const std::string& prefix) {
  if (!map.IsMap()) throw InputError({file, line_of(map), prefix}, "expected a mapping of keys to values");
  for (const auto& kv : map) {
    const std::string key = key_text(kv.first, file, prefix);
    bool found = false;
    for (const auto& k : known) found = found || k == key;
    if (!found)
      throw InputError({file, line_of(kv.first), joined(prefix, key)},
                       "unknown key" + suggestion_suffix(key, known));
  }
}

double get_number(const YAML::Node& map, const std::string& key, const std::string& file,
                  const std::string& prefix, bool required, double fallback) {
  const YAML::Node n = map[key];
  if (!n) {
    if (required) throw InputError({file, line_of(map), joined(prefix, key)}, "required number is missing");
    return fallback;
  }
  double v = 0;
  try {
    if (!n.IsScalar()) throw YAML::Exception(n.Mark(), "");
    v = n.as<double>();
  } catch (const YAML::Exception&) {
    throw InputError({file, line_of(n), joined(prefix, key)}, "expected a number");
  }
  if (!std::isfinite(v)) throw InputError({file, line_of(n), joined(prefix, key)}, "expected a finite number");
  return v;
}

std::string get_string(const YAML::Node& map, const std::string& key, const std::string& file,
                       const std::string& prefix, bool required, const std::string& fallback) {
  const YAML::Node n = map[key];
  if (!n) {
    if (required) throw InputError({file, line_of(map), joined(prefix, key)}, "required text is missing");
    return fallback;
  }
  if (!n.IsScalar()) throw InputError({file, line_of(n), joined(prefix, key)}, "expected text");
  return n.as<std::string>();
}

bool get_bool(const YAML::Node& map, const std::string& key, const std::string& file,
              const std::string& prefix, bool fallback) {
  const YAML::Node n = map[key];
  if (!n) return fallback;
  try {
    return n.as<bool>();
  } catch (const YAML::Exception&) {
    throw InputError({file, line_of(n), joined(prefix, key)}, "expected true or false");
  }
}

}  // namespace hippo::util
