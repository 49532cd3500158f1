// Monte Carlo: each sample draws every uncertain input from its own stream (seed, sample index),
// sets it in one working copy of the scenario and evaluates. A part (one process's share) keeps
// mergeable summaries: per-block sums (added over blocks in block order on merge, so the mean is
// the same however blocks are shared out), quantile sketches and break-even histograms (integer
// counts), and optionally the per-sample rows for the database.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>

#include "hippo/uncertainty.hpp"
#include "uncertainty/inputs.hpp"
#include "uncertainty/sketch.hpp"

namespace hippo::uncertainty {

namespace {

// Everything a part holds besides the per-block sums.
struct Summaries {
  explicit Summaries(int months)
      : npv(kSketchAccuracy), irr(kSketchAccuracy), cash(static_cast<std::size_t>(months), SignedSketch(kSketchAccuracy)),
        breakeven(static_cast<std::size_t>(months), 0), payback(static_cast<std::size_t>(months), 0) {}
  SignedSketch npv, irr;
  std::vector<SignedSketch> cash;
  std::vector<std::int64_t> breakeven, payback;  // samples whose month is m (index m−1)

  void add(const Outcome& o) {
    npv.add(o.npv);
    if (o.irr_annual) irr.add(*o.irr_annual);
    for (std::size_t m = 0; m < cash.size(); ++m) cash[m].add(o.cumulative_cash[m]);
    auto count = [](std::vector<std::int64_t>& h, const std::optional<int>& month) {
      if (month && *month >= 1 && *month <= static_cast<int>(h.size())) ++h[static_cast<std::size_t>(*month - 1)];
    };
    count(breakeven, o.breakeven_month);
    count(payback, o.payback_month);
  }
  void merge(const Summaries& o) {
    npv.merge(o.npv);
    irr.merge(o.irr);
    for (std::size_t m = 0; m < cash.size(); ++m) cash[m].merge(o.cash[m]);
    for (std::size_t m = 0; m < breakeven.size(); ++m) {
      breakeven[m] += o.breakeven[m];
      payback[m] += o.payback[m];
    }
  }
  void append_to(std::vector<double>& out) const {
    npv.append_to(out);
    irr.append_to(out);
    for (const auto& c : cash) c.append_to(out);
    for (auto c : breakeven) out.push_back(static_cast<double>(c));
    for (auto c : payback) out.push_back(static_cast<double>(c));
  }
  void read_from(const std::vector<double>& in, std::size_t& pos) {
    npv = SignedSketch::read_from(in, pos, kSketchAccuracy);
    irr = SignedSketch::read_from(in, pos, kSketchAccuracy);
    for (auto& c : cash) c = SignedSketch::read_from(in, pos, kSketchAccuracy);
    for (auto& c : breakeven) c = static_cast<std::int64_t>(in[pos++]);
    for (auto& c : payback) c = static_cast<std::int64_t>(in[pos++]);
  }
};

// Per block: Σ npv, Σ irr (where defined), Σ cumulative cash per month.
std::size_t block_width(int months) { return 2 + static_cast<std::size_t>(months); }

Quantiles quantiles_of(const SignedSketch& s, double sum) {
  // The mean of values in [min, max] lies in [min, max]; clamping removes the rounding of the sum,
  // so a sample of identical values reports that value exactly.
  return {s.quantile(0.1), s.quantile(0.5), s.quantile(0.9), std::clamp(sum / static_cast<double>(s.count()), s.min(), s.max())};
}

}  // namespace

double monte_carlo_bytes(const Scenario& base, const MonteCarloSpec& spec) {
  const double blocks = std::ceil(static_cast<double>(spec.samples) / static_cast<double>(kBlockSamples));
  double bytes = blocks * static_cast<double>(block_width(base.horizon_months)) * sizeof(double);
  if (spec.keep_rows)
    bytes += static_cast<double>(spec.samples) *
             static_cast<double>(sizeof(SampleRow) + base.uncertain.size() * sizeof(double) + 6 * sizeof(double));
  return bytes;
}

void check_monte_carlo_size(const Scenario& base, const MonteCarloSpec& spec, double memory_bytes, const Location& where) {
  if (spec.samples < 1 || spec.samples > kMaxSamples)
    throw InputError(where, "expected at most 1000000000 samples and at least 1, got " + std::to_string(spec.samples));
  const double bytes = monte_carlo_bytes(base, spec);
  if (bytes > memory_bytes) {
    char msg[200];
    std::snprintf(msg, sizeof msg, "%lld samples would hold about %.3g GB%s, more than the %.3g GB this machine has; take fewer",
                  static_cast<long long>(spec.samples), bytes / 1e9, spec.keep_rows ? " (every row kept for `db`)" : "",
                  memory_bytes / 1e9);
    throw InputError(where, msg);
  }
}

MonteCarloPart run_monte_carlo(const Scenario& base, const MonteCarloSpec& spec, Range range, const Evaluator& eval,
                               const Progress& progress) {
  assert(range.begin % kBlockSamples == 0 && range.begin <= range.end);
  const int months = base.horizon_months;
  Scenario work = base;
  std::vector<NumberRef> refs;
  for (const auto& u : base.uncertain) refs.emplace_back(work, u.key);

  Summaries sum(months);
  std::vector<double> blocks, rows;
  std::vector<double> inputs(base.uncertain.size());
  for (std::int64_t first = range.begin; first < range.end; first += kBlockSamples) {
    std::vector<double> block(block_width(months), 0.0);
    for (std::int64_t i = first; i < std::min(range.end, first + kBlockSamples); ++i) {
      const Stream stream(spec.seed, static_cast<std::uint64_t>(i));
      for (std::size_t j = 0; j < refs.size(); ++j) {
        inputs[j] = quantile(base.uncertain[j].dist, stream.uniform(j));
        if (refs[j].integer()) inputs[j] = std::round(inputs[j]);
        refs[j].set(inputs[j]);
      }
      const Outcome o = eval(work);
      assert(static_cast<int>(o.cumulative_cash.size()) == months);
      sum.add(o);
      block[0] += o.npv;
      if (o.irr_annual) block[1] += *o.irr_annual;
      for (int m = 0; m < months; ++m) block[2 + static_cast<std::size_t>(m)] += o.cumulative_cash[static_cast<std::size_t>(m)];
      if (spec.keep_rows) {
        rows.push_back(static_cast<double>(i));
        rows.insert(rows.end(), inputs.begin(), inputs.end());
        const auto s = outcome_scalars(o);
        rows.insert(rows.end(), s.begin(), s.end());
      }
      // Every sample, not every block: one sample may be a capacity simulation (fleet.sizing:
      // simulated), and under mpirun a rank has a second after Ctrl-C to stop.
      if (progress) progress(i + 1 - range.begin, range.end - range.begin);
    }
    blocks.insert(blocks.end(), block.begin(), block.end());
  }
  // Layout: [block count, blocks…, summaries…, row count, rows…].
  MonteCarloPart part;
  part.data.push_back(static_cast<double>(blocks.size() / block_width(months)));
  part.data.insert(part.data.end(), blocks.begin(), blocks.end());
  sum.append_to(part.data);
  part.data.push_back(static_cast<double>(range.end - range.begin) * (spec.keep_rows ? 1 : 0));
  part.data.insert(part.data.end(), rows.begin(), rows.end());
  return part;
}

MonteCarloResult merge_monte_carlo(const Scenario& base, const MonteCarloSpec& spec, const std::vector<MonteCarloPart>& parts) {
  const int months = base.horizon_months;
  const std::size_t width = block_width(months), row_width = 1 + base.uncertain.size() + kOutcomeScalars;
  Summaries all(months);
  std::vector<double> total(width, 0.0);
  MonteCarloResult r;
  for (const auto& part : parts) {  // rank order: blocks arrive in block order
    const auto& d = part.data;
    std::size_t pos = 0;
    const auto nblocks = static_cast<std::size_t>(d[pos++]);
    for (std::size_t b = 0; b < nblocks; ++b, pos += width)
      for (std::size_t k = 0; k < width; ++k) total[k] += d[pos + k];
    Summaries s(months);
    s.read_from(d, pos);
    all.merge(s);
    const auto nrows = static_cast<std::size_t>(d[pos++]);
    for (std::size_t k = 0; k < nrows; ++k, pos += row_width) {
      SampleRow row;
      row.index = static_cast<std::int64_t>(d[pos]);
      row.inputs.assign(d.begin() + static_cast<std::ptrdiff_t>(pos + 1),
                        d.begin() + static_cast<std::ptrdiff_t>(pos + 1 + base.uncertain.size()));
      row.outcome = outcome_from_scalars(&d[pos + 1 + base.uncertain.size()]);
      r.rows.push_back(std::move(row));
    }
    assert(pos == d.size());
  }
  assert(all.npv.count() == spec.samples);
  r.scenario = base.name;
  r.seed = spec.seed;
  r.samples = spec.samples;
  for (const auto& u : base.uncertain) r.inputs.push_back(u.key);
  r.npv = quantiles_of(all.npv, total[0]);
  r.irr_defined = all.irr.count();
  if (r.irr_defined > 0) r.irr_annual = quantiles_of(all.irr, total[1]);
  std::int64_t be = 0, pb = 0;
  const auto n = static_cast<double>(spec.samples);
  for (int m = 0; m < months; ++m) {
    const auto k = static_cast<std::size_t>(m);
    r.cumulative_cash.push_back(quantiles_of(all.cash[k], total[2 + k]));
    be += all.breakeven[k];
    pb += all.payback[k];
    r.breakeven_probability_by_month.push_back(static_cast<double>(be) / n);
    r.payback_probability_by_month.push_back(static_cast<double>(pb) / n);
  }
  return r;
}

}  // namespace hippo::uncertainty
