#include "sim/workload.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <climits>
#include <filesystem>
#include <istream>
#include <cmath>
#include <map>

#include "util/atomic_file.hpp"

namespace hippo::sim {

namespace {

constexpr const char* kTraceColumns = "arrival_s,input_tokens,output_tokens";
constexpr const char* kTraceSessionColumns = "arrival_s,input_tokens,output_tokens,session_id,turn";
// A row is three numbers; a longer line is refused before it is held whole, so that a trace that
// is one enormous line (a binary file, a missing newline convention) cannot exhaust memory.
constexpr std::size_t kMaxLineBytes = 1024;

// Reads one line (without its '\n') into `line`; false at the end of the input. Throws when the
// line exceeds kMaxLineBytes.
bool read_line(std::istream& in, std::string& line, const std::string& path, int line_no) {
  line.clear();
  std::streambuf* buf = in.rdbuf();
  for (int c = buf->sbumpc(); c != std::char_traits<char>::eof(); c = buf->sbumpc()) {
    if (c == '\n') return true;
    if (line.size() == kMaxLineBytes)
      throw InputError({path, line_no, "trace"},
                       "expected a line of at most 1024 bytes (" + std::string(kTraceColumns) + "), got a longer one");
    line.push_back(static_cast<char>(c));
  }
  return !line.empty();
}

bool parse_double(const char* b, const char* e, double& out) {
  while (b < e && (*b == ' ' || *b == '\t')) ++b;
  while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) --e;
  const auto r = std::from_chars(b, e, out);
  return b < e && r.ec == std::errc() && r.ptr == e && std::isfinite(out);
}

bool parse_tokens(const char* b, const char* e, std::int32_t& out) {
  double v = 0;
  if (!parse_double(b, e, v) || v < 1 || v > 1e8 || v != std::floor(v)) return false;
  out = static_cast<std::int32_t>(v);
  return true;
}

}  // namespace

TraceReader::TraceReader(const std::string& path) : path_(path) {
  std::error_code ec;  // a folder would fail in the first read, a device never end
  if (std::filesystem::exists(path, ec)) util::require_input_file(path, "trace");
  in_.open(path);
  if (!in_) throw InputError({path, 0, "trace"}, "cannot open the trace file");
  std::string header;
  read_line(in_, header, path_, 1);
  header.erase(std::remove_if(header.begin(), header.end(), [](char c) { return c == ' ' || c == '\r' || c == '\t'; }),
               header.end());
  sessions_ = header == kTraceSessionColumns;
  if (header != kTraceColumns && !sessions_)
    throw InputError({path, 1, "trace"}, std::string("expected the header '") + kTraceColumns + "' (or '" +
                                             kTraceSessionColumns + "'), got '" + header + "'");
}

