#include "report/sweep_text.hpp"

#include <stdio.h>  // getline

#include <algorithm>
#include <cstdlib>

#include "report/format.hpp"
#include "report/table.hpp"

namespace hippo::report {

SweepTextTable::SweepTextTable(const std::string& currency, const std::vector<uncertainty::SweepAxis>& axes)
    : currency_(currency), axes_(axes) {
  for (const auto& a : axes) {
    header_.push_back(a.key);
    std::size_t w = display_width(a.key);
    for (const auto& v : a.values) w = std::max(w, display_width(v.text));  // every value is in the grid
    widths_.push_back(w);
  }
  for (const char* h : {"NPV", "IRR", "break-even", "payback", "GPUs peak"}) {
    header_.push_back(h);
    widths_.push_back(display_width(h));
  }
}

void SweepTextTable::spool_row(std::string& out, const uncertainty::Outcome& o) {
  const std::string cells[kOutcomeColumns] = {
      format_money_compact(o.npv, currency_), o.irr_annual ? format_percent(*o.irr_annual) : "none",
      format_month(o.breakeven_month), format_month(o.payback_month), format_compact(o.gpus_peak)};
  for (std::size_t c = 0; c < kOutcomeColumns; ++c) {
    std::size_t& w = widths_[axes_.size() + c];
    w = std::max(w, display_width(cells[c]));
    out += cells[c];
    out += c + 1 < kOutcomeColumns ? '\t' : '\n';
  }
}

void SweepTextTable::render(std::ostream& out, const std::string& title, FILE* spooled) const {
  out << title << line(header_);
  std::size_t total = 0;
  for (auto w : widths_) total += w;
  out << std::string(total + 2 * (widths_.size() - 1), '-') << '\n';
  char* buf = nullptr;
  std::size_t cap = 0;
  std::vector<std::string> cells;
  for (std::int64_t i = 0;; ++i) {
    const ssize_t n = ::getline(&buf, &cap, spooled);
    if (n <= 0) break;
    cells.clear();
    for (const auto& st : uncertainty::grid_point(axes_, i)) cells.push_back(st.text);
    const char* b = buf;
    const char* e = buf + n - 1;  // without the newline
    for (const char* tab; (tab = std::find(b, e, '\t')) != e; b = tab + 1) cells.emplace_back(b, tab);
    cells.emplace_back(b, e);
    out << line(cells);
  }
  std::free(buf);
}

std::string SweepTextTable::line(const std::vector<std::string>& cells) const {
  std::string s;
  for (std::size_t c = 0; c < widths_.size(); ++c) {
    s.append(widths_[c] - display_width(cells[c]), ' ');
    s += cells[c];
    if (c + 1 < widths_.size()) s += "  ";
  }
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s + '\n';
}

}  // namespace hippo::report
