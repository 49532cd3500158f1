// The monthly model (docs/economics.md): demand → fleet → capex, opex, revenue → P&L and cash.
// Pure and fast: it reads the scenario and the precomputed capacity, allocates the result's table
// and a few small scratch arrays (one per fleet pool), and makes no perf or catalog calls. Sweeps
// call it millions of times.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "econ/day_shape.hpp"
#include "hippo/economics.hpp"
#include "hippo/plan.hpp"
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

// One pool of the fleet as the monthly model sees it: a deployment's figures in the scenario's
// currency, its scratch arrays indexed by month 1 … H (index 0 unused, H+1 for "after the
// horizon") and its running state. Without tiers there is one, the service's.
struct Pool {
  double gpr = 1;                 // GPUs per replica
  double gpu_price = 0, rental_price = 0, tdp_w = 0, idle_w = 0, slot_cost = 0;
  const std::vector<double>* tier_rate = nullptr;  // requests/s per replica, per tier (tiers only)
  double api_tokens_per_s = 0;    // per replica (pool 0)
  double* installed_prefix;       // GPUs installed in months ≤ m (owned)
  double* gpu_dep_delta;          // change of the monthly GPU depreciation at month m
  double* fac_dep_delta;          // same for the facility
  double* resale;                 // resale cash received in month m
  double* target;                 // owned GPUs wanted in service in month m
  double* load_mean;              // replica-equivalents busy at the month's mean rate, all demand served
  double slots = 0, gpu_dep = 0, fac_dep = 0;
};

// How the tiers' demand falls on the pools: share[t][p] of tier t's requests go to pool p.
struct Routing {
  std::vector<double> share;  // T × P
  std::size_t pools = 1;
  double at(std::size_t t, std::size_t p) const { return share[t * pools + p]; }
};

}  // namespace

double efficiency_factor(const ServiceConfig& service, int month) {
  double f = service.efficiency_gain_yearly > 0 ? std::pow(1 + service.efficiency_gain_yearly, (month - 1) / 12.0) : 1;
  for (const EfficiencyStep& st : service.efficiency_steps)
    if (st.from_month <= month) f *= st.gain;
  return f;
}

