#include "report/xlsx_report.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <functional>
#include <map>
#include <new>
#include <set>
#include <stdexcept>

#include "hippo/errors.hpp"
#include "hippo/report.hpp"
#include "report/format.hpp"

namespace hippo::report {

namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

// The workbook's creation time (docProps/core.xml): fixed, so that the same results give the same
// bytes; libxlsxwriter would otherwise stamp the time of the run. 2026-01-01T00:00:00Z.
constexpr std::time_t kCreated = 1767225600;
constexpr std::size_t kMaxCellText = 32767;  // Excel's limit on the characters of a cell
constexpr double kColumnWidth = 14, kLabelWidth = 36;

// How a cell's number is shown.
enum class Kind { text, money, price, count, decimal, fraction, month };

// A unit as the documents write it ("currency/Mtok", the schema's convention) in the scenario's
// currency ("USD/Mtok").
std::string unit_text(const std::string& unit, const std::string& currency) {
  if (unit.rfind("currency", 0) == 0) return currency + unit.substr(8);
  return unit;
}

std::string text_of(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.is_null() ? "" : v.dump();
}

// At most Excel's limit, cut between UTF-8 characters.
std::string cell_text(std::string s) {
  if (s.size() <= kMaxCellText) return s;
  std::size_t n = kMaxCellText;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  s.resize(n);
  return s;
}

// One workbook being written; freed (nothing written) unless close() is reached.
class Book {
 public:
  Book(const fs::path& file, const std::string& title) : file_(file) {
    // libxlsxwriter's scratch files go beside the workbook, where the caller chose to write.
    tmpdir_ = file.has_parent_path() ? file.parent_path().string() : std::string(".");
    lxw_workbook_options options{};
    options.tmpdir = tmpdir_.data();
    book_ = workbook_new_opt(file.string().c_str(), &options);
    if (!book_) throw std::bad_alloc();  // workbook_new_opt fails only on memory
    title_ = cell_text(title);
    author_ = "hippo";
    lxw_doc_properties properties{};
    properties.title = title_.data();
    properties.author = author_.data();
    properties.created = kCreated;
    check(workbook_set_properties(book_, &properties));
  }
  Book(const Book&) = delete;
  Book& operator=(const Book&) = delete;
  ~Book() {
    if (book_) lxw_workbook_free(book_);
  }

  void check(lxw_error e) const {
    if (e != LXW_NO_ERROR) throw InputError({file_.string(), 0, ""}, std::string("cannot write file: ") + lxw_strerror(e));
  }

  lxw_worksheet* sheet(const std::string& name) {
    lxw_worksheet* ws = workbook_add_worksheet(book_, name.c_str());
    if (!ws) throw std::logic_error("libxlsxwriter refused sheet name '" + name + "'");  // sheet_names makes them valid
    return ws;
  }

  lxw_format* bold() {
    if (!bold_) {
      bold_ = workbook_add_format(book_);
      format_set_bold(bold_);
    }
    return bold_;
  }

  // The format of `kind` in `currency` (null: General).
  lxw_format* format(Kind kind, const std::string& currency) {
    std::string code;
    switch (kind) {
      case Kind::text: return nullptr;
      case Kind::money: code = money_format(currency, false); break;
      case Kind::price: code = money_format(currency, true); break;
      case Kind::count: code = "#,##0"; break;
      case Kind::decimal: code = "#,##0.00"; break;
      case Kind::fraction: code = "0.0%"; break;
      case Kind::month: code = "0"; break;
    }
    auto [it, added] = formats_.try_emplace(code, nullptr);
    if (added) {
      it->second = workbook_add_format(book_);
      format_set_num_format(it->second, code.c_str());
    }
    return it->second;
  }

  void close() {
    lxw_workbook* b = book_;
    book_ = nullptr;
    check(workbook_close(b));  // frees it whatever the outcome
  }

 private:
  fs::path file_;
  std::string tmpdir_, title_, author_;
  lxw_workbook* book_ = nullptr;
  lxw_format* bold_ = nullptr;
  std::map<std::string, lxw_format*> formats_;
};

// Cell writing with every status checked.
struct Sheet {
  Book& book;
  lxw_worksheet* ws;

