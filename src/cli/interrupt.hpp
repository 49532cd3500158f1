// Ctrl-C (SIGINT) and SIGTERM stop long work cleanly. The handler only records the signal; long
// loops call check_interrupt() from their progress callbacks, which unwinds the work by an
// exception before any output is written, and main() exits with status 130 (128 + SIGINT, as a shell
// reports a process ended by Ctrl-C). Output files are
// written whole at the end (util::write_file_atomic), so none is ever left half-written.
#pragma once
#include "hippo/errors.hpp"

namespace hippo::cli {

// Thrown by check_interrupt(); main() turns it into "hippo: interrupted" and exit status 130.
using Interrupted = hippo::Interrupted;

// Installs the handlers for SIGINT and SIGTERM. A command calls it when its long work calls
// check_interrupt() (through a progress callback); elsewhere Ctrl-C keeps its default action,
// ending the process at once. A second signal always ends the process at once.
void watch_interrupts();

// Throws Interrupted when a watched signal has arrived.
void check_interrupt();

}  // namespace hippo::cli
