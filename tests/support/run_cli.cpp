#include "support/run_cli.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace hippo::test {

std::string temp_dir() {
  std::string templ = (std::filesystem::temp_directory_path() / "hippo-test-XXXXXX").string();
  if (!mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
  return templ;
}

std::string write_file(const std::string& dir, const std::string& name, const std::string& text) {
  const std::string path = dir + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Child spawn_hippo(const std::vector<std::string>& args, const std::string& cwd) {
  std::vector<std::string> argv = {HIPPO_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  return spawn_program(argv, cwd);
}

Child spawn_program(const std::vector<std::string>& argv_in, const std::string& cwd_in) {
  Child child{-1, cwd_in.empty() ? temp_dir() : cwd_in};
  const std::string out_path = child.cwd + "/.stdout", err_path = child.cwd + "/.stderr";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addchdir_np(&fa, child.cwd.c_str());
  std::vector<std::string> all = argv_in;
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, all[0].c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) throw std::runtime_error("spawn failed");
  child.pid = pid;
  return child;
}

CliResult wait_hippo(const Child& child) {
  int status = 0;
  struct rusage usage {};
  if (wait4(child.pid, &status, 0, &usage) != child.pid) throw std::runtime_error("wait4 failed");
  CliResult r;
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.max_rss_kb = usage.ru_maxrss;
  auto slurp = [](const std::string& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  const std::string out_path = child.cwd + "/.stdout", err_path = child.cwd + "/.stderr";
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  std::filesystem::remove(out_path);
  std::filesystem::remove(err_path);
  return r;
}

double cpu_seconds(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!std::getline(in, stat)) return -1;
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));  // after "pid (comm) "
  std::string f;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> f; ++i) {  // fields 14 and 15 of proc(5): utime, stime
    if (i == 14) utime = std::stol(f);
    if (i == 15) stime = std::stol(f);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

bool catches_signal(int pid, int signal) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("SigCgt:", 0) == 0) {
      const unsigned long long mask = std::stoull(line.substr(7), nullptr, 16);
      return (mask >> (signal - 1) & 1ULL) != 0;
    }
  return false;
}

void wait_until_busy(int pid, double cpu_s) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  while (cpu_seconds(pid) >= 0 && std::chrono::steady_clock::now() < give_up &&
         (cpu_seconds(pid) < cpu_s || !catches_signal(pid, SIGINT) || !catches_signal(pid, SIGTERM)))
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

CliResult run_hippo(const std::vector<std::string>& args, const std::string& cwd) {
  return wait_hippo(spawn_hippo(args, cwd));
}

}  // namespace hippo::test
