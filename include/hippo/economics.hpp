// Economics (src/econ): from users and GPUs to a monthly P&L, break-even, payback, NPV and IRR.
//
// Two steps, so that sweeps and Monte Carlo can re-run the second one millions of times:
//   1. fleet_capacity(scenario, catalog): what one replica can serve (perf's peak throughput, or
//      with fleet.sizing: simulated the capacity plan's rate under the SLOs) and the catalog's GPU
//      figures — computed once.
//   2. evaluate(scenario, capacity): the monthly model. Pure and fast (no catalog, no perf calls,
//      two allocations): a 60-month scenario takes microseconds. It reads every number it uses from
//      the scenario, so a perturbed copy of the scenario gives the perturbed result.
// The model is described in docs/economics.md.
#pragma once
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hippo/catalog.hpp"
#include "hippo/scenario.hpp"

namespace hippo::econ {

// One pool of a multi-model fleet (fleet_pools): a model on its own deployment. Per tier, the
// requests/s one replica serves at that tier's turn shape, and the user-visible latency of a turn.
struct PoolCapacity {
  std::string model, gpu;
  int gpus_per_replica = 1;
  std::vector<double> tier_requests_per_s_per_replica;  // indexed like resolved_tiers(s)
  std::vector<double> tier_tpot_visible_s;   // a visible token's time: the step, reasoning excluded
  std::vector<double> tier_ttft_visible_s;   // to the first visible token: prefill + the reasoning tokens' steps
  double api_tokens_per_s_per_replica = 0;   // pool 0 only (it serves the API stream)
  double gpu_price_usd = 0, rental_usd_per_gpu_hour = 0, gpu_tdp_w = 0, gpu_idle_w = 0;
};

// What one replica of the scenario's deployment serves, and the GPU's catalog figures (USD, not yet
// converted: evaluate() converts them with the scenario's fx_per_usd, so fx can be perturbed).
struct FleetCapacity {
  std::string model, gpu;                 // catalog ids
  std::string sizing = "throughput";      // how the capacity was found: throughput | simulated | given (tests)
  std::string calibration = "calibrated"; // perf::calibration_label of the engine on this GPU
  std::string calibration_warning;        // perf::calibration_warning: empty unless uncalibrated
  std::string sizing_warning;             // a caveat of fleet.sizing's figure: empty when there is none
  int gpus_per_replica = 1;
  double chat_input_tokens = 0;           // the workload's mean request shape
  double chat_output_tokens = 0;
  double chat_requests_per_s_per_replica = 0;  // at that shape
  double api_tokens_per_s_per_replica = 0;     // input + output tokens/s at the API's shape
  double gpu_price_usd = 0;               // catalog: the bare GPU
  double rental_usd_per_gpu_hour = 0;     // catalog
  double gpu_tdp_w = 0;
  double gpu_idle_w = 0;
  // With demand.tiers or fleet.pools: one entry per pool, pool 0 the service's (its figures equal the
  // ones above). Empty otherwise: one pool, the figures above.
  std::vector<PoolCapacity> pools;
};

// Step 1. Throws InputError (naming the scenario key) when the deployment cannot be built or, when
// simulated, meets the SLOs at no rate. With `fleet.sizing: simulated`, `after_simulation` is
// called after each simulation of the capacity search (a progress line; an exception it throws
// stops the search and passes through).
FleetCapacity fleet_capacity(const Scenario& s, const Catalog& catalog,
                             const std::function<void()>& after_simulation = {});

// One month of the P&L. Money in the scenario's currency; tokens are input + output.
struct MonthRow {
  int month = 0;
  double users = 0, paying_users = 0;
  double requests = 0;          // chat requests demanded
  double tokens = 0;            // tokens served (chat + API)
  double api_tokens = 0;        // of which API, served
  double gpus = 0;              // GPUs serving: owned in service + rented
  double gpus_owned = 0, gpus_rented = 0;
  double gpus_needed = 0;       // for the peak with headroom, without the finance limits
  double utilisation = 0;       // owned GPUs' mean load over the month, 0..1
  double unserved_share = 0;    // of the month's demand not served within the SLOs
  double unserved_tokens = 0;
  double capex = 0;             // capex_gpus + capex_facility + capex_training − resale
  double capex_gpus = 0, capex_facility = 0, capex_training = 0, resale = 0;
  double depreciation = 0;      // depreciation_gpus + depreciation_facility + amortisation_training
  double depreciation_gpus = 0, depreciation_facility = 0, amortisation_training = 0;
  double power = 0, facility = 0, staff = 0;
  double other_opex = 0;        // rental + other_fixed + tax
  double rental = 0, other_fixed = 0, tax = 0;
  double revenue = 0;           // revenue_subscriptions + revenue_api + revenue_licences + revenue_ads
  double revenue_subscriptions = 0, revenue_api = 0, revenue_licences = 0, revenue_ads = 0;
  double revenue_lost = 0;      // revenue of the demand not served
  double operating_profit = 0;  // revenue − opex − depreciation
  double cash_flow = 0;         // operating_profit + depreciation − capex
  double cumulative_cash = 0;
  // Consumer P&L (uses_consumer_model): in other_opex beside rental, other_fixed and tax.
  double fees = 0;               // app-store commission and card processing
  double marketing = 0;          // opex.marketing_month + acquisitions × acquisition cost
  double vat = 0;                // collected on consumer prices for the state: neither revenue nor cost
  double users_churned = 0, users_acquired = 0;  // this month: users(m+1) = users − churned + acquired
  double ebitda = 0;             // operating profit before tax, depreciation and amortisation
};

// One pool's month (multi-model fleets).
struct PoolMonth {
  double gpus = 0, gpus_owned = 0, gpus_rented = 0, gpus_needed = 0, utilisation = 0;
  double tokens = 0, unserved_share = 0;
  double capex = 0, depreciation = 0, power = 0, facility = 0, rental = 0;
  double serving_cost = 0;  // depreciation + power + facility + rental
};

struct PoolResult {
  std::string model, gpu;
  int gpus_per_replica = 1;
  double gpus_peak = 0, tokens_total = 0, serving_cost_total = 0;
  double cost_per_mtok = 0;  // serving cost per Mtok it served
  std::vector<PoolMonth> monthly;
};

struct TierResult {
  std::string name;
  double users_end = 0, revenue_total = 0, tokens_total = 0, requests_total = 0;
  double serving_cost_total = 0;  // its share of each pool's serving cost, by the load it put there
  double cost_per_mtok = 0;
  double marketing_total = 0;
  std::vector<std::pair<std::string, double>> tokens_by_model;  // served, over the horizon
  double tpot_visible_s = 0, ttft_visible_s = 0;  // of its largest routed share's pool
};

struct FleetSummary {
  std::string model, gpu, procurement, sizing;
  std::string calibration = "calibrated", calibration_warning, sizing_warning;  // from FleetCapacity
  int gpus_per_replica = 1;
  double requests_per_s_per_replica = 0;
  double gpus_peak = 0, gpus_owned_peak = 0, gpus_rented_peak = 0;
  double servers_bought = 0;
  double mean_utilisation = 0;  // of owned GPUs, over the months they exist
};

struct EconResult {
  std::string scenario, currency;
  int horizon_months = 0;
  std::optional<int> breakeven_month;   // first month with operating profit ≥ 0
  std::optional<int> payback_month;     // first month with cumulative cash ≥ 0
  double npv = 0;
  std::optional<double> irr_annual;
  double cost_per_mtok = 0;             // serving cost (GPU and facility depreciation, power, facility, rental) per Mtok served
  std::optional<double> gross_margin;   // (revenue − serving cost) / revenue, whole horizon; none without revenue
  double revenue_total = 0, revenue_lost_total = 0, capex_total = 0, tokens_total = 0;
  double unserved_tokens_total = 0;
  int cash_sign_changes = 0;            // sign changes of the monthly cash flow (zeros skipped)
  FleetSummary fleet;
  std::vector<MonthRow> monthly;
  // Consumer model (uses_consumer_model): these and the MonthRow's consumer fields are reported.
  bool consumer = false;
  std::optional<int> ebitda_breakeven_month;  // first month with EBITDA ≥ 0
  double funding_need = 0;                    // −(deepest cumulative cash), 0 when it never dips
  std::optional<int> funding_need_month;      // the month of that low
  std::vector<PoolResult> pools;
  std::vector<TierResult> tiers;
};

// What a replica serves in month m (1 …) over what it served in month 1, from software alone:
// (1 + service.efficiency_gain_yearly)^((m − 1)/12) × the gain of every efficiency step whose
// from_month ≤ m. 1 when neither is given. evaluate divides each month's load by it.
double efficiency_factor(const ServiceConfig& service, int month);

// Step 2. Throws InputError for inputs that cannot be evaluated (e.g. demand compounding past any
// finite number), naming the key.
EconResult evaluate(const Scenario& s, const FleetCapacity& capacity);

// The caveats a result needs, one sentence each, for the `warnings` of results.json, the summary
// and the report: cash flows that change sign more than once (IRR ambiguous, payback not final),
// nothing served (cost per Mtok and margin without meaning), a GPU no figure of the engine profile
// was measured on (uncalibrated step times). Empty for an ordinary result.
std::vector<std::string> result_warnings(const EconResult& r);

// Discounting, cash at the end of each period: Σ cf[t] / (1+rate)^(t+1), t = 0 … n−1.
double npv(std::span<const double> cash_flows, double rate_per_period);
// The rate per period at which npv() is zero, found by bracketing and bisection; none when the
// flows never change sign or no root lies between −99.9 % and +10⁶ % per period.
std::optional<double> irr(std::span<const double> cash_flows);
// (1 + r)^(1/12) − 1 and back.
double monthly_rate(double annual_rate);
double annual_rate(double monthly_rate);

}  // namespace hippo::econ
