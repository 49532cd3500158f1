#include "scenario/input_files.hpp"

namespace hippo {

std::vector<std::string> scenario_input_files(const Scenario& s) {
  std::vector<std::string> out;
  if (!s.file.starts_with("<builtin>/")) out.push_back(s.file);
  if (!s.workload.trace.empty()) out.push_back(s.workload.trace);
  auto add = [&](const LengthDist& d) {
    if (d.kind == LengthDist::Kind::trace) out.push_back(d.trace_path);
  };
  add(s.workload.input);
  add(s.workload.output);
  for (const auto& b : s.workload.buckets) add(b.input), add(b.output);
  return out;
}

}  // namespace hippo
