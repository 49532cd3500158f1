// Terminal formatting: exact text for money, compact money, percentages, months and tables.
#include <gtest/gtest.h>

#include "report/format.hpp"
#include "report/table.hpp"

namespace hippo::report {
namespace {

TEST(FormatMoney, UsdWithSymbolAndSeparators) {
  EXPECT_EQ(format_money(1234567.8, "USD"), "$1,234,568");
  EXPECT_EQ(format_money(999.4, "USD"), "$999");
  EXPECT_EQ(format_money(0, "USD"), "$0");
  EXPECT_EQ(format_money(-1234567.8, "USD"), "-$1,234,568");
  EXPECT_EQ(format_money(-0.3, "USD"), "$0");  // rounds to zero: no sign
}

TEST(FormatMoney, KrwSymbolAndOtherCodesAfter) {
  EXPECT_EQ(format_money(1234567.8, "KRW"), "\u20A91,234,568");
  EXPECT_EQ(format_money(1234567.8, "EUR"), "1,234,568 EUR");
  EXPECT_EQ(format_money(-42, "JPY"), "-42 JPY");
}

TEST(FormatMoney, DecimalsForUnitPrices) {
  EXPECT_EQ(format_money(0.456, "USD", 2), "$0.46");
  EXPECT_EQ(format_money(1234.5, "KRW", 1), "\u20A91,234.5");
  EXPECT_EQ(format_money(-0.004, "USD", 2), "$0.00");
}

TEST(FormatMoneyCompact, ThreeSignificantDigitsWithSuffix) {
  EXPECT_EQ(format_money_compact(1234567.8, "USD"), "$1.23M");
  EXPECT_EQ(format_money_compact(4.5e9, "USD"), "$4.5B");
  EXPECT_EQ(format_money_compact(1.2e12, "KRW"), "\u20A91.2T");
  EXPECT_EQ(format_money_compact(950.2, "USD"), "$950");
  EXPECT_EQ(format_money_compact(12345, "USD"), "$12.3K");
  EXPECT_EQ(format_money_compact(123456, "USD"), "$123K");
  EXPECT_EQ(format_money_compact(-2.5e6, "USD"), "-$2.5M");
  EXPECT_EQ(format_money_compact(12.3e6, "EUR"), "12.3M EUR");
  EXPECT_EQ(format_money_compact(3e15, "USD"), "$3,000T");
}

TEST(FormatMoneyCompact, RoundingCarriesIntoTheNextUnit) {
  EXPECT_EQ(format_money_compact(999.6, "USD"), "$1K");
  EXPECT_EQ(format_money_compact(999960, "USD"), "$1M");
  EXPECT_EQ(format_money_compact(999400, "USD"), "$999K");
}

TEST(FormatCompact, CountsWithoutCurrency) {
  EXPECT_EQ(format_compact(10e6), "10M");
  EXPECT_EQ(format_compact(45000), "45K");
  EXPECT_EQ(format_compact(1.5e12), "1.5T");
  EXPECT_EQ(format_compact(-7), "-7");
}

TEST(FormatPercent, OneDecimalByDefault) {
  EXPECT_EQ(format_percent(0.1234), "12.3%");
  EXPECT_EQ(format_percent(-0.05, 0), "-5%");
  EXPECT_EQ(format_percent(0.6, 0), "60%");
  EXPECT_EQ(format_percent(12.5), "1,250.0%");
}

TEST(FormatMonth, MonthOrNever) {
  EXPECT_EQ(format_month(17), "month 17");
  EXPECT_EQ(format_month(std::nullopt), "never");
}

TEST(FormatTable, MoneyColumnsAlignRight) {
  Table t{{"scenario", "NPV"}, {{"capex race", format_money(-1234567.8, "USD")}, {"balanced", format_money(98765, "USD")}},
          {false, true}};
  EXPECT_EQ(t.render(),
            "scenario            NPV\n"
            "-----------------------\n"
            "capex race  -$1,234,568\n"
            "balanced        $98,765\n");
}

TEST(FormatTable, KrwSymbolCountsAsOneColumn) {
  Table t{{"x", "cost"}, {{"a", format_money(1000, "KRW")}, {"b", format_money(5, "KRW")}}, {false, true}};
  EXPECT_EQ(t.render(),
            "x    cost\n"
            "---------\n"
            "a  \u20A91,000\n"
            "b      \u20A95\n");
}

}  // namespace
}  // namespace hippo::report
