// `plan`: per-replica capacity under the SLOs of every candidate deployment and the cheapest fleet
// for the day's demand (src/plan), and the document `hippo plan --json` prints.
#include <cstdio>

#include "hippo/app.hpp"
#include "hippo/simulate.hpp"
#include "report/plan_report.hpp"

namespace hippo::app {

PlanResult plan(const ScenarioSource& source, const Overrides& overrides, const PlanRequest& q, const Catalog& catalog,
                const Progress& progress) {
  if (q.requests_per_simulation < 100)
    throw InputError({"", 0, "requests"}, "expected at least 100 requests per simulation");
  if (q.requests_per_simulation > sim::kMaxRequests)
    throw InputError({"", 0, "requests"}, "expected at most 10000000000 requests per simulation (their token counts "
                                          "stay exact in 64 bits), got " + std::to_string(q.requests_per_simulation));
  if (!(q.tolerance > 0 && q.tolerance < 1)) throw InputError({"", 0, "tolerance"}, "expected a share in (0, 1)");
  // Below it the bisection would run on rates that differ in their last digits (1e-300: forever).
  if (q.tolerance < 1e-6) {
    char got[32];
    std::snprintf(got, sizeof got, "%g", q.tolerance);
    throw InputError({"", 0, "tolerance"}, std::string("expected at least 1e-6, got ") + got);
  }
  PlanResult r;
  r.scenario = load_scenario(source, overrides, catalog);
  plan::PlanOptions options = plan::plan_options(r.scenario, q.requests_per_simulation);
  options.search.tolerance = q.tolerance;
  plan::CapacityCache cache;
  r.plan = plan::make_plan(r.scenario, catalog_of(r.scenario, catalog), options, cache, [&](const plan::PlanProgress& p) {
    if (!progress) return;
    if (p.programmes == 0) progress({"", p.simulations, 0, "simulations", p.step});
    else progress({"", p.programmes_solved, p.programmes, "fleet programmes", p.step});
  });
  r.json = report::plan_json(r.plan);
  return r;
}

}  // namespace hippo::app
