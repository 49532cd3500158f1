// Uncertainty at scale (src/uncertainty): sensitivity, Monte Carlo and sweeps over a scenario.
//
// Everything here is written against a small evaluator interface (scenario → Outcome), so the
// sampling, splitting and merging do not depend on the economics model; econ_evaluator() plugs in
// econ::evaluate with the fleet capacity computed once and cached by what it depends on.
//
// Work is split into parts that a process (an MPI rank) computes alone and rank 0 merges. Sample i
// draws from a stream derived from (seed, i) alone, and every merged number is either an integer
// count or a sum taken in a fixed order, so the results are identical however the work is split.
// The method is described in docs/uncertainty.md.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "hippo/catalog.hpp"
#include "hippo/scenario.hpp"

namespace hippo::uncertainty {

// ---- Random numbers: a counter-based stream (SplitMix64 finaliser over a seed/sample key) ----

// The stream of sample `index` under `seed`: uniform(j) is its j-th number in (0, 1), a pure
// function of (seed, index, j); nothing is carried from one sample to the next.
class Stream {
 public:
  Stream(std::uint64_t seed, std::uint64_t index);
  double uniform(std::uint64_t draw) const;

 private:
  std::uint64_t key_;
};

double normal_cdf(double x);
// Φ⁻¹(p) for p in (0, 1): Acklam's rational approximation refined by one Halley step (|error| < 1e-15).
double inverse_normal_cdf(double p);

// The value of `d` at cumulative probability u in (0, 1) (inverse CDF, truncated to [low, high]),
// so one uniform number gives one draw and truncation needs no rejection loop.
double quantile(const Distribution& d, double u);

// ---- The evaluator interface ----

// What uncertainty runs keep of one evaluation.
struct Outcome {
  double npv = 0;
  std::optional<double> irr_annual;
  std::optional<int> breakeven_month;  // first month with operating profit ≥ 0
  std::optional<int> payback_month;    // first month with cumulative cash ≥ 0
  double cost_per_mtok = 0;
  double gpus_peak = 0;
  std::vector<double> cumulative_cash;  // month 1 first
};

// Scenario → Outcome. May cache (fleet capacity) but returns the same Outcome for the same scenario.
using Evaluator = std::function<Outcome(const Scenario&)>;

// econ::fleet_capacity once per distinct deployment (cached by every field it reads), then
// econ::evaluate per call. The catalog must outlive the evaluator.
Evaluator econ_evaluator(const Catalog& catalog);

// ---- Inputs: setting scenario keys by name ----

// One key set to one value: numbers for numeric keys, the text for text / choice keys.
struct Setting {
  std::string key;
  std::string text;  // as written on the command line
  double number = 0;
  bool numeric = true;
};

// Reads "key=v1,v2,…" (a --set flag); the key must be a scenario key (InputError with a "did you
// mean" naming the flag otherwise), numbers must parse.
std::vector<Setting> parse_set_flag(const std::string& flag_value);
// Applies a setting (range-checked); `where` names the flag or file in errors.
void apply(Scenario& s, const Setting& setting, const Location& where);

// Checks that every uncertain input's low and high are allowed values of its key (InputError at the
// input's line otherwise). Call once before sampling.
void check_uncertain_inputs(const Scenario& s);

// ---- Sharing work out ----

struct Range {
  std::int64_t begin = 0, end = 0;
};
// The items process `rank` of `ranks` takes: a contiguous run of whole blocks of `block` items.
Range share(std::int64_t items, int rank, int ranks, std::int64_t block = 1);

// ---- Summaries ----

struct Quantiles {
  double p10 = 0, p50 = 0, p90 = 0, mean = 0;
};

// Relative accuracy of the quantile sketches (docs/uncertainty.md): a reported quantile lies
// within this fraction of a value whose rank is the requested one; the minimum, maximum and the
// mean are exact.
constexpr double kSketchAccuracy = 0.001;

// ---- Monte Carlo ----

struct MonteCarloSpec {
  std::uint64_t seed = 1;
  std::int64_t samples = 1000;
  bool keep_rows = false;  // per-sample inputs and outputs for --db
};

// One sample, as stored in the database.
struct SampleRow {
  std::int64_t index = 0;
  std::vector<double> inputs;  // in the order of Scenario::uncertain
  Outcome outcome;             // without cumulative_cash
};

// What one process computes over its share of the samples; opaque, merged by merge_monte_carlo.
struct MonteCarloPart {
  std::vector<double> data;  // flat, so that it travels as one MPI message
};

struct MonteCarloResult {
  std::string scenario;
  std::uint64_t seed = 0;
  std::int64_t samples = 0;
  std::vector<std::string> inputs;     // the uncertain keys, in order
  Quantiles npv;
  std::optional<Quantiles> irr_annual; // over the samples where the IRR is defined
  std::int64_t irr_defined = 0;
  std::vector<Quantiles> cumulative_cash;             // one per month
  std::vector<double> breakeven_probability_by_month; // P(break-even month ≤ m), m = 1 … H
  std::vector<double> payback_probability_by_month;   // P(payback month ≤ m)
  std::vector<SampleRow> rows;                        // with keep_rows, in sample order
};

// Monte Carlo sums are taken per block of kBlockSamples samples, then over blocks in order; a
// process evaluates whole blocks, so the sums do not depend on how the blocks are shared out.
constexpr std::int64_t kBlockSamples = 1024;

// The most samples a run takes: beyond it the sums per block and the counts stop being exact, and
// at about a microsecond a sample the run would take days.
constexpr std::int64_t kMaxSamples = 1'000'000'000;
// Bytes a run of `spec` on `base` holds at its peak: the per-block sums, and with keep_rows every
// sample's row. Checked up front against the machine's memory (check_monte_carlo_size).
double monte_carlo_bytes(const Scenario& base, const MonteCarloSpec& spec);
// Throws InputError at `where` when spec.samples is outside [1, kMaxSamples] or the run would not
// fit in `memory_bytes` (the message gives the estimate).
void check_monte_carlo_size(const Scenario& base, const MonteCarloSpec& spec, double memory_bytes, const Location& where);

// Called as the work advances with the items (samples, cases, grid points) of the part done so far:
// a progress line on the terminal. It may throw to stop the run (src/cli does on Ctrl-C).
using Progress = std::function<void(std::int64_t done, std::int64_t total)>;
// Evaluates samples [range.begin, range.end) of `base` (its uncertain inputs drawn, the rest as is).
MonteCarloPart run_monte_carlo(const Scenario& base, const MonteCarloSpec& spec, Range range, const Evaluator& eval,
                               const Progress& progress = {});
// Merges the parts of ranks 0 … K−1, in rank order.
MonteCarloResult merge_monte_carlo(const Scenario& base, const MonteCarloSpec& spec, const std::vector<MonteCarloPart>& parts);

// ---- Sensitivity (one at a time) ----

// One input to move: its base value and the two values it is moved to.
struct Swing {
  std::string key;
  double base = 0, low = 0, high = 0;
  std::string source;
};

// The uncertain inputs, each moved to its low and high.
std::vector<Swing> uncertain_swings(const Scenario& s);
// Every numeric key moved by ± fraction of its value (clamped to the key's range, integers rounded
// outward); keys that would not move, or whose moved scenario is invalid, go to `skipped` with why.
// With `eval`, a moved scenario it refuses (InputError: a deployment that no longer fits, demand
// past any finite number) is skipped with its reason too, instead of stopping the whole run.
std::vector<Swing> numeric_swings(const Scenario& s, const Catalog& catalog, double fraction,
                                  std::vector<std::string>& skipped, const Evaluator& eval = {});

struct SensitivityRow {
  Swing swing;
  Outcome at_low, at_high;  // without cumulative_cash
  double npv_swing = 0;     // |npv(high) − npv(low)|
};

struct SensitivityResult {
  std::string scenario;
  Outcome base;             // without cumulative_cash
  std::vector<SensitivityRow> rows;  // ranked: largest NPV swing first (ties: larger break-even shift, then key)
  std::vector<std::string> skipped;
};

// Case c (0 ≤ c < 2·swings) is swing c/2 at its low (c even) or high (c odd).
std::vector<Outcome> run_cases(const Scenario& base, const std::vector<Swing>& swings, Range range, const Evaluator& eval,
                               const Progress& progress = {});
SensitivityResult rank_sensitivity(const Scenario& base, const Outcome& base_outcome, const std::vector<Swing>& swings,
                                   const std::vector<Outcome>& outcomes);

// ---- Sweeps ----

struct SweepAxis {
  std::string key;
  std::vector<Setting> values;
};

// Every combination: the first axis varies slowest.
std::int64_t grid_size(const std::vector<SweepAxis>& axes);
std::vector<Setting> grid_point(const std::vector<SweepAxis>& axes, std::int64_t index);
// Builds the axes from --set flags; rejects a key given twice, a grid over 10⁷ points and one
// whose JSON output would exceed 4 GB (docs/uncertainty.md).
std::vector<SweepAxis> sweep_axes(const std::vector<std::string>& set_flags, const Scenario& base);
// A sweep is evaluated, gathered and written block by block, so memory does not grow with the grid.
constexpr std::int64_t kSweepBlockPoints = 8'192;
// Evaluates grid points [range.begin, range.end) (validated; InputError names the point); calls
// `progress` every few hundred points with the points of the range done so far.
std::vector<Outcome> run_sweep(const Scenario& base, const Catalog& catalog, const std::vector<SweepAxis>& axes,
                               Range range, const Evaluator& eval, const Progress& progress = {});

// ---- Scalars of an outcome as doubles (NaN for none), for messages and the database ----
std::vector<double> outcome_scalars(const Outcome& o);
Outcome outcome_from_scalars(const double* v);
constexpr std::size_t kOutcomeScalars = 6;  // npv, irr_annual, breakeven, payback, cost_per_mtok, gpus_peak

}  // namespace hippo::uncertainty
