// `hippo serve [SCENARIO] [--port 8080] [--host 127.0.0.1] [--allow-files DIR]`: the what-if page and
// the JSON API (src/serve, docs/serve.md) until Ctrl-C or SIGTERM, which stop it cleanly: no new
// connections, long jobs stopped, the requests in flight answered; exit status 0.
#include <pthread.h>

#include <csignal>
#include <filesystem>
#include <thread>

#include "cli/commands.hpp"
#include "serve/files.hpp"
#include "serve/server.hpp"

namespace hippo::cli {

namespace {

struct Options {
  std::string scenario = "default";
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string allow_files;
};

bool loopback(const std::string& host) { return host == "127.0.0.1" || host == "localhost" || host == "::1"; }

void serve(Context& ctx, const Options& o) {
  serve::Options options;
  options.scenario = o.scenario;
  if (!o.allow_files.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(o.allow_files, ec))
      throw InputError({"", 0, "--allow-files"}, "expected a folder, got '" + o.allow_files + "'");
    options.allow_files = std::filesystem::canonical(o.allow_files);
  }
  // The scenario the page opens on is checked now, not at the first request.
  app::load_scenario(serve::named_source(o.scenario, "scenario", options, ctx.catalog), {}, ctx.catalog);

  // The signals are taken by this thread alone (sigwait): the server's threads, started after
  // this, inherit the mask. SIGUSR1 wakes it when the server ends by itself.
  sigset_t signals;
  sigemptyset(&signals);
  for (int s : {SIGINT, SIGTERM, SIGUSR1}) sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a client that leaves mid-answer is the server's to notice, not fatal

  serve::Server server(options, ctx.catalog);
  const int port = server.bind(o.host, o.port);
  if (!loopback(o.host))
    ctx.err << "hippo serve: warning: listening on " << o.host << ", not only this machine: anyone who can reach it can "
            << "use the page and the API (there is no login)\n";
  ctx.err << "hippo serve: http://" << (o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host) << ":" << port
          << "/ (" << o.scenario << "; Ctrl-C stops)" << std::endl;
  const pthread_t waiter = pthread_self();
  std::thread http([&] {
    server.run();
    pthread_kill(waiter, SIGUSR1);
  });
  int sig = 0;
  sigwait(&signals, &sig);
  server.stop();
  http.join();
  ctx.err << "hippo serve: stopped" << std::endl;
}

}  // namespace

void register_serve(CLI::App& app, Action& chosen) {
  auto* cmd = app.add_subcommand("serve", "A what-if page and a JSON API on this machine (docs/serve.md)");
  auto o = std::make_shared<Options>();
  cmd->add_option("scenario", o->scenario, "Shipped scenario name (or, with --allow-files, a file in DIR) the page opens on")
      ->capture_default_str();
  cmd->add_option("--port", o->port, "Port to listen on (0: any free one)")->capture_default_str();
  cmd->add_option("--host", o->host, "Address to listen on; other than 127.0.0.1 it warns (no login)")->capture_default_str();
  cmd->add_option("--allow-files", o->allow_files, "Folder whose scenario files (and the files they name) may be read");
  cmd->callback([o, &chosen] { chosen = [o](Context& ctx) { serve(ctx, *o); }; });
}

}  // namespace hippo::cli
