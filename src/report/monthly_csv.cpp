#include "hippo/report.hpp"

#include <charconv>

namespace hippo::report {

std::string monthly_csv(const econ::EconResult& r) {
  std::vector<std::pair<const char*, double econ::MonthRow::*>> columns = monthly_columns();
  if (r.consumer) columns.insert(columns.end(), consumer_monthly_columns().begin(), consumer_monthly_columns().end());
  std::string out = "month";
  for (const auto& col : columns) out += std::string(",") + col.first;
  out += '\n';
  char buf[32];
  for (const auto& m : r.monthly) {
    out += std::to_string(m.month);
    for (const auto& col : columns) {
      const auto res = std::to_chars(buf, buf + sizeof buf, m.*col.second);
      out += ',';
      out.append(buf, res.ptr);
    }
    out += '\n';
  }
  return out;
}

}  // namespace hippo::report
