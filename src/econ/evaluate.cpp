// The monthly model (docs/economics.md): demand → fleet → capex, opex, revenue → P&L and cash.
// Pure and fast: it reads the scenario and the precomputed capacity, allocates the result's table
// and one scratch array, and makes no perf or catalog calls. Sweeps call it millions of times.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "econ/day_shape.hpp"
#include "hippo/economics.hpp"
#include "hippo/units.hpp"

namespace hippo::econ {

namespace {

constexpr double kMaxApiMtokMonth = 1e15;  // 10^21 tokens a month: beyond any plausible demand

Location at(const Scenario& s, const std::string& key) {
  return scenario_location(s, key);
}

void check_inputs(const Scenario& s, const FleetCapacity& c) {
  if (c.gpus_per_replica < 1 || !(c.chat_requests_per_s_per_replica > 0) || !(c.api_tokens_per_s_per_replica > 0))
    throw std::invalid_argument("econ::evaluate: capacity figures must be positive");
  const double api_last =
      s.demand.api_mtok_month_start * std::pow(1.0 + s.demand.api_growth_monthly, s.horizon_months - 1);
  if (!std::isfinite(api_last) || api_last > kMaxApiMtokMonth)
    throw InputError(at(s, "demand.api_growth_monthly"),
                     fmt::format("API tokens compound to {:.3g} Mtok/month by month {}; expected a growth rate that keeps "
                                 "them below {:.0e}",
                                 api_last, s.horizon_months, kMaxApiMtokMonth));
}

// Scratch arrays indexed by month 1 … H (index 0 unused, H+1 for "after the horizon").
struct Scratch {
  std::vector<double> data;
  std::size_t n = 0;
  double* installed_prefix;  // GPUs installed in months ≤ m (owned)
  double* gpu_dep_delta;     // change of the monthly GPU depreciation at month m
  double* fac_dep_delta;     // same for the facility
  double* resale;            // resale cash received in month m
  double* target;            // owned GPUs wanted in service in month m
  double* load_mean;         // replica-equivalents busy at the month's mean rate, all demand served
  explicit Scratch(int horizon) : data(6 * static_cast<std::size_t>(horizon + 2), 0.0), n(horizon + 2) {
    double* p = data.data();
    for (double** a : {&installed_prefix, &gpu_dep_delta, &fac_dep_delta, &resale, &target, &load_mean}) {
      *a = p;
      p += n;
    }
  }
};

}  // namespace

EconResult evaluate(const Scenario& s, const FleetCapacity& c) {
  check_inputs(s, c);
  const int H = s.horizon_months;
  const FleetConfig& f = s.fleet;
  const DemandConfig& d = s.demand;
  const FacilityConfig& fac = s.facility;
  const bool owned_only = f.procurement == "owned", rented_only = f.procurement == "rented";
  const bool burst = f.procurement == "owned_plus_burst", build = fac.mode == "build";

  EconResult r;
  r.scenario = s.name;
  r.currency = s.currency;
  r.horizon_months = H;
  r.monthly.resize(H);
  Scratch w(H);
  const DayShape day = day_shape(s);
  const double peak_to_mean = s.workload.hourly_profile.size() == 24 ? day.peak : d.peak_to_mean;

  // Per-GPU figures in the scenario's currency.
  const double fx = s.fx_per_usd;
  const double gpu_price = f.gpu_price > 0 ? f.gpu_price : c.gpu_price_usd * fx;
  const double rental_price = f.rental_price_per_gpu_hour > 0 ? f.rental_price_per_gpu_hour : c.rental_usd_per_gpu_hour * fx;
  const double it_w_per_gpu = c.gpu_tdp_w * (1 + fac.server_power_overhead);  // IT load: GPU plus its server share
  const double slot_cost = build ? it_w_per_gpu / 1e6 * fac.build_cost_per_mw : 0;  // facility per GPU built
  const double gpr = c.gpus_per_replica;
  const double gps = f.gpus_per_server;
  const double chat_tokens_per_request = c.chat_input_tokens + c.chat_output_tokens;
  const double seconds_per_month = kDaysPerMonth * kSecondsPerDay;

  // Pass 1: demand and the fleet it needs, before any finance limit.
  double users = d.users_start, api_mtok = d.api_mtok_month_start;
  for (int m = 1; m <= H; ++m) {
    MonthRow& row = r.monthly[m - 1];
    row.month = m;
    row.users = users;
    row.paying_users = users * d.paying_share;
    const double requests_day = users * d.active_share_daily * d.requests_per_active_user_day;
    row.requests = requests_day * kDaysPerMonth;
    row.api_tokens = api_mtok * kTokensPerMtok;  // demanded; scaled by the served share in pass 2
    const double load = requests_day / kSecondsPerDay / c.chat_requests_per_s_per_replica +
                        row.api_tokens / seconds_per_month / c.api_tokens_per_s_per_replica;
    w.load_mean[m] = load;
    row.gpus_needed = std::ceil(load * peak_to_mean * (1 + f.headroom) - 1e-9) * gpr;
    // Logistic growth towards the saturation: growth slows as users approach users_max.
    const double next = d.users_max > 0 ? users + d.growth_monthly * users * (1 - users / d.users_max) : 0;
    users = std::clamp(next, 0.0, d.users_max);
    api_mtok *= 1 + d.api_growth_monthly;
  }
  // Owned GPUs wanted in service each month: the peak (owned) or the mean (owned_plus_burst) with
  // headroom, for the largest month of the plan-ahead window, in whole servers.
  for (int m = 1; m <= H && !rented_only; ++m) {
    double want = 0;
    for (int k = m; k <= std::min(H, m + f.plan_ahead_months); ++k)
      want = std::max(want, owned_only ? r.monthly[k - 1].gpus_needed
                                       : std::ceil(w.load_mean[k] * (1 + f.headroom) - 1e-9) * gpr);
    w.target[m] = std::ceil(want / gps - 1e-9) * gps;
  }

  // Pass 2: purchases, operations and cash, month by month.
  const double price_decline_month = std::pow(1 - f.gpu_price_decline_yearly, 1.0 / 12);
  const double api_decline_month = std::pow(1 - s.revenue.api_price_decline_yearly, 1.0 / 12);
  const double api_price_mix = d.api_input_share * s.revenue.api_price_input_per_mtok +
                               (1 - d.api_input_share) * s.revenue.api_price_output_per_mtok;
  const double budget = s.finance.capex_budget_year;  // 0: no limit
  double price_factor = 1, api_factor = 1, cum = 0, spent_this_year = 0, slots = 0;
  double gpu_dep = 0, fac_dep = 0, util_sum = 0, serving_cost = 0;
  int util_months = 0;
  auto alive_before = [&](int m) {  // owned GPUs installed before month m and still in service at m
    return w.installed_prefix[m - 1] - w.installed_prefix[std::max(0, m - f.life_months)];
  };
  for (int t = 1; t <= H; ++t) {
    MonthRow& row = r.monthly[t - 1];
    if ((t - 1) % 12 == 0) spent_this_year = 0;
    for (const auto& run : s.opex.training) {
      if (run.month == t) row.capex_training += run.cost;
      if (t >= run.month && t < run.month + run.life_months) row.amortisation_training += run.cost / run.life_months;
    }
    row.resale = w.resale[t];

    // Orders paid this month for the months they will serve (month 1 pays for the lead time too).
    const double unit_cost = gpu_price * price_factor * (1 + f.server_capex_fraction);
    for (int m = t == 1 ? 1 : t + f.lead_time_months; m <= std::min(H, t + f.lead_time_months); ++m) {
      const double alive = alive_before(m);
      double gpus = std::ceil(std::max(0.0, w.target[m] - alive) / gps - 1e-9) * gps;
      const double free_slots = std::max(0.0, slots - alive);
      auto cost_of = [&](double g) { return g * unit_cost + std::max(0.0, g - free_slots) * slot_cost; };
      double allowed = INFINITY;
      if (budget > 0) allowed = budget - spent_this_year;
      if (s.finance.has_cash_floor)  // cash in hand at the end of last month, after this month's other capex
        allowed = std::min(allowed, cum + row.resale - row.capex_training - row.capex_gpus - row.capex_facility -
                                        s.finance.cash_floor);
      if (cost_of(gpus) > allowed) {  // buy the whole servers the limits allow
        allowed = std::max(0.0, allowed);
        const double g = allowed <= free_slots * unit_cost ? allowed / unit_cost
                                                           : free_slots + (allowed - free_slots * unit_cost) / (unit_cost + slot_cost);
        gpus = std::floor(g / gps + 1e-9) * gps;
      }
      const double gpu_capex = gpus * unit_cost, new_slots = std::max(0.0, gpus - free_slots);
      const double fac_capex = new_slots * slot_cost;
      w.installed_prefix[m] = w.installed_prefix[m - 1] + gpus;
      slots += new_slots;
      row.capex_gpus += gpu_capex;
      row.capex_facility += fac_capex;
      spent_this_year += gpu_capex + fac_capex;
      r.fleet.servers_bought += gpus / gps;
      // Straight-line per cohort from the month it serves, down to its resale value.
      const double dep = gpu_capex * (1 - f.resale_fraction) / f.life_months;
      w.gpu_dep_delta[m] += dep;
      if (m + f.life_months <= H) {
        w.gpu_dep_delta[m + f.life_months] -= dep;
        w.resale[m + f.life_months] += gpu_capex * f.resale_fraction;
      }
      w.fac_dep_delta[m] += fac_capex / fac.build_life_months;
      if (m + fac.build_life_months <= H) w.fac_dep_delta[m + fac.build_life_months] -= fac_capex / fac.build_life_months;
    }

    // The fleet in service and what it serves.
    const double owned = w.installed_prefix[t] - w.installed_prefix[std::max(0, t - f.life_months)];
    double rented = 0;
    if (rented_only) rented = row.gpus_needed;
    if (burst) rented = std::max(0.0, row.gpus_needed - owned);
    const double peak_load = w.load_mean[t] * peak_to_mean;
    const double available = (owned + rented) / gpr;
    row.unserved_share = peak_load > 0 && available < peak_load ? day.lost_share(available / peak_load) : 0;
    const double served = 1 - row.unserved_share;
    row.gpus_owned = owned;
    row.gpus_rented = rented;
    row.gpus = owned + rented;
    row.utilisation = owned > 0 ? std::min(1.0, w.load_mean[t] * served / (owned / gpr)) : 0;
    if (owned > 0) {
      util_sum += row.utilisation;
      ++util_months;
    }
    const double demanded_tokens = row.requests * chat_tokens_per_request + row.api_tokens;
    row.tokens = demanded_tokens * served;
    row.unserved_tokens = demanded_tokens - row.tokens;
    const double api_revenue = row.api_tokens / kTokensPerMtok * api_price_mix * api_factor;
    row.api_tokens *= served;

    // Opex.
    const double gpu_w = c.gpu_idle_w + row.utilisation * (c.gpu_tdp_w - c.gpu_idle_w);
    row.power = owned * gpu_w * (1 + fac.server_power_overhead) * fac.pue / 1000 * kHoursPerMonth *
                fac.power_price_per_kwh;
    row.facility = build ? 0 : owned * it_w_per_gpu / 1000 * fac.lease_per_kw_month;
    row.rental = rented * rental_price * (burst ? f.burst_hours_per_day * kDaysPerMonth : kHoursPerMonth);
    row.staff = s.opex.staff_month;
    row.other_fixed = s.opex.other_fixed_month;

    // Revenue: demand not served loses its share of usage-driven revenue.
    const double subscriptions = row.paying_users * s.revenue.subscription_price_month;
    const double ads = (row.users - row.paying_users) * s.revenue.ads_per_free_user_month;
    row.revenue_subscriptions = subscriptions * served;
    row.revenue_api = api_revenue * served;
    row.revenue_ads = ads * served;
    row.revenue_licences = s.revenue.licence_month;
    row.revenue_lost = (subscriptions + api_revenue + ads) * row.unserved_share;
    row.revenue = row.revenue_subscriptions + row.revenue_api + row.revenue_ads + row.revenue_licences;

    // P&L and cash.
    gpu_dep += w.gpu_dep_delta[t];
    fac_dep += w.fac_dep_delta[t];
    row.depreciation_gpus = gpu_dep;
    row.depreciation_facility = fac_dep;
    row.depreciation = gpu_dep + fac_dep + row.amortisation_training;
    const double before_tax = row.revenue - row.power - row.facility - row.rental - row.staff - row.other_fixed -
                              row.depreciation;
    row.tax = std::max(0.0, before_tax) * s.finance.tax_rate;
    row.other_opex = row.rental + row.other_fixed + row.tax;
    row.operating_profit = before_tax - row.tax;
    row.capex = row.capex_gpus + row.capex_facility + row.capex_training - row.resale;
    row.cash_flow = row.operating_profit + row.depreciation - row.capex;
    cum += row.cash_flow;
    row.cumulative_cash = cum;

    serving_cost += gpu_dep + fac_dep + row.power + row.facility + row.rental;
    r.revenue_total += row.revenue;
    r.revenue_lost_total += row.revenue_lost;
    r.capex_total += row.capex;
    r.tokens_total += row.tokens;
    r.unserved_tokens_total += row.unserved_tokens;
    r.fleet.gpus_peak = std::max(r.fleet.gpus_peak, row.gpus);
    r.fleet.gpus_owned_peak = std::max(r.fleet.gpus_owned_peak, owned);
    r.fleet.gpus_rented_peak = std::max(r.fleet.gpus_rented_peak, rented);
    if (!r.breakeven_month && row.operating_profit >= 0) r.breakeven_month = t;
    if (!r.payback_month && row.cumulative_cash >= 0) r.payback_month = t;
    price_factor *= price_decline_month;
    api_factor *= api_decline_month;
  }

  // Summary figures.
  double* flows = w.target;  // reuse scratch: the cash flows, months 1 … H
  for (int m = 0; m < H; ++m) flows[m] = r.monthly[m].cash_flow;
  const std::span<const double> cash(flows, static_cast<std::size_t>(H));
  r.npv = npv(cash, monthly_rate(s.finance.discount_rate_annual));
  if (auto m = irr(cash)) r.irr_annual = annual_rate(*m);
  int sign = 0;
  for (double cf : cash) {
    const int now = cf > 0 ? 1 : cf < 0 ? -1 : 0;
    if (now != 0 && sign != 0 && now != sign) ++r.cash_sign_changes;
    if (now != 0) sign = now;
  }
  r.cost_per_mtok = r.tokens_total > 0 ? serving_cost / (r.tokens_total / kTokensPerMtok) : 0;
  if (r.revenue_total > 0) r.gross_margin = (r.revenue_total - serving_cost) / r.revenue_total;
  r.fleet.model = c.model;
  r.fleet.gpu = c.gpu;
  r.fleet.procurement = f.procurement;
  r.fleet.sizing = c.sizing;
  r.fleet.calibration = c.calibration;
  r.fleet.calibration_warning = c.calibration_warning;
  r.fleet.gpus_per_replica = c.gpus_per_replica;
  r.fleet.requests_per_s_per_replica = c.chat_requests_per_s_per_replica;
  r.fleet.mean_utilisation = util_months > 0 ? util_sum / util_months : 0;
  if (!std::isfinite(cum) || !std::isfinite(r.npv))
    throw InputError(at(s, ""), "the scenario's figures overflow the monthly model (a value beyond 1e308)");
  return r;
}

}  // namespace hippo::econ
