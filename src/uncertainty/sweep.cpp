// Sweeps: the grid of every combination of the --set values, evaluated point by point.
#include <cstdio>
#include <set>

#include "hippo/uncertainty.hpp"
#include "uncertainty/json.hpp"

namespace hippo::uncertainty {

namespace {
constexpr std::int64_t kMaxGrid = 10'000'000;
// The output is streamed (memory stays flat), but it must fit where it goes: the JSON is spooled to
// a temporary file before it is printed, and the database is of a similar size.
constexpr double kMaxOutputBytes = 4e9;
constexpr std::int64_t kProgressEvery = 256;  // points between progress calls (a few ms)

std::string describe(const std::vector<Setting>& point) {
  std::string s;
  for (const auto& st : point) s += (s.empty() ? "" : ",") + st.key + "=" + st.text;
  return s;
}
}  // namespace

std::int64_t grid_size(const std::vector<SweepAxis>& axes) {
  std::int64_t n = 1;
  for (const auto& a : axes) n *= static_cast<std::int64_t>(a.values.size());
  return n;
}

std::vector<Setting> grid_point(const std::vector<SweepAxis>& axes, std::int64_t index) {
  std::vector<Setting> point(axes.size());
  for (std::size_t k = axes.size(); k-- > 0;) {  // the last axis varies fastest
    const auto n = static_cast<std::int64_t>(axes[k].values.size());
    point[k] = axes[k].values[static_cast<std::size_t>(index % n)];
    index /= n;
  }
  return point;
}

std::vector<SweepAxis> sweep_axes(const std::vector<std::string>& flags, const Scenario& base) {
  if (flags.empty()) throw InputError({"", 0, "axes"}, "expected at least one key=v1,v2,…");
  std::vector<SweepAxis> axes;
  std::set<std::string> seen;
  double size = 1;
  for (const auto& f : flags) {
    auto values = parse_set_flag(f);
    const std::string key = values.front().key;
    if (!seen.insert(key).second) throw InputError({"axes", 0, key}, "key given twice; list all its values in one `axes` entry");
    for (const auto& v : values) {  // each value alone must be a valid setting of the base scenario
      Scenario probe = base;
      apply(probe, v, {"axes", 0, key});
    }
    size *= static_cast<double>(values.size());
    axes.push_back({key, std::move(values)});
  }
  if (size > kMaxGrid) throw InputError({"", 0, "axes"}, "the grid has " + std::to_string(static_cast<long long>(size)) +
                                                              " points; at most 10,000,000");
  const auto point_bytes = SweepJsonWriter(axes).max_point_bytes();
  if (size * static_cast<double>(point_bytes) > kMaxOutputBytes) {
    char msg[160];
    std::snprintf(msg, sizeof msg, "the sweep's output would be up to %.1f GB (%lld points of up to %lld bytes of JSON); at most 4 GB",
                  size * static_cast<double>(point_bytes) / 1e9, static_cast<long long>(size), static_cast<long long>(point_bytes));
    throw InputError({"", 0, "axes"}, msg);
  }
  return axes;
}

std::vector<Outcome> run_sweep(const Scenario& base, const Catalog& catalog, const std::vector<SweepAxis>& axes, Range range,
                               const Evaluator& eval, const Progress& progress) {
  std::vector<Outcome> out;
  out.reserve(static_cast<std::size_t>(range.end - range.begin));
  for (std::int64_t i = range.begin; i < range.end; ++i) {
    if (progress && (i - range.begin) % kProgressEvery == 0) progress(i - range.begin, range.end - range.begin);
    const auto point = grid_point(axes, i);
    Scenario s = base;
    try {
      for (const auto& st : point) apply(s, st, {"axes", 0, st.key});
      validate_scenario(s, catalog);
      Outcome o = eval(s);
      std::vector<double>().swap(o.cumulative_cash);  // free it: a block keeps 65,536 outcomes
      out.push_back(std::move(o));
    } catch (const InputError& e) {
      // A complaint about a swept key is about the flag's value, not the file's line for that key.
      bool swept = false;
      for (const auto& st : point) swept |= e.where().key == st.key;
      throw InputError({"", 0, "axes"}, "at the grid point " + describe(point) + ": " +
                                             (swept ? e.where().key + ": " + e.expected() : std::string(e.what())));
    }
  }
  if (progress) progress(range.end - range.begin, range.end - range.begin);
  return out;
}

}  // namespace hippo::uncertainty
