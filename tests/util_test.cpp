#include <gtest/gtest.h>

#include <filesystem>

#include "hippo/errors.hpp"
#include "report/table.hpp"
#include "support/run_cli.hpp"
#include "util/atomic_file.hpp"
#include "util/suggest.hpp"

namespace hippo {
namespace {

TEST(Suggest, EditDistance) {
  EXPECT_EQ(util::edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(util::edit_distance("", "abc"), 3u);
  EXPECT_EQ(util::closest("grwoth_monthly", {"growth_monthly", "paying_share"}), "growth_monthly");
  EXPECT_EQ(util::closest("zzz", {"growth_monthly"}), "");
}

TEST(Table, AlignsNumbersRight) {
  report::Table t{{"name", "value"}, {{"a", "1"}, {"long name", "1,234"}}, {false, true}};
  EXPECT_EQ(t.render(),
            "name       value\n"
            "----------------\n"
            "a              1\n"
            "long name  1,234\n");
}

TEST(Table, GroupsThousands) {
  EXPECT_EQ(report::group_thousands(1234567.891, 2), "1,234,567.89");
  EXPECT_EQ(report::group_thousands(-1234567, 0), "-1,234,567");
  EXPECT_EQ(report::group_thousands(999, 0), "999");
  EXPECT_EQ(report::group_thousands(-0.001, 0), "0");
}

TEST(AtomicFile, WritesWholeFileAndLeavesNoTemporary) {
  const std::string dir = test::temp_dir();
  util::write_file_atomic(dir + "/sub/out.json", "{}\n");
  EXPECT_EQ(util::read_text_file(dir + "/sub/out.json"), "{}\n");
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir + "/sub")) files += e.is_regular_file();
  EXPECT_EQ(files, 1);
}

TEST(AtomicFile, UnwritablePlaceIsAnInputError) {
  EXPECT_THROW(util::write_file_atomic("/proc/hippo-cannot/out.json", "x"), InputError);
}

}  // namespace
}  // namespace hippo
