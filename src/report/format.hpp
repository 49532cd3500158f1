// Numbers for people: money in the scenario's currency, percentages, months, large counts.
// Used by the terminal summary and the HTML report, so both say the same thing.
#pragma once
#include <optional>
#include <string>

namespace hippo::report {

// The symbol written before an amount ("$" for USD, "₩" for KRW), or "" for currencies shown by
// their ISO code after the amount.
std::string currency_symbol(const std::string& currency);

// Whole units with thousands separators: format_money(1234567.8, "USD") == "$1,234,568",
// KRW "₩1,234,568", other codes "1,234,568 EUR"; negative amounts "-$1,234,568".
// `decimals` for unit prices: format_money(0.456, "USD", 2) == "$0.46".
std::string format_money(double amount, const std::string& currency, int decimals = 0);

// Three significant digits with a K/M/B/T suffix for summaries: "$1.23M", "$4.5B", "₩1.2T",
// "-$950", "12.3M EUR". Amounts under a thousand are whole units.
std::string format_money_compact(double amount, const std::string& currency);

// A count in the same compact style without currency: "1.23M", "45K", "950".
std::string format_compact(double value);

// A fraction as a percentage: format_percent(0.1234) == "12.3%", format_percent(-0.05, 0) == "-5%".
std::string format_percent(double fraction, int decimals = 1);

// "month 17", or "never" when there is no such month.
std::string format_month(std::optional<int> month);

}  // namespace hippo::report
