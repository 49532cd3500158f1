// results.xlsx: the workbook an analyst keeps, written with libxlsxwriter from results.json
// documents (the contract of `hippo run`, design.md), never from the econ structs. Cells hold real
// numbers with number formats in the scenario's currency; the file's bytes depend only on the
// documents (fixed creation time), so a run is reproducible byte for byte.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hippo::report {

// `hippo run`: sheets Summary (headline figures: label, value, unit), Inputs (every assumption with
// value, unit and source), Monthly (the columns of `monthly`, a units row under the names) and
// Yearly (P&L and cash flow per year of the horizon). Writes `file` itself (libxlsxwriter takes a
// file name): give it a temporary path (util::FileWriter). Throws InputError naming `file` when the
// workbook cannot be written.
void write_results_xlsx(const nlohmann::json& results, const std::filesystem::path& file);

// `hippo compare`: Summary (a column per scenario), Comparison (revenue, operating profit, capex,
// cash flow and cumulative cash per year, a column per scenario), Inputs (a value column per
// scenario) and one sheet per scenario with its monthly table, named by sheet_names.
void write_compare_xlsx(const std::vector<nlohmann::json>& results, const std::filesystem::path& file);

// Names Excel accepts for `wanted`, in order: []:*?/\ and control characters become '_', no
// leading or trailing apostrophe, at most 31 characters (UTF-16 units, cut between characters),
// none empty, and unique without regard to case among themselves and `taken` (" (2)", " (3)" … added).
std::vector<std::string> sheet_names(const std::vector<std::string>& wanted, const std::vector<std::string>& taken);

// The unit of a column of `monthly` ("month", "users", "GPUs", "fraction", the currency code for
// money); "" for a column this writer does not know (a test requires one for every column).
std::string monthly_unit(const std::string& column, const std::string& currency);

// Excel number formats of money in `currency`: "\"$\"#,##0" for USD, "\"₩\"#,##0" for KRW,
// "#,##0\" EUR\"" for other codes; `unit_price` adds two decimals except for currencies without
// minor units (KRW, JPY, …).
std::string money_format(const std::string& currency, bool unit_price);

}  // namespace hippo::report
