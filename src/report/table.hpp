// Aligned text tables for the terminal: left-aligned text, right-aligned numbers.
#pragma once
#include <string>
#include <vector>

namespace hippo::report {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> right_align;  // per column; missing columns align left

  // Renders with two spaces between columns and a rule under the header.
  std::string render() const;
};

// Display width of UTF-8 text: the bytes that start a character.
std::size_t display_width(const std::string& s);

// "1,234,567" style grouping of an integer part; `decimals` digits after the point.
std::string group_thousands(double value, int decimals = 0);

}  // namespace hippo::report
