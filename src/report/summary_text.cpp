#include "report/summary_text.hpp"

#include <algorithm>
#include <cstdio>

#include "report/format.hpp"
#include "report/table.hpp"

namespace hippo::report {

namespace {

std::string irr_text(const econ::EconResult& r) {
  return r.irr_annual ? format_percent(*r.irr_annual) + " a year" : "undefined (cash never turns)";
}

std::string fleet_text(const econ::EconResult& r) {
  return group_thousands(r.fleet.gpus_peak) + " " + r.fleet.gpu + " GPUs";
}

std::string cost_per_mtok_text(const econ::EconResult& r) {
  return format_money(r.cost_per_mtok, r.currency, r.cost_per_mtok < 100 ? 2 : 0);
}

}  // namespace

std::string summary_text(const Scenario& s, const econ::EconResult& r) {
  const std::string& cur = r.currency;
  std::string out = "hippo: " + s.name + (s.description.empty() ? "" : " — " + s.description) + "\n";
  out += s.service.model + " (" + dtype_name(s.service.weights) + ") on " + s.service.gpu + ", " +
         std::to_string(r.fleet.gpus_per_replica) + " GPU(s) per replica serving " +
         group_thousands(r.fleet.requests_per_s_per_replica, 1) + " requests/s; fleet " + r.fleet.procurement +
         "; " + std::to_string(r.horizon_months) + " months in " + cur + "\n\n";

  Table t;
  t.header = {"Result", "Value"};
  t.right_align = {false, true};
  char rate[32];
  std::snprintf(rate, sizeof rate, "%g", s.finance.discount_rate_annual * 100);
  t.rows = {
      {"Break-even (first month with operating profit >= 0)", format_month(r.breakeven_month)},
      {"Payback (first month the cumulative cash is >= 0)", format_month(r.payback_month)},
      {"NPV at " + std::string(rate) + "% a year", format_money(r.npv, cur)},
      {"IRR", irr_text(r)},
      {"Peak fleet", fleet_text(r)},
      {"Cost per million tokens served", cost_per_mtok_text(r)},
      {"Gross margin (serving cost only)", r.gross_margin ? format_percent(*r.gross_margin) : "no revenue"},
      {"Revenue, whole horizon", format_money(r.revenue_total, cur)},
      {"Capex, whole horizon", format_money(r.capex_total, cur)},
  };
  if (r.unserved_tokens_total > 0) {
    const double share = r.unserved_tokens_total / (r.tokens_total + r.unserved_tokens_total);
    t.rows.push_back({"Demand not served (finance limits)", format_percent(share)});
    t.rows.push_back({"Revenue lost with it", format_money(r.revenue_lost_total, cur)});
  }
  out += t.render();
  for (const auto& w : econ::result_warnings(r)) out += "Warning: " + w + "\n";

  // A year-by-year view: the shape of the curve behind the figures above.
  Table y;
  y.header = {"Year", "Users (end)", "GPUs (end)", "Revenue", "Op. profit", "Cumulative cash"};
  y.right_align = {false, true, true, true, true, true};
  for (int start = 0; start < r.horizon_months; start += 12) {
    const int end = std::min(r.horizon_months, start + 12);
    double revenue = 0, profit = 0;
    for (int m = start; m < end; ++m) {
      revenue += r.monthly[m].revenue;
      profit += r.monthly[m].operating_profit;
    }
    const auto& last = r.monthly[end - 1];
    y.rows.push_back({std::to_string(start / 12 + 1), format_compact(last.users), group_thousands(last.gpus),
                      format_money_compact(revenue, cur), format_money_compact(profit, cur),
                      format_money_compact(last.cumulative_cash, cur)});
  }
  out += "\n" + y.render();
  return out;
}

std::string compare_text(std::span<const econ::EconResult> results) {
  Table t;
  t.header = {""};
  t.right_align = {false};
  for (const auto& r : results) {
    t.header.push_back(r.scenario);
    t.right_align.push_back(true);
  }
  auto row = [&](const std::string& name, auto cell) {
    std::vector<std::string> cells = {name};
    for (const auto& r : results) cells.push_back(cell(r));
    t.rows.push_back(std::move(cells));
  };
  using R = const econ::EconResult&;
  row("Break-even", [](R r) { return format_month(r.breakeven_month); });
  row("Payback", [](R r) { return format_month(r.payback_month); });
  row("NPV", [](R r) { return format_money(r.npv, r.currency); });
  row("IRR (a year)", [](R r) { return r.irr_annual ? format_percent(*r.irr_annual) : std::string("undefined"); });
  row("Peak GPUs", [](R r) { return group_thousands(r.fleet.gpus_peak); });
  row("GPU, model", [](R r) { return r.fleet.gpu + ", " + r.fleet.model; });
  row("Cost per Mtok", [](R r) { return cost_per_mtok_text(r); });
  row("Gross margin", [](R r) { return r.gross_margin ? format_percent(*r.gross_margin) : std::string("-"); });
  row("Capex, whole horizon", [](R r) { return format_money_compact(r.capex_total, r.currency); });
  row("Revenue lost (unserved)", [](R r) { return format_money_compact(r.revenue_lost_total, r.currency); });
  std::string out = t.render();
  for (const auto& r : results)
    for (const auto& w : econ::result_warnings(r)) out += "Warning (" + r.scenario + "): " + w + "\n";
  return out;
}

}  // namespace hippo::report
