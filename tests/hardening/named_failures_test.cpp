// Issue 21 ("hardening, round two"): each failure a hostile user found, as the command that once
// crashed, exited 0 with a wrong answer, or gave the wrong exit status, and what hippo says now.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "support/run_cli.hpp"

namespace hippo {
namespace {

using test::run_hippo;
namespace fs = std::filesystem;

// Exit 2, one line on stderr equal to `line` (or starting with it when `prefix`), nothing on stdout.
void expect_refused(const test::CliResult& r, const std::string& line, bool prefix = false) {
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  if (prefix) EXPECT_EQ(r.err.rfind(line, 0), 0u) << r.err;
  else EXPECT_EQ(r.err, line + "\n");
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(r.out, "");
}

// What is left in `dir` besides the files the test wrote there.
std::vector<std::string> entries(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// `plan --rate 1e20` aborted in a CBC assertion, 1e100 segfaulted: --rate had no upper bound,
// though demand.peak_rate_req_s has one. The flag now goes through the key's range.
TEST(NamedFailures, PlanRateBeyondTheKeysRange) {
  for (const char* rate : {"1e20", "1e100", "1e12"})
    expect_refused(run_hippo({"plan", "plan-single", "--rate", rate, "--requests", "100"}),
                   std::string("hippo: --rate: expected a value in [0, 1e+09] requests/s, got ") +
                       (rate == std::string("1e20") ? "1e+20" : rate == std::string("1e100") ? "1e+100" : "1e+12"));
}

// llama-3.1-405b int4 at a valid peak of 1e9 req/s: the replica count wrapped an int ("−257,844,000
// owned" at −$1.46B/h). A fleet beyond what the programme can count is refused with the estimate.
TEST(NamedFailures, PlanRefusesAFleetBeyondItsCount) {
  const std::string dir = test::temp_dir();
  test::write_file(dir, "big.yaml",
                   "service: {model: llama-3.1-405b, gpu: h200-sxm, weights: int4, kv: fp8}\n"
                   "fleet: {candidates: [h200-sxm], tp: [8]}\n"
                   "demand: {peak_rate_req_s: 1.0e+9}\n");
  expect_refused(run_hippo({"plan", "big.yaml", "--requests", "100"}, dir),
                 "hippo: big.yaml:3: demand.peak_rate_req_s: a peak of 1e+09 req/s needs at least ", true);
}

// `montecarlo --samples 9223372036854775807` segfaulted in the merge and left n.db.tmp-PID;
// 99999999999999999999 was read as the largest int64 by strtoll's saturation.
TEST(NamedFailures, MonteCarloSamplesOutOfRange) {
  const std::string dir = test::temp_dir();
  expect_refused(run_hippo({"montecarlo", "default", "--samples", "9223372036854775807", "--db", "n.db"}, dir),
                 "hippo: --samples: expected at most ", true);
  expect_refused(run_hippo({"montecarlo", "default", "--samples", "99999999999999999999", "--db", "n.db"}, dir),
                 "hippo: --samples: expected a whole number within ±9223372036854775807, got '99999999999999999999' "
                 "(see hippo --help)");
  EXPECT_EQ(entries(dir), std::vector<std::string>{});
}

// A second YAML document was dropped silently.
TEST(NamedFailures, MultiDocumentScenario) {
  const std::string dir = test::temp_dir();
  test::write_file(dir, "two.yaml", "name: a\n---\nname: b\n");
  expect_refused(run_hippo({"validate", "two.yaml"}, dir),
                 "hippo: two.yaml:3: expected one YAML document, found a second (after '---'); put everything in one");
}

// A key given twice inside a nested mapping kept the first value (yaml-cpp's lookup).
TEST(NamedFailures, KeyTwiceInANestedMapping) {
  const std::string dir = test::temp_dir();
  test::write_file(dir, "value.yaml", "demand:\n  growth_monthly: {value: 0.1, value: 0.5}\n");
  expect_refused(run_hippo({"validate", "value.yaml"}, dir),
                 "hippo: value.yaml:2: demand.growth_monthly.value: key given twice (first on line 2); keep one");
  test::write_file(dir, "bucket.yaml",
                   "workload:\n  buckets:\n    - {name: a, share: 1, input: 100, output: 10,\n       share: 0.5}\n");
  expect_refused(run_hippo({"validate", "bucket.yaml"}, dir),
                 "hippo: bucket.yaml:4: workload.buckets[0].share: key given twice (first on line 3); keep one");
}

// `currency: USD` with `fx_per_usd: 1300` scaled every catalog price by 1300.
TEST(NamedFailures, UsdWithAnExchangeRate) {
  const std::string dir = test::temp_dir();
  test::write_file(dir, "fx.yaml", "currency: USD\nfx_per_usd: 1300\n");
  expect_refused(run_hippo({"run", "fx.yaml", "--json"}, dir),
                 "hippo: fx.yaml:2: fx_per_usd: expected 1 for currency USD (or no fx_per_usd), got 1300; set currency "
                 "to the code of the money the scenario is written in");
}

// A number in quotes is text: it was read as the number.
TEST(NamedFailures, QuotedNumberInAScenario) {
  const std::string dir = test::temp_dir();
  test::write_file(dir, "q.yaml", "service:\n  tp: \"2\"\n");
  expect_refused(run_hippo({"validate", "q.yaml"}, dir),
                 "hippo: q.yaml:2: service.tp: expected a number, got the quoted text \"2\" (write it without quotes)");
}

// A bucket without `input` ended in "internal error: invalid node", exit 1.
TEST(NamedFailures, BucketWithoutInput) {
  const std::string dir = test::temp_dir();
  test::write_file(dir, "b.yaml", "workload:\n  buckets:\n    - {name: a, share: 1, output: 10}\n");
  expect_refused(run_hippo({"plan", "b.yaml"}, dir), "hippo: b.yaml:3: workload.buckets.input: required text is missing");
}

// `--trace /etc` ended in "basic_filebuf::underflow", exit 1; a device never ends.
TEST(NamedFailures, TraceThatIsNotAFile) {
  const std::vector<std::string> sim = {"simulate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--trace"};
  auto with = [&](const std::string& path) {
    auto args = sim;
    args.push_back(path);
    return args;
  };
  expect_refused(run_hippo(with("/etc")), "hippo: /etc: trace: expected a regular file, got a folder");
  expect_refused(run_hippo(with("/dev/zero")), "hippo: /dev/zero: trace: expected a regular file, got a device");
  expect_refused(run_hippo({"run", "/etc"}), "hippo: /etc: expected a regular file, got a folder");
}

// A newline or NUL in a value broke the one-line rule of messages.
TEST(NamedFailures, ControlCharactersAreEscaped) {
  const std::string dir = test::temp_dir();
  test::write_file(dir, "nl.yaml", "service:\n  model: \"llama\\nfoo\\0bar\"\n");
  expect_refused(run_hippo({"validate", "nl.yaml"}, dir), "hippo: nl.yaml:2: service.model: unknown model 'llama\\nfoo\\0bar'", true);
  expect_refused(run_hippo({"validate", "a\nb.yaml"}, dir), "hippo: a\\nb.yaml: cannot read file (does it exist?)");
}

// `> /dev/full`: every command exited 0 with its output lost. Now exit 1, and the reason is always
// in the line: print() checks each write as it happens, so an output long enough to fail before
// the last flush (a sweep's JSON, run's text) keeps its errno.
TEST(NamedFailures, FullStdoutIsAFailure) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"catalog", "gpus"},
        {"catalog", "models", "--json"},
        {"run", "default", "--json"},
        {"run", "default"},
        {"perf", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--batch", "8", "--context", "512"},
        {"simulate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--rate", "5", "--requests", "20", "--json"},
        {"sweep", "default", "--set", "demand.growth_monthly=0.01,0.02,0.03,0.04,0.05,0.06,0.07,0.08", "--json"},
        {"sweep", "default", "--set", "demand.growth_monthly=0.01,0.02"}}) {
    std::vector<std::string> argv = {"/bin/sh", "-c", "exec \"$0\" \"$@\" > /dev/full", HIPPO_BIN};
    argv.insert(argv.end(), args.begin(), args.end());
    const test::CliResult r = test::wait_hippo(test::spawn_program(argv));
    EXPECT_EQ(r.status, 1) << args[0];
    EXPECT_EQ(r.err, "hippo: stdout: cannot write the output (No space left on device)\n") << args[0] << " " << args[1];
  }
}

