// Issue 21's "any integer flag" class, as a property over the CLI itself: every number-typed option
// (INT, UINT, FLOAT) of every subcommand, enumerated from the very CLI11 app main() parses with, is
// given 0, −1, a huge value, 1e400 and "abc". Each run must either succeed (exit 0) or refuse with
// exit 2 and one line naming the flag — never a crash, an exit 1, or a run that does not end.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <signal.h>

#include <chrono>
#include <thread>

#include "cli/app.hpp"
#include "support/run_cli.hpp"

namespace hippo::cli {
namespace {

struct NumericFlag {
  std::string command;                 // "simulate", or "catalog import-hf" for a nested one
  std::string flag;                    // "--tp"
  std::set<std::string> excludes;      // flags CLI11 refuses beside it
};

void collect(CLI::App& app, const std::string& path, std::vector<NumericFlag>& out) {
  for (CLI::Option* opt : app.get_options()) {
    const std::string type = opt->get_type_name();
    if (type != "INT" && type != "UINT" && type != "FLOAT") continue;
    if (opt->get_lnames().empty()) continue;  // a positional number: none today
    NumericFlag f{path, "--" + opt->get_lnames().front(), {}};
    for (CLI::Option* x : opt->get_excludes())
      if (!x->get_lnames().empty()) f.excludes.insert("--" + x->get_lnames().front());
    out.push_back(f);
  }
  for (CLI::App* sub : app.get_subcommands({}))
    collect(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), out);
}

std::vector<NumericFlag> numeric_flags() {
  CLI::App app;
  Action chosen;
  build_app(app, chosen);
  std::vector<NumericFlag> out;
  collect(app, "", out);
  return out;
}

// The smallest command line on which each subcommand runs in well under a second, as flag/value
// pairs after the positional arguments; a flag under test replaces its pair, and pairs it excludes
// (or that closed-loop clients refuse) are dropped.
struct Base {
  std::vector<std::string> positional;
  std::vector<std::pair<std::string, std::string>> flags;
};
const std::map<std::string, Base> kBase = {
    {"perf", {{}, {{"--model", "llama-3.1-8b"}, {"--gpu", "h100-sxm"}}}},
    {"simulate", {{}, {{"--model", "llama-3.1-8b"}, {"--gpu", "h100-sxm"}, {"--rate", "5"}, {"--requests", "50"}}}},
    {"plan", {{"plan-single"}, {{"--requests", "100"}}}},
    {"montecarlo", {{"default"}, {{"--samples", "50"}}}},
    {"sensitivity", {{"default"}, {}}},
};

std::vector<std::string> command_line(const NumericFlag& f, const std::string& value) {
  std::vector<std::string> args;
  for (std::size_t p = 0, q; p < f.command.size(); p = q + 1) {
    q = f.command.find(' ', p);
    if (q == std::string::npos) q = f.command.size();
    args.push_back(f.command.substr(p, q - p));
  }
  const auto it = kBase.find(f.command);
  if (it != kBase.end()) {
    args.insert(args.end(), it->second.positional.begin(), it->second.positional.end());
    for (const auto& [flag, v] : it->second.flags) {
      if (flag == f.flag || f.excludes.count(flag)) continue;
      if (f.flag == "--concurrency" && flag == "--rate") continue;  // clients send when their last completes
      args.push_back(flag);
      args.push_back(v);
    }
  }
  args.push_back(f.flag);
  args.push_back(value);
  return args;
}

// The subcommands that have number-typed flags, one test each (ctest runs them in parallel).
const std::vector<std::string> kCommands = {"perf", "simulate", "plan", "montecarlo", "sensitivity", "serve"};

// `hippo serve --port 0` runs (on a free port) until it is stopped: it must say where it listens,
// then stop with status 0 on SIGTERM.
void expect_serves(const std::vector<std::string>& args, const std::string& dir) {
  const test::Child child = test::spawn_program([&] {
    std::vector<std::string> argv = {HIPPO_BIN};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }(), dir);
  std::string err;
  for (int i = 0; i < 600 && err.find("http://") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    err = test::read_file(child.cwd + "/.stderr");
  }
  EXPECT_NE(err.find("http://"), std::string::npos) << err;
  kill(child.pid, SIGTERM);
  const test::CliResult r = test::wait_hippo(child);
  EXPECT_EQ(r.status, 0) << r.err;
}

TEST(NumericFlags, EnumerationFindsTheKnownOnesAndEachCommandIsTested) {
  std::set<std::string> names;
  for (const auto& f : numeric_flags()) {
    names.insert(f.command + " " + f.flag);
    EXPECT_NE(std::find(kCommands.begin(), kCommands.end(), f.command), kCommands.end())
        << f.command << " has the number-typed flag " << f.flag << ": add it to kCommands and kBase";
  }
  for (const char* known : {"perf --tp", "perf --context", "simulate --replicas", "simulate --requests",
                            "simulate --seed", "simulate --rate", "plan --rate", "plan --tolerance",
                            "montecarlo --samples", "sensitivity --percent", "serve --port"})
    EXPECT_TRUE(names.count(known)) << known;
  EXPECT_GE(names.size(), 28u);  // 28 when written
}

class EveryNumericFlag : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryNumericFlag, ExitsTwoWithOneLineOrRuns) {
  const std::string dir = test::temp_dir();
  for (const auto& f : numeric_flags()) {
    if (f.command != GetParam()) continue;
    for (const char* value : {"0", "-1", "9223372036854775807", "1e400", "abc"}) {
      std::vector<std::string> argv = {"timeout", "-s", "KILL", "60", HIPPO_BIN};
      const auto args = command_line(f, value);
      argv.insert(argv.end(), args.begin(), args.end());
      std::string shown;
      for (const auto& a : args) shown += " " + a;
      SCOPED_TRACE("hippo" + shown);
      if (f.command == "serve" && std::string(value) == "0") {  // a valid port: it serves
        expect_serves(args, dir);
        continue;
      }
      const test::CliResult r = test::wait_hippo(test::spawn_program(argv, dir));
      ASSERT_TRUE(r.status == 0 || r.status == 2) << "exit " << r.status << ": " << r.err;
      if (r.status == 2) {
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_EQ(r.err.rfind("hippo: ", 0), 0u) << r.err;
        EXPECT_NE(r.err.find(f.flag), std::string::npos) << r.err;
        EXPECT_EQ(r.out, "");
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Commands, EveryNumericFlag, ::testing::ValuesIn(kCommands));

}  // namespace
}  // namespace hippo::cli
