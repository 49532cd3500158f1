// The catalog: GPUs, models and engine profiles from data/*.yaml (compiled into the binary),
// and the scenarios shipped in data/scenarios. Every figure carries its source and date there.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace hippo {

enum class DType { bf16, fp8, int8, int4, fp4 };

// Bytes per element as stored (int4 packs two per byte; its scales are counted by the perf model).
double dtype_bytes(DType t);
const char* dtype_name(DType t);
// Parses "bf16", "fp16" (an alias of bf16: same size and peak), "fp8", "int8", "int4", "fp4" (NVFP4);
// false if unknown.
bool parse_dtype(const std::string& s, DType& out);

struct Gpu {
  std::string id, name, vendor;
  double bf16_tflops = 0;  // dense peak
  double fp8_tflops = 0;   // 0 when the GPU has no FP8 tensor math
  double fp4_tflops = 0;   // dense FP4 (NVFP4/MXFP4) peak; 0 when the GPU has no FP4 tensor math
  double int8_tops = 0;    // 0 when not listed
  double hbm_gb = 0;
  double hbm_tb_s = 0;
  double link_gb_s = 0;    // scale-up bandwidth per GPU (the datasheet's aggregate, both directions)
  int scale_up_domain = 8; // GPUs one scale-up fabric joins (NVLink/NVSwitch, Infinity Fabric): 8, or 72 on NVL72
  double scale_out_gb_s = 0;  // scale-out network per GPU (its NIC), GB/s; 0 when not listed
  int sms = 0;                // streaming multiprocessors (compute units on AMD); 0 when not listed
  double boost_clock_mhz = 0; // tensor-core boost clock; 0 when not listed
  double tdp_w = 0;
  double idle_w = 0;
  double price_usd = 0;               // the bare accelerator
  double rental_usd_per_gpu_hour = 0; // a typical market rate
  std::string available_from;         // "YYYY-MM": first volume shipments; empty when not listed
  std::map<std::string, std::string> sources;  // field -> "source, date"
};

// Weight formats a model can ship in (its checkpoint's native dtype).
enum class WeightFormat { bf16, fp8, mxfp4, nvfp4 };
const char* weight_format_name(WeightFormat f);
bool parse_weight_format(const std::string& s, WeightFormat& out);

struct Model {
  std::string id, name;
  int layers = 0, hidden = 0, heads = 0, kv_heads = 0, head_dim = 0, vocab = 0;
  int ffn = 0;             // the dense MLP's intermediate size (a MoE model's dense layers)
  bool gated_mlp = true;
  bool tied_embeddings = false;

  // Mixture of experts. A layer is MoE when it is past the first `first_dense_layers` and, counting
  // from there, every `moe_layer_interval`-th (Llama 4 Maverick: 2, layers 1, 3, 5, …); others are dense.
  int experts = 1;            // routed experts per MoE layer; 1 for a dense model
  int active_experts = 1;     // routed experts each token goes to
  int expert_ffn = 0;         // intermediate size of one routed expert (file default: ffn)
  int shared_experts = 0;     // experts every token passes through, besides the routed ones
  int shared_expert_ffn = 0;  // intermediate size of one shared expert (file default: expert_ffn)
  int first_dense_layers = 0; // DeepSeek's first_k_dense_replace
  int moe_layer_interval = 1; // Llama 4's interleave_moe_layer_step
  std::string router = "softmax";  // "softmax" (top-k of a softmax) or "sigmoid" (DeepSeek-V3, Llama 4)

  // Multi-head latent attention (DeepSeek-V2/V3): on when kv_lora_rank > 0. K and V are rebuilt from
  // one compressed latent of kv_lora_rank plus a shared rotary key of qk_rope_head_dim per token,
  // which is all the KV cache holds. q_lora_rank 0: the query is not compressed.
  int kv_lora_rank = 0, q_lora_rank = 0, qk_rope_head_dim = 0, qk_nope_head_dim = 0, v_head_dim = 0;

  // Windowed attention: layers marked 'w' in `layer_pattern` (repeated over the layers; empty:
  // every layer when window_tokens > 0) attend to at most window_tokens tokens, "sliding" (the last
  // window_tokens) or "chunked" (Llama 4: tokens of the same window_tokens-long chunk).
  int window_tokens = 0;
  std::string window_kind = "sliding";
  std::string layer_pattern;
  bool attention_sinks = false;  // one learned sink logit per head and layer (GPT-OSS)

