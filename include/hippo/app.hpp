// The application layer: one function per job that hippo does, shared by every front end (the CLI
// in src/cli, the Python module, a web page). Each takes a scenario (a shipped name, a file or YAML
// text), overrides of its keys (`--set key=value` on the CLI, `set={...}` in Python) and a progress
// callback, and returns a typed result together with the JSON document the CLI's --json prints.
// Nothing here prints or exits; bad input throws hippo::InputError naming scenario keys, and a
// progress callback may throw (hippo::Interrupted) to stop long work.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hippo/catalog.hpp"
#include "hippo/economics.hpp"
#include "hippo/perf.hpp"
#include "hippo/plan.hpp"
#include "hippo/simulate.hpp"
#include "hippo/scenario.hpp"
#include "hippo/uncertainty.hpp"

namespace hippo::econ {
class CapacityCache;  // src/econ/capacity_cache.hpp: fleet capacity per deployment, thread-safe
}

namespace hippo::app {

// Where a scenario comes from: a file path or a shipped name (`path_or_name`), or YAML text
// (`yaml`, named `file` in messages). A Python dict is passed as its JSON text (JSON is YAML).
struct ScenarioSource {
  std::string path_or_name = "default";
  std::optional<std::string> yaml;
  std::string file = "<text>";

  static ScenarioSource named(std::string path_or_name) { return {std::move(path_or_name), std::nullopt, {}}; }
  static ScenarioSource text(std::string yaml, std::string file = "<text>") {
    return {{}, std::move(yaml), std::move(file)};
  }
};

// One `key=value` override of a scenario key. `value` is read exactly as the same value in a
// scenario file (lists in YAML flow: `[h100-sxm, h200-sxm]`); `origin` names the override's place in
// messages ("--set" on the CLI, "set" in Python): `--set: service.tp: expected …`.
struct Override {
  std::string key;
  std::string value;
  std::string origin = "--set";
};
using Overrides = std::vector<Override>;

// Splits a command-line `key=value` into an Override; InputError when there is no '=' or no key.
Override parse_override(const std::string& key_equals_value, const std::string& origin = "--set");

// Progress of long work: `done` of `total` (0: unknown) `unit`s, e.g. 3 of 0 "capacity
// simulations"; `label` says whose (a scenario's name). Throwing from the callback stops the work
// and the exception passes through the call.
struct ProgressUpdate {
  std::string label;
  std::int64_t done = 0, total = 0;
  std::string unit, detail;
};
using Progress = std::function<void(const ProgressUpdate&)>;

// Applies the overrides to a scenario in order (each checked as the loader checks a file's value:
// type, range, choices, "did you mean" for a misspelt key; a key given twice is refused), then
// checks the cross-field rules. Messages about an overridden value name its origin.
Scenario with_overrides(Scenario scenario, const Overrides& overrides, const Catalog& catalog);

// Reads the scenario, applies the overrides in order (each checked as the loader checks a file's
// value: type, range, choices, "did you mean" for a misspelt key), then the cross-field rules.
Scenario load_scenario(const ScenarioSource& source, const Overrides& overrides, const Catalog& catalog);

// ---- hippo run --------------------------------------------------------------------------------

struct RunResult {
  Scenario scenario;                // after the overrides
  econ::FleetCapacity capacity;
  econ::EconResult economics;
  nlohmann::json json;              // exactly what `hippo run --json` prints (and results.json holds)
};

// `capacity`, when given (built for `catalog`), answers the fleet's capacity when it has seen the
// same deployment and workload before (hippo serve shares one between its requests); the result is
// the same either way.
RunResult run(const Scenario& scenario, const Catalog& catalog, const Progress& progress = {},
              econ::CapacityCache* capacity = nullptr);
RunResult run(const ScenarioSource& source, const Overrides& overrides, const Catalog& catalog,
              const Progress& progress = {}, econ::CapacityCache* capacity = nullptr);

// The names of the files write_report puts in a folder.
std::vector<std::string> run_report_files();  // results.json, monthly.csv, report.html, results.xlsx
// Writes DIR/results.json, DIR/monthly.csv, DIR/report.html and DIR/results.xlsx as a set: every file is rendered
// and written to a temporary beside it before any is renamed into place, so a failure leaves the
// folder as it was. InputError when the folder cannot be written.
void write_report(const RunResult& result, const std::filesystem::path& dir);

// ---- hippo compare ----------------------------------------------------------------------------

struct CompareResult {
  std::vector<RunResult> runs;      // in the order given
  nlohmann::json json;              // exactly what `hippo compare --json` prints (compare.json)
};

// Every scenario is loaded (with the same overrides) before any is evaluated, so a bad one fails
// before any work. `capacity` as run's.
CompareResult compare(const std::vector<ScenarioSource>& sources, const Overrides& overrides, const Catalog& catalog,
                      const Progress& progress = {}, econ::CapacityCache* capacity = nullptr);

std::vector<std::string> compare_report_files();  // compare.json, report.html, results.xlsx
// DIR/compare.json, DIR/report.html (the scenarios overlaid) and DIR/results.xlsx, as a set like
// write_report.
void write_report(const CompareResult& result, const std::filesystem::path& dir);

// ---- hippo perf -------------------------------------------------------------------------------

// One deployment and the step to explain: a decode step (`batch` sequences at `context` tokens,
// default 1 × 1024), a prefill (`prefill` tokens per prompt over `context` cached), or with
// `input` and `output` the peak throughput for that request shape (`batch` caps its batch).
struct PerfRequest {
  std::string model, gpu, engine;  // engine empty: the catalog's default
  int tp = 1, pp = 1, ep = 1;
  std::string weights = "bf16", kv = "bf16";
  bool dp_attention = false;  // attention data-parallel over the tp GPUs
  bool strict = false;        // refuse FP4 on a GPU without FP4 math instead of a fallback with a note
  std::optional<int> batch, context, prefill, input, output;
};

struct PerfResult {
  perf::DeploymentModel model;
  std::string mode;                  // decode | prefill | peak_throughput
  int batch = 0;                     // sequences in the step explained
  std::int64_t cached_tokens = 0;    // prefill: tokens already in the KV cache
  std::int64_t kv_tokens_per_seq = 0;
  int max_batch = 0;                 // sequences of that length the KV cache holds
  perf::StepLoad load;
  perf::StepBreakdown breakdown;
  double step_s = 0, tokens_per_s = 0;
  std::optional<perf::PeakThroughput> peak;
  nlohmann::ordered_json json;       // exactly what `hippo perf --json` prints
};

PerfResult perf(const PerfRequest& request, const Catalog& catalog);

// One point of the throughput-interactivity frontier.
struct FrontierPoint {
  int batch = 0;                  // sequences at once (a batch cap, or closed-loop clients)
  double step_s = 0;              // time between a sequence's tokens (the step; simulated: TPOT p50)
  double output_tok_s_per_gpu = 0;
  double tok_s_per_user = 0;
  double cost_usd_per_mtok = 0;   // output tokens, at the GPU's hourly price
};

struct FrontierResult {
  perf::DeploymentModel model;
  bool simulated = false;
  std::vector<FrontierPoint> points;
  nlohmann::ordered_json json;    // exactly what `hippo perf --frontier --json` prints
};

// Output tokens/s per GPU against tokens/s per user for the request's `input` + `output` shape (both
// required): the steady state at batches 1, 2, 4, … up to the largest that fits or `batch` (each the
// best at most that many; perf::peak_throughput), or, `simulated`, closed-loop clients 1, 2, 4, …
// each sending 10 requests of the shape in turn (sim::simulate).
FrontierResult perf_frontier(const PerfRequest& request, bool simulated, const Catalog& catalog);

// ---- hippo simulate ---------------------------------------------------------------------------

// A simulation of the scenario's deployment and workload (or, without a scenario, the built-in
// defaults, whose SLOs count only when overridden). What only a simulation has comes here; errors
// about it name these fields ("replicas", "rate_req_s", "load", "requests", "duration_s",
// "concurrency").
struct SimulateRequest {
  std::optional<ScenarioSource> scenario;
  Overrides overrides;
  int replicas = 1;
  std::optional<double> rate_req_s;   // arrivals: a rate, or
  std::optional<double> load;         // a share of the fleet's peak throughput (at most 1000), or a trace's own
  std::optional<std::int64_t> requests;  // stop after this many arrivals (default 10,000), or
  std::optional<double> duration_s;      // after this many seconds of arrivals
  // Closed loop: this many clients (at least 1; default the scenario's workload.concurrency), each
  // sending its next request when its last completes, `requests` in all; no rate, load or duration.
  std::optional<int> concurrency;
  // A trace to replay (arrival_s,input_tokens,output_tokens) instead of the scenario's arrivals and
  // lengths; read as it is replayed, so that its errors name its own file and line.
  std::optional<std::string> trace;
  bool strict = false;                // refuse FP4 on a GPU without FP4 math instead of a fallback with a note
  bool deterministic = false;         // report wall_s as 0 (byte-identical output)
};

struct SimulateResult {
  Scenario scenario;                  // after the overrides
  perf::DeploymentModel model;
  sim::SimConfig config;              // without its progress callback
  sim::SimResult result;
  double wall_s = 0;
  nlohmann::ordered_json json;        // exactly what `hippo simulate --json` prints
};

// Progress: requests completed of those to simulate (every 16,384 and every 65,536 events, so that
// a callback that throws stops a simulation whose requests complete slowly).
SimulateResult simulate(const SimulateRequest& request, const Catalog& catalog, const Progress& progress = {});

// ---- hippo plan -------------------------------------------------------------------------------

struct PlanRequest {
  std::int64_t requests_per_simulation = 2000;  // at least 100 ("requests")
  double tolerance = 0.02;                      // of the capacity search, a share of the rate in (0, 1)
};

struct PlanResult {
  Scenario scenario;       // after the overrides
  plan::PlanResult plan;
  nlohmann::ordered_json json;  // exactly what `hippo plan --json` prints
};

// Progress: simulations (total unknown), then fleet programmes solved of those to solve.
PlanResult plan(const ScenarioSource& source, const Overrides& overrides, const PlanRequest& request,
                const Catalog& catalog, const Progress& progress = {});

// ---- hippo sensitivity ------------------------------------------------------------------------

// One input at a time: each uncertain input, or with `all_numeric` every numeric input moved by
// ± `percent` % (0 < percent < 100; errors name "percent"), at its low and at its high.
struct SensitivityRequest {
  bool all_numeric = false;
  double percent = 10;
};

// The cases of a sensitivity run, checked: what every process (MPI rank) prepares alike before it
// evaluates its share of them (uncertainty::run_cases). sensitivity() runs them all in one.
struct SensitivityJob {
  Scenario scenario;                       // after the overrides
  uncertainty::Evaluator eval;             // the scenario's economics
  std::vector<uncertainty::Swing> swings;  // case c: swing c/2 at its low (c even) or its high
  std::vector<std::string> skipped;        // numeric inputs not moved, with why
  std::int64_t cases() const { return 2 * static_cast<std::int64_t>(swings.size()); }
};

// InputError for a percent outside (0, 100) and for a scenario with nothing to move.
SensitivityJob sensitivity_job(const ScenarioSource& source, const Overrides& overrides, const SensitivityRequest& request,
                               const Catalog& catalog);

struct SensitivityResult {
  uncertainty::SensitivityResult result;  // ranked by NPV swing
  nlohmann::ordered_json json;            // exactly what `hippo sensitivity --json` prints
};

// The ranked result from the base outcome and every case's outcome, in case order.
SensitivityResult sensitivity_result(const SensitivityJob& job, const uncertainty::Outcome& base,
                                     const std::vector<uncertainty::Outcome>& cases);

// The whole run in one process. Progress: cases done of 2 × inputs.
SensitivityResult sensitivity(const ScenarioSource& source, const Overrides& overrides, const SensitivityRequest& request,
                              const Catalog& catalog, const Progress& progress = {});

// ---- hippo montecarlo -------------------------------------------------------------------------

struct MonteCarloRequest {
  std::int64_t samples = 1000;         // 1 … 1e9, and what fits in memory ("samples")
  std::optional<std::uint64_t> seed;   // default: the scenario's
  bool keep_rows = false;              // every sample's inputs and outcome (`--db`)
};

// A Monte Carlo run, checked (the sample count and its memory, the uncertain inputs' ranges): what
// every process prepares alike before it evaluates its share (uncertainty::run_monte_carlo).
struct MonteCarloJob {
  Scenario scenario;  // after the overrides
  uncertainty::Evaluator eval;
  uncertainty::MonteCarloSpec spec;
};

MonteCarloJob montecarlo_job(const ScenarioSource& source, const Overrides& overrides, const MonteCarloRequest& request,
                             const Catalog& catalog);

struct MonteCarloResult {
  uncertainty::MonteCarloResult result;
  nlohmann::ordered_json json;  // exactly what `hippo montecarlo --json` prints
};

// The parts of processes 0 … K−1, merged in that order.
MonteCarloResult montecarlo_result(const MonteCarloJob& job, const std::vector<uncertainty::MonteCarloPart>& parts);

// The whole run in one process. Progress: samples done of all.
MonteCarloResult montecarlo(const ScenarioSource& source, const Overrides& overrides, const MonteCarloRequest& request,
                            const Catalog& catalog, const Progress& progress = {});

// ---- hippo sweep ------------------------------------------------------------------------------

// A grid over scenario keys, its `axes` written as `--set key=v1,v2,…` values are: checked (a key
// given twice, the grid's size and its output's) before any point is evaluated.
struct SweepJob {
  Scenario scenario;  // after the overrides
  uncertainty::Evaluator eval;
  std::vector<uncertainty::SweepAxis> axes;
  std::int64_t points = 0;
};

SweepJob sweep_job(const ScenarioSource& source, const Overrides& overrides, const std::vector<std::string>& axes,
                   const Catalog& catalog);

// The whole sweep in one process, block by block: the text of the document `hippo sweep --json`
// prints (a sweep is big; text is what a front end parses fastest). Progress: points of all.
std::string sweep_json(const ScenarioSource& source, const Overrides& overrides, const std::vector<std::string>& axes,
                       const Catalog& catalog, const Progress& progress = {});

// ---- hippo init -------------------------------------------------------------------------------

// A scenario file to start from: every key under a comment with its meaning, unit, range and
// default; the keys `from` (a shipped name or a file) sets keep its values, sources and comments,
// so the file loads back to the same scenario and runs to the same result.
std::string init_scenario(const std::string& from, const Catalog& catalog);

}  // namespace hippo::app