  void text(int row, int col, const std::string& s, lxw_format* f = nullptr) {
    if (s.empty()) return;
    book.check(worksheet_write_string(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), cell_text(s).c_str(), f));
  }
  void number(int row, int col, double v, lxw_format* f) {
    if (!std::isfinite(v)) return;  // JSON has no such numbers; a blank cell, as results.json's null
    book.check(worksheet_write_number(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), v, f));
  }
  // A document value: a number in its format, text as text, null as `when_null`.
  void value(int row, int col, const json& v, Kind kind, const std::string& currency, const std::string& when_null = "") {
    if (v.is_number() && kind != Kind::text) return number(row, col, v.get<double>(), book.format(kind, currency));
    if (v.is_null()) return text(row, col, when_null);
    if (v.is_boolean()) return text(row, col, v.get<bool>() ? "yes" : "no");
    text(row, col, text_of(v));
  }
  void header(int row, const std::vector<std::string>& names) {
    for (std::size_t c = 0; c < names.size(); ++c) text(row, static_cast<int>(c), names[c], book.bold());
  }
  void widths(int label_columns, int columns) {
    book.check(worksheet_set_column(ws, 0, static_cast<lxw_col_t>(std::max(0, label_columns - 1)), kLabelWidth, nullptr));
    if (columns > label_columns)
      book.check(worksheet_set_column(ws, static_cast<lxw_col_t>(label_columns), static_cast<lxw_col_t>(columns - 1),
                                      kColumnWidth, nullptr));
  }
  void freeze(int rows, int cols) { worksheet_freeze_panes(ws, static_cast<lxw_row_t>(rows), static_cast<lxw_col_t>(cols)); }
};

std::string currency_of(const json& r) { return r.value("currency", std::string("USD")); }

const json& monthly_of(const json& r) {
  static const json kNone = json::array();
  return r.contains("monthly") && r["monthly"].is_array() ? r["monthly"] : kNone;
}

// ---- Summary ----

struct Figure {
  std::string label;
  Kind kind;
  std::string unit;  // "currency…" is the scenario's currency
  std::function<json(const json&)> value;
  std::string when_null = "";
};

std::function<json(const json&)> key(const std::string& k) {
  return [k](const json& r) { return r.contains(k) ? r[k] : json(); };
}
std::function<json(const json&)> fleet(const std::string& k) {
  return [k](const json& r) { return r.contains("fleet") && r["fleet"].contains(k) ? r["fleet"][k] : json(); };
}

// The headline figures, in the words of the HTML report (html_report.cpp).
const std::vector<Figure>& summary_figures() {
  static const std::vector<Figure> kFigures = {
      {"Scenario", Kind::text, "", key("scenario")},
      {"Description", Kind::text, "", key("description")},
      {"Currency", Kind::text, "", key("currency")},
      {"Horizon", Kind::month, "months", key("horizon_months")},
      {"Break-even", Kind::month, "month", key("breakeven_month"), "never"},
      {"Payback", Kind::month, "month", key("payback_month"), "never"},
      {"NPV", Kind::money, "currency", key("npv")},
      {"IRR (annual)", Kind::fraction, "per year", key("irr_annual"), "undefined"},
      {"Serving cost per million tokens", Kind::price, "currency/Mtok", key("cost_per_mtok")},
      {"Gross margin", Kind::fraction, "of revenue", key("gross_margin"), "—"},
      {"Revenue over the horizon", Kind::money, "currency", key("revenue_total")},
      {"Revenue lost to unserved demand", Kind::money, "currency", key("revenue_lost_total")},
      {"Capex over the horizon", Kind::money, "currency", key("capex_total")},
      {"Cumulative cash at the end", Kind::money, "currency",
       [](const json& r) { return monthly_of(r).empty() ? json() : monthly_of(r).back().value("cumulative_cash", json()); }},
      {"Tokens served over the horizon", Kind::count, "tokens", key("tokens_total")},
      {"Tokens not served", Kind::count, "tokens", key("unserved_tokens_total")},
      {"Peak GPUs", Kind::count, "GPUs", fleet("gpus_peak")},
      {"Peak GPUs owned", Kind::count, "GPUs", fleet("gpus_owned_peak")},
      {"Peak GPUs rented", Kind::count, "GPUs", fleet("gpus_rented_peak")},
      {"Servers bought", Kind::count, "servers", fleet("servers_bought")},
      {"Mean utilisation of owned GPUs", Kind::fraction, "", fleet("mean_utilisation")},
      {"Model", Kind::text, "", fleet("model")},
      {"GPU", Kind::text, "", fleet("gpu")},
      {"GPUs per replica", Kind::count, "GPUs", fleet("gpus_per_replica")},
      {"Requests per second per replica", Kind::decimal, "requests/s", fleet("requests_per_s_per_replica")},
      {"Procurement", Kind::text, "", fleet("procurement")},
      {"Sizing", Kind::text, "", fleet("sizing")},
      {"Calibration", Kind::text, "", fleet("calibration")},
  };
  return kFigures;
}

