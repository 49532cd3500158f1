#include "uncertainty/json.hpp"

namespace hippo::uncertainty {

namespace {

using json = nlohmann::ordered_json;

template <class T>
json optional_json(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json quantiles_json(const Quantiles& q) { return {{"p10", q.p10}, {"p50", q.p50}, {"p90", q.p90}, {"mean", q.mean}}; }

}  // namespace

json outcome_json(const Outcome& o) {
  return {{"npv", o.npv},
          {"irr_annual", optional_json(o.irr_annual)},
          {"breakeven_month", optional_json(o.breakeven_month)},
          {"payback_month", optional_json(o.payback_month)},
          {"cost_per_mtok", o.cost_per_mtok},
          {"gpus_peak", o.gpus_peak}};
}

json to_json(const MonteCarloResult& r, const std::string& currency) {
  json j;
  j["scenario"] = r.scenario;
  j["currency"] = currency;
  j["seed"] = r.seed;
  j["samples"] = r.samples;
  j["inputs"] = r.inputs;
  j["npv"] = quantiles_json(r.npv);
  j["irr_annual"] = r.irr_annual ? quantiles_json(*r.irr_annual)
                                 : json{{"p10", nullptr}, {"p50", nullptr}, {"p90", nullptr}, {"mean", nullptr}};
  j["irr_defined_samples"] = r.irr_defined;
  j["cumulative_cash"] = json::array();
  for (const auto& q : r.cumulative_cash) j["cumulative_cash"].push_back(quantiles_json(q));
  j["breakeven_probability_by_month"] = r.breakeven_probability_by_month;
  j["payback_probability_by_month"] = r.payback_probability_by_month;
  j["quantile_relative_accuracy"] = kSketchAccuracy;
  return j;
}

json to_json(const SensitivityResult& r, const std::string& currency) {
  json j;
  j["scenario"] = r.scenario;
  j["currency"] = currency;
  j["base"] = outcome_json(r.base);
  j["tornado"] = json::array();
  for (const auto& row : r.rows) {
    json t{{"key", row.swing.key},     {"source", row.swing.source}, {"base", row.swing.base},
           {"low", row.swing.low},     {"high", row.swing.high},     {"npv_low", row.at_low.npv},
           {"npv_high", row.at_high.npv}, {"npv_swing", row.npv_swing},
           {"breakeven_month_low", optional_json(row.at_low.breakeven_month)},
           {"breakeven_month_high", optional_json(row.at_high.breakeven_month)},
           {"payback_month_low", optional_json(row.at_low.payback_month)},
           {"payback_month_high", optional_json(row.at_high.payback_month)}};
    j["tornado"].push_back(std::move(t));
  }
  j["skipped"] = r.skipped;
  return j;
}

json sweep_json(const Scenario& base, const std::vector<SweepAxis>& axes, const std::vector<Outcome>& points) {
  json j;
  j["scenario"] = base.name;
  j["currency"] = base.currency;
  j["keys"] = json::array();
  for (const auto& a : axes) j["keys"].push_back(a.key);
  j["points"] = json::array();
  for (std::size_t i = 0; i < points.size(); ++i) {
    json inputs = json::object();
    for (const auto& st : grid_point(axes, static_cast<std::int64_t>(i)))
      inputs[st.key] = st.numeric ? json(st.number) : json(st.text);
    json p{{"inputs", std::move(inputs)}};
    p.update(outcome_json(points[i]));
    j["points"].push_back(std::move(p));
  }
  return j;
}

}  // namespace hippo::uncertainty