EconResult evaluate(const Scenario& s, const FleetCapacity& c) {
  check_inputs(s, c);
  const int H = s.horizon_months;
  const FleetConfig& f = s.fleet;
  const DemandConfig& d = s.demand;
  const FacilityConfig& fac = s.facility;
  const RevenueConfig& rev = s.revenue;
  const bool owned_only = f.procurement == Procurement::owned, rented_only = f.procurement == Procurement::rented;
  const bool burst = f.procurement == Procurement::owned_plus_burst, build = fac.mode == FacilityMode::build;
  const std::vector<Tier> tiers = resolved_tiers(s);
  const bool tiered = !tiers.empty();
  const std::size_t T = tiers.size(), P = c.pools.empty() ? 1 : c.pools.size();
  if (tiered && c.pools.size() != P) throw std::invalid_argument("econ::evaluate: tiers need the pools' capacity");

  EconResult r;
  r.scenario = s.name;
  r.currency = s.currency;
  r.horizon_months = H;
  r.consumer = uses_consumer_model(s);
  r.monthly.resize(H);
  const std::size_t n = static_cast<std::size_t>(H) + 2;
  std::vector<double> scratch(6 * n * P + T * n + n, 0.0);
  const DayShape day = day_shape(s);
  const double peak_to_mean = s.workload.hourly_profile.size() == 24 ? day.peak : d.peak_to_mean;

  // Per-GPU figures in the scenario's currency, priced by the rule the plan uses (plan::gpu_prices).
  std::vector<Pool> pools(P);
  for (std::size_t p = 0; p < P; ++p) {
    Pool& q = pools[p];
    const double price_usd = c.pools.empty() ? c.gpu_price_usd : c.pools[p].gpu_price_usd;
    const double rental_usd = c.pools.empty() ? c.rental_usd_per_gpu_hour : c.pools[p].rental_usd_per_gpu_hour;
    const bool service_gpu = c.pools.empty() || c.pools[p].gpu == c.gpu;
    const plan::GpuPrices prices = plan::gpu_prices(s, service_gpu, price_usd, rental_usd);
    q.gpr = c.pools.empty() ? c.gpus_per_replica : c.pools[p].gpus_per_replica;
    q.gpu_price = prices.price;
    q.rental_price = prices.rented_per_hour;
    q.tdp_w = c.pools.empty() ? c.gpu_tdp_w : c.pools[p].gpu_tdp_w;
    q.idle_w = c.pools.empty() ? c.gpu_idle_w : c.pools[p].gpu_idle_w;
    q.slot_cost = build ? plan::facility_build_cost_per_gpu(fac, q.tdp_w) : 0;  // facility per GPU built
    q.tier_rate = c.pools.empty() ? nullptr : &c.pools[p].tier_requests_per_s_per_replica;
    q.api_tokens_per_s = p == 0 ? c.api_tokens_per_s_per_replica : 0;
    double* base = scratch.data() + 6 * n * p;
    for (double** a : {&q.installed_prefix, &q.gpu_dep_delta, &q.fac_dep_delta, &q.resale, &q.target, &q.load_mean}) {
      *a = base;
      base += n;
    }
  }
  double* tier_users = scratch.data() + 6 * n * P;  // [t * n + m]: tier t's users in month m (m ≤ H+1)
  // Software gains: month m's replica serves efficiency[m] × month 1's, so its load shrinks by it.
  double* efficiency = tier_users + T * n;
  for (int m = 1; m <= H; ++m) efficiency[m] = efficiency_factor(s.service, m);
  Routing routing{std::vector<double>(T * P, 0.0), P};
  for (std::size_t t = 0; t < T; ++t)
    for (const auto& [model, share] : tiers[t].routing)
      for (std::size_t p = 0; p < P; ++p)
        if (c.pools[p].model == model) routing.share[t * P + p] += share;
  const double gps = f.gpus_per_server;
  const double chat_tokens_per_request = c.chat_input_tokens + c.chat_output_tokens;
  const double seconds_per_month = kDaysPerMonth * kSecondsPerDay;
  std::vector<double> tier_tokens(T);  // tokens per request, per tier
  for (std::size_t t = 0; t < T; ++t) tier_tokens[t] = tiers[t].turn_input_tokens() + tiers[t].turn_output_tokens();
  auto requests_day = [&](std::size_t t, int m) {
    return tier_users[t * n + m] * tiers[t].active_share_daily * tiers[t].requests_per_active_user_day;
  };

  // Pass 1: demand and the fleet it needs, before any finance limit.
  double users = d.users_start, api_mtok = d.api_mtok_month_start;
  const double users_first = d.users_start;
  auto tier_stock = [&](std::size_t t, double total) {  // a tier's users when demand users are `total`
    const Tier& k = tiers[t];
    return k.by_share ? k.share * total : users_first > 0 ? k.users * total / users_first : k.users;
  };
  for (std::size_t t = 0; t < T; ++t) tier_users[t * n + 1] = tier_stock(t, users);
  for (int m = 1; m <= H; ++m) {
    MonthRow& row = r.monthly[m - 1];
    row.month = m;
    row.api_tokens = api_mtok * kTokensPerMtok;  // demanded; scaled by the served share in pass 2
    const double api_load = row.api_tokens / seconds_per_month / c.api_tokens_per_s_per_replica / efficiency[m];
    // Logistic growth towards the saturation: growth slows as users approach users_max.
    const double next = d.users_max > 0 ? users + d.growth_monthly * users * (1 - users / d.users_max) : 0;
    const double users_next = std::clamp(next, 0.0, d.users_max);
    if (!tiered) {
      row.users = users;
      row.paying_users = users * d.paying_share;
      const double rday = users * d.active_share_daily * d.requests_per_active_user_day;
      row.requests = rday * kDaysPerMonth;
      pools[0].load_mean[m] = rday / kSecondsPerDay / c.chat_requests_per_s_per_replica / efficiency[m] + api_load;
      // Users as a stock: those lost this month are replaced by acquisitions, on top of the growth.
      row.users_churned = d.churn_monthly * users;
      row.users_acquired = std::max(0.0, users_next - users + row.users_churned);
      row.marketing = row.users_acquired * d.acquisition_cost;
    } else {
      for (std::size_t t = 0; t < T; ++t) {
        const Tier& k = tiers[t];
        const double u = tier_users[t * n + m], u_next = tier_stock(t, users_next);
        tier_users[t * n + m + 1] = u_next;
        row.users += u;
        if (k.price_month > 0) row.paying_users += u;
        const double rday = requests_day(t, m);
        row.requests += rday * kDaysPerMonth;
        for (std::size_t p = 0; p < P; ++p)
          if (routing.at(t, p) > 0)
            pools[p].load_mean[m] += rday * routing.at(t, p) / kSecondsPerDay / (*pools[p].tier_rate)[t] / efficiency[m];
        const double churned = k.churn_monthly * u, acquired = std::max(0.0, u_next - u + churned);
        row.users_churned += churned;
        row.users_acquired += acquired;
        row.marketing += acquired * k.acquisition_cost;
      }
      pools[0].load_mean[m] += api_load;
    }
    for (std::size_t p = 0; p < P; ++p)
      row.gpus_needed += std::ceil(pools[p].load_mean[m] * peak_to_mean * (1 + f.headroom) - 1e-9) * pools[p].gpr;
    users = users_next;
    api_mtok *= 1 + d.api_growth_monthly;
  }
  // Owned GPUs wanted in service each month: the peak (owned) or the mean (owned_plus_burst) with
  // headroom, for the largest month of the plan-ahead window, in whole servers.
  for (Pool& q : pools)
    for (int m = 1; m <= H && !rented_only; ++m) {
      double want = 0;
      for (int k = m; k <= std::min(H, m + f.plan_ahead_months); ++k)
        want = std::max(want, owned_only ? std::ceil(q.load_mean[k] * peak_to_mean * (1 + f.headroom) - 1e-9) * q.gpr
                                         : std::ceil(q.load_mean[k] * (1 + f.headroom) - 1e-9) * q.gpr);
      q.target[m] = std::ceil(want / gps - 1e-9) * gps;
    }

  // Pass 2: purchases, operations and cash, month by month.
  const double price_decline_month = std::pow(1 - f.gpu_price_decline_yearly, 1.0 / 12);
  const double api_decline_month = std::pow(1 - rev.api_price_decline_yearly, 1.0 / 12);
  const double api_price_mix = d.api_input_share * rev.api_price_input_per_mtok +
                               (1 - d.api_input_share) * rev.api_price_output_per_mtok;
  const double budget = s.finance.capex_budget_year;  // 0: no limit
  double price_factor = 1, api_factor = 1, cum = 0, spent_this_year = 0;
  double util_sum = 0, serving_cost = 0, lowest_cash = 0;
  int util_months = 0;
  if (r.consumer) {
    r.pools.resize(P);
    for (std::size_t p = 0; p < P; ++p) {
      r.pools[p].model = c.pools.empty() ? c.model : c.pools[p].model;
      r.pools[p].gpu = c.pools.empty() ? c.gpu : c.pools[p].gpu;
      r.pools[p].gpus_per_replica = static_cast<int>(pools[p].gpr);
      r.pools[p].monthly.resize(H);
    }
    r.tiers.resize(T);
    for (std::size_t t = 0; t < T; ++t) {
      r.tiers[t].name = tiers[t].name;
      for (std::size_t p = 0; p < P; ++p)
        if (routing.at(t, p) > 0) r.tiers[t].tokens_by_model.emplace_back(c.pools[p].model, 0.0);
    }
  }
  std::vector<double> served(P), work(P);  // this month: each pool's served share and busy replica-seconds
  for (int t = 1; t <= H; ++t) {
    MonthRow& row = r.monthly[t - 1];
    if ((t - 1) % 12 == 0) spent_this_year = 0;
    for (const auto& run : s.opex.training) {
      if (run.month == t) row.capex_training += run.cost;
      if (t >= run.month && t < run.month + run.life_months) row.amortisation_training += run.cost / run.life_months;
    }
    for (const Pool& q : pools) row.resale += q.resale[t];

    // Orders paid this month for the months they will serve (month 1 pays for the lead time too),
    // pool by pool within the same budget and cash floor.
    for (std::size_t p = 0; p < P; ++p) {
      Pool& q = pools[p];
      const double unit_cost = q.gpu_price * price_factor * (1 + f.server_capex_fraction);
      auto alive_before = [&](int m) {  // owned GPUs installed before month m and still in service at m
        return q.installed_prefix[m - 1] - q.installed_prefix[std::max(0, m - f.life_months)];
      };
      for (int m = t == 1 ? 1 : t + f.lead_time_months; m <= std::min(H, t + f.lead_time_months); ++m) {
        const double alive = alive_before(m);
        double gpus = std::ceil(std::max(0.0, q.target[m] - alive) / gps - 1e-9) * gps;
        const double free_slots = std::max(0.0, q.slots - alive);
        auto cost_of = [&](double g) { return g * unit_cost + std::max(0.0, g - free_slots) * q.slot_cost; };
        double allowed = INFINITY;
        if (budget > 0) allowed = budget - spent_this_year;
        if (s.finance.has_cash_floor)  // cash in hand at the end of last month, after this month's other capex
          allowed = std::min(allowed, cum + row.resale - row.capex_training - row.capex_gpus - row.capex_facility -
                                          s.finance.cash_floor);
        if (cost_of(gpus) > allowed) {  // buy the whole servers the limits allow
          allowed = std::max(0.0, allowed);
          const double g = allowed <= free_slots * unit_cost
                               ? allowed / unit_cost
                               : free_slots + (allowed - free_slots * unit_cost) / (unit_cost + q.slot_cost);
          gpus = std::floor(g / gps + 1e-9) * gps;
        }
        const double gpu_capex = gpus * unit_cost, new_slots = std::max(0.0, gpus - free_slots);
        const double fac_capex = new_slots * q.slot_cost;
        q.installed_prefix[m] = q.installed_prefix[m - 1] + gpus;
        q.slots += new_slots;
        row.capex_gpus += gpu_capex;
        row.capex_facility += fac_capex;
        if (r.consumer) r.pools[p].monthly[t - 1].capex += gpu_capex + fac_capex;
        spent_this_year += gpu_capex + fac_capex;
        r.fleet.servers_bought += gpus / gps;
        // Straight-line per cohort from the month it serves, down to its resale value.
        const double dep = gpu_capex * (1 - f.resale_fraction) / f.life_months;
        q.gpu_dep_delta[m] += dep;
        if (m + f.life_months <= H) {
          q.gpu_dep_delta[m + f.life_months] -= dep;
          q.resale[m + f.life_months] += gpu_capex * f.resale_fraction;
        }
        q.fac_dep_delta[m] += fac_capex / fac.build_life_months;
        if (m + fac.build_life_months <= H) q.fac_dep_delta[m + fac.build_life_months] -= fac_capex / fac.build_life_months;
      }
    }

    // Each pool in service and what it serves.
    double owned_all = 0, rented_all = 0, busy_owned = 0, month_serving = 0;
    for (std::size_t p = 0; p < P; ++p) {
      Pool& q = pools[p];
      const double owned = q.installed_prefix[t] - q.installed_prefix[std::max(0, t - f.life_months)];
      const double needed = std::ceil(q.load_mean[t] * peak_to_mean * (1 + f.headroom) - 1e-9) * q.gpr;
      double rented = 0;
      if (rented_only) rented = needed;
      if (burst) rented = std::max(0.0, needed - owned);
      const double peak_load = q.load_mean[t] * peak_to_mean;
      const double available = (owned + rented) / q.gpr;
      const double unserved = peak_load > 0 && available < peak_load ? day.lost_share(available / peak_load) : 0;
      served[p] = 1 - unserved;
      work[p] = q.load_mean[t] * served[p];
      const double util = owned > 0 ? std::min(1.0, q.load_mean[t] * served[p] / (owned / q.gpr)) : 0;
      const plan::GpuMonthCost running = plan::gpu_month_cost(fac, q.tdp_w, q.idle_w, util, owned);
      const double power = running.power, facility = running.facility_lease;
      const double rental = rented * q.rental_price * (burst ? f.burst_hours_per_day * kDaysPerMonth : kHoursPerMonth);
      q.gpu_dep += q.gpu_dep_delta[t];
      q.fac_dep += q.fac_dep_delta[t];
      const double cost = q.gpu_dep + q.fac_dep + power + facility + rental;
      if (P == 1) {  // as the one-pool model always wrote them
        row.unserved_share = unserved;
        row.utilisation = util;
      }
      row.power += power;
      row.facility += facility;
      row.rental += rental;
      row.depreciation_gpus += q.gpu_dep;
      row.depreciation_facility += q.fac_dep;
      owned_all += owned;
      rented_all += rented;
      busy_owned += util * owned;
      month_serving += cost;
      if (r.consumer) {
        PoolMonth& pm = r.pools[p].monthly[t - 1];
        pm.gpus = owned + rented;
        pm.gpus_owned = owned;
        pm.gpus_rented = rented;
        pm.gpus_needed = needed;
        pm.utilisation = util;
        pm.unserved_share = unserved;
        pm.depreciation = q.gpu_dep + q.fac_dep;
        pm.power = power;
        pm.facility = facility;
        pm.rental = rental;
        pm.serving_cost = cost;
        r.pools[p].gpus_peak = std::max(r.pools[p].gpus_peak, pm.gpus);
        r.pools[p].serving_cost_total += cost;
      }
    }
    row.gpus_owned = owned_all;
    row.gpus_rented = rented_all;
    row.gpus = owned_all + rented_all;
    if (P > 1) row.utilisation = owned_all > 0 ? busy_owned / owned_all : 0;
    if (owned_all > 0) {
      util_sum += row.utilisation;
      ++util_months;
    }

    // Tokens and revenue: demand not served loses its share of usage-driven revenue.
    const double api_revenue = row.api_tokens / kTokensPerMtok * api_price_mix * api_factor;
    const double api_tokens_demanded = row.api_tokens;
    row.api_tokens *= served[0];
    double subscriptions_gross = 0, subscriptions_net = 0, lost = api_revenue * (1 - served[0]);
    if (!tiered) {
      const double demanded_tokens = row.requests * chat_tokens_per_request + api_tokens_demanded;
      row.tokens = demanded_tokens * served[0];
      row.unserved_tokens = demanded_tokens - row.tokens;
      const double gross = row.paying_users * rev.subscription_price_month;
      const double subscriptions = rev.vat_rate > 0 ? gross / (1 + rev.vat_rate) : gross;
      const double ads = (row.users - row.paying_users) * rev.ads_per_free_user_month;
      row.revenue_subscriptions = subscriptions * served[0];
      row.revenue_ads = ads * served[0];
      subscriptions_gross = gross * served[0];
      subscriptions_net = row.revenue_subscriptions;
      row.revenue_lost = (subscriptions + api_revenue + ads) * row.unserved_share;
      if (r.consumer) {
        r.pools[0].monthly[t - 1].tokens = row.tokens;
        r.pools[0].tokens_total += row.tokens;
      }
    } else {
      row.tokens = row.api_tokens;
      row.unserved_tokens = api_tokens_demanded - row.api_tokens;
      double demanded_tokens = api_tokens_demanded;
      if (r.consumer) r.pools[0].monthly[t - 1].tokens += row.api_tokens;
      for (std::size_t k = 0; k < T; ++k) {
        const Tier& tier = tiers[k];
        TierResult& tr = r.tiers[k];
        const double u = tier_users[k * n + t];
        const double requests = requests_day(k, t) * kDaysPerMonth;
        double served_share = 0, cost_share = 0;
        std::size_t j = 0;
        for (std::size_t p = 0; p < P; ++p) {
          if (routing.at(k, p) <= 0) continue;
          const double tokens = requests * routing.at(k, p) * tier_tokens[k] * served[p];
          row.unserved_tokens += requests * routing.at(k, p) * tier_tokens[k] * (1 - served[p]);
          served_share += routing.at(k, p) * served[p];
          // The pool's cost, by the share of its busy replica-seconds this tier's turns take.
          const double tier_work =
              requests_day(k, t) * routing.at(k, p) / kSecondsPerDay / (*pools[p].tier_rate)[k] / efficiency[t] * served[p];
          if (work[p] > 0) cost_share += r.pools[p].monthly[t - 1].serving_cost * tier_work / work[p];
          r.pools[p].monthly[t - 1].tokens += tokens;
          tr.tokens_by_model[j++].second += tokens;
          tr.tokens_total += tokens;
          row.tokens += tokens;
        }
        demanded_tokens += requests * tier_tokens[k];
        const double gross = u * tier.price_month;
        const double net = rev.vat_rate > 0 ? gross / (1 + rev.vat_rate) : gross;
        const double ads = u * tier.ads_per_user_month;
        row.revenue_subscriptions += net * served_share;
        row.revenue_ads += ads * served_share;
        subscriptions_gross += gross * served_share;
        lost += (net + ads) * (1 - served_share);
        tr.revenue_total += (net + ads) * served_share;
        tr.requests_total += requests * served_share;
        tr.serving_cost_total += cost_share;
        tr.users_end = u;
        tr.marketing_total += std::max(0.0, tier_users[k * n + t + 1] - u + tier.churn_monthly * u) * tier.acquisition_cost;
      }
      subscriptions_net = row.revenue_subscriptions;
      row.unserved_share = demanded_tokens > 0 ? row.unserved_tokens / demanded_tokens : 0;
      row.revenue_lost = lost;
      for (std::size_t p = 0; p < P; ++p) r.pools[p].tokens_total += r.pools[p].monthly[t - 1].tokens;
    }
    row.revenue_api = api_revenue * served[0];
    row.revenue_licences = rev.licence_month;
    row.revenue = row.revenue_subscriptions + row.revenue_api + row.revenue_ads + row.revenue_licences;
    // Consumer payments: VAT collected for the state; the store's commission on the price net of VAT,
    // card processing on the amount charged for the rest.
    row.vat = subscriptions_gross - subscriptions_net;
    row.fees = subscriptions_net * rev.store_share * rev.store_fee + subscriptions_gross * (1 - rev.store_share) * rev.payment_fee;
    row.marketing += s.opex.marketing_month;

    // Opex, P&L and cash.
    row.staff = s.opex.staff_month;
    row.other_fixed = s.opex.other_fixed_month;
    row.depreciation = row.depreciation_gpus + row.depreciation_facility + row.amortisation_training;
    const double before_tax = row.revenue - row.power - row.facility - row.rental - row.staff - row.other_fixed -
                              row.fees - row.marketing - row.depreciation;
    row.ebitda = before_tax + row.depreciation;
    row.tax = std::max(0.0, before_tax) * s.finance.tax_rate;
    row.other_opex = row.rental + row.other_fixed + row.fees + row.marketing + row.tax;
    row.operating_profit = before_tax - row.tax;
    row.capex = row.capex_gpus + row.capex_facility + row.capex_training - row.resale;
    row.cash_flow = row.operating_profit + row.depreciation - row.capex;
    cum += row.cash_flow;
    row.cumulative_cash = cum;

    serving_cost += month_serving;
    r.revenue_total += row.revenue;
    r.revenue_lost_total += row.revenue_lost;
    r.capex_total += row.capex;
    r.tokens_total += row.tokens;
    r.unserved_tokens_total += row.unserved_tokens;
    r.fleet.gpus_peak = std::max(r.fleet.gpus_peak, row.gpus);
    r.fleet.gpus_owned_peak = std::max(r.fleet.gpus_owned_peak, owned_all);
    r.fleet.gpus_rented_peak = std::max(r.fleet.gpus_rented_peak, rented_all);
    if (!r.breakeven_month && row.operating_profit >= 0) r.breakeven_month = t;
    if (!r.payback_month && row.cumulative_cash >= 0) r.payback_month = t;
    if (!r.ebitda_breakeven_month && row.ebitda >= 0) r.ebitda_breakeven_month = t;
    if (cum < lowest_cash) {
      lowest_cash = cum;
      r.funding_need_month = t;
    }
    price_factor *= price_decline_month;
    api_factor *= api_decline_month;
  }

  // Summary figures.
  double* flows = pools[0].target;  // reuse scratch: the cash flows, months 1 … H
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
  r.funding_need = -lowest_cash;
  r.cost_per_mtok = r.tokens_total > 0 ? serving_cost / (r.tokens_total / kTokensPerMtok) : 0;
  if (r.revenue_total > 0) r.gross_margin = (r.revenue_total - serving_cost) / r.revenue_total;
  for (PoolResult& pr : r.pools)
    pr.cost_per_mtok = pr.tokens_total > 0 ? pr.serving_cost_total / (pr.tokens_total / kTokensPerMtok) : 0;
  for (std::size_t k = 0; k < r.tiers.size(); ++k) {
    TierResult& tr = r.tiers[k];
    tr.cost_per_mtok = tr.tokens_total > 0 ? tr.serving_cost_total / (tr.tokens_total / kTokensPerMtok) : 0;
    double best = -1;  // the latency of the pool that takes most of its turns
    for (std::size_t p = 0; p < P; ++p)
      if (routing.at(k, p) > best) {
        best = routing.at(k, p);
        tr.tpot_visible_s = c.pools[p].tier_tpot_visible_s[k];
        tr.ttft_visible_s = c.pools[p].tier_ttft_visible_s[k];
      }
  }
  r.fleet.model = c.model;
  r.fleet.gpu = c.gpu;
  r.fleet.procurement = std::string(choice_name(f.procurement));
  r.fleet.sizing = c.sizing;
  r.fleet.calibration = c.calibration;
  r.fleet.calibration_warning = c.calibration_warning;
  r.fleet.sizing_warning = c.sizing_warning;
  r.fleet.gpus_per_replica = c.gpus_per_replica;
  r.fleet.requests_per_s_per_replica = c.chat_requests_per_s_per_replica;
  r.fleet.mean_utilisation = util_months > 0 ? util_sum / util_months : 0;
  if (!std::isfinite(cum) || !std::isfinite(r.npv))
    throw InputError(at(s, ""), "the scenario's figures overflow the monthly model (a value beyond 1e308)");
  return r;
}

}  // namespace hippo::econ
