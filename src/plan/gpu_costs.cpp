// What one GPU costs per hour, owned or rented, in the scenario's currency. Owned: straight-line
// depreciation of the GPU and its share of the server over the fleet's life (net of resale), power
// at full TDP with the server's overhead and the PUE, and the leased (or built and depreciated)
// facility space for that IT load — the same terms as the monthly P&L (src/econ), per hour.
#include "hippo/plan.hpp"
#include "hippo/units.hpp"

namespace hippo::plan {

GpuCosts gpu_costs(const Scenario& s, const Gpu& gpu) {
  const FleetConfig& f = s.fleet;
  const FacilityConfig& fac = s.facility;
  // The scenario's own price keys describe service.gpu; other candidates use the catalog's.
  const bool own_gpu = gpu.id == s.service.gpu;
  const double price = own_gpu && f.gpu_price > 0 ? f.gpu_price : gpu.price_usd * s.fx_per_usd;
  GpuCosts c;
  c.rented_per_hour = own_gpu && f.rental_price_per_gpu_hour > 0 ? f.rental_price_per_gpu_hour
                                                                 : gpu.rental_usd_per_gpu_hour * s.fx_per_usd;
  c.capex_per_hour = price * (1 + f.server_capex_fraction) * (1 - f.resale_fraction) / (f.life_months * kHoursPerMonth);
  const double it_kw = gpu.tdp_w * (1 + fac.server_power_overhead) / 1000;
  c.power_per_hour = it_kw * fac.pue * fac.power_price_per_kwh;
  c.facility_per_hour = fac.mode == "build"
                            ? it_kw / 1000 * fac.build_cost_per_mw / (fac.build_life_months * kHoursPerMonth)
                            : it_kw * fac.lease_per_kw_month / kHoursPerMonth;
  c.owned_per_hour = c.capex_per_hour + c.power_per_hour + c.facility_per_hour;
  return c;
}

}  // namespace hippo::plan
