// The CLI reports the library's keys under its flags (src/cli/exit_status.cpp, the one table): a
// key the library could not locate, or a flag that gave the value, is named by the flag, and the fix
// the message suggests ("; try service.tp: 4") is then written as flags too ("try --tp 4"). A key
// from a file or from --set keeps its name and its fix as a setting.
#include <gtest/gtest.h>

#include <sstream>

#include "cli/exit_status.hpp"
#include "hippo/errors.hpp"

namespace hippo::cli {
namespace {

std::string reported(const Location& where, const std::string& message) {
  std::ostringstream err;
  EXPECT_EQ(exit_status(std::make_exception_ptr(InputError(where, message)), &err), 2);
  return err.str();
}

const std::string kNoFit = "x needs 141.1 GB; try service.tp: 4, or service.weights: fp4 at tp 1";

TEST(CliMessages, AKeyUnderItsFlagSuggestsFlags) {
  EXPECT_EQ(reported({"", 0, "service.tp"}, kNoFit), "hippo: --tp: x needs 141.1 GB; try --tp 4, or --weights fp4 at tp 1\n");
  EXPECT_EQ(reported({"--tp", 0, "service.tp"}, kNoFit), "hippo: --tp: x needs 141.1 GB; try --tp 4, or --weights fp4 at tp 1\n");
  // Two settings together: "--tp 8 --pp 2", as a command line takes them.
  EXPECT_EQ(reported({"", 0, "service.pp"}, "short; try service.tp: 64 and service.pp: 2"), "hippo: --pp: short; try --tp 64 --pp 2\n");
  // The fix of a message reported under another flag (speculative decoding's draft).
  EXPECT_EQ(reported({"--spec", 0, "service.spec.method"}, "draft cannot run: short; try service.tp: 16"),
            "hippo: --spec: draft cannot run: short; try --tp 16\n");
  // A request's field under its flag; no fix to rewrite.
  EXPECT_EQ(reported({"", 0, "batch"}, "expected a whole number ≥ 1, got 0"), "hippo: --batch: expected a whole number ≥ 1, got 0\n");
}

TEST(CliMessages, AKeyFromAFileOrSetKeepsItsName) {
  EXPECT_EQ(reported({"no_fit.yaml", 4, "service.tp"}, kNoFit), "hippo: no_fit.yaml:4: service.tp: " + kNoFit + "\n");
  EXPECT_EQ(reported({"--set", 0, "service.tp"}, kNoFit), "hippo: --set: service.tp: " + kNoFit + "\n");
  EXPECT_EQ(reported({"", 0, "--set"}, "at the grid point service.tp=1: service.tp: short; try service.tp: 2"),
            "hippo: --set: at the grid point service.tp=1: service.tp: short; try service.tp: 2\n");
  // Text before the fix is never rewritten, nor a key that only ends like one of the table's.
  EXPECT_EQ(reported({"", 0, "service.tp"}, "service.tp: 3 is odd; try fleet.service.tp: 4"),
            "hippo: --tp: service.tp: 3 is odd; try fleet.service.tp: 4\n");
}

}  // namespace
}  // namespace hippo::cli
