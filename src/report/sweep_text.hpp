// The text table of `hippo sweep`: report::Table's layout with every column right-aligned, built
// while the grid is evaluated so that memory does not grow with it. Rows are spooled without
// padding (only the five outcome cells: the inputs follow from the grid index) while the column
// widths are tracked, and padded when the spooled lines are read back (moved from src/cli).
#pragma once
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include "hippo/uncertainty.hpp"

namespace hippo::report {

class SweepTextTable {
 public:
  static constexpr std::size_t kOutcomeColumns = 5;

  SweepTextTable(const std::string& currency, const std::vector<uncertainty::SweepAxis>& axes);

  // Appends a point's outcome cells, tab-separated, as one line.
  void spool_row(std::string& out, const uncertainty::Outcome& o);

  // `title`, the header, its rule and every row, reading the spooled lines in grid order.
  void render(std::ostream& out, const std::string& title, FILE* spooled) const;

 private:
  std::string line(const std::vector<std::string>& cells) const;

  std::string currency_;
  const std::vector<uncertainty::SweepAxis>& axes_;
  std::vector<std::string> header_;
  std::vector<std::size_t> widths_;
};

}  // namespace hippo::report
