#include "uncertainty/json.hpp"

#include <algorithm>

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

SweepJsonWriter::SweepJsonWriter(const std::vector<SweepAxis>& axes) : strides_(axes.size(), 1) {
  for (const auto& a : axes) {
    keys_.push_back(a.key);
    auto& texts = inputs_.emplace_back();
    for (const auto& st : a.values)
      texts.push_back(json(st.key).dump() + ":" + (st.numeric ? json(st.number) : json(st.text)).dump());
  }
  for (std::size_t k = axes.size(); k-- > 1;)  // grid_point's order: the last axis varies fastest
    strides_[k - 1] = strides_[k] * static_cast<std::int64_t>(axes[k].values.size());
}

std::string SweepJsonWriter::head(const Scenario& base) const {
  json j;
  j["scenario"] = base.name;
  j["currency"] = base.currency;
  j["keys"] = keys_;
  std::string s = j.dump();
  s.pop_back();  // the closing brace
  return s + ",\"points\":[";
}

void SweepJsonWriter::point(std::string& out, std::int64_t index, const Outcome& o) const {
  if (index > 0) out += ',';
  out += "{\"inputs\":{";
  for (std::size_t k = 0; k < inputs_.size(); ++k) {
    if (k > 0) out += ',';
    const auto n = static_cast<std::int64_t>(inputs_[k].size());
    out += inputs_[k][static_cast<std::size_t>(index / strides_[k] % n)];
  }
  out += "},";
  out += outcome_json(o).dump().substr(1);  // {"npv":…} without its opening brace
}

std::int64_t SweepJsonWriter::max_point_bytes() const {
  // 24 characters, the most a double dumps to; months are at most 4 ("null" or up to 9999).
  constexpr double kLongest = -1.2345678901234567e-300;
  const Outcome widest{kLongest, kLongest, std::nullopt, std::nullopt, kLongest, kLongest, {}};
  // ,{"inputs":{…},"npv":…}: the comma, the inputs with their commas, and the outcome's dump.
  std::size_t bytes = 1 + std::string("{\"inputs\":{},").size() + outcome_json(widest).dump().size() - 1;
  for (const auto& texts : inputs_)
    bytes += 1 + std::max_element(texts.begin(), texts.end(), [](const auto& a, const auto& b) { return a.size() < b.size(); })->size();
  return static_cast<std::int64_t>(bytes);
}

}  // namespace hippo::uncertainty
