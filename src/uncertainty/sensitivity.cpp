// One-at-a-time sensitivity: each input moved to its low and then its high value with every other
// input at its base value; ranked by the NPV swing (a tornado).
#include <algorithm>
#include <cmath>

#include "hippo/uncertainty.hpp"

namespace hippo::uncertainty {

namespace {

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

Outcome scalars_only(Outcome o) {
  o.cumulative_cash.clear();
  return o;
}

// Months by which break-even moves between low and high; "never" counts as one month past the end.
int breakeven_shift(const SensitivityRow& r, int horizon) {
  const int lo = r.at_low.breakeven_month.value_or(horizon + 1), hi = r.at_high.breakeven_month.value_or(horizon + 1);
  return std::abs(hi - lo);
}

}  // namespace

std::vector<Swing> uncertain_swings(const Scenario& s) {
  check_uncertain_inputs(s);
  std::vector<Swing> out;
  for (const auto& u : s.uncertain) out.push_back({u.key, get_scenario_number(s, u.key), u.dist.low, u.dist.high, u.source});
  return out;
}

std::vector<Swing> numeric_swings(const Scenario& s, const Catalog& catalog, double fraction, std::vector<std::string>& skipped,
                                  const Evaluator& eval) {
  std::vector<Swing> out;
  const auto replaced = keys_replaced_by_tiers(s);
  for (const auto& k : scenario_keys_of(s)) {  // with each tier's fields, under their own names
    if (!k.numeric() || k.key == "seed") continue;  // the seed is not an assumption
    // A tiered scenario's tiers replace some flat keys (moving one changes nothing), and its
    // horizon is the span it models, not one of its inputs: neither belongs in its tornado.
    const auto by = std::find_if(replaced.begin(), replaced.end(), [&](const auto& r) { return r.first == k.key; });
    if (by != replaced.end()) {
      skipped.push_back(k.key + ": replaced by " + by->second);
      continue;
    }
    if (!s.demand.tiers.empty() && k.key == "horizon_months") {
      skipped.push_back(k.key + ": the span a tiered scenario models, not one of its inputs");
      continue;
    }
    const double v = get_scenario_number(s, k.key);
    double low = std::clamp(v * (1 - fraction), k.min, k.max), high = std::clamp(v * (1 + fraction), k.min, k.max);
    if (v < 0) std::swap(low, high);
    if (k.type == "integer") {
      low = std::round(low);
      high = std::round(high);
    }
    if (low == v && high == v) {
      skipped.push_back(k.key + ": does not move at ±" + fmt(fraction * 100) + "% (value " + fmt(v) + ")");
      continue;
    }
    try {
      for (double x : {low, high}) {
        Scenario moved = s;
        set_scenario_number(moved, k.key, x, {s.file, 0, k.key});
        validate_scenario(moved, catalog);
        if (eval) eval(moved);  // cheap: the evaluator caches capacity per deployment
      }
    } catch (const InputError& e) {
      skipped.push_back(k.key + ": " + e.what());
      continue;
    }
    const auto src = s.sources.find(k.key);
    out.push_back({k.key, v, low, high, src == s.sources.end() ? "" : src->second});
  }
  return out;
}

std::vector<Outcome> run_cases(const Scenario& base, const std::vector<Swing>& swings, Range range, const Evaluator& eval,
                               const Progress& progress) {
  std::vector<Outcome> out;
  for (std::int64_t c = range.begin; c < range.end; ++c) {
    const Swing& sw = swings[static_cast<std::size_t>(c / 2)];
    Scenario moved = base;  // a fresh copy: some keys have side effects (finance.cash_floor sets a flag)
    set_scenario_number(moved, sw.key, c % 2 == 0 ? sw.low : sw.high, {base.file, 0, sw.key});
    out.push_back(scalars_only(eval(moved)));
    if (progress) progress(c + 1 - range.begin, range.end - range.begin);
  }
  return out;
}

SensitivityResult rank_sensitivity(const Scenario& base, const Outcome& base_outcome, const std::vector<Swing>& swings,
                                   const std::vector<Outcome>& outcomes) {
  SensitivityResult r;
  r.scenario = base.name;
  r.base = scalars_only(base_outcome);
  for (std::size_t k = 0; k < swings.size(); ++k) {
    SensitivityRow row{swings[k], outcomes[2 * k], outcomes[2 * k + 1], 0};
    row.npv_swing = std::fabs(row.at_high.npv - row.at_low.npv);
    r.rows.push_back(std::move(row));
  }
  const int h = base.horizon_months;
  std::stable_sort(r.rows.begin(), r.rows.end(), [h](const SensitivityRow& a, const SensitivityRow& b) {
    if (a.npv_swing != b.npv_swing) return a.npv_swing > b.npv_swing;
    if (breakeven_shift(a, h) != breakeven_shift(b, h)) return breakeven_shift(a, h) > breakeven_shift(b, h);
    return a.swing.key < b.swing.key;
  });
  return r;
}

}  // namespace hippo::uncertainty
