#include "scenario/template.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "hippo/scenario.hpp"
#include "util/number_text.hpp"
#include "util/yaml_fields.hpp"

namespace hippo::scenario {

namespace {

// "Tensor parallelism: GPUs per pipeline stage; GPUs, 1 to 64, default 1".
std::string comment(const ScenarioKey& k) {
  std::string c = k.description;
  std::string facts;
  auto add = [&](const std::string& f) { facts += (facts.empty() ? "" : ", ") + f; };
  if (!k.unit.empty()) add(k.unit);
  if (k.numeric()) add(util::format_g(k.min) + " to " + util::format_g(k.max));
  if (!k.choices.empty()) {
    std::string all;
    for (const auto& ch : k.choices) all += (all.empty() ? "" : " | ") + ch;
    add(all);
  }
  add("default " + k.default_text);
  return c + " (" + facts + ")";
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    out.push_back(text.substr(start, end - start));
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

// The comment lines right above line `line` (1-based) of the original: where a file gives the
// source of a value it sets (schema comments aside). Returned without their indentation.
std::string comments_above(const std::vector<std::string>& lines, int line, const std::string& indent) {
  std::vector<std::string> block;
  for (int i = line - 2; i >= 0 && i < static_cast<int>(lines.size()); --i) {
    const auto first = lines[i].find_first_not_of(' ');
    if (first == std::string::npos || lines[i][first] != '#') break;
    block.push_back(lines[i].substr(first));
  }
  std::string out;
  for (auto it = block.rbegin(); it != block.rend(); ++it) out += indent + *it + "\n";
  return out;
}

std::string flow(const YAML::Node& n) {
  // On one line: a node keeps the style it was read in (a block list) unless told otherwise.
  YAML::Node one_line = YAML::Clone(n);
  if (!one_line.IsScalar()) one_line.SetStyle(YAML::EmitterStyle::Flow);
  YAML::Emitter out;
  out << YAML::Flow << one_line;
  return out.c_str();
}

}  // namespace

std::string scenario_template(const std::string& yaml, const std::string& file, const std::string& from) {
  const YAML::Node root = util::parse_yaml(yaml, file);
  std::string out =
      "# A hippo scenario, written by `hippo init` from '" + from +
      "'. Every key is listed under a comment with\n"
      "# its meaning, unit, range and default; a key left commented out takes its default. A number may\n"
      "# also be written {value: X, source: \"...\", dist: triangular, low: A, high: B} (docs/scenario.md).\n"
      "# Check it with `hippo validate FILE`, run it with `hippo run FILE`.\n";
  const std::vector<std::string> lines = lines_of(yaml);
  // The original's own header (its description and sources), up to its first key.
  std::string header;
  for (const auto& l : lines) {
    if (l.empty() || l[0] != '#') break;
    header += l + "\n";
  }
  if (!header.empty()) out += "#\n# From " + from + ":\n" + header;
  std::string section = "-";
  for (const auto& k : scenario_keys()) {
    const auto dot = k.key.find('.');
    const std::string sec = dot == std::string::npos ? "" : k.key.substr(0, dot);
    const std::string leaf = dot == std::string::npos ? k.key : k.key.substr(dot + 1);
    if (sec != section) {
      section = sec;
      // A section the scenario does not write stays commented out: an empty mapping is an error.
      const bool written = !sec.empty() && root[sec] && root[sec].IsMap() && root[sec].size() > 0;
      if (!sec.empty()) out += "\n" + std::string(written ? "" : "# ") + sec + ":\n";
    }
    const std::string indent = sec.empty() ? "" : "  ";
    const bool in_section = sec.empty() || (root[sec] && root[sec].IsMap());
    const YAML::Node node = !in_section ? YAML::Node() : sec.empty() ? root[leaf] : root[sec][leaf];
    out += indent + "# " + comment(k) + "\n";
    if (in_section && node.IsDefined()) {
      const int line = util::line_of(node);
      if (line > static_cast<int>(header.empty() ? 0 : std::count(header.begin(), header.end(), '\n')) + 1)
        out += comments_above(lines, line, indent);
      out += indent + leaf + ": " + flow(node) + "\n";
    }
    else
      out += indent + "# " + leaf + ": " + (k.type == "list" ? "[]" : k.default_text) + "\n";
  }
  return out;
}

}  // namespace hippo::scenario
