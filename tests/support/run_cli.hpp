// Runs the built hippo binary for CLI tests: exit status, stdout and stderr.
#pragma once
#include <string>
#include <vector>

namespace hippo::test {

struct CliResult {
  int status = -1;  // exit status, or 128 + the signal that ended it
  std::string out, err;
  // The process's peak resident memory as the kernel reports it. It includes the test process's
  // own resident memory when it spawned the child (posix_spawn shares it until exec), so compare
  // children spawned while the test process was the same size.
  long max_rss_kb = 0;
};

// A running hippo process: stdin from /dev/null, stdout and stderr into cwd/.stdout and cwd/.stderr.
struct Child {
  int pid = -1;
  std::string cwd;
};

// Starts build/hippo with `args` in `cwd` (empty: a fresh temporary folder) and returns at once.
Child spawn_hippo(const std::vector<std::string>& args, const std::string& cwd = "");
// The same for any program (`argv[0]` a path, or a name looked up in PATH), e.g. mpirun.
Child spawn_program(const std::vector<std::string>& argv, const std::string& cwd = "");

// Waits for the child to end and returns what it printed; removes the two capture files, so the
// folder holds only what hippo itself wrote.
CliResult wait_hippo(const Child& child);

// CPU seconds (user + system) a running process has used so far; -1 when it is gone. Tests wait
// for a child to be busy by its CPU time, so a loaded machine makes them slower, never wrong.
double cpu_seconds(int pid);

// Whether a running process has installed a handler for `signal` (SigCgt of /proc/PID/status).
// Interrupt tests wait for it as well as for CPU time: a start-up slowed by a sanitizer must not
// meet the signal before hippo watches for it.
bool catches_signal(int pid, int signal);

// Waits until `pid` has used `cpu_s` seconds of CPU and catches SIGINT and SIGTERM, or has ended,
// or a minute has passed (so that a command that never watches fails its test, not hangs).
void wait_until_busy(int pid, double cpu_s);

// spawn_hippo, then wait_hippo.
CliResult run_hippo(const std::vector<std::string>& args, const std::string& cwd = "");

// A fresh empty temporary folder.
std::string temp_dir();

// The bytes of the file at `path`; "" when it cannot be read (the test's own assertion says what was due).
std::string read_file(const std::string& path);

// Writes `text` to `dir/name` and returns the path.
std::string write_file(const std::string& dir, const std::string& name, const std::string& text);

}  // namespace hippo::test