// The unit column of a figure: one currency when all results share it.
std::string common_unit(const std::string& unit, const std::vector<json>& results) {
  std::set<std::string> currencies;
  for (const auto& r : results) currencies.insert(currency_of(r));
  if (unit.rfind("currency", 0) == 0 && currencies.size() > 1) return "each scenario's currency" + unit.substr(8);
  return unit_text(unit, currencies.empty() ? "USD" : *currencies.begin());
}

// Label, unit, then a value column per result; warnings below, one a row.
void write_summary(Book& book, const std::vector<json>& results, bool named_columns) {
  Sheet s{book, book.sheet("Summary")};
  int row = 0;
  std::vector<std::string> head = {"Figure", "Unit"};
  for (const auto& r : results) head.push_back(named_columns ? r.value("scenario", std::string()) : "Value");
  s.header(row++, head);
  for (const auto& f : summary_figures()) {
    s.text(row, 0, f.label);
    s.text(row, 1, common_unit(f.unit, results));
    for (std::size_t i = 0; i < results.size(); ++i)
      s.value(row, static_cast<int>(2 + i), f.value(results[i]), f.kind, currency_of(results[i]), f.when_null);
    ++row;
  }
  for (std::size_t i = 0; i < results.size(); ++i)
    if (results[i].contains("warnings") && results[i]["warnings"].is_array())
      for (const auto& w : results[i]["warnings"]) {
        s.text(row, 0, "Warning");
        s.text(row++, static_cast<int>(2 + i), text_of(w));
      }
  s.widths(1, static_cast<int>(2 + results.size()));
  s.freeze(1, 1);
}

// ---- Inputs ----

json assumptions_of(const json& r) {
  return r.contains("assumptions") && r["assumptions"].is_array() ? r["assumptions"] : json::array();
}

// Money inputs are prices and amounts, shown with two decimals so that 0.08 per kWh is not 0
// (fx_per_usd, "currency/USD", is a rate).
bool money_input(const std::string& unit) { return unit.rfind("currency", 0) == 0 && unit != "currency/USD"; }

// One scenario: key, value, unit, source. Several: key, unit, a value column per scenario.
void write_inputs(Book& book, const std::vector<json>& results) {
  Sheet s{book, book.sheet("Inputs")};
  const bool one = results.size() == 1;
  std::vector<std::string> head = one ? std::vector<std::string>{"Key", "Value", "Unit", "Source"}
                                      : std::vector<std::string>{"Key", "Unit"};
  if (!one)
    for (const auto& r : results) head.push_back(r.value("scenario", std::string()));
  s.header(0, head);
  // Keys in the order of the first result, then any only the others have.
  std::vector<std::string> keys;
  std::map<std::string, std::string> units;
  std::vector<std::map<std::string, json>> by_key(results.size());
  for (std::size_t i = 0; i < results.size(); ++i)
    for (const auto& a : assumptions_of(results[i])) {
      const std::string k = a.value("key", std::string());
      if (units.emplace(k, a.value("unit", std::string())).second) keys.push_back(k);
      by_key[i][k] = a;
    }
  int row = 1;
  for (const auto& k : keys) {
    const std::string& unit = units[k];
    s.text(row, 0, k);
    for (std::size_t i = 0; i < results.size(); ++i) {
      const auto it = by_key[i].find(k);
      if (it == by_key[i].end()) continue;
      const json& a = it->second;
      const json v = a.contains("value") ? a["value"] : json();
      const int col = one ? 1 : static_cast<int>(2 + i);
      // Money in the currency's format; other numbers in Excel's General, as the scenario wrote them.
      if (v.is_number() && !money_input(unit))
        s.number(row, col, v.get<double>(), nullptr);
      else
        s.value(row, col, v, v.is_number() ? Kind::price : Kind::text, currency_of(results[i]), "—");
      if (one) s.text(row, 3, a.value("source", std::string()));
    }
    s.text(row, one ? 2 : 1, common_unit(unit, results));
    ++row;
  }
  book.check(worksheet_set_column(s.ws, 0, 0, kLabelWidth, nullptr));
  book.check(worksheet_set_column(s.ws, 1, static_cast<lxw_col_t>(head.size() - 1), 18, nullptr));
  s.freeze(1, 1);
}

