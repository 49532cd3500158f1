// Test helper: writes the HTML report of results.json files, as `hippo run` / `hippo compare` do.
// render_fixture OUT.html RESULTS.json [MORE.json ...] — one file: a scenario report; more: a comparison.
#include <iostream>

#include <nlohmann/json.hpp>

#include "report/html_report.hpp"
#include "util/atomic_file.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: render_fixture OUT.html RESULTS.json [MORE.json ...]\n";
    return 2;
  }
  std::vector<nlohmann::json> results;
  for (int i = 2; i < argc; ++i) results.push_back(nlohmann::json::parse(hippo::util::read_text_file(argv[i])));
  if (results.size() == 1)
    hippo::report::write_html_report(argv[1], results.front());
  else
    hippo::report::write_compare_html_report(argv[1], results);
  return 0;
}