// A $2B training run in the last month: IRR 92 % and payback month 1 beside a final cash of
// −$1.3B, with no caveat. The cash flow changes sign more than once: the result now says so.
TEST(NamedFailures, SeveralSignChangesAreWarned) {
  const std::string dir = test::temp_dir();
  test::write_file(dir, "late.yaml",
                   "service: {tp: 4}\nopex:\n  training:\n    - {name: big, cost: 2.0e+9, month: 60, life_months: 1}\n");
  const auto r = run_hippo({"run", "late.yaml", "--json"}, dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\"warnings\": [\n    \"the monthly cash flow changes sign "), std::string::npos) << r.out.substr(0, 2000);
  const auto text = run_hippo({"run", "late.yaml"}, dir);
  EXPECT_NE(text.out.find("Warning: the monthly cash flow changes sign "), std::string::npos) << text.out;
  const auto plain = run_hippo({"run", "default", "--json"}, dir);
  EXPECT_NE(plain.out.find("\"warnings\": []"), std::string::npos);
}

// trace:FILE,input / trace:FILE,output counted as 0 tokens in run and plan ($0.00 or $inf per
// Mtok); workload.trace was ignored by both. A trace's lengths are now read where the scenario is.
TEST(NamedFailures, TraceLengthsCountInRunAndPlan) {
  const std::string dir = test::temp_dir();
  std::string csv = "arrival_s,input_tokens,output_tokens\n";
  for (int i = 0; i < 100; ++i) csv += std::to_string(i) + ".0,1000,250\n";
  fs::create_directories(dir + "/sub");
  test::write_file(dir + "/sub", "t.csv", csv);
  // Relative to the scenario's folder, not the working directory.
  test::write_file(dir + "/sub", "dist.yaml", "service: {model: llama-3.1-8b}\nworkload:\n  input: trace:t.csv,input\n  output: trace:t.csv,output\n");
  test::write_file(dir + "/sub", "replay.yaml", "service: {model: llama-3.1-8b}\nworkload:\n  trace: t.csv\n");
  test::write_file(dir + "/sub", "mean.yaml", "service: {model: llama-3.1-8b}\nworkload:\n  input: fixed:1000\n  output: fixed:250\n");
  const auto mean = run_hippo({"run", "sub/mean.yaml", "--json"}, dir);
  ASSERT_EQ(mean.status, 0) << mean.err;
  auto field = [](const std::string& doc, const std::string& key) {
    const auto at = doc.find("\"" + key + "\": ");
    return at == std::string::npos ? std::string("absent") : doc.substr(at, doc.find_first_of(",\n", at) - at);
  };
  for (const char* file : {"sub/dist.yaml", "sub/replay.yaml"}) {
    const auto r = run_hippo({"run", file, "--json"}, dir);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(field(r.out, "cost_per_mtok"), field(mean.out, "cost_per_mtok")) << file;
    EXPECT_EQ(field(r.out, "tokens_total"), field(mean.out, "tokens_total")) << file;
  }
  const auto p = run_hippo({"plan", "sub/dist.yaml", "--requests", "200", "--json"}, dir);
  ASSERT_EQ(p.status, 0) << p.err;
  EXPECT_EQ(field(p.out, "output_tokens_per_request"), "\"output_tokens_per_request\": 250.0");
  // A bad trace keeps both places: the key that names it, and the trace's own line.
  test::write_file(dir + "/sub", "bad.csv", "arrival_s,input_tokens,output_tokens\n0,ten,5\n");
  test::write_file(dir + "/sub", "bad.yaml", "workload:\n  input: trace:bad.csv\n");
  expect_refused(run_hippo({"run", "sub/bad.yaml"}, dir),
                 "hippo: sub/bad.yaml:2: workload.input: sub/bad.csv:2: trace: expected arrival_s,input_tokens,output_tokens "
                 "with arrival ≥ 0 and whole token counts ≥ 1, got '0,ten,5'");
  test::write_file(dir + "/sub", "both.yaml", "workload:\n  trace: t.csv\n  output: fixed:9\n");
  expect_refused(run_hippo({"run", "sub/both.yaml"}, dir),
                 "hippo: sub/both.yaml:3: workload.output: workload.trace gives the request lengths; leave "
                 "workload.output out, or the trace");
}