// ---- Monthly ----

struct ColumnUnit {
  const char* column;
  Kind kind;
  const char* unit;  // "currency": the scenario's
};

// Every column of `monthly` but money, whose unit is the currency (python/hippo/_units.py holds the
// same list for the DataFrames).
const std::vector<ColumnUnit>& column_units() {
  static const std::vector<ColumnUnit> kUnits = {
      {"month", Kind::month, "month"},         {"users", Kind::count, "users"},
      {"paying_users", Kind::count, "users"},  {"requests", Kind::count, "requests"},
      {"tokens", Kind::count, "tokens"},       {"api_tokens", Kind::count, "tokens"},
      {"unserved_tokens", Kind::count, "tokens"}, {"gpus", Kind::count, "GPUs"},
      {"gpus_owned", Kind::count, "GPUs"},     {"gpus_rented", Kind::count, "GPUs"},
      {"gpus_needed", Kind::count, "GPUs"},    {"utilisation", Kind::fraction, "fraction"},
      {"unserved_share", Kind::fraction, "fraction"},
  };
  return kUnits;
}

const std::set<std::string>& money_columns() {
  static const std::set<std::string> kMoney = {
      "capex", "capex_gpus", "capex_facility", "capex_training", "resale", "depreciation", "depreciation_gpus",
      "depreciation_facility", "amortisation_training", "power", "facility", "staff", "other_opex", "rental",
      "other_fixed", "tax", "revenue", "revenue_subscriptions", "revenue_api", "revenue_licences", "revenue_ads",
      "revenue_lost", "operating_profit", "cash_flow", "cumulative_cash"};
  return kMoney;
}

Kind column_kind(const std::string& column) {
  if (money_columns().count(column)) return Kind::money;
  for (const auto& u : column_units())
    if (column == u.column) return u.kind;
  return Kind::decimal;
}

// The names of monthly.csv as the header, their units below, a row a month.
void write_monthly(Book& book, const std::string& name, const json& r) {
  Sheet s{book, book.sheet(name)};
  std::vector<std::string> columns = {"month"};
  for (const auto& [column, field] : monthly_columns()) columns.push_back(column);
  const std::string currency = currency_of(r);
  s.header(0, columns);
  for (std::size_t c = 0; c < columns.size(); ++c) s.text(1, static_cast<int>(c), monthly_unit(columns[c], currency));
  int row = 2;
  for (const auto& m : monthly_of(r)) {
    for (std::size_t c = 0; c < columns.size(); ++c)
      if (m.contains(columns[c])) s.value(row, static_cast<int>(c), m[columns[c]], column_kind(columns[c]), currency);
    ++row;
  }
  book.check(worksheet_set_column(s.ws, 0, 0, 8, nullptr));
  book.check(worksheet_set_column(s.ws, 1, static_cast<lxw_col_t>(columns.size() - 1), kColumnWidth, nullptr));
  s.freeze(2, 1);
}

// ---- Yearly ----

// The months of each year of the horizon (the last may be shorter).
std::vector<std::vector<const json*>> years_of(const json& r) {
  std::vector<std::vector<const json*>> years;
  for (const auto& m : monthly_of(r)) {
    const int month = m.value("month", 1);
    const std::size_t y = static_cast<std::size_t>(std::max(0, month - 1) / 12);
    if (years.size() <= y) years.resize(y + 1);
    years[y].push_back(&m);
  }
  return years;
}

using YearValue = std::function<double(const std::vector<const json*>&)>;

YearValue sum(const std::string& column) {
  return [column](const std::vector<const json*>& months) {
    double total = 0;
    for (const json* m : months) total += m->value(column, 0.0);
    return total;
  };
}
YearValue at_end(const std::string& column) {
  return [column](const std::vector<const json*>& months) { return months.empty() ? 0.0 : months.back()->value(column, 0.0); };
}

struct YearLine {
  std::string label;
  Kind kind;  // text: a heading without values
  YearValue value;
  bool total = false;
  std::string unit = "currency";
};

