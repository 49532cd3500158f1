#include "util/yaml_fields.hpp"

#include <cmath>
#include <map>
#include <sstream>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

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

namespace {
// The first node of a document: where it is, and whether it is null. yaml-cpp's LoadAll collects
// documents until one is null, and on some malformed input (a tag alone, `!ps,weights`) it never
// stops; this handler lets parse_yaml read at most the two documents it needs.
class FirstNode : public YAML::EventHandler {
 public:
  bool null = true;
  int line = 0;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t) override { first(m, true); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { first(m, false); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t, const std::string&) override { first(m, false); }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    first(m, false);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    first(m, false);
  }
  void OnMapEnd() override {}

 private:
  bool seen_ = false;
  void first(const YAML::Mark& m, bool is_null) {
    if (seen_) return;
    seen_ = true;
    null = is_null;
    line = m.line >= 0 ? m.line + 1 : 0;
  }
};
}  // namespace

YAML::Node parse_yaml(const std::string& text, const std::string& file) {
  YAML::Node doc;
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    FirstNode first, second;
    if (parser.HandleNextDocument(first) && !first.null && parser.HandleNextDocument(second) && !second.null)
      throw InputError({file, second.line, ""},
                       "expected one YAML document, found a second (after '---'); put everything in one");
    if (!first.null) doc = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError({file, e.mark.line >= 0 ? e.mark.line + 1 : 0, ""}, "YAML syntax error: " + e.msg);
  }
  if (!doc.IsDefined() || doc.IsNull()) return YAML::Node();
  reject_duplicate_keys(doc, file, "");
  return doc;
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
