// results.xlsx (src/report/xlsx_report.cpp): written whole beside the other report files or not at
// all, the same bytes for the same results, valid sheet names, a unit for every monthly column and
// money formats per currency. tests/report/xlsx_readback.py reads the cells back with openpyxl.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "hippo/app.hpp"
#include "hippo/report.hpp"
#include "report/xlsx_report.hpp"
#include "support/run_cli.hpp"
#include "util/atomic_file.hpp"

namespace hippo {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

json document_of(const std::string& name) {
  return json::parse(util::read_text_file(std::string(HIPPO_SOURCE_DIR) + "/tests/report/fixtures/" + name));
}

std::vector<std::string> files_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Xlsx, WritesAZipWorkbookWithItsSheets) {
  const fs::path file = fs::path(test::temp_dir()) / "results.xlsx";
  report::write_results_xlsx(document_of("default_results.json"), file);
  const std::string bytes = util::read_text_file(file);
  ASSERT_GT(bytes.size(), 1000u);
  EXPECT_EQ(bytes.substr(0, 4), std::string("PK\x03\x04", 4));  // a zip archive
  for (const char* part : {"xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet4.xml", "docProps/core.xml"})
    EXPECT_NE(bytes.find(part), std::string::npos) << part;
  EXPECT_EQ(bytes.find("xl/worksheets/sheet5.xml"), std::string::npos);  // Summary, Inputs, Monthly, Yearly
}

TEST(Xlsx, SameResultsGiveTheSameBytes) {
  // The creation time is fixed: two writes a second apart (the clock's resolution in core.xml)
  // would otherwise differ. Equal bytes at any time is what is asserted, not the time taken.
  const json doc = document_of("default_results.json");
  const fs::path a = fs::path(test::temp_dir()) / "a.xlsx", b = fs::path(test::temp_dir()) / "b.xlsx";
  report::write_results_xlsx(doc, a);
  report::write_results_xlsx(doc, b);
  EXPECT_EQ(util::read_text_file(a), util::read_text_file(b));
  const std::vector<json> both = {doc, document_of("capex_race_results.json")};
  report::write_compare_xlsx(both, a);
  report::write_compare_xlsx(both, b);
  EXPECT_EQ(util::read_text_file(a), util::read_text_file(b));
}

TEST(Xlsx, AFolderThatCannotBeWrittenIsAnInputErrorAndLeavesNothing) {
  const fs::path dir = fs::path(test::temp_dir()) / "missing";
  try {
    report::write_results_xlsx(document_of("default_results.json"), dir / "results.xlsx");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("results.xlsx: cannot write file: "), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(dir));
}

TEST(Xlsx, RunWritesTheWorkbookWithTheOtherFilesAsOneSet) {
  const Catalog catalog = load_builtin_catalog();
  const app::RunResult r = app::run(app::ScenarioSource::named("default"), {}, catalog);
  const fs::path dir = fs::path(test::temp_dir()) / "out";
  fs::create_directories(dir);
  test::write_file(dir.string(), "results.xlsx", "an older workbook");
  app::write_report(r, dir);
  EXPECT_EQ(files_in(dir), (std::vector<std::string>{"monthly.csv", "report.html", "results.json", "results.xlsx"}));
  const std::string bytes = util::read_text_file(dir / "results.xlsx");
  EXPECT_EQ(bytes.substr(0, 2), "PK");
  // The workbook is a function of the document: what run wrote is what the writer makes of results.json.
  const fs::path again = fs::path(test::temp_dir()) / "again.xlsx";
  report::write_results_xlsx(json::parse(util::read_text_file(dir / "results.json")), again);
  EXPECT_EQ(util::read_text_file(again), bytes);

  const app::CompareResult c =
      app::compare({app::ScenarioSource::named("default"), app::ScenarioSource::named("capex-race")}, {}, catalog);
  const fs::path cdir = fs::path(test::temp_dir()) / "compare";
  app::write_report(c, cdir);
  EXPECT_EQ(files_in(cdir), (std::vector<std::string>{"compare.json", "report.html", "results.xlsx"}));
}

