// The catalog: GPUs, models and engine profiles from data/*.yaml (compiled into the binary),
// and the scenarios shipped in data/scenarios. Every figure carries its source and date there.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace hippo {

enum class DType { bf16, fp8, int8, int4 };

// Bytes per element as stored (int4 packs two per byte; its scales are counted by the perf model).
double dtype_bytes(DType t);
const char* dtype_name(DType t);
// Parses "bf16", "fp16" (an alias of bf16: same size and peak), "fp8", "int8", "int4"; false if unknown.
bool parse_dtype(const std::string& s, DType& out);

struct Gpu {
  std::string id, name, vendor;
  double bf16_tflops = 0;  // dense peak
  double fp8_tflops = 0;   // 0 when the GPU has no FP8 tensor math
  double int8_tops = 0;    // 0 when not listed
  double hbm_gb = 0;
  double hbm_tb_s = 0;
  double link_gb_s = 0;    // scale-up link, one direction, per GPU
  double tdp_w = 0;
  double idle_w = 0;
  double price_usd = 0;               // the bare accelerator
  double rental_usd_per_gpu_hour = 0; // a typical market rate
  std::map<std::string, std::string> sources;  // field -> "source, date"
};

struct Model {
  std::string id, name;
  int layers = 0, hidden = 0, heads = 0, kv_heads = 0, head_dim = 0, ffn = 0, vocab = 0;
  bool gated_mlp = true;
  bool tied_embeddings = false;
  int experts = 1;         // 1 for a dense model
  int active_experts = 1;  // experts each token is routed to
  std::map<std::string, std::string> sources;

  bool is_moe() const { return experts > 1; }
  // Weights of one layer by part (elements, not bytes).
  double attention_params_per_layer() const;
  double mlp_params_per_expert() const;
  double router_params_per_layer() const;
  double norm_params_per_layer() const;
  double embedding_params() const;  // input embedding plus the LM head unless tied
  double params() const;            // total parameters
  double active_params() const;     // parameters a token passes through
  double kv_bytes_per_token(DType kv) const;  // all layers, K and V
};

// A point of an efficiency curve: at `tokens` rows (the GEMM's M) the engine reaches `fraction`
// of peak; between points the fraction is interpolated linearly in log(tokens).
struct EfficiencyPoint {
  double tokens = 1;
  double fraction = 1;
};

struct EngineProfile {
  std::string id, description;
  std::vector<EfficiencyPoint> compute_efficiency;  // of the dtype's peak FLOP/s
  std::vector<EfficiencyPoint> memory_efficiency;   // of HBM bandwidth
  // Of the FP8 (or INT8) peak, for GEMMs running 8-bit math; empty: compute_efficiency.
  std::vector<EfficiencyPoint> fp8_compute_efficiency;
  double attention_compute_efficiency = 1;          // prefill attention, of bf16 peak
  double attention_memory_efficiency = 1;           // decode attention KV reads, of HBM bandwidth
  double kernel_overhead_s = 0;     // per GEMM / attention launch
  double step_overhead_s = 0;       // per engine iteration: scheduling, sampling, launches
  double allreduce_latency_s = 0;   // per all-reduce
  double link_efficiency = 1;       // of the scale-up link's bandwidth
  double hbm_usable_fraction = 1;   // of HBM the engine may use
  double workspace_gb = 0;          // activations and buffers kept apart from the KV cache
  std::map<std::string, std::string> sources;
};

struct ScenarioEntry {
  std::string name;     // file name without .yaml
  std::string path;     // "scenarios/<name>.yaml" inside data/
  std::string description;
};

class Catalog {
 public:
  std::vector<Gpu> gpus;
  std::vector<Model> models;
  std::vector<EngineProfile> engines;
  std::vector<ScenarioEntry> scenarios;
  std::string default_engine;  // the calibrated profile used when none is named

  // Lookups throw InputError naming `where_key` with a "did you mean" when the id is unknown.
  const Gpu& gpu(const std::string& id, const std::string& where_key = "gpu") const;
  const Model& model(const std::string& id, const std::string& where_key = "model") const;
  const EngineProfile& engine(const std::string& id, const std::string& where_key = "engine") const;
  // The text of a shipped scenario by name; throws InputError when unknown.
  std::string scenario_text(const std::string& name) const;

  std::vector<std::string> gpu_ids() const;
  std::vector<std::string> model_ids() const;
  std::vector<std::string> engine_ids() const;
  std::vector<std::string> scenario_names() const;
};

// The catalog compiled into the binary. Built once per call; callers keep it.
Catalog load_builtin_catalog();

}  // namespace hippo
