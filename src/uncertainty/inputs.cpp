// Setting scenario keys by name: --set flags for sweeps, the bounds of uncertain inputs, and the
// pointers the Monte Carlo loop writes through. Numeric keys go through set_scenario_number
// (range-checked); text and choice keys through set_scenario_value, so a swept
// `service.gpu=h100-sxm,h200` is checked exactly as the same value in a file would be.
#include <charconv>
#include <cmath>

#include "hippo/uncertainty.hpp"
#include "uncertainty/inputs.hpp"

namespace hippo::uncertainty {

namespace {

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto end = text.find(sep, start);
    out.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

bool parse_double(const std::string& text, double& v) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  return ec == std::errc() && ptr == end && std::isfinite(v);
}

}  // namespace

NumberRef::NumberRef(Scenario& s, const std::string& key) {
  if (!scenario_key_or_throw(key, {s.file, 0, key}).numeric()) throw InputError({s.file, 0, key}, "expected a numeric key");
  const ScenarioNumberSlot slot = scenario_number_slot(s, key);
  number_ = slot.number;
  integer_ = slot.integer;
  unsigned_ = slot.unsigned_integer;
}

void NumberRef::set(double v) const {
  if (number_) *number_ = v;
  else if (integer_) *integer_ = static_cast<int>(std::lround(v));
  else *unsigned_ = static_cast<std::uint64_t>(std::llround(v));
}

std::vector<Setting> parse_set_flag(const std::string& flag) {
  const auto eq = flag.find('=');
  const std::string key = flag.substr(0, eq);
  const Location where{"axes", 0, key};
  if (eq == std::string::npos || eq + 1 == flag.size())
    throw InputError({"", 0, "axes"}, "expected key=v1,v2,…, got '" + flag + "'");
  const ScenarioKey& k = scenario_key_or_throw(key, {"", 0, "axes"});
  if (k.type == "list") throw InputError(where, "a list key cannot be swept; set it in the scenario file");
  // Length distributions contain commas ("lognormal:mean=800,cv=1"): their values are split on ';'.
  std::vector<Setting> out;
  for (const auto& text : split(flag.substr(eq + 1), k.type == "dist" ? ';' : ',')) {
    Setting st{key, text, 0, k.numeric()};
    if (text.empty()) throw InputError(where, "empty value in '" + flag + "'");
    if (st.numeric && !parse_double(text, st.number))
      throw InputError(where, "expected a number, got '" + text + "'");
    out.push_back(st);
  }
  return out;
}

void apply(Scenario& s, const Setting& st, const Location& where) {
  if (st.numeric) {
    set_scenario_number(s, st.key, st.number, where);
    return;
  }
  scenario_key_or_throw(st.key, where);
  set_scenario_value(s, st.key, st.text, where);
}

void check_uncertain_inputs(const Scenario& s) {
  for (const auto& u : s.uncertain) {
    if (u.key == "horizon_months")
      throw InputError({s.file, u.line, u.key}, "the horizon cannot be uncertain: every sample needs the same months");
    Scenario copy = s;
    set_scenario_number(copy, u.key, u.dist.low, {s.file, u.line, u.key + ".low"});
    set_scenario_number(copy, u.key, u.dist.high, {s.file, u.line, u.key + ".high"});
  }
}

}  // namespace hippo::uncertainty
