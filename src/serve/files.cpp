#include "serve/files.hpp"

#include <filesystem>
#include <system_error>

#include "util/atomic_file.hpp"
#include "util/yaml_fields.hpp"

namespace hippo::serve {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void refuse_files(const std::string& field) {
  throw FileRefused({"", 0, field}, "reading files is off: start hippo serve with --allow-files DIR to read the scenarios in "
                                    "DIR and the files they name");
}

// Whether `p` (made absolute against `base`) lies inside `dir` once symlinks and ".." are resolved.
bool inside(const fs::path& dir, const fs::path& p) {
  std::error_code ec;
  const fs::path full = fs::weakly_canonical(p, ec);
  if (ec) return false;
  auto d = dir.begin();
  auto f = full.begin();
  for (; d != dir.end(); ++d, ++f)
    if (f == full.end() || *d != *f) return false;
  return f != full.end();
}

// Scenario keys whose value is a path, by their last part ("service.model_config"), and
// distributions that read a trace ("trace:FILE.csv[,output]").
bool names_file(const std::string& key) {
  const std::string leaf = key.substr(key.rfind('.') + 1);
  return leaf == "catalog" || leaf == "model_config" || leaf == "trace";
}

// The path of a trace distribution in `text` ("" when none): a scalar that is one starts with
// "trace:"; an override's value may hold one anywhere (a list of buckets in YAML flow).
std::string trace_path(const std::string& text, bool anywhere) {
  const auto at = text.find("trace:");
  if (at == std::string::npos || (!anywhere && text.find_first_not_of(" \t") != at)) return "";
  std::string p = text.substr(at + 6, text.find(',', at) == std::string::npos ? std::string::npos : text.find(',', at) - at - 6);
  p.erase(0, p.find_first_not_of(" \t"));
  p.erase(p.find_last_not_of(" \t") + 1);
  return p.empty() ? "?" : p;
}

struct Checker {
  const Options& options;
  std::string field;
  fs::path base;  // the folder relative paths resolve in

  void path(const std::string& p) const {
    if (!options.allow_files) refuse_files(field);
    const fs::path full = fs::path(p).is_absolute() ? fs::path(p) : base / p;
    if (!inside(*options.allow_files, full))
      throw FileRefused({"", 0, field}, "expected a path inside the --allow-files folder " + options.allow_files->string() +
                                            ", got '" + p + "'");
  }

  void walk(const YAML::Node& node, bool file_value) const {
    if (node.IsScalar()) {
      const std::string text = node.Scalar();
      if (file_value) path(text);
      else if (const std::string t = trace_path(text, false); !t.empty()) path(t);
    } else if (node.IsSequence()) {
      for (const auto& item : node) walk(item, file_value);
    } else if (node.IsMap()) {
      for (const auto& kv : node) {
        const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
        walk(kv.second, file_value || names_file(key));
      }
    }
  }
};

}  // namespace

app::ScenarioSource named_source(const std::string& name, const std::string& field, const Options& options,
                                 const Catalog& catalog) {
  for (const auto& s : catalog.scenarios)
    if (s.name == name) return app::ScenarioSource::text(catalog.scenario_text(name), "<builtin>/" + name + ".yaml");
  const bool looks_like_path = name.find('/') != std::string::npos || name.ends_with(".yaml") || name.ends_with(".yml");
  if (!looks_like_path || !options.allow_files) {
    if (looks_like_path) refuse_files(field);
    catalog.scenario_text(name);  // throws: no shipped scenario of that name, with a suggestion
  }
  Checker{options, field, *options.allow_files}.path(name);
  const fs::path file = *options.allow_files / name;
  util::require_input_file(file, field);
  return text_source(util::read_text_file(file), field, options, file.string());
}

app::ScenarioSource text_source(const std::string& yaml, const std::string& field, const Options& options,
                                const std::string& file) {
  const std::string name = file.empty() ? (options.allow_files ? (*options.allow_files / "request.yaml").string() : "request.yaml") : file;
  const fs::path base = fs::path(name).parent_path();
  Checker{options, field, base}.walk(util::parse_yaml(yaml, name), false);
  return app::ScenarioSource::text(yaml, name);
}

void check_override_files(const app::Override& o, const Options& options) {
  const bool file = names_file(o.key);
  const std::string t = file ? o.value : trace_path(o.value, true);
  if (t.empty()) return;
  const Checker c{options, "set." + o.key, fs::path("/nonexistent-relative-base")};
  if (!fs::path(t).is_absolute()) {
    if (!options.allow_files) refuse_files(c.field);
    throw FileRefused({"", 0, c.field}, "expected an absolute path inside the --allow-files folder, got '" + t + "'");
  }
  c.path(t);
}

}  // namespace hippo::serve
