#include "cli/interrupt.hpp"

#include <csignal>

namespace hippo::cli {

namespace {
// The one process-wide flag in hippo: a signal reaches the process, not an object, and a handler
// may only set a volatile sig_atomic_t. Only src/cli reads it.
volatile std::sig_atomic_t g_signal = 0;

// The first signal asks the work to stop at its next check; a second one ends the process at once
// (the default action), for when no check comes.
extern "C" void on_signal(int sig) {
  if (g_signal != 0) {
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
  g_signal = sig;
}
}  // namespace

void watch_interrupts() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;  // reads and writes in progress complete; the work stops at its next check
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

void check_interrupt() {
  if (g_signal != 0) throw Interrupted{};
}

}  // namespace hippo::cli