// The P&L and cash flow as evaluate.cpp builds them: profit before tax is revenue less the costs
// listed (depreciation included); cash flow is operating profit plus depreciation less net capex.
const std::vector<YearLine>& year_lines() {
  static const std::vector<YearLine> kLines = {
      {"Revenue", Kind::money, sum("revenue"), true},
      {"  Subscriptions", Kind::money, sum("revenue_subscriptions")},
      {"  API", Kind::money, sum("revenue_api")},
      {"  Licences", Kind::money, sum("revenue_licences")},
      {"  Advertising", Kind::money, sum("revenue_ads")},
      {"Costs", Kind::text, {}},
      {"  Power", Kind::money, sum("power")},
      {"  Facility lease", Kind::money, sum("facility")},
      {"  GPU rental", Kind::money, sum("rental")},
      {"  Staff", Kind::money, sum("staff")},
      {"  Other fixed costs", Kind::money, sum("other_fixed")},
      {"  Depreciation of GPUs", Kind::money, sum("depreciation_gpus")},
      {"  Depreciation of the facility", Kind::money, sum("depreciation_facility")},
      {"  Amortisation of training", Kind::money, sum("amortisation_training")},
      {"Profit before tax", Kind::money,
       [](const std::vector<const json*>& m) { return sum("operating_profit")(m) + sum("tax")(m); }, true},
      {"  Tax", Kind::money, sum("tax")},
      {"Operating profit", Kind::money, sum("operating_profit"), true},
      {"From profit to cash", Kind::text, {}},
      {"  Depreciation and amortisation added back", Kind::money, sum("depreciation")},
      {"  Capex: GPUs", Kind::money, sum("capex_gpus")},
      {"  Capex: facility", Kind::money, sum("capex_facility")},
      {"  Capex: training", Kind::money, sum("capex_training")},
      {"  Resale of retired GPUs", Kind::money, sum("resale")},
      {"  Capex net of resale", Kind::money, sum("capex")},
      {"Cash flow", Kind::money, sum("cash_flow"), true},
      {"Cumulative cash at year end", Kind::money, at_end("cumulative_cash"), true},
      {"Memo", Kind::text, {}},
      {"  Revenue lost to unserved demand", Kind::money, sum("revenue_lost")},
      {"  Tokens served", Kind::count, sum("tokens"), false, "tokens"},
      {"  GPUs in service at year end", Kind::count, at_end("gpus"), false, "GPUs"},
  };
  return kLines;
}

std::string months_label(const std::vector<const json*>& months) {
  if (months.empty()) return "";
  return "months " + std::to_string(months.front()->value("month", 0)) + "–" + std::to_string(months.back()->value("month", 0));
}

// A line a row, a year a column: "Year 1" with its months under it.
void write_yearly(Book& book, const json& r) {
  Sheet s{book, book.sheet("Yearly")};
  const auto years = years_of(r);
  const std::string currency = currency_of(r);
  std::vector<std::string> head = {"Line", "Unit"};
  for (std::size_t y = 0; y < years.size(); ++y) head.push_back("Year " + std::to_string(y + 1));
  s.header(0, head);
  for (std::size_t y = 0; y < years.size(); ++y) s.text(1, static_cast<int>(2 + y), months_label(years[y]));
  int row = 2;
  for (const auto& line : year_lines()) {
    s.text(row, 0, line.label, line.total || line.kind == Kind::text ? book.bold() : nullptr);
    if (line.kind != Kind::text) {
      s.text(row, 1, unit_text(line.unit, currency));
      for (std::size_t y = 0; y < years.size(); ++y)
        s.number(row, static_cast<int>(2 + y), line.value(years[y]), book.format(line.kind, currency));
    }
    ++row;
  }
  s.widths(1, static_cast<int>(head.size()));
  s.freeze(2, 2);
}

// ---- Comparison ----

