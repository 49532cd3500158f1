// The JSON documents of `hippo montecarlo`, `hippo sensitivity` and `hippo sweep` (keys in
// docs/uncertainty.md). The report builds the fan chart and the tornado from these.
#pragma once
#include <nlohmann/json.hpp>

#include "hippo/uncertainty.hpp"

namespace hippo::uncertainty {

nlohmann::ordered_json to_json(const MonteCarloResult& r, const std::string& currency);
nlohmann::ordered_json to_json(const SensitivityResult& r, const std::string& currency);
nlohmann::ordered_json outcome_json(const Outcome& o);  // the scalars

// The sweep's document, written piece by piece so that a sweep of millions of points is never held
// whole: head(), then point(i) for every grid index in order, then tail(). The bytes are those of
// nlohmann's dump() of the whole document {scenario, currency, keys, points: [{inputs: {key: value},
// npv, …}]}; each axis value's `"key":value` text is made once, by nlohmann.
class SweepJsonWriter {
 public:
  explicit SweepJsonWriter(const std::vector<SweepAxis>& axes);
  std::string head(const Scenario& base) const;
  // Appends point `index` (with its leading comma unless it is point 0) to `out`.
  void point(std::string& out, std::int64_t index, const Outcome& o) const;
  static std::string tail() { return "]}"; }
  // An upper bound on the bytes point() appends: every value at its longest, numbers 24 characters.
  std::int64_t max_point_bytes() const;

 private:
  std::vector<std::string> keys_;
  std::vector<std::vector<std::string>> inputs_;  // [axis][value]: `"key":value`
  std::vector<std::int64_t> strides_;             // grid points between two values of an axis
};

}  // namespace hippo::uncertainty
