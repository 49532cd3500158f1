// A hand-made scenario and capacity for the economics tests. The capacity: one replica of `gpus_per_replica` GPUs serving
// `requests_per_s` chat requests/s (and 1000 API tokens/s per request/s), a GPU of $1000, 700 W.
#pragma once
#include "hippo/economics.hpp"
#include "hippo/units.hpp"

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

// 10 users, each active every day with one request per second: a mean load of 10 requests/s, flat
// over the day, no growth. With no headroom the peak needs 10 GPUs: two servers of 8 = 16 GPUs.
inline Scenario hand_scenario() {
  Scenario s;
  s.name = "hand";
  s.horizon_months = 24;
  s.demand.users_start = 10;
  s.demand.users_max = 10;
  s.demand.growth_monthly = 0;
  s.demand.active_share_daily = 1;
  s.demand.requests_per_active_user_day = kSecondsPerDay;
  s.demand.paying_share = 1;
  s.demand.peak_to_mean = 1;
  s.fleet.headroom = 0;
  s.fleet.lead_time_months = 0;
  s.fleet.life_months = 24;
  s.fleet.gpus_per_server = 8;
  s.fleet.server_capex_fraction = 0.5;  // 1000 + 500 = 1500 per GPU
  s.fleet.resale_fraction = 0;
  s.revenue.subscription_price_month = 300;  // 10 × 300 = 3000 a month
  s.revenue.api_price_decline_yearly = 0;
  s.facility.power_price_per_kwh = 0;
  s.facility.lease_per_kw_month = 0;
  s.opex.staff_month = 500;
  s.finance.discount_rate_annual = 0;
  return s;
}

}  // namespace hippo::econ::test
