// Step 1 of the economics: what one replica serves. Computed once per scenario; evaluate() then
// runs without the performance model. fleet.sizing: throughput takes perf's peak throughput at
// the mean request shape; simulated takes the capacity plan's rate under the SLOs (src/plan).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "hippo/economics.hpp"
#include "hippo/perf.hpp"
#include "hippo/plan.hpp"

namespace hippo::econ {

FleetCapacity fleet_capacity(const Scenario& s, const Catalog& catalog) {
  auto at = [&](const std::string& key) {
    auto it = s.lines.find(key);
    return Location{s.file, it == s.lines.end() ? 0 : it->second, key};
  };
  perf::Deployment dep{s.service.model, s.service.gpu, s.service.tp, s.service.pp,
                       s.service.weights, s.service.kv, s.service.engine};
  perf::DeploymentModel model;
  try {
    model = perf::build_deployment(catalog, dep, "service.");
  } catch (const InputError& e) {  // add the scenario's file and line to the key perf names
    throw InputError(at(e.where().key), e.expected());
  }
  FleetCapacity c;
  c.model = s.service.model;
  c.gpu = s.service.gpu;
  c.sizing = s.fleet.sizing;
  c.gpus_per_replica = model.gpus_per_replica();
  c.chat_input_tokens = s.workload.input.mean_tokens();
  c.chat_output_tokens = s.workload.output.mean_tokens();
  const int in = std::max(1, static_cast<int>(std::lround(c.chat_input_tokens)));
  const int out = std::max(1, static_cast<int>(std::lround(c.chat_output_tokens)));
  const perf::PeakThroughput chat = perf::peak_throughput(model, in, out, s.service.max_batch);
  // API requests: the same size as a chat request, split by the API's input share.
  const int api_in = std::clamp(static_cast<int>(std::lround((in + out) * s.demand.api_input_share)), 1, in + out - 1);
  const perf::PeakThroughput api = perf::peak_throughput(model, api_in, in + out - api_in, s.service.max_batch);
  c.chat_requests_per_s_per_replica = chat.requests_per_s_per_replica;
  c.api_tokens_per_s_per_replica = api.requests_per_s_per_replica * (in + out);
  if (s.fleet.sizing == "simulated") {
    // The capacity plan: the highest rate at which the simulator meets both p99 SLOs. The API
    // stream is not simulated; it keeps perf's figure scaled by the same simulated/peak ratio.
    plan::CapacityCache cache;
    const plan::CapacityResult sim = plan::scenario_replica_capacity(s, catalog, plan::plan_options(s), cache);
    if (!sim.feasible) {
      char buf[200];
      std::snprintf(buf, sizeof buf,
                    "no arrival rate meets the SLOs on one replica (best p99 TTFT %.3g s, TPOT %.3g s); "
                    "expected looser SLOs or fleet.sizing: throughput",
                    sim.best.ttft_p99_s, sim.best.tpot_p99_s);
      throw InputError(at("slo.ttft_p99_s"), buf);
    }
    const double ratio = sim.rate_req_s / c.chat_requests_per_s_per_replica;
    c.chat_requests_per_s_per_replica = sim.rate_req_s;
    c.api_tokens_per_s_per_replica *= ratio;
  }
  if (!(c.chat_requests_per_s_per_replica > 0) || !(c.api_tokens_per_s_per_replica > 0))
    throw InputError(at("service.model"), "the deployment serves no requests of the workload's shape");
  const Gpu& g = catalog.gpu(s.service.gpu);
  c.gpu_price_usd = g.price_usd;
  c.rental_usd_per_gpu_hour = g.rental_usd_per_gpu_hour;
  c.gpu_tdp_w = g.tdp_w;
  c.gpu_idle_w = g.idle_w;
  return c;
}

}  // namespace hippo::econ
