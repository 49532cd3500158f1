// A hand-made capacity for the economics tests: one replica of `gpus_per_replica` GPUs serving
// `requests_per_s` chat requests/s (and 1000 API tokens/s per request/s), a GPU of $1000, 700 W.
#pragma once
#include "hippo/economics.hpp"

namespace hippo::econ::test {

inline FleetCapacity hand_capacity(int gpus_per_replica = 1, double requests_per_s = 1) {
  FleetCapacity c;
  c.model = "hand-model";
  c.gpu = "hand-gpu";
  c.sizing = "given";
  c.gpus_per_replica = gpus_per_replica;
  c.chat_input_tokens = 800;
  c.chat_output_tokens = 200;
  c.chat_requests_per_s_per_replica = requests_per_s;
  c.api_tokens_per_s_per_replica = 1000 * requests_per_s;
  c.gpu_price_usd = 1000;
  c.rental_usd_per_gpu_hour = 2;
  c.gpu_tdp_w = 700;
  c.gpu_idle_w = 100;
  return c;
}

}  // namespace hippo::econ::test
