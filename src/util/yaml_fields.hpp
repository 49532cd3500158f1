// Strict reading of YAML mappings for hippo's own data files: every key must be known, every
// number present and finite. Errors name the file, line and key.
#pragma once
#include <string>
#include <vector>
#include <yaml-cpp/yaml.h>

#include "hippo/errors.hpp"

namespace hippo::util {

// 1-based line of a node (yaml-cpp counts from 0); 0 for a key that is absent (map["missing"],
// whose Mark() would throw yaml-cpp's "invalid node").
inline int line_of(const YAML::Node& n) { return n.IsDefined() && n.Mark().line >= 0 ? n.Mark().line + 1 : 0; }

// Parses YAML text; a syntax error becomes an InputError with the file and line. Refuses what a
// YAML parser would otherwise drop silently: a second document ("---"), and a key given twice in
// any mapping at any depth (yaml-cpp's lookup keeps the first, its iteration both).
YAML::Node parse_yaml(const std::string& text, const std::string& file);

// A scalar written in quotes ("5") is text, not a number: throws InputError at `where` when `n`
// is one, for a key where a number is due.
void reject_quoted_number(const YAML::Node& n, const Location& where);

// The text of a mapping key. YAML allows a list or a mapping as a key ("? [a, b]"); hippo's files
// never use one, so it is an InputError rather than a yaml-cpp conversion exception.
std::string key_text(const YAML::Node& key, const std::string& file, const std::string& prefix);

// Throws InputError for the first key of `map` not in `known`, with a "did you mean".
void reject_unknown_keys(const YAML::Node& map, const std::vector<std::string>& known,
                         const std::string& file, const std::string& prefix);

double get_number(const YAML::Node& map, const std::string& key, const std::string& file,
                  const std::string& prefix, bool required, double fallback);
std::string get_string(const YAML::Node& map, const std::string& key, const std::string& file,
                       const std::string& prefix, bool required, const std::string& fallback = "");
bool get_bool(const YAML::Node& map, const std::string& key, const std::string& file,
              const std::string& prefix, bool fallback);

}  // namespace hippo::util