bool TraceReader::next(Request& r) {
  while (read_line(in_, line_, path_, line_no_ == INT_MAX ? INT_MAX : line_no_ + 1)) {
    if (line_no_ < INT_MAX) ++line_no_;  // past 2^31 - 1 lines (~30 GB), messages name the last countable line
    if (line_.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank line
    const char* b = line_.data();
    const char* e = b + line_.size();
    const char* c1 = std::find(b, e, ',');
    const char* c2 = c1 == e ? e : std::find(c1 + 1, e, ',');
    // With sessions: the output column ends at a fourth comma, then session_id, turn.
    const char* c3 = sessions_ && c2 != e ? std::find(c2 + 1, e, ',') : e;
    const char* c4 = c3 == e ? e : std::find(c3 + 1, e, ',');
    double arrival = 0;
    if (c2 == e || (sessions_ && c4 == e) || std::find(sessions_ ? c4 + 1 : c2 + 1, e, ',') != e ||
        !parse_double(b, c1, arrival) || arrival < 0 || !parse_tokens(c1 + 1, c2, r.input_tokens) ||
        !parse_tokens(c2 + 1, c3, r.output_tokens))
      throw InputError({path_, line_no_, "trace"},
                       std::string("expected ") + (sessions_ ? kTraceSessionColumns : kTraceColumns) +
                           " with arrival ≥ 0 and whole token counts ≥ 1, got '" + line_ + "'");
    if (sessions_) {
      double id = 0, turn = 0;
      if (!parse_double(c3 + 1, c4, id) || id < 0 || id > 1e18 || id != std::floor(id) || !parse_double(c4 + 1, e, turn) ||
          turn < 1 || turn > 1e8 || turn != std::floor(turn))
        throw InputError({path_, line_no_, "session_id"},
                         "expected a session_id ≥ 0 (0: none) and a turn ≥ 1, whole numbers, got '" + line_ + "'");
      r.session_id = static_cast<std::uint64_t>(id);
      r.turn = static_cast<std::int32_t>(turn);
      if (r.session_id != 0) {
        std::int32_t& last = turns_[r.session_id];
        if (r.turn != last + 1)
          throw InputError({path_, line_no_, "turn"}, "expected turn " + std::to_string(last + 1) + " of session " +
                                                          std::to_string(r.session_id) +
                                                          " (a session's turns in order, from 1), got '" + line_ + "'");
        last = r.turn;
      }
    }
    if (arrival > kMaxArrivalS)
      throw InputError({path_, line_no_, "arrival_s"},
                       "expected an arrival of at most 1e9 s (31.7 years, the simulator's clock), got '" + line_ + "'");
    r.arrival_ns = seconds_to_ns(arrival);
    if (r.arrival_ns < last_ns_)
      throw InputError({path_, line_no_, "arrival_s"}, "expected arrivals in non-decreasing order, got '" + line_ + "'");
    last_ns_ = r.arrival_ns;
    return true;
  }
  return false;
}

double trace_mean_tokens(const std::string& path, bool output) {
  TraceReader reader(path);
  Request r;
  double sum = 0;
  std::int64_t n = 0;
  while (reader.next(r)) sum += output ? r.output_tokens : r.input_tokens, ++n;
  if (n == 0) throw InputError({path, 0, "trace"}, "expected at least one request in the trace");
  return sum / static_cast<double>(n);
}

LengthSampler::LengthSampler(const LengthDist& d, std::uint64_t seed, Stream stream) : d_(d), rng_(seed, stream) {
  if (d.kind == LengthDist::Kind::lognormal) {
    // A lognormal with mean m and coefficient of variation c: σ² = ln(1 + c²), μ = ln m − σ²/2.
    const double s2 = std::log1p(d.cv * d.cv);
    sigma_ = std::sqrt(s2);
    mu_ = std::log(d.mean) - s2 / 2;
  } else if (d.kind == LengthDist::Kind::trace) {
    std::map<std::int32_t, std::int64_t> counts;
    TraceReader reader(d.trace_path);
    Request r;
    while (reader.next(r)) ++counts[d.trace_output ? r.output_tokens : r.input_tokens];
    if (counts.empty()) throw InputError({d.trace_path, 0, "trace"}, "expected at least one request in the trace");
    std::int64_t total = 0;
    for (const auto& [v, n] : counts) {
      values_.push_back(v);
      cumulative_.push_back(total += n);
    }
  }
}

std::int32_t LengthSampler::draw() {
  double v = 0;
  switch (d_.kind) {
    case LengthDist::Kind::fixed: v = d_.a; break;
    case LengthDist::Kind::uniform: v = d_.a + std::floor(rng_.uniform() * (d_.b - d_.a + 1)); break;
    case LengthDist::Kind::lognormal: v = std::round(std::exp(mu_ + sigma_ * rng_.normal())); break;
    case LengthDist::Kind::trace: {
      const auto pick = static_cast<std::int64_t>(rng_.below(static_cast<std::uint64_t>(cumulative_.back())));
      const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), pick);
      return values_[static_cast<std::size_t>(it - cumulative_.begin())];
    }
  }
  return static_cast<std::int32_t>(std::clamp(v, 1.0, 1e8));
}

