// The document and the terminal report of `hippo plan` (design.md "`hippo plan`"; docs/plan.md).
#include "report/plan_report.hpp"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>

#include "report/format.hpp"
#include "report/table.hpp"

namespace hippo::report {

using nlohmann::ordered_json;

namespace {

int peak_rented(const plan::FleetSolution& f, std::size_t option) {
  int n = 0;
  for (const auto& period : f.rented) n = std::max(n, period[option]);
  return n;
}

std::vector<std::string> gpu_types(const plan::PlanResult& r, const plan::FleetSolution& f) {
  std::vector<std::string> types;
  for (std::size_t i = 0; i < r.candidates.size(); ++i)
    if ((f.owned[i] > 0 || peak_rented(f, i) > 0) &&
        std::find(types.begin(), types.end(), r.candidates[i].deployment.gpu) == types.end())
      types.push_back(r.candidates[i].deployment.gpu);
  return types;
}

ordered_json fleet_json(const plan::PlanResult& r, const plan::FleetSolution& f) {
  ordered_json reps = ordered_json::array();
  int gpus = 0;
  for (std::size_t i = 0; i < r.candidates.size(); ++i) {
    const int owned = f.owned[i], rented = peak_rented(f, i);
    if (owned == 0 && rented == 0) continue;
    const int per = r.candidates[i].deployment.tp * r.candidates[i].deployment.pp;
    gpus += (owned + rented) * per;
    reps.push_back({{"candidate", r.candidates[i].label}, {"owned", owned}, {"rented_at_peak", rented},
                    {"gpus_per_replica", per}});
  }
  return {{"gpu_types", gpu_types(r, f)},        {"mixed", gpu_types(r, f).size() > 1},
          {"replicas", reps},                    {"gpus_at_peak", gpus},
          {"cost_per_hour", f.cost_per_hour},    {"owned_cost_per_hour", f.owned_cost_per_hour},
          {"rented_cost_per_hour", f.rented_cost_per_hour}, {"proven_optimal", f.optimal},
          {"lower_bound_cost_per_hour", f.lower_bound}};
}

}  // namespace

ordered_json plan_json(const plan::PlanResult& r) {
  ordered_json doc;
  doc["scenario"] = r.scenario;
  doc["currency"] = r.currency;
  doc["model"] = r.model;
  doc["slo"] = {{"ttft_p99_s", r.slo.ttft_p99_s}, {"tpot_p99_s", r.slo.tpot_p99_s}};
  doc["peak_rate_req_s"] = r.peak_rate_req_s;
  doc["mean_rate_req_s"] = r.mean_rate_req_s;
  doc["headroom"] = r.headroom;
  doc["owned_utilisation"] = r.owned_utilisation;
  doc["output_tokens_per_request"] = r.output_tokens_per_request;
  doc["buckets"] = ordered_json::array();
  for (const auto& b : r.buckets)
    doc["buckets"].push_back({{"name", b.name}, {"share", b.share}, {"input", b.input.text}, {"output", b.output.text}});
  doc["candidates"] = ordered_json::array();
  for (std::size_t i = 0; i < r.candidates.size(); ++i) {
    const plan::CandidatePlan& c = r.candidates[i];
    ordered_json per_bucket = ordered_json::array();
    for (std::size_t b = 0; b < c.capacity.size(); ++b) {
      const plan::CapacityResult& k = c.capacity[b];
      per_bucket.push_back({{"bucket", r.buckets[b].name},
                            {"capacity_req_s", k.rate_req_s},
                            {"meets_slo", k.feasible},
                            {"ttft_p99_s", k.best.ttft_p99_s},
                            {"tpot_p99_s", k.best.tpot_p99_s},
                            {"simulations", k.probes}});
    }
    const auto& d = c.deployment;
    ordered_json alone = nullptr;
    if (c.alone.feasible)
      alone = {{"owned", c.alone.owned[i]},
               {"rented_at_peak", peak_rented(c.alone, i)},
               {"cost_per_hour", c.alone.cost_per_hour}};
    doc["candidates"].push_back({{"candidate", c.label},
                                 {"gpu", d.gpu},
                                 {"tp", d.tp},
                                 {"calibration", c.calibration},
                                 {"weights", dtype_name(d.weights)},
                                 {"kv", dtype_name(d.kv)},
                                 {"capacity_req_s", c.capacity_req_s},
                                 {"per_bucket", per_bucket},
                                 {"fleet_alone", alone},
                                 {"cost_usd_per_mtok", c.alone.feasible ? ordered_json(c.cost_per_mtok) : ordered_json()}});
  }
  doc["skipped"] = r.skipped;
  doc["fleet"] = fleet_json(r, r.fleet);
  doc["owned_for_peak"] = fleet_json(r, r.owned_for_peak);
  doc["best_single_gpu"] = {{"gpu", r.best_single_gpu},
                            {"cost_per_hour", r.best_single.cost_per_hour},
                            {"lower_bound_cost_per_hour", r.best_single.lower_bound}};
  doc["mix_saving"] = r.mix_saving;
  doc["cost_usd_per_mtok"] = r.cost_per_mtok;
  doc["cost_usd_per_mtok_at_peak"] = r.cost_per_mtok_at_peak;
  doc["simulations"] = r.simulations;
  doc["warnings"] = r.warnings;
  return doc;
}

namespace {

std::string fleet_line(const plan::PlanResult& r, const plan::FleetSolution& f) {
  std::string s;
  for (std::size_t i = 0; i < r.candidates.size(); ++i) {
    const int owned = f.owned[i], rented = peak_rented(f, i);
    if (owned == 0 && rented == 0) continue;
    s += (s.empty() ? "" : ", ") + std::to_string(owned) + " owned";
    if (rented > 0) s += " + " + std::to_string(rented) + " rented at peak";
    s += " × " + r.candidates[i].label;
  }
  return s;
}

}  // namespace

std::string plan_text(const plan::PlanResult& r) {
  const std::string& cur = r.currency;
  std::ostringstream o;
  o << fmt::format("Plan '{}': {}, peak {:.4g} req/s (day mean {:.4g}), headroom {}, SLO p99 TTFT ≤ {:g} s and TPOT ≤ {:g} s; "
                   "money in {}\n\n",
                   r.scenario, r.model, r.peak_rate_req_s, r.mean_rate_req_s, report::format_percent(r.headroom, 0),
                   r.slo.ttft_p99_s, r.slo.tpot_p99_s, cur);
  report::Table t;
  t.header = {"candidate", "req/s per replica"};
  if (r.buckets.size() > 1)
    for (const auto& b : r.buckets) t.header.push_back(b.name);
  for (const char* h : {"replicas alone", "cost/h alone", "cost/Mtok alone"}) t.header.push_back(h);
  t.right_align.assign(t.header.size(), true);
  t.right_align[0] = false;
  for (std::size_t i = 0; i < r.candidates.size(); ++i) {
    const auto& c = r.candidates[i];
    std::vector<std::string> row{c.label, c.capacity_req_s > 0 ? fmt::format("{:.3g}", c.capacity_req_s) : "-"};
    if (r.buckets.size() > 1)
      for (const auto& k : c.capacity) row.push_back(k.feasible ? fmt::format("{:.3g}", k.rate_req_s) : "misses SLO");
    if (c.alone.feasible) {
      const int rented = peak_rented(c.alone, i);
      row.push_back(std::to_string(c.alone.owned[i]) + (rented ? " + " + std::to_string(rented) + " rented" : ""));
      row.push_back(report::format_money(c.alone.cost_per_hour, cur, 2));
      row.push_back(report::format_money(c.cost_per_mtok, cur, 3));
    } else {
      row.insert(row.end(), {"-", "-", "-"});
    }
    t.rows.push_back(row);
  }
  o << t.render() << "\n";
  const auto types = gpu_types(r, r.fleet);
  o << "Chosen fleet (" << (types.size() > 1 ? "mixed" : "one GPU type") << "): " << fleet_line(r, r.fleet) << "\n";
  o << fmt::format("  cost {}/h (owned {}/h, rented {}/h averaged over the day); owned for the peak instead: {}/h\n",
                   report::format_money(r.fleet.cost_per_hour, cur, 2),
                   report::format_money(r.fleet.owned_cost_per_hour, cur, 2),
                   report::format_money(r.fleet.rented_cost_per_hour, cur, 2),
                   report::format_money(r.owned_for_peak.cost_per_hour, cur, 2));
  if (!r.fleet.optimal)
    o << fmt::format("  (CBC's node limit: within {} of the proven lower bound {}/h)\n",
                     report::format_percent(1 - r.fleet.lower_bound / r.fleet.cost_per_hour, 2),
                     report::format_money(r.fleet.lower_bound, cur, 2));
  o << fmt::format("  best single GPU type: {} at {}/h; the mix saves {}\n", r.best_single_gpu,
                   report::format_money(r.best_single.cost_per_hour, cur, 2), report::format_percent(r.mix_saving));
  o << fmt::format("  cost per million output tokens: {} over the day (idle capacity included), {} in the peak hour\n",
                   report::format_money(r.cost_per_mtok, cur, 3), report::format_money(r.cost_per_mtok_at_peak, cur, 3));
  o << fmt::format("  {} simulations\n", r.simulations);
  for (const auto& s : r.skipped) o << "  does not fit: " << s << "\n";
  for (const auto& w : r.warnings) o << "Warning: " << w << "\n";
  return o.str();
}

}  // namespace hippo::report
