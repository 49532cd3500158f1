// Runs the built hippo binary for CLI tests: exit status, stdout and stderr.
#pragma once
#include <string>
#include <vector>

namespace hippo::test {

struct CliResult {
  int status = -1;
  std::string out, err;
};

// Runs build/hippo with `args` in `cwd` (empty: a fresh temporary folder).
CliResult run_hippo(const std::vector<std::string>& args, const std::string& cwd = "");

// A fresh empty temporary folder.
std::string temp_dir();

// Writes `text` to `dir/name` and returns the path.
std::string write_file(const std::string& dir, const std::string& name, const std::string& text);

}  // namespace hippo::test
