#include "util/number_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace hippo::util {

std::string number_text_problem(std::string& text, NumberKind kind) {
  const char* b = text.data();
  const char* e = b + text.size();
  const std::string got = ", got '" + text + "'";
  if (kind == NumberKind::real) {
    double v = 0;
    // from_chars reads no hex without being asked, no leading '+' and no spaces; it does read
    // "inf" and "nan", refused by the finiteness check.
    const auto r = std::from_chars(b, e, v, std::chars_format::general);
    if (b == e || r.ec == std::errc::invalid_argument || r.ptr != e || !std::isfinite(v))
      return "expected a decimal number such as 20, 1.5 or 2e3" + got;
    if (r.ec == std::errc::result_out_of_range) return "expected a number within ±1.8e308" + got;
    return "";
  }
  if (kind != NumberKind::real && text.find_first_of("eE.") != std::string::npos) {
    double v = 0;  // "1e7": a whole number in exponent form, exact below 2^53
    const auto r = std::from_chars(b, e, v, std::chars_format::general);
    if (r.ec == std::errc() && r.ptr == e && v == std::floor(v) && std::fabs(v) <= 9007199254740992.0 &&
        (v >= 0 || kind == NumberKind::integer)) {
      text = std::to_string(static_cast<std::int64_t>(v));
      return "";
    }
  }
  const bool digits_only = b != e && [&] {
    for (const char* p = (*b == '-' && kind == NumberKind::integer) ? b + 1 : b; p < e; ++p)
      if (*p < '0' || *p > '9') return false;
    return e - b > (*b == '-' ? 1 : 0);
  }();
  if (!digits_only)
    return std::string(kind == NumberKind::integer ? "expected a whole number in decimal digits"
                                                   : "expected a whole number ≥ 0 in decimal digits") +
           got;
  std::errc ec{};
  if (kind == NumberKind::integer) {
    std::int64_t v = 0;
    ec = std::from_chars(b, e, v).ec;
  } else {
    std::uint64_t v = 0;
    ec = std::from_chars(b, e, v).ec;
  }
  if (ec != std::errc())
    return kind == NumberKind::integer ? "expected a whole number within ±9223372036854775807" + got
                                       : "expected a whole number of at most 18446744073709551615" + got;
  const bool negative = *b == '-';
  const std::size_t first = text.find_first_not_of('0', negative ? 1 : 0);
  text = (negative ? "-" : "") + (first == std::string::npos ? std::string("0") : text.substr(first));
  if (text == "-0") text = "0";
  return "";
}

std::string format_g(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace hippo::util
