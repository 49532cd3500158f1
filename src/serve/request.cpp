#include "serve/request.hpp"

#include <cmath>

#include "serve/files.hpp"

namespace hippo::serve {

using nlohmann::ordered_json;

namespace {

// How deep brackets go in `text`, outside strings: checked before parsing, so that a body of
// a million '[' costs a scan, not a parser's recursion or a deep tree to free.
int nesting(const std::string& text) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

std::string type_name(const ordered_json& v) { return v.type_name(); }

// A value of "set" as the YAML text `--set key=value` would carry.
std::string yaml_text(const ordered_json& v, const std::string& field) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean() || v.is_number_integer() || v.is_number_unsigned()) return json_text(v);
  if (v.is_number_float()) {
    if (!std::isfinite(v.get<double>())) throw InputError({"", 0, field}, "expected a finite number");
    return json_text(v);
  }
  if (v.is_array()) {
    for (const auto& item : v)
      if (item.is_structured() || item.is_null())
        throw InputError({"", 0, field}, "expected a list of numbers or text, got an item of type " + type_name(item));
    return json_text(v);  // JSON's flow list is YAML's
  }
  throw InputError({"", 0, field}, "expected a number, text, true/false or a list, got " + type_name(v));
}

}  // namespace

ordered_json parse_body(const std::string& body, const Limits& limits) {
  if (nesting(body) > limits.nesting)
    throw InputError({"", 0, "request"}, "expected JSON nested at most " + std::to_string(limits.nesting) + " deep");
  ordered_json doc;
  try {
    doc = ordered_json::parse(body);
  } catch (const ordered_json::exception& e) {  // a syntax error, or a number beyond a double
    throw InputError({"", 0, "request"}, std::string("expected a JSON object: ") + e.what());
  }
  if (!doc.is_object()) throw InputError({"", 0, "request"}, "expected a JSON object, got " + type_name(doc));
  return doc;
}

void check_fields(const ordered_json& body, const std::vector<std::string>& allowed) {
  for (const auto& [k, v] : body.items()) {
    if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    throw InputError({"", 0, "request"}, "unknown field '" + k + "'; expected " + list);
  }
}

app::ScenarioSource scenario_field(const ordered_json& value, const Options& options, const Catalog& catalog,
                                   const std::string& field) {
  if (!value.is_string()) throw InputError({"", 0, field}, "expected a scenario name or YAML text, got " + type_name(value));
  const std::string text = value.get<std::string>();
  // YAML text has a newline or a colon; a name or file name has neither.
  if (text.find_first_of("\n:") != std::string::npos) return text_source(text, field, options);
  return named_source(text, field, options, catalog);
}

app::ScenarioSource scenario_of(const ordered_json& body, const Options& options, const Catalog& catalog) {
  return scenario_field(body.contains("scenario") ? body["scenario"] : ordered_json(options.scenario), options, catalog,
                        "scenario");
}

app::Overrides overrides_of(const ordered_json& body, const Options& options) {
  app::Overrides out;
  if (!body.contains("set")) return out;
  const ordered_json& set = body["set"];
  if (!set.is_object()) throw InputError({"", 0, "set"}, "expected an object of scenario keys and values, got " + type_name(set));
  if (set.size() > options.limits.overrides)
    throw InputError({"", 0, "set"}, "expected at most " + std::to_string(options.limits.overrides) + " keys");
  for (const auto& [key, value] : set.items()) {
    app::Override o{key, yaml_text(value, "set." + key), "--set"};
    check_override_files(o, options);
    out.push_back(std::move(o));
  }
  return out;
}

std::optional<bool> bool_field(const ordered_json& body, const std::string& name) {
  if (!body.contains(name)) return std::nullopt;
  if (!body[name].is_boolean()) throw InputError({"", 0, name}, "expected true or false, got " + type_name(body[name]));
  return body[name].get<bool>();
}

std::optional<double> number_field(const ordered_json& body, const std::string& name) {
  if (!body.contains(name)) return std::nullopt;
  if (!body[name].is_number() || !std::isfinite(body[name].get<double>()))
    throw InputError({"", 0, name}, "expected a finite number, got " + json_text(body[name]));
  return body[name].get<double>();
}

std::optional<std::int64_t> integer_field(const ordered_json& body, const std::string& name, std::int64_t min,
                                          std::int64_t max) {
  if (!body.contains(name)) return std::nullopt;
  const ordered_json& v = body[name];
  const bool whole = v.is_number_integer() || (v.is_number_unsigned() && v.get<std::uint64_t>() <= static_cast<std::uint64_t>(max));
  if (!whole || v.get<std::int64_t>() < min || v.get<std::int64_t>() > max)
    throw InputError({"", 0, name}, "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
                                        ", got " + json_text(v));
  return v.get<std::int64_t>();
}

}  // namespace hippo::serve
