#include "report/uncertainty_text.hpp"

#include "report/format.hpp"
#include "report/table.hpp"
#include "util/number_text.hpp"

namespace hippo::report {

using namespace uncertainty;

std::string sensitivity_text(const Scenario& s, const SensitivityResult& r) {
  const std::string& cur = s.currency;
  auto num = [](double v) { return util::format_g(v); };
  std::string out = "Sensitivity of " + s.name + ": NPV " + format_money_compact(r.base.npv, cur) + ", break-even " +
                    format_month(r.base.breakeven_month) + " at the base values\n\n";
  Table t{{"#", "input", "low", "high", "NPV at low", "NPV at high", "swing", "break-even low → high", "payback low → high"},
          {},
          {true, false, true, true, true, true, true, false, false}};
  int rank = 0;
  for (const auto& row : r.rows)
    t.rows.push_back({std::to_string(++rank), row.swing.key, num(row.swing.low), num(row.swing.high),
                      format_money_compact(row.at_low.npv, cur), format_money_compact(row.at_high.npv, cur),
                      format_money_compact(row.npv_swing, cur),
                      format_month(row.at_low.breakeven_month) + " → " + format_month(row.at_high.breakeven_month),
                      format_month(row.at_low.payback_month) + " → " + format_month(row.at_high.payback_month)});
  out += t.render();
  if (!r.skipped.empty()) out += "\nNot moved: " + std::to_string(r.skipped.size()) + " inputs (see --json \"skipped\")\n";
  return out;
}

std::string montecarlo_text(const Scenario& s, const MonteCarloResult& r) {
  const std::string& cur = s.currency;
  std::string out = "Monte Carlo: " + s.name + ", " + group_thousands(static_cast<double>(r.samples)) + " samples, seed " +
                    std::to_string(r.seed) + ", " + std::to_string(r.inputs.size()) + " uncertain inputs\n\n";
  Table t{{"", "P10", "P50", "P90", "mean"}, {}, {false, true, true, true, true}};
  auto money = [&](const std::string& name, const Quantiles& q) {
    t.rows.push_back({name, format_money_compact(q.p10, cur), format_money_compact(q.p50, cur),
                      format_money_compact(q.p90, cur), format_money_compact(q.mean, cur)});
  };
  money("NPV", r.npv);
  if (r.irr_annual)
    t.rows.push_back({"IRR (annual)", format_percent(r.irr_annual->p10), format_percent(r.irr_annual->p50),
                      format_percent(r.irr_annual->p90), format_percent(r.irr_annual->mean)});
  const int h = static_cast<int>(r.cumulative_cash.size());
  for (int m = 12; m <= h; m += 12) money("cumulative cash, month " + std::to_string(m), r.cumulative_cash[m - 1]);
  out += t.render();
  if (r.irr_annual && r.irr_defined < r.samples)
    out += "(IRR defined in " + group_thousands(static_cast<double>(r.irr_defined)) + " samples)\n";
  out += "\nChance of having broken even (operating profit ≥ 0) by month:\n";
  Table p{{"month", "break-even", "payback"}, {}, {true, true, true}};
  for (int m = 12; m <= h; m += 12)
    p.rows.push_back({std::to_string(m), format_percent(r.breakeven_probability_by_month[m - 1]),
                      format_percent(r.payback_probability_by_month[m - 1])});
  return out + p.render();
}

}  // namespace hippo::report
