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

}  // namespace

nlohmann::json results_json(const Scenario& s, const econ::EconResult& r) {
  nlohmann::json j = summary(r);
  j["description"] = s.description;
  j["assumptions"] = assumptions_json(s);
  nlohmann::json months = nlohmann::json::array();
  for (const MonthRow& m : r.monthly) {
    nlohmann::json row = {{"month", m.month}};
    for (const auto& [name, field] : monthly_columns()) row[name] = m.*field;
    months.push_back(std::move(row));
  }
  j["monthly"] = std::move(months);
  return j;
}

nlohmann::json compare_json(std::span<const econ::EconResult> results) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : results) list.push_back(summary(r));
  return {{"scenarios", std::move(list)}};
}

}  // namespace hippo::report
