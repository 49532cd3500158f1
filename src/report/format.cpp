#include "report/format.hpp"

#include <array>
#include <cmath>
#include <cstdio>

#include "report/table.hpp"

namespace hippo::report {

namespace {

// Three significant digits, trailing zeros dropped: 1.234 -> "1.23", 4.5 -> "4.5", 120 -> "120".
std::string three_significant(double x) {
  const int decimals = x >= 100 ? 0 : x >= 10 ? 1 : 2;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

// |value| in compact form, without sign.
std::string compact_magnitude(double magnitude) {
  static constexpr std::array<const char*, 5> kSuffix = {"", "K", "M", "B", "T"};
  if (std::round(magnitude) < 1000) return group_thousands(std::round(magnitude));
  std::size_t unit = 0;
  double scaled = magnitude;
  // Step up while the rounded figure would reach 1000 ("999.96K" shows as "1M").
  while (unit + 1 < kSuffix.size() && std::stod(three_significant(scaled)) >= 1000) {
    scaled /= 1000;
    ++unit;
  }
  if (unit + 1 == kSuffix.size() && scaled >= 1000) return group_thousands(scaled) + kSuffix[unit];
  return three_significant(scaled) + kSuffix[unit];
}

// A minus sign only when the shown figure is not zero ("-$0" would be noise).
bool shows_negative(double value, const std::string& magnitude) {
  return value < 0 && magnitude.find_first_of("123456789") != std::string::npos;
}

std::string with_currency(double value, const std::string& magnitude, const std::string& currency) {
  const std::string sign = shows_negative(value, magnitude) ? "-" : "";
  const std::string symbol = currency_symbol(currency);
  if (!symbol.empty()) return sign + symbol + magnitude;
  return sign + magnitude + " " + currency;
}

}  // namespace

std::string currency_symbol(const std::string& currency) {
  if (currency == "USD") return "$";
  if (currency == "KRW") return "\u20A9";
  return "";
}

std::string format_money(double amount, const std::string& currency, int decimals) {
  return with_currency(amount, group_thousands(std::fabs(amount), decimals), currency);
}

std::string format_money_compact(double amount, const std::string& currency) {
  return with_currency(amount, compact_magnitude(std::fabs(amount)), currency);
}

std::string format_compact(double value) {
  const std::string magnitude = compact_magnitude(std::fabs(value));
  return (shows_negative(value, magnitude) ? "-" : "") + magnitude;
}

std::string format_percent(double fraction, int decimals) {
  return group_thousands(fraction * 100, decimals) + "%";
}

std::string format_month(std::optional<int> month) {
  return month ? "month " + std::to_string(*month) : "never";
}

}  // namespace hippo::report
