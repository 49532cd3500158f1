// hippo serve over HTTP (cpp-httplib): the routes of api.hpp on a pool of threads, each request
// handled on its own with nothing shared but the read-only catalog and options, and one fleet
// capacity cache (econ::CapacityCache, behind its mutex) so that a what-if that keeps the
// deployment and workload skips the performance model. The long jobs
// (sensitivity, Monte Carlo) stream their progress as lines of JSON when asked (`?progress=1`), and
// stop when the client goes away or the server stops.
#pragma once
#include <atomic>
#include <memory>
#include <string>

#include "hippo/catalog.hpp"
#include "serve/request.hpp"

namespace httplib {
class Server;
}

namespace hippo::econ {
class CapacityCache;
}

namespace hippo::serve {

class Server {
 public:
  Server(const Options& options, const Catalog& catalog, int threads = 8);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds `host`:`port` (0: a free port) and returns the port; InputError naming "--port" or
  // "--host" when it cannot.
  int bind(const std::string& host, int port);
  // Answers requests until stop(); call after bind.
  void run();
  // From any thread: refuses new connections, stops the long jobs under way, and lets run() return
  // once the requests in flight are answered.
  void stop();

 private:
  const Options& options_;
  const Catalog& catalog_;
  std::atomic<bool> stopping_{false};
  std::unique_ptr<econ::CapacityCache> capacity_;
  std::unique_ptr<httplib::Server> http_;
};

}  // namespace hippo::serve
