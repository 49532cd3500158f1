// The cost of a GPU-hour, owned or rented, in the scenario's currency: the one rule that the
// capacity plan (per hour) and the monthly P&L (src/econ, per month and cohort) both call, so
// the two cannot price a GPU differently (docs/economics.md, "One GPU-hour").
#include "hippo/plan.hpp"
#include "hippo/units.hpp"

namespace hippo::plan {

GpuPrices gpu_prices(const Scenario& s, bool service_gpu, double price_usd, double rental_usd_per_gpu_hour) {
  const FleetConfig& f = s.fleet;
  // The scenario's own price keys describe service.gpu; other GPUs use the catalog's.
  GpuPrices p;
  p.price = service_gpu && f.gpu_price > 0 ? f.gpu_price : price_usd * s.fx_per_usd;
  p.rented_per_hour = service_gpu && f.rental_price_per_gpu_hour > 0 ? f.rental_price_per_gpu_hour
                                                                     : rental_usd_per_gpu_hour * s.fx_per_usd;
  return p;
}

GpuMonthCost gpu_month_cost(const FacilityConfig& fac, double tdp_w, double idle_w, double utilisation, double gpus) {
  // A GPU draws its idle power when idle and its TDP when busy; the server's CPUs, NICs and fans
  // add their share of either. The lease is on the IT load the space is provisioned for.
  const double gpu_w = idle_w + utilisation * (tdp_w - idle_w);
  GpuMonthCost c;
  c.power = gpus * gpu_w * (1 + fac.server_power_overhead) * fac.pue / 1000 * kHoursPerMonth * fac.power_price_per_kwh;
  const double it_w = tdp_w * (1 + fac.server_power_overhead);
  c.facility_lease = fac.mode == FacilityMode::build ? 0 : gpus * it_w / 1000 * fac.lease_per_kw_month;
  return c;
}

double facility_build_cost_per_gpu(const FacilityConfig& fac, double tdp_w) {
  return tdp_w * (1 + fac.server_power_overhead) / 1e6 * fac.build_cost_per_mw;
}

GpuCosts gpu_costs(const Scenario& s, const Gpu& gpu, double utilisation) {
  const FleetConfig& f = s.fleet;
  const FacilityConfig& fac = s.facility;
  const GpuPrices p = gpu_prices(s, gpu.id == s.service.gpu, gpu.price_usd, gpu.rental_usd_per_gpu_hour);
  const GpuMonthCost month = gpu_month_cost(fac, gpu.tdp_w, gpu.idle_w, utilisation, 1);
  GpuCosts c;
  c.rented_per_hour = p.rented_per_hour;
  c.capex_per_hour = p.price * (1 + f.server_capex_fraction) * (1 - f.resale_fraction) / (f.life_months * kHoursPerMonth);
  c.power_per_hour = month.power / kHoursPerMonth;
  c.facility_per_hour = fac.mode == FacilityMode::build
                            ? facility_build_cost_per_gpu(fac, gpu.tdp_w) / (fac.build_life_months * kHoursPerMonth)
                            : month.facility_lease / kHoursPerMonth;
  c.owned_per_hour = c.capex_per_hour + c.power_per_hour + c.facility_per_hour;
  return c;
}

}  // namespace hippo::plan
