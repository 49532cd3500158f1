// The progress line of long work (design.md: "progress on the terminal for anything that runs
// longer than a second"). Every update is also where Ctrl-C stops the work: it calls
// check_interrupt(), so a command that reports progress stops cleanly without more code.
#pragma once
#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>

#include "hippo/app.hpp"

namespace hippo::cli {

class ProgressLine {
 public:
  // `label` starts the line ("sweep"); `show` is false where nothing may be drawn (stderr not a
  // terminal, an MPI rank other than 0). Installs the Ctrl-C handlers (watch_interrupts).
  ProgressLine(std::ostream& err, std::string label, bool show);
  // Erases the line if one was drawn.
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // Checks for Ctrl-C, then draws "label: <done> of <total> <unit>[, detail]" (total 0: unknown),
  // but only once the work has run a second, and at most five times a second.
  void update(std::int64_t done, std::int64_t total, const std::string& unit, const std::string& detail = "");

  // The same from the application layer's callback; a non-empty label replaces the line's.
  void update(const app::ProgressUpdate& u);
  // A callback for the application layer that draws on this line.
  app::Progress callback() {
    return [this](const app::ProgressUpdate& u) { update(u); };
  }

  // True when stderr is a terminal: the `show` of a command run in one process or on rank 0.
  static bool stderr_is_terminal();

 private:
  std::ostream& err_;
  std::string label_;
  bool show_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace hippo::cli
