// The application layer's simulate, sensitivity, Monte Carlo and sweep: each document is byte for
// byte what the CLI prints (which runs the same jobs over its MPI ranks), and their checks live
// here once, naming the request's fields ("samples", "percent", "rate_req_s"), which the CLI
// reports under its flags.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "hippo/app.hpp"
#include "support/run_cli.hpp"

namespace hippo {
namespace {

const Catalog& catalog() {
  static const Catalog c = load_builtin_catalog();
  return c;
}

std::string out_dir() {
  const auto dir = std::filesystem::temp_directory_path() / ("hippo-app-jobs-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir.string();
}

template <class Job>
std::string error_of(Job&& job) {
  try {
    job();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

const app::ScenarioSource kDefault = app::ScenarioSource::named("default");

TEST(AppJobs, SensitivityDocumentEqualsTheCli) {
  const app::SensitivityResult r = app::sensitivity(kDefault, {}, {}, catalog());
  const auto cli = test::run_hippo({"sensitivity", "default", "--json", "--out", out_dir() + "/sens"});
  ASSERT_EQ(cli.status, 0) << cli.err;
  EXPECT_EQ(r.json.dump() + "\n", cli.out);  // compact, as the CLI prints these documents
  EXPECT_FALSE(r.result.rows.empty());
  // Every numeric input ± 5 %, and an override: the same as the CLI's --all-numeric and --set.
  const app::SensitivityResult all =
      app::sensitivity(app::ScenarioSource::named("balanced"), {{"demand.paying_share", "0.05"}}, {true, 5}, catalog());
  const auto cli_all = test::run_hippo({"sensitivity", "balanced", "--all-numeric", "--percent", "5", "--set",
                                        "demand.paying_share=0.05", "--json", "--out", out_dir() + "/all"});
  ASSERT_EQ(cli_all.status, 0) << cli_all.err;
  EXPECT_EQ(all.json.dump() + "\n", cli_all.out);
}

TEST(AppJobs, MonteCarloDocumentEqualsTheCli) {
  const app::MonteCarloResult r = app::montecarlo(kDefault, {}, {300, 7, false}, catalog());
  const auto cli =
      test::run_hippo({"montecarlo", "default", "--samples", "300", "--seed", "7", "--json", "--out", out_dir() + "/mc"});
  ASSERT_EQ(cli.status, 0) << cli.err;
  EXPECT_EQ(r.json.dump() + "\n", cli.out);
  EXPECT_EQ(r.result.samples, 300);
  EXPECT_EQ(r.result.seed, 7u);
}

TEST(AppJobs, SweepDocumentEqualsTheCli) {
  const std::vector<std::string> axes = {"demand.growth_monthly=0.04,0.08,0.1", "revenue.subscription_price_month=15,20"};
  const std::string doc = app::sweep_json(kDefault, {}, axes, catalog());
  const auto cli = test::run_hippo({"sweep", "default", "--set", axes[0], "--set", axes[1], "--json"});
  ASSERT_EQ(cli.status, 0) << cli.err;
  EXPECT_EQ(doc + "\n", cli.out);
  const app::SweepJob job = app::sweep_job(kDefault, {}, axes, catalog());
  EXPECT_EQ(job.points, 6);
}

TEST(AppJobs, SimulateDocumentEqualsTheCli) {
  app::SimulateRequest q;
  q.scenario = kDefault;
  q.overrides = {{"service.max_batch", "64", "--max-batch"}};
  q.replicas = 2, q.rate_req_s = 3, q.requests = 300, q.deterministic = true;
  const app::SimulateResult r = app::simulate(q, catalog());
  const auto cli = test::run_hippo({"simulate", "default", "--max-batch", "64", "--replicas", "2", "--rate", "3",
                                    "--requests", "300", "--json", "--deterministic"});
  ASSERT_EQ(cli.status, 0) << cli.err;
  EXPECT_EQ(r.json.dump(2) + "\n", cli.out);
  EXPECT_EQ(r.json["requests_completed"], 300);
  EXPECT_EQ(r.config.max_batch, 64);
  EXPECT_EQ(r.config.replicas, 2);
}

// The checks each job makes once, for every front end: the library names the request's field, the
// CLI its flag (one table, src/cli/exit_status.cpp).
TEST(AppJobs, ChecksNameTheRequestFieldsAndTheCliItsFlags) {
  EXPECT_EQ(error_of([] { app::montecarlo(kDefault, {}, {0, std::nullopt, false}, catalog()); }),
            "samples: expected a positive number of samples, got 0");
  EXPECT_EQ(test::run_hippo({"montecarlo", "default", "--samples", "0"}).err,
            "hippo: --samples: expected a positive number of samples, got 0\n");
  EXPECT_EQ(error_of([] { app::sensitivity(kDefault, {}, {true, 100}, catalog()); }),
            "percent: expected a percentage between 0 and 100, got 100");
  EXPECT_EQ(test::run_hippo({"sensitivity", "default", "--all-numeric", "--percent", "100"}).err,
            "hippo: --percent: expected a percentage between 0 and 100, got 100\n");
  // plan-single has no uncertain inputs: named by its file.
  const std::string none = error_of([] { app::montecarlo(app::ScenarioSource::named("plan-single"), {}, {}, catalog()); });
  EXPECT_EQ(none, "<builtin>/plan-single.yaml: no uncertain inputs: give a number as {value: X, dist: triangular, low: A, "
                  "high: B}");
  EXPECT_EQ(error_of([] { app::sensitivity(app::ScenarioSource::named("plan-single"), {}, {}, catalog()); }),
            none + ", or use all_numeric");
  // Simulate's closed loop refuses a rate: the field that asked for one.
  app::SimulateRequest q;
  q.overrides = {{"service.model", "llama-3.1-8b"}, {"service.gpu", "h100-sxm"}};
  q.rate_req_s = 3, q.concurrency = 4, q.requests = 10;
  EXPECT_EQ(error_of([&] { app::simulate(q, catalog()); }),
            "rate_req_s: closed-loop clients (concurrency) send when their last request completes: give concurrency C "
            "requests N without rate_req_s, load or duration_s");
  // A scenario key set through an override keeps the override's origin (and the CLI shows it).
  app::SimulateRequest bad;
  bad.rate_req_s = 3;
  bad.overrides = {{"service.model", "llama-3.1-8b"}, {"service.gpu", "h100-sxm"}, {"service.max_batch", "0", "--set"}};
  EXPECT_EQ(error_of([&] { app::simulate(bad, catalog()); }), "--set: service.max_batch: expected a value in [1, 1e+06] sequences, got 0");
}

}  // namespace
}  // namespace hippo
