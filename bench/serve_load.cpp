// Load test of hippo serve on the loopback (docs/benchmarks.md, "hippo serve"): CLIENTS threads,
// each with its own keep-alive connection, send REQUESTS POST /api/run in all — the default
// scenario with the paying share varied per request, as a slider does — and every answer must be a
// 200 whose document has the request's break-even. Prints the latency percentiles; exit status 1 on
// any error. Not a test (its figures depend on the machine).
//
//   build/bench/hippo_serve_load [CLIENTS=8] [REQUESTS=1000] [PORT]
//
// Without PORT it starts the server in this process on a free port (8 threads, as `hippo serve`);
// with PORT it loads a `hippo serve` already listening on 127.0.0.1:PORT.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "serve/server.hpp"

int main(int argc, char** argv) {
  using Clock = std::chrono::steady_clock;
  const int clients = argc > 1 ? std::stoi(argv[1]) : 8;
  const int requests = argc > 2 ? std::stoi(argv[2]) : 1000;
  const hippo::Catalog catalog = hippo::load_builtin_catalog();
  const hippo::serve::Options options;
  std::unique_ptr<hippo::serve::Server> server;
  std::thread serving;
  int port = argc > 3 ? std::stoi(argv[3]) : 0;
  if (port == 0) {
    server = std::make_unique<hippo::serve::Server>(options, catalog);
    port = server->bind("127.0.0.1", 0);
    serving = std::thread([&] { server->run(); });
  }

  std::atomic<int> next{0}, errors{0};
  std::vector<std::vector<double>> latency_ms(static_cast<std::size_t>(clients));
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c)
    threads.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);  // as browsers do
      client.set_read_timeout(60);
      for (int i = next++; i < requests; i = next++) {
        const double share = 0.02 + 0.0001 * (i % 300);  // 0.02 … 0.0499
        const std::string body = "{\"scenario\": \"default\", \"set\": {\"demand.paying_share\": " + std::to_string(share) + "}}";
        const auto t0 = Clock::now();
        const auto r = client.Post("/api/run", body, "application/json");
        latency_ms[static_cast<std::size_t>(c)].push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (!r || r->status != 200 || r->body.find("\"breakeven_month\"") == std::string::npos) {
          ++errors;
          std::fprintf(stderr, "request %d: %s\n", i, r ? ("HTTP " + std::to_string(r->status) + " " + r->body.substr(0, 200)).c_str()
                                                         : httplib::to_string(r.error()).c_str());
        }
      }
    });
  for (auto& t : threads) t.join();
  const double wall_s = std::chrono::duration<double>(Clock::now() - start).count();
  if (server) {
    server->stop();
    serving.join();
  }

  std::vector<double> all;
  for (const auto& l : latency_ms) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) { return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<std::size_t>(p * all.size()))]; };
  std::printf("hippo serve load: %d clients, %zu requests of POST /api/run in %.2f s (%.0f req/s), %d errors\n", clients,
              all.size(), wall_s, all.size() / wall_s, errors.load());
  std::printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n", pct(0.50), pct(0.90), pct(0.99), all.empty() ? 0.0 : all.back());
  return errors == 0 && static_cast<int>(all.size()) == requests ? 0 : 1;
}
