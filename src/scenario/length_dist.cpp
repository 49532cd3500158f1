// Request-length distributions as users write them: fixed:N, uniform:A,B, lognormal:mean=M,cv=C,
// trace:FILE[,input|output].
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "hippo/scenario.hpp"
#include "sim/workload.hpp"

namespace hippo {

namespace {

// Longest request hippo models, prompt or output: the simulator clamps draws to it and the trace
// reader refuses longer rows. A mean beyond it (1e300) made the token totals of the P&L infinite.
constexpr double kMaxTokens = 1e8;

bool to_number(const std::string& s, double& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end && *end == '\0' && std::isfinite(out);
}

std::string trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t"));
  s.erase(s.find_last_not_of(" \t") + 1);
  return s;
}

}  // namespace

std::string resolve_beside(const std::string& path, const std::string& file) {
  namespace fs = std::filesystem;
  if (path.empty() || fs::path(path).is_absolute() || file.empty() || file.starts_with("<builtin>/")) return path;
  const fs::path dir = fs::path(file).parent_path();
  return dir.empty() ? path : (dir / path).string();
}

double LengthDist::mean_tokens() const {
  switch (kind) {
    case Kind::fixed: return a;
    case Kind::uniform: return 0.5 * (a + b);
    case Kind::lognormal: return mean;
    case Kind::trace: return trace_mean;
  }
  return 0;
}

LengthDist parse_length_dist(const std::string& raw, const Location& where) {
  const std::string expected =
      "expected a length distribution: N, fixed:N, uniform:MIN,MAX, lognormal:mean=M,cv=C or trace:FILE.csv[,output]";
  LengthDist d;
  d.text = trim(raw);
  double v = 0;
  if (to_number(d.text, v)) {  // a bare number means fixed
    if (v < 1 || v > kMaxTokens) throw InputError(where, "expected 1 to 1e8 tokens, got '" + d.text + "'");
    d.kind = LengthDist::Kind::fixed;
    d.a = std::round(v);
    return d;
  }
  const auto colon = d.text.find(':');
  if (colon == std::string::npos) throw InputError(where, expected + ", got '" + d.text + "'");
  const std::string kind = d.text.substr(0, colon), args = d.text.substr(colon + 1);
  if (kind == "fixed") {
    if (!to_number(trim(args), v) || v < 1 || v > kMaxTokens)
      throw InputError(where, "fixed: expected a length of 1 to 1e8 tokens, got '" + args + "'");
    d.kind = LengthDist::Kind::fixed;
    d.a = std::round(v);
  } else if (kind == "uniform") {
    const auto comma = args.find(',');
    double lo = 0, hi = 0;
    if (comma == std::string::npos || !to_number(trim(args.substr(0, comma)), lo) ||
        !to_number(trim(args.substr(comma + 1)), hi))
      throw InputError(where, "uniform: expected MIN,MAX, got '" + args + "'");
    if (lo < 1 || hi < lo || hi > kMaxTokens) throw InputError(where, "uniform: expected 1 ≤ MIN ≤ MAX ≤ 1e8, got '" + args + "'");
    d.kind = LengthDist::Kind::uniform;
    d.a = lo;
    d.b = hi;
  } else if (kind == "lognormal") {
    d.kind = LengthDist::Kind::lognormal;
    bool has_mean = false, has_cv = false;
    std::size_t pos = 0;
    while (pos <= args.size()) {
      std::size_t comma = args.find(',', pos);
      if (comma == std::string::npos) comma = args.size();
      const std::string part = trim(args.substr(pos, comma - pos));
      const auto eq = part.find('=');
      double x = 0;
      if (eq == std::string::npos || !to_number(trim(part.substr(eq + 1)), x))
        throw InputError(where, "lognormal: expected mean=M,cv=C, got '" + args + "'");
      const std::string name = trim(part.substr(0, eq));
      if (name == "mean") d.mean = x, has_mean = true;
      else if (name == "cv") d.cv = x, has_cv = true;
      else throw InputError(where, "lognormal: unknown parameter '" + name + "' (expected mean, cv)");
      pos = comma + 1;
    }
    if (!has_mean || !has_cv) throw InputError(where, "lognormal: expected mean=M,cv=C, got '" + args + "'");
    if (d.mean < 1 || d.mean > kMaxTokens || d.cv <= 0 || d.cv > 20)
      throw InputError(where, "lognormal: expected 1 ≤ mean ≤ 1e8 and 0 < cv ≤ 20, got '" + args + "'");
  } else if (kind == "trace") {
    d.kind = LengthDist::Kind::trace;
    std::string path = trim(args);
    const auto comma = path.rfind(',');
    if (comma != std::string::npos) {
      const std::string col = trim(path.substr(comma + 1));
      if (col != "input" && col != "output") throw InputError(where, "trace: column must be input or output, got '" + col + "'");
      d.trace_output = col == "output";
      path = trim(path.substr(0, comma));
    }
    if (path.empty()) throw InputError(where, "trace: expected a CSV file name");
    d.trace_path = resolve_beside(path, where.file);
    try {
      d.trace_mean = sim::trace_mean_tokens(d.trace_path, d.trace_output);
    } catch (const InputError& e) {
      throw InputError(where, e.what());  // both places: the key that names the trace, the trace's line
    }
  } else {
    throw InputError(where, expected + ", got '" + d.text + "'");
  }
  return d;
}

LengthDist scaled_length_dist(const LengthDist& d, double mean) {
  if (mean == d.mean_tokens()) return d;
  const double m = std::clamp(mean, 1.0, kMaxTokens);
  auto exact = [](double v) { return fmt::format("{}", v); };  // shortest text that reads back the same
  LengthDist r;
  switch (d.kind) {
    case LengthDist::Kind::lognormal:
      r.kind = d.kind, r.mean = m, r.cv = d.cv;
      r.text = "lognormal:mean=" + exact(m) + ",cv=" + exact(d.cv);
      return r;
    case LengthDist::Kind::uniform: {
      const double k = m / d.mean_tokens();
      r.kind = d.kind, r.a = std::max(1.0, d.a * k), r.b = std::max(r.a, d.b * k);
      r.text = "uniform:" + exact(r.a) + "," + exact(r.b);
      return r;
    }
    case LengthDist::Kind::fixed:
    case LengthDist::Kind::trace: break;
  }
  r.kind = LengthDist::Kind::fixed, r.a = std::round(m);
  r.text = "fixed:" + exact(r.a);
  return r;
}

}  // namespace hippo
