// The rows `--db` stores for a sensitivity or Monte Carlo run (tables in docs/uncertainty.md),
// from the run's result alone (moved from src/cli).
#include <cstdio>

#include "uncertainty/database.hpp"
#include "util/number_text.hpp"

namespace hippo::uncertainty {

void add_sensitivity_rows(ResultsDb& db, const Scenario& s, const std::vector<Swing>& swings, const Outcome& base,
                          const std::vector<Outcome>& cases, const Progress& progress) {
  const auto n = static_cast<std::int64_t>(cases.size());
  db.begin_run({"sensitivity", s.name, s.file, std::nullopt, n});
  db.add_sample(-1, {}, base);  // the base case: every input at its value
  for (std::int64_t c = 0; c < n; ++c) {
    const Swing& sw = swings[static_cast<std::size_t>(c / 2)];
    const double v = c % 2 == 0 ? sw.low : sw.high;
    db.add_sample(c, {{sw.key, util::format_g(v), v, true}}, cases[static_cast<std::size_t>(c)]);
    if (progress) progress(c + 1, n);
  }
}

void add_montecarlo_rows(ResultsDb& db, const Scenario& s, const MonteCarloResult& r, const Progress& progress) {
  db.begin_run({"montecarlo", s.name, s.file, r.seed, r.samples});
  std::vector<Setting> inputs(s.uncertain.size());
  std::int64_t done = 0;
  for (const auto& row : r.rows) {
    for (std::size_t j = 0; j < inputs.size(); ++j) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", row.inputs[j]);  // exact: the value read back is the one drawn
      inputs[j] = {s.uncertain[j].key, buf, row.inputs[j], true};
    }
    db.add_sample(row.index, inputs, row.outcome);
    if (progress) progress(++done, static_cast<std::int64_t>(r.rows.size()));
  }
  db.add_quantiles("npv", 0, r.npv);
  if (r.irr_annual) db.add_quantiles("irr_annual", 0, *r.irr_annual);
  for (std::size_t m = 0; m < r.cumulative_cash.size(); ++m)
    db.add_quantiles("cumulative_cash", static_cast<int>(m + 1), r.cumulative_cash[m]);
}

}  // namespace hippo::uncertainty