TEST(Xlsx, AWriterThatFailsLeavesEveryFileOfTheSetAsItWas) {
  // The workbook is written to a temporary beside its target; when it (or any file) fails, no
  // temporary is left and no file of the set is renamed into place.
  const fs::path dir = test::temp_dir();
  test::write_file(dir.string(), "results.json", "old");
  std::vector<util::FileWriter> set = {util::file_with(dir / "results.json", "new"),
                                       {dir / "results.xlsx", [](const fs::path& tmp) {
                                          std::ofstream(tmp) << "half a workbook";
                                          throw InputError({tmp.string(), 0, ""}, "cannot write file: disk full");
                                        }}};
  EXPECT_THROW(util::write_files_atomic(set), InputError);
  EXPECT_EQ(files_in(dir), std::vector<std::string>{"results.json"});
  EXPECT_EQ(util::read_text_file(dir / "results.json"), "old");
}

TEST(Xlsx, SheetNamesAreValidAndUnique) {
  const auto names = report::sheet_names(
      {"a/b:c*d?e[f]g\\h", "'quoted'", "", "summary", "a very long scenario name that goes on and on",
       "a very long scenario name that goes on and on", "history",
       "\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600"
       "\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600",
       "효율 우선 시나리오 이름이 아주 길어서 서른한 글자를 넘는다"},
      {"Summary", "Comparison", "Inputs"});
  ASSERT_EQ(names.size(), 9u);
  EXPECT_EQ(names[0], "a_b_c_d_e_f_g_h");
  EXPECT_EQ(names[1], "quoted");
  EXPECT_EQ(names[2], "Scenario");
  EXPECT_EQ(names[3], "summary (2)");  // Excel compares sheet names without regard to case
  EXPECT_EQ(names[4], "a very long scenario name that ");
  EXPECT_EQ(names[5], "a very long scenario name t (2)");
  EXPECT_EQ(names[6], "history (2)");  // reserved by Excel
  // 16 characters outside the BMP are 32 UTF-16 units, as Excel counts: 15 of them fit.
  EXPECT_EQ(names[7].size(), 15u * 4);  // 4 bytes each in UTF-8
  EXPECT_EQ(names[8], "효율 우선 시나리오 이름이 아주 길어서 서른한 글자를 넘");  // 31 characters, cut between them
  for (const auto& n : names) EXPECT_LE(n.size(), 31u * 3) << n;
}

TEST(Xlsx, EveryMonthlyColumnHasAUnit) {
  EXPECT_EQ(report::monthly_unit("month", "KRW"), "month");
  EXPECT_EQ(report::monthly_unit("cumulative_cash", "KRW"), "KRW");
  EXPECT_EQ(report::monthly_unit("utilisation", "KRW"), "fraction");
  for (const auto& [name, field] : report::monthly_columns()) EXPECT_NE(report::monthly_unit(name, "USD"), "") << name;
}

TEST(Xlsx, MoneyFormatsFollowTheCurrency) {
  EXPECT_EQ(report::money_format("USD", false), "\"$\"#,##0");
  EXPECT_EQ(report::money_format("USD", true), "\"$\"#,##0.00");
  EXPECT_EQ(report::money_format("KRW", false), "\"\u20A9\"#,##0");
  EXPECT_EQ(report::money_format("KRW", true), "\"\u20A9\"#,##0");  // no minor unit
  EXPECT_EQ(report::money_format("JPY", true), "#,##0\" JPY\"");
  EXPECT_EQ(report::money_format("EUR", false), "#,##0\" EUR\"");
  EXPECT_EQ(report::money_format("EUR", true), "#,##0.00\" EUR\"");
}

}  // namespace
}  // namespace hippo
