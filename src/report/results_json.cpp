#include "hippo/report.hpp"

#include "report/assumptions.hpp"

namespace hippo::report {

using econ::MonthRow;

const std::vector<std::pair<const char*, double MonthRow::*>>& monthly_columns() {
  static const std::vector<std::pair<const char*, double MonthRow::*>> kColumns = {
      {"users", &MonthRow::users},
      {"paying_users", &MonthRow::paying_users},
      {"requests", &MonthRow::requests},
      {"tokens", &MonthRow::tokens},
      {"api_tokens", &MonthRow::api_tokens},
      {"gpus", &MonthRow::gpus},
      {"gpus_owned", &MonthRow::gpus_owned},
      {"gpus_rented", &MonthRow::gpus_rented},
      {"gpus_needed", &MonthRow::gpus_needed},
      {"utilisation", &MonthRow::utilisation},
      {"unserved_share", &MonthRow::unserved_share},
      {"unserved_tokens", &MonthRow::unserved_tokens},
      {"capex", &MonthRow::capex},
      {"capex_gpus", &MonthRow::capex_gpus},
      {"capex_facility", &MonthRow::capex_facility},
      {"capex_training", &MonthRow::capex_training},
      {"resale", &MonthRow::resale},
      {"depreciation", &MonthRow::depreciation},
      {"depreciation_gpus", &MonthRow::depreciation_gpus},
      {"depreciation_facility", &MonthRow::depreciation_facility},
      {"amortisation_training", &MonthRow::amortisation_training},
      {"power", &MonthRow::power},
      {"facility", &MonthRow::facility},
      {"staff", &MonthRow::staff},
      {"other_opex", &MonthRow::other_opex},
      {"rental", &MonthRow::rental},
      {"other_fixed", &MonthRow::other_fixed},
      {"tax", &MonthRow::tax},
      {"revenue", &MonthRow::revenue},
      {"revenue_subscriptions", &MonthRow::revenue_subscriptions},
      {"revenue_api", &MonthRow::revenue_api},
      {"revenue_licences", &MonthRow::revenue_licences},
      {"revenue_ads", &MonthRow::revenue_ads},
      {"revenue_lost", &MonthRow::revenue_lost},
      {"operating_profit", &MonthRow::operating_profit},
      {"cash_flow", &MonthRow::cash_flow},
      {"cumulative_cash", &MonthRow::cumulative_cash},
  };
  return kColumns;
}

const std::vector<std::pair<const char*, double MonthRow::*>>& consumer_monthly_columns() {
  static const std::vector<std::pair<const char*, double MonthRow::*>> kColumns = {
      {"fees", &MonthRow::fees},
      {"marketing", &MonthRow::marketing},
      {"vat", &MonthRow::vat},
      {"users_churned", &MonthRow::users_churned},
      {"users_acquired", &MonthRow::users_acquired},
      {"ebitda", &MonthRow::ebitda},
  };
  return kColumns;
}

namespace {

template <class T>
nlohmann::json or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json summary(const econ::EconResult& r) {
  const auto& f = r.fleet;
  return {
      {"scenario", r.scenario},
      {"currency", r.currency},
      {"horizon_months", r.horizon_months},
      {"breakeven_month", or_null(r.breakeven_month)},
      {"payback_month", or_null(r.payback_month)},
      {"npv", r.npv},
      {"irr_annual", or_null(r.irr_annual)},
      {"cost_per_mtok", r.cost_per_mtok},
      {"gross_margin", or_null(r.gross_margin)},
      {"revenue_total", r.revenue_total},
      {"revenue_lost_total", r.revenue_lost_total},
      {"capex_total", r.capex_total},
      {"tokens_total", r.tokens_total},
      {"unserved_tokens_total", r.unserved_tokens_total},
      {"fleet",
       {{"gpus_peak", f.gpus_peak},
        {"gpus_owned_peak", f.gpus_owned_peak},
        {"gpus_rented_peak", f.gpus_rented_peak},
        {"servers_bought", f.servers_bought},
        {"mean_utilisation", f.mean_utilisation},
        {"model", f.model},
        {"gpu", f.gpu},
        {"gpus_per_replica", f.gpus_per_replica},
        {"requests_per_s_per_replica", f.requests_per_s_per_replica},
        {"procurement", f.procurement},
        {"sizing", f.sizing},
        {"calibration", f.calibration}}},
      {"warnings", econ::result_warnings(r)},
  };
}

// The consumer model's headline figures, pools and tiers (results with r.consumer only).
void add_consumer(nlohmann::json& j, const econ::EconResult& r, bool monthly) {
  j["ebitda_breakeven_month"] = or_null(r.ebitda_breakeven_month);
  j["funding_need"] = r.funding_need;
  j["funding_need_month"] = or_null(r.funding_need_month);
  nlohmann::json pools = nlohmann::json::array();
  for (const econ::PoolResult& p : r.pools) {
    nlohmann::json o = {{"model", p.model},         {"gpu", p.gpu},
                        {"gpus_per_replica", p.gpus_per_replica}, {"gpus_peak", p.gpus_peak},
                        {"tokens_total", p.tokens_total}, {"serving_cost_total", p.serving_cost_total},
                        {"cost_per_mtok", p.cost_per_mtok}};
    if (monthly) {
      nlohmann::json months = nlohmann::json::array();
      for (std::size_t m = 0; m < p.monthly.size(); ++m) {
        const econ::PoolMonth& x = p.monthly[m];
        months.push_back({{"month", m + 1},
                          {"gpus", x.gpus},
                          {"gpus_owned", x.gpus_owned},
                          {"gpus_rented", x.gpus_rented},
                          {"gpus_needed", x.gpus_needed},
                          {"utilisation", x.utilisation},
                          {"unserved_share", x.unserved_share},
                          {"tokens", x.tokens},
                          {"capex", x.capex},
                          {"depreciation", x.depreciation},
                          {"power", x.power},
                          {"facility", x.facility},
                          {"rental", x.rental},
                          {"serving_cost", x.serving_cost}});
      }
      o["monthly"] = std::move(months);
    }
    pools.push_back(std::move(o));
  }
  j["pools"] = std::move(pools);
  nlohmann::json tiers = nlohmann::json::array();
  for (const econ::TierResult& t : r.tiers) {
    nlohmann::json by_model = nlohmann::json::object();
    for (const auto& [model, tokens] : t.tokens_by_model) by_model[model] = tokens;
    tiers.push_back({{"name", t.name},
                     {"users_end", t.users_end},
                     {"requests_total", t.requests_total},
                     {"tokens_total", t.tokens_total},
                     {"tokens_by_model", std::move(by_model)},
                     {"revenue_total", t.revenue_total},
                     {"marketing_total", t.marketing_total},
                     {"serving_cost_total", t.serving_cost_total},
                     {"cost_per_mtok", t.cost_per_mtok},
                     {"tpot_visible_s", t.tpot_visible_s},
                     {"ttft_visible_s", t.ttft_visible_s}});
  }
  j["tiers"] = std::move(tiers);
}

}  // namespace

nlohmann::json results_json(const Scenario& s, const econ::EconResult& r) {
  nlohmann::json j = summary(r);
  j["description"] = s.description;
  j["assumptions"] = assumptions_json(s);
  nlohmann::json months = nlohmann::json::array();
  for (const MonthRow& m : r.monthly) {
    nlohmann::json row = {{"month", m.month}};
    for (const auto& [name, field] : monthly_columns()) row[name] = m.*field;
    if (r.consumer)
      for (const auto& [name, field] : consumer_monthly_columns()) row[name] = m.*field;
    months.push_back(std::move(row));
  }
  j["monthly"] = std::move(months);
  if (r.consumer) add_consumer(j, r, true);
  return j;
}

nlohmann::json compare_json(std::span<const econ::EconResult> results) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : results) {
    list.push_back(summary(r));
    if (r.consumer) add_consumer(list.back(), r, false);
  }
  return {{"scenarios", std::move(list)}};
}

}  // namespace hippo::report
