#include "util/yaml_fields.hpp"

#include <cmath>
#include <map>

#include "util/suggest.hpp"

namespace hippo::util {

namespace {
std::string joined(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}
}  // namespace

namespace {
// Walks every mapping below `n`; `path` is the dotted key of `n` (list items add [i]).
void reject_duplicate_keys(const YAML::Node& n, const std::string& file, const std::string& path) {
  if (n.IsSequence()) {
    for (std::size_t i = 0; i < n.size(); ++i) reject_duplicate_keys(n[i], file, path + "[" + std::to_string(i) + "]");
  } else if (n.IsMap()) {
    std::map<std::string, int> first_line;
    for (const auto& kv : n) {
      if (!kv.first.IsScalar()) continue;  // key_text refuses it where the key is read
      const std::string name = kv.first.Scalar();
      const std::string key = joined(path, name);
      if (const auto [it, fresh] = first_line.emplace(name, line_of(kv.first)); !fresh)
        throw InputError({file, line_of(kv.first), key},
                         "key given twice (first on line " + std::to_string(it->second) + "); keep one");
      reject_duplicate_keys(kv.second, file, key);
    }
  }
}
}  // namespace

YAML::Node parse_yaml(const std::string& text, const std::string& file) {
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    throw InputError({file, e.mark.line >= 0 ? e.mark.line + 1 : 0, ""}, "YAML syntax error: " + e.msg);
  }
  if (docs.size() > 1)
    throw InputError({file, line_of(docs[1]), ""},
                     "expected one YAML document, found a second (after '---'); put everything in one");
  if (docs.empty()) return YAML::Node();
  reject_duplicate_keys(docs[0], file, "");
  return docs[0];
}

void reject_quoted_number(const YAML::Node& n, const Location& where) {
  if (n.IsScalar() && n.Tag() == "!")
    throw InputError(where, "expected a number, got the quoted text \"" + n.Scalar() + "\" (write it without quotes)");
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
  reject_quoted_number(n, {file, line_of(n), joined(prefix, key)});
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
