// Fast access to numeric scenario keys for the Monte Carlo loop: resolved once to a pointer into
// one working scenario, so a sample sets its inputs without a name lookup per draw.
#pragma once
#include <cstdint>
#include <string>

#include "hippo/scenario.hpp"

namespace hippo::uncertainty {

class NumberRef {
 public:
  NumberRef(Scenario& s, const std::string& key);  // InputError for a key that is not numeric
  bool integer() const { return number_ == nullptr; }
  // Stores v (rounded to the nearest whole number for integer keys); no range check: the caller
  // has checked the bounds the values come from (check_uncertain_inputs).
  void set(double v) const;

 private:
  double* number_ = nullptr;
  int* integer_ = nullptr;
  std::uint64_t* unsigned_ = nullptr;
};

}  // namespace hippo::uncertainty