// For each line (a year-end or yearly sum), the years down and a column per scenario.
void write_comparison(Book& book, const std::vector<json>& results) {
  Sheet s{book, book.sheet("Comparison")};
  const std::vector<std::pair<std::string, YearValue>> lines = {
      {"Revenue", sum("revenue")},           {"Operating profit", sum("operating_profit")},
      {"Capex net of resale", sum("capex")}, {"Cash flow", sum("cash_flow")},
      {"Cumulative cash at year end", at_end("cumulative_cash")}};
  std::vector<std::vector<std::vector<const json*>>> years;
  std::size_t most = 0;
  for (const auto& r : results) {
    years.push_back(years_of(r));
    most = std::max(most, years.back().size());
  }
  std::vector<std::string> head = {"Year", "Unit"};
  for (const auto& r : results) head.push_back(r.value("scenario", std::string()));
  int row = 0;
  for (const auto& [label, value] : lines) {
    s.text(row++, 0, label, book.bold());
    s.header(row++, head);
    for (std::size_t y = 0; y < most; ++y) {
      s.text(row, 0, "Year " + std::to_string(y + 1));
      s.text(row, 1, common_unit("currency", results));
      for (std::size_t i = 0; i < results.size(); ++i)
        if (y < years[i].size())
          s.number(row, static_cast<int>(2 + i), value(years[i][y]), book.format(Kind::money, currency_of(results[i])));
      ++row;
    }
    ++row;
  }
  s.widths(1, static_cast<int>(head.size()));
}

// UTF-16 units of the UTF-8 character starting with byte `lead`.
std::size_t utf16_units(unsigned char lead) { return lead >= 0xF0 ? 2 : 1; }

// The first `limit` UTF-16 units of `s`, cut between characters.
std::string first_units(const std::string& s, std::size_t limit) {
  std::size_t units = 0, i = 0;
  while (i < s.size()) {
    const auto lead = static_cast<unsigned char>(s[i]);
    std::size_t len = 1;
    while (i + len < s.size() && (static_cast<unsigned char>(s[i + len]) & 0xC0) == 0x80) ++len;
    if (units + utf16_units(lead) > limit) break;
    units += utf16_units(lead);
    i += len;
  }
  return s.substr(0, i);
}

std::string lower_ascii(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace

std::string money_format(const std::string& currency, bool unit_price) {
  static const std::set<std::string> kNoMinorUnits = {"JPY", "KRW", "VND", "CLP", "ISK", "PYG", "UGX"};
  const std::string digits = unit_price && !kNoMinorUnits.count(currency) ? "#,##0.00" : "#,##0";
  const std::string symbol = currency_symbol(currency);
  if (!symbol.empty()) return "\"" + symbol + "\"" + digits;
  return digits + "\" " + currency + "\"";
}

std::string monthly_unit(const std::string& column, const std::string& currency) {
  if (money_columns().count(column)) return currency;
  for (const auto& u : column_units())
    if (column == u.column) return u.unit;
  return "";
}

std::vector<std::string> sheet_names(const std::vector<std::string>& wanted, const std::vector<std::string>& taken) {
  constexpr std::size_t kMaxUnits = 31;
  std::set<std::string> used = {"history"};  // Excel reserves it
  for (const auto& t : taken) used.insert(lower_ascii(t));
  std::vector<std::string> out;
  for (const auto& w : wanted) {
    std::string name;
    for (const char c : w) name += std::string("[]:*?/\\").find(c) != std::string::npos || static_cast<unsigned char>(c) < 0x20 ? '_' : c;
    while (!name.empty() && name.front() == '\'') name.erase(0, 1);
    while (!name.empty() && name.back() == '\'') name.pop_back();
    if (name.empty()) name = "Scenario";
    std::string candidate = first_units(name, kMaxUnits);
    for (int n = 2; used.count(lower_ascii(candidate)); ++n) {
      const std::string suffix = " (" + std::to_string(n) + ")";
      candidate = first_units(name, kMaxUnits - suffix.size()) + suffix;
    }
    used.insert(lower_ascii(candidate));
    out.push_back(candidate);
  }
  return out;
}

void write_results_xlsx(const nlohmann::json& results, const std::filesystem::path& file) {
  Book book(file, "hippo results: " + results.value("scenario", std::string()));
  write_summary(book, {results}, false);
  write_inputs(book, {results});
  write_monthly(book, "Monthly", results);
  write_yearly(book, results);
  book.close();
}

void write_compare_xlsx(const std::vector<nlohmann::json>& results, const std::filesystem::path& file) {
  Book book(file, "hippo comparison");
  write_summary(book, results, true);
  write_comparison(book, results);
  write_inputs(book, results);
  std::vector<std::string> wanted;
  for (const auto& r : results) wanted.push_back(r.value("scenario", std::string()));
  const auto names = sheet_names(wanted, {"Summary", "Comparison", "Inputs"});
  for (std::size_t i = 0; i < results.size(); ++i) write_monthly(book, names[i], results[i]);
  book.close();
}

}  // namespace hippo::report