// simulate --requests 1e10 --rate 5 simulated for minutes before reaching the clock's limit.
TEST(NamedFailures, ArrivalSpanCheckedUpFront) {
  expect_refused(run_hippo({"simulate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--rate", "5", "--requests",
                            "1e10", "--json"}),
                 "hippo: --requests: 1e+10 requests at 5 req/s arrive over about 2e+09 s, beyond the simulator's clock "
                 "of 1e9 s (31.7 years); simulate fewer requests or raise the rate");
}

// --replicas 1e8 was "internal error: std::bad_alloc", 1e7 reached 14 GB: refused with the estimate.
TEST(NamedFailures, FleetMemoryCheckedUpFront) {
  expect_refused(run_hippo({"simulate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--rate", "5", "--requests",
                            "10", "--replicas", "100000000", "--json"}),
                 "hippo: --replicas: 1e+08 replicas hold about 160 GB before serving a request, more than half the ", true);
}

// plan --tolerance 1e-300 ran for more than ten minutes (and ignored Ctrl-C).
TEST(NamedFailures, PlanToleranceBelowItsFloor) {
  expect_refused(run_hippo({"plan", "plan-single", "--tolerance", "1e-300"}),
                 "hippo: --tolerance: expected at least 1e-6, got 1e-300");
}