double ProfileClock::to_wall_s(double u) {
  constexpr double kHourS = 3600;
  for (;;) {
    const double rate = p_[static_cast<std::size_t>(hour_ % 24)];
    const double u_end = u_at_hour_ + rate * kHourS;
    if (rate > 0 && u < u_end) return static_cast<double>(hour_) * kHourS + (u - u_at_hour_) / rate;
    u_at_hour_ = u_end;
    ++hour_;
  }
}

namespace {

class GeneratedSource final : public RequestSource {
 public:
  explicit GeneratedSource(const SimConfig& c)
      : w_(c.workload),
        limit_(c.requests),
        duration_ns_(c.requests > 0 ? 0 : seconds_to_ns(c.duration_s)),
        gaps_(c.seed, Stream::arrivals),
        input_(c.workload.input, c.seed, Stream::input_lengths),
        output_(c.workload.output, c.seed, Stream::output_lengths),
        clock_(c.workload.hourly_profile),
        gamma_shape_(1.0 / (c.workload.cv * c.workload.cv)) {}

  bool next(Request& r) override {
    if (limit_ > 0 && made_ >= limit_) return false;
    // Gaps in operational time, mean 1/rate: the first request arrives at time 0.
    if (made_ > 0) {
      double gap = 1;
      switch (w_.arrival) {
        case Arrival::poisson: gap = gaps_.exponential(); break;
        case Arrival::gamma: gap = gaps_.gamma(gamma_shape_) / gamma_shape_; break;
        case Arrival::constant: gap = 1; break;
      }
      u_s_ += gap / w_.rate_req_s;
    }
    // Operational time is wall time on average (the profile has mean 1): checked first, as the
    // profile clock walks hour by hour and would take forever to reach 1e300 s.
    const double t = u_s_ > kMaxArrivalS ? u_s_ : w_.hourly_profile.empty() ? u_s_ : clock_.to_wall_s(u_s_);
    if (t > kMaxArrivalS)
      throw InputError({"", 0, "rate_req_s"}, "request " + std::to_string(made_ + 1) + " would arrive after " +
                                              std::to_string(static_cast<long long>(kMaxArrivalS)) +
                                              " s (31.7 years, the simulator's clock); raise the rate or simulate fewer requests");
    r.arrival_ns = seconds_to_ns(t);
    if (limit_ == 0 && r.arrival_ns >= duration_ns_) return false;
    r.input_tokens = input_.draw();
    r.output_tokens = output_.draw();
    ++made_;
    return true;
  }

 private:
  SimWorkload w_;
  std::int64_t limit_;
  Nanoseconds duration_ns_;
  Rng gaps_;
  LengthSampler input_, output_;
  ProfileClock clock_;
  double gamma_shape_;
  std::int64_t made_ = 0;
  double u_s_ = 0;
};

class TraceSource final : public RequestSource {
 public:
  explicit TraceSource(const SimConfig& c)
      : reader_(c.workload.trace_path), limit_(c.requests), duration_ns_(seconds_to_ns(c.duration_s)) {}
  bool next(Request& r) override {
    if (limit_ > 0 && made_ >= limit_) return false;
    if (!reader_.next(r)) return false;
    if (limit_ == 0 && duration_ns_ > 0 && r.arrival_ns >= duration_ns_) return false;
    ++made_;
    return true;
  }

 private:
  TraceReader reader_;
  std::int64_t limit_;
  Nanoseconds duration_ns_;
  std::int64_t made_ = 0;
};

}  // namespace

std::unique_ptr<RequestSource> make_request_source(const SimConfig& c) {
  if (!c.workload.trace_path.empty()) return std::make_unique<TraceSource>(c);
  return std::make_unique<GeneratedSource>(c);
}

}  // namespace hippo::sim
