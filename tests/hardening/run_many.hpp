// Runs many short hippo commands a batch at a time: a hippo process spends most of its 0.2 s
// loading libraries, not computing, so a batch of them costs little more than one.
#pragma once
#include <algorithm>
#include <functional>
#include <future>
#include <string>
#include <vector>

#include "support/run_cli.hpp"

namespace hippo::test {

// Runs each argument list in its own folder made by `make_dir` (run_hippo keeps its captured
// output there); the results come back in the order of `commands`.
inline std::vector<CliResult> run_many(const std::vector<std::vector<std::string>>& commands,
                                       const std::function<std::string()>& make_dir) {
  constexpr std::size_t kBatch = 8;
  std::vector<CliResult> results;
  for (std::size_t first = 0; first < commands.size(); first += kBatch) {
    std::vector<std::future<CliResult>> runs;
    for (std::size_t i = first; i < std::min(first + kBatch, commands.size()); ++i)
      runs.push_back(std::async(std::launch::async, [&args = commands[i], dir = make_dir()] { return run_hippo(args, dir); }));
    for (auto& r : runs) results.push_back(r.get());
  }
  return results;
}

}  // namespace hippo::test