  WeightFormat weights_dtype = WeightFormat::bf16;          // the checkpoint's native dtype
  WeightFormat expert_weights_dtype = WeightFormat::bf16;  // of the routed experts (GPT-OSS: mxfp4)
  int mtp_layers = 0;  // multi-token-prediction modules shipped beside the model (DeepSeek-V3: 1)
  std::map<std::string, std::string> sources;

  bool is_moe() const { return experts > 1; }
  bool is_mla() const { return kv_lora_rank > 0; }
  bool is_moe_layer(int layer) const;    // 0-based
  bool is_windowed_layer(int layer) const;
  int moe_layers() const;
  int dense_layers() const { return layers - moe_layers(); }
  int windowed_layers() const;
  // Weights of one layer by part (elements, not bytes).
  double attention_params_per_layer() const;
  double mlp_params_per_expert() const;  // one routed expert
  double shared_expert_params() const;   // all shared experts of one MoE layer
  double dense_mlp_params() const;       // the MLP of a dense layer
  double router_params_per_layer() const;
  double norm_params_per_layer() const;
  double embedding_params() const;  // input embedding plus the LM head unless tied
  double params() const;            // total parameters (without the MTP modules)
  double active_params() const;     // parameters a token passes through
  double mtp_params() const;        // the MTP modules: a MoE layer, two norms and a 2d×d projection each
  // KV cache of one token in one layer: K and V of every kv head, or MLA's latent and rotary key.
  double kv_bytes_per_token_per_layer(DType kv) const;
  double kv_bytes_per_token(DType kv) const;  // all layers, as if none were windowed
  // The KV cache of a sequence of `tokens`: windowed layers hold at most window_tokens of them.
  double kv_bytes_for_context(double tokens, DType kv) const;
};

// A point of an efficiency curve: at `tokens` rows (the GEMM's M) the engine reaches `fraction`
// of peak; between points the fraction is interpolated linearly in log(tokens).
struct EfficiencyPoint {
  double tokens = 1;
  double fraction = 1;
};

// GEMMs run as tiles spread over the GPU's SMs in waves (src/perf/roofline.cpp): what an engine's
// kernels reach is a property of its kernel library, the tile and wave counts follow from the shape
// and the GPU's SM count.
struct EngineProfile {
  std::string id, description;
  // false: GEMMs are a plain roofline (no tiles, no waves; the `ideal` physical limit).
  bool tile_quantization = true;
  double mma_efficiency = 1;        // of the bf16 peak per SM, in the main loop of the largest tile
  double fp8_mma_efficiency = 1;    // the same for 8-bit (FP8 / INT8) math
  // A tile of m×n rows and columns reaches (I / I_max)^exponent of that, I = m·n/(m+n) its operand
  // reuse (FLOPs per byte it loads); 0: every tile alike.
  double tile_efficiency_exponent = 0;
  double wave_overhead_s = 0;       // per wave of tiles: prologue (first operand loads) and epilogue
  // Memory and compute of one GEMM overlap as a power mean (c^p + m^p)^(1/p): large p is max(c, m)
  // (perfect overlap), 1 their sum; 0 means max.
  double overlap_exponent = 0;
  std::vector<EfficiencyPoint> memory_efficiency;   // of HBM bandwidth, by the GEMM's M
  double attention_compute_efficiency = 1;          // prefill attention, of bf16 peak
  double attention_memory_efficiency = 1;           // decode attention KV reads, of HBM bandwidth
  double kernel_overhead_s = 0;     // per GEMM / attention launch
  double step_overhead_s = 0;       // per engine iteration: scheduling, sampling, launches
  double allreduce_latency_s = 0;   // per all-reduce
  double link_efficiency = 1;       // of the scale-up link's bandwidth
  double hbm_usable_fraction = 1;   // of HBM the engine may use
  double workspace_gb = 0;          // activations and buffers kept apart from the KV cache
  // GPUs on which figures this profile was fitted to were measured; others are "uncalibrated".
  // Empty: a definition with nothing to fit (`ideal`).
  std::vector<std::string> calibrated_gpus;
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