// `--load` errors named --rate, a flag the user never typed.
TEST(NamedFailures, LoadErrorsNameLoad) {
  const std::vector<std::string> sim = {"simulate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--requests", "100"};
  auto with = [&](const std::string& load) {
    auto args = sim;
    args.insert(args.end(), {"--load", load});
    return args;
  };
  expect_refused(run_hippo(with("1e300")), "hippo: --load: expected a share of peak throughput > 0 and at most 1000");
  expect_refused(run_hippo(with("1e-300")), "hippo: --load: gives ", true);
}

// sensitivity --all-numeric --percent 90 on the shipped korea and capex-race scenarios stopped on
// a moved value that does not fit (tp 2 → 1; an SLO below one decoding step); such a value is now
// skipped with its reason.
TEST(NamedFailures, AllNumericSensitivitySkipsWhatDoesNotFit) {
  for (const char* name : {"korea", "capex-race"}) {
    const auto r = run_hippo({"sensitivity", name, "--all-numeric", "--percent", "90", "--json", "--out", test::temp_dir()});
    EXPECT_EQ(r.status, 0) << name << ": " << r.err;
    EXPECT_NE(r.out.find(name == std::string("korea") ? "\"service.tp: <builtin>/korea.yaml:18: service.tp: llama-3.1-70b with fp8 weights needs"
                                                      : "\"slo.tpot_p99_s: <builtin>/capex-race.yaml: slo.tpot_p99_s: one decoding sequence takes"),
              std::string::npos)
        << r.out;
  }
}

}  // namespace
}  // namespace hippo
