// `hippo catalog gpus|models|engines|scenarios|keys [--json]`: what hippo knows; `hippo catalog
// import-hf config.json`: a model record from a Hugging Face config.
#include <filesystem>

#include "cli/commands.hpp"
#include "hippo/errors.hpp"
#include "hippo/model_import.hpp"
#include "hippo/scenario.hpp"
#include "report/catalog_json.hpp"
#include "report/table.hpp"
#include "util/atomic_file.hpp"

namespace hippo::cli {

namespace {

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string gpus_text(const Catalog& c) {
  report::Table t{{"id", "name", "bf16 TF", "fp8 TF", "fp4 TF", "HBM GB", "TB/s", "link GB/s", "domain", "TDP W",
                   "price USD", "USD/h"},
                  {}, {false, false, true, true, true, true, true, true, true, true, true, true}};
  for (const auto& g : c.gpus)
    t.rows.push_back({g.id, g.name, fixed(g.bf16_tflops, 0), g.fp8_tflops ? fixed(g.fp8_tflops, 0) : "-",
                      g.fp4_tflops ? fixed(g.fp4_tflops, 0) : "-", fixed(g.hbm_gb, 0), fixed(g.hbm_tb_s, 2),
                      fixed(g.link_gb_s, 0), std::to_string(g.scale_up_domain), fixed(g.tdp_w, 0),
                      report::group_thousands(g.price_usd), fixed(g.rental_usd_per_gpu_hour, 2)});
  return t.render();
}

// "mha", "gqa" or "mla", with the windowed layers: "gqa, 18/36 sliding 128".
std::string attention_text(const Model& m) {
  std::string s = m.is_mla() ? "mla" : m.kv_heads == m.heads ? "mha" : "gqa";
  if (m.windowed_layers() > 0)
    s += ", " + std::to_string(m.windowed_layers()) + "/" + std::to_string(m.layers) + " " + m.window_kind + " " +
         std::to_string(m.window_tokens);
  return s;
}

std::string models_text(const Catalog& c) {
  report::Table t{{"id", "layers", "hidden", "heads", "kv", "ffn", "vocab", "experts", "attention", "params B",
                   "active B", "KV KB/token (bf16)"},
                  {}, {false, true, true, true, true, true, true, true, false, true, true, true}};
  for (const auto& m : c.models)
    t.rows.push_back({m.id, std::to_string(m.layers), std::to_string(m.hidden), std::to_string(m.heads),
                      std::to_string(m.kv_heads), std::to_string(m.is_moe() ? m.expert_ffn : m.ffn),
                      std::to_string(m.vocab),
                      m.is_moe() ? std::to_string(m.active_experts) + "/" + std::to_string(m.experts) +
                                       (m.shared_experts ? "+" + std::to_string(m.shared_experts) : "")
                                 : "-",
                      attention_text(m), fixed(m.params() / 1e9, 2), fixed(m.active_params() / 1e9, 2),
                      fixed(m.kv_bytes_per_token(DType::bf16) / 1024.0, 0)});
  return t.render();
}

std::string engines_text(const Catalog& c) {
  report::Table t{{"id", "default", "step overhead ms", "all-reduce us", "HBM usable", "description"}, {},
                  {false, false, true, true, true, false}};
  for (const auto& e : c.engines)
    t.rows.push_back({e.id, e.id == c.default_engine ? "yes" : "", fixed(e.step_overhead_s * 1e3, 3),
                      fixed(e.allreduce_latency_s * 1e6, 1), fixed(e.hbm_usable_fraction, 2), e.description});
  return t.render();
}

// `hippo catalog import-hf config.json [--id ID]`: the model record of a Hugging Face config.json.
void register_import_hf(CLI::App& catalog, Action& chosen) {
  auto* cmd = catalog.add_subcommand("import-hf", "Print the model record (data/models.yaml schema) of a Hugging Face config.json");
  auto file = std::make_shared<std::string>();
  auto id = std::make_shared<std::string>();
  cmd->add_option("config", *file, "The model's config.json")->required();
  cmd->add_option("--id", *id, "Id of the record (default: the file's name, or its folder's for config.json)");
  cmd->callback([=, &chosen] {
    chosen = [=](Context& ctx) {
      std::error_code ec;
      if (!std::filesystem::is_regular_file(*file, ec)) throw InputError({*file, 0, ""}, "cannot read file (does it exist?)");
      print(ctx, model_record_yaml(import_hf_config(util::read_text_file(*file), *file, *id)));
    };
  });
}

}  // namespace

void register_catalog(CLI::App& app, Action& chosen) {
  auto* cmd = app.add_subcommand("catalog", "List the GPUs, models, engine profiles, shipped scenarios or scenario keys");
  auto kind = std::make_shared<std::string>("gpus");
  auto json = std::make_shared<bool>(false);
  auto markdown = std::make_shared<bool>(false);
  cmd->add_option("kind", *kind, "gpus | models | engines | scenarios | keys")
      ->check(CLI::IsMember({"gpus", "models", "engines", "scenarios", "keys"}));
  cmd->add_flag("--json", *json, "Print one JSON document");
  cmd->add_flag("--markdown", *markdown, "keys: print docs/scenario.md");
  auto show = std::make_shared<std::string>();
  cmd->add_option("--show", *show, "scenarios: print the shipped scenario NAME as it is written");
  register_import_hf(*cmd, chosen);
  cmd->callback([=, &chosen] {
    if (cmd->got_subcommand("import-hf")) return;
    chosen = [=](Context& ctx) {
      const Catalog& c = ctx.catalog;
      if (*kind == "keys" && *markdown) return print(ctx, scenario_reference_markdown());
      if (!show->empty()) {
        if (*kind != "scenarios") throw InputError({"", 0, "--show"}, "goes with `hippo catalog scenarios`");
        return print(ctx, c.scenario_text(*show));
      }
      if (*json) return print(ctx, report::catalog_json(c, *kind).dump(2));
      if (*kind == "gpus") return print(ctx, gpus_text(c));
      if (*kind == "models") return print(ctx, models_text(c));
      if (*kind == "engines") return print(ctx, engines_text(c));
      if (*kind == "scenarios") {
        report::Table t{{"name", "description"}, {}, {}};
        for (const auto& s : c.scenarios) t.rows.push_back({s.name, s.description});
        return print(ctx, t.render());
      }
      report::Table t{{"key", "type", "unit", "default", "description"}, {}, {}};
      for (const auto& k : scenario_keys()) t.rows.push_back({k.key, k.type, k.unit, k.default_text, k.description});
      print(ctx, t.render());
    };
  });
}

}  // namespace hippo::cli
