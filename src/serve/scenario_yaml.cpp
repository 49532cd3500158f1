#include "serve/scenario_yaml.hpp"

#include <yaml-cpp/yaml.h>

#include "util/yaml_fields.hpp"

namespace hippo::serve {

namespace {

// The value of an override as YAML (a number, a word, a flow list); InputError for text YAML
// cannot read, which the loader would have refused first.
YAML::Node value_node(const app::Override& o) {
  try {
    return YAML::Load(o.value);
  } catch (const YAML::Exception& e) {
    throw InputError({o.origin, 0, o.key}, "expected a YAML value, got '" + o.value + "'");
  }
}

// Looks `key` up without adding it (a non-const lookup of a missing key may).
YAML::Node find(const YAML::Node& map, const std::string& key) { return map[key]; }

void set_key(YAML::Node root, const app::Override& o) {
  YAML::Node node = root;
  std::string rest = o.key;
  for (auto dot = rest.find('.'); dot != std::string::npos; dot = rest.find('.')) {
    const std::string part = rest.substr(0, dot);
    if (find(node, rest)) break;  // the file writes the rest of the key dotted
    const YAML::Node sub = find(node, part);
    if (!sub || !sub.IsMap()) node[part] = YAML::Node(YAML::NodeType::Map);
    node.reset(node[part]);
    rest = rest.substr(dot + 1);
  }
  YAML::Node target = find(node, rest);
  if (target && target.IsMap() && find(target, "value")) {
    target["value"] = value_node(o);
    target["source"] = "what-if in hippo serve";
  } else {
    node[rest] = value_node(o);
  }
}

}  // namespace

std::string scenario_yaml(const app::ScenarioSource& source, const app::Overrides& overrides) {
  YAML::Node root = util::parse_yaml(*source.yaml, source.file);
  for (const auto& o : overrides) set_key(root, o);
  YAML::Emitter out;
  out << root;
  return std::string(out.c_str()) + "\n";
}

}  // namespace hippo::serve
