// NPV and IRR of a series of cash flows, each at the end of its period.
#include <cmath>
#include <cstdio>

#include "hippo/economics.hpp"

namespace hippo::econ {

double npv(std::span<const double> cash_flows, double rate_per_period) {
  // Multiply by the one-period factor instead of calling pow per period: IRR calls this ~100 times.
  const double step = 1.0 / (1.0 + rate_per_period);
  double factor = step, sum = 0;
  for (double cf : cash_flows) {
    sum += cf * factor;
    factor *= step;
  }
  return sum;
}

std::optional<double> irr(std::span<const double> cash_flows) {
  bool positive = false, negative = false;
  for (double cf : cash_flows) {
    positive |= cf > 0;
    negative |= cf < 0;
  }
  if (!positive || !negative) return std::nullopt;  // no rate makes the sum zero
  // Scan rates upward from −99.9 % for the first sign change of the NPV, then bisect: with one sign
  // change in the flows there is one root; with several, this returns the lowest.
  static constexpr double kGrid[] = {-0.999, -0.99, -0.95, -0.9, -0.8, -0.6, -0.4, -0.2, -0.1, -0.05, -0.02,
                                     -0.01,  0.0,   0.005, 0.01, 0.02, 0.05, 0.1,  0.2,  0.5,  1.0,   2.0,
                                     5.0,    10.0,  100.0, 1e4};
  double lo = kGrid[0], f_lo = npv(cash_flows, lo);
  for (std::size_t i = 1; i < std::size(kGrid); ++i) {
    const double hi = kGrid[i], f_hi = npv(cash_flows, hi);
    if (f_lo == 0) return lo;
    if ((f_lo < 0) != (f_hi < 0) || f_hi == 0) {
      double a = lo, b = hi, fa = f_lo;
      for (int it = 0; it < 200 && b - a > 1e-15 * (1 + std::fabs(a)); ++it) {
        const double mid = 0.5 * (a + b), fm = npv(cash_flows, mid);
        if (fm == 0) return mid;
        if ((fm < 0) == (fa < 0)) {
          a = mid;
          fa = fm;
        } else {
          b = mid;
        }
      }
      return 0.5 * (a + b);
    }
    lo = hi;
    f_lo = f_hi;
  }
  return std::nullopt;
}

std::vector<std::string> result_warnings(const EconResult& r) {
  std::vector<std::string> out;
  char buf[400];
  const double end = r.monthly.empty() ? 0 : r.monthly.back().cumulative_cash;
  if (r.cash_sign_changes > 1) {
    std::snprintf(buf, sizeof buf,
                  "the monthly cash flow changes sign %d times: the IRR is one of several rates that make the NPV zero, "
                  "and payback may not last (cumulative cash at the end: %.4g %s)",
                  r.cash_sign_changes, end, r.currency.c_str());
    out.emplace_back(buf);
  }
  if (r.payback_month && end < 0) {
    std::snprintf(buf, sizeof buf, "payback in month %d does not last: the cumulative cash is negative again by the end (%.4g %s)",
                  *r.payback_month, end, r.currency.c_str());
    out.emplace_back(buf);
  }
  if (r.tokens_total <= 0)
    out.emplace_back("no tokens are served over the horizon: cost per million tokens and gross margin have no meaning");
  if (!r.fleet.calibration_warning.empty()) out.push_back(r.fleet.calibration_warning);
  if (!r.fleet.sizing_warning.empty()) out.push_back(r.fleet.sizing_warning);
  return out;
}

double monthly_rate(double annual) { return std::pow(1.0 + annual, 1.0 / 12.0) - 1.0; }
double annual_rate(double monthly) { return std::pow(1.0 + monthly, 12.0) - 1.0; }

}  // namespace hippo::econ
