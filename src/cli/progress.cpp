#include "cli/progress.hpp"

#include <unistd.h>

#include <ostream>

#include "cli/interrupt.hpp"
#include "report/table.hpp"

namespace hippo::cli {

ProgressLine::ProgressLine(std::ostream& err, std::string label, bool show)
    : err_(err), label_(std::move(label)), show_(show), start_(std::chrono::steady_clock::now()), last_(start_) {
  watch_interrupts();
}

ProgressLine::~ProgressLine() {
  if (drawn_) err_ << "\r\033[K" << std::flush;
}

bool ProgressLine::stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

void ProgressLine::update(std::int64_t done, std::int64_t total, const std::string& unit, const std::string& detail) {
  check_interrupt();
  if (!show_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - start_ < std::chrono::seconds(1) || now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  drawn_ = true;
  err_ << "\r\033[K" << label_ << ": " << report::group_thousands(static_cast<double>(done))
       << (total > 0 ? " of " + report::group_thousands(static_cast<double>(total)) : std::string()) << " " << unit
       << (detail.empty() ? "" : ", " + detail) << std::flush;
}

void ProgressLine::update(const app::ProgressUpdate& u) {
  if (!u.label.empty()) label_ = u.label;
  update(u.done, u.total, u.unit, u.detail);
}

}  // namespace hippo::cli
