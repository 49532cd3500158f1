#include "serve/server.hpp"

#include <httplib.h>

#include "econ/capacity_cache.hpp"
#include "serve/api.hpp"

namespace hippo::serve {

namespace {

Query query_of(const httplib::Request& req) { return Query(req.params.begin(), req.params.end()); }

void answer(httplib::Response& res, const Reply& r) {
  res.status = r.status;
  res.set_content(r.body, r.content_type.c_str());
}

// A long job's answer as lines of JSON: {"progress": {done, total, unit}} now and then (at most a
// hundred), then {"status": S, "result": the document or the error, "charts": the report's}. The job stops (Interrupted)
// when a line cannot be written: the client has gone.
void stream(httplib::Response& res, std::string path, std::string body, const Options& options, const Catalog& catalog,
            const std::atomic<bool>& stopping) {
  res.set_chunked_content_provider("application/x-ndjson", [=, &options, &catalog, &stopping](std::size_t, httplib::DataSink& sink) {
    auto line = [&](const nlohmann::json& j) {
      const std::string text = json_text(j) + "\n";
      return sink.write(text.data(), text.size());
    };
    std::int64_t shown = -1;
    const Reply r = post(path, body, options, catalog, [&](const app::ProgressUpdate& p) {
      if (stopping) throw Interrupted();
      const std::int64_t step = p.total > 0 ? p.done * 100 / p.total : p.done;
      if (step == shown) return;
      shown = step;
      if (!line({{"progress", {{"done", p.done}, {"total", p.total}, {"unit", p.unit}}}})) throw Interrupted();
    });
    nlohmann::json last = {{"status", r.status}, {"result", nlohmann::json::parse(r.body)}};
    if (r.status == 200) last["charts"] = uncertainty_charts(path, last["result"]);
    if (!line(last)) return false;
    sink.done();
    return true;
  });
}

}  // namespace

Server::Server(const Options& options, const Catalog& catalog, int threads)
    : options_(options),
      catalog_(catalog),
      capacity_(std::make_unique<econ::CapacityCache>(catalog)),
      http_(std::make_unique<httplib::Server>()) {
  httplib::Server& h = *http_;
  h.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  h.set_payload_max_length(options.limits.body_bytes);  // longer bodies: 413 before they are read
  h.set_keep_alive_timeout(2);
  // Headers and body leave in separate writes: with Nagle on, a keep-alive client that delays its ACK
  // holds each answer about 40 ms (the load test's p50 was 48 ms at 3 ms of CPU a request).
  h.set_tcp_nodelay(true);
  // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, which would let a second server share
  // the port (and its requests) instead of being told that the port is taken.
  h.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });                           // so that stop() waits at most that long for idle clients
  h.Get(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
    answer(res, get(req.path, query_of(req), options_, catalog_));
  });
  h.Post(R"(/api/.*)", [this](const httplib::Request& req, httplib::Response& res) {
    const bool streamed = req.has_param("progress") && (req.path == "/api/sensitivity" || req.path == "/api/montecarlo");
    if (streamed && req.body.size() <= options_.limits.body_bytes) return stream(res, req.path, req.body, options_, catalog_, stopping_);
    answer(res, post(
                    req.path, req.body, options_, catalog_,
                    [this](const app::ProgressUpdate&) {
                      if (stopping_) throw Interrupted();
                    },
                    capacity_.get()));
  });
  // What httplib answers by itself (a body over the limit, a method without a route) gets a JSON
  // error like the API's own.
  h.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    const std::string message = res.status == 413 ? "request: expected a body of at most the server's limit"
                                                  : "HTTP " + std::to_string(res.status);
    res.set_content(json_text(nlohmann::json{{"error", message}, {"key", res.status == 413 ? "request" : ""}}) + "\n",
                    "application/json");
  });
  h.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr e) {
    answer(res, error_reply(e));
  });
}

Server::~Server() = default;

int Server::bind(const std::string& host, int port) {
  if (port < 0 || port > 65535) throw InputError({"", 0, "--port"}, "expected a port from 0 to 65535, got " + std::to_string(port));
  if (port == 0) {
    const int bound = http_->bind_to_any_port(host);
    if (bound <= 0) throw InputError({"", 0, "--host"}, "cannot listen on " + host + " (is it an address of this machine?)");
    return bound;
  }
  if (!http_->bind_to_port(host, port))
    throw InputError({"", 0, "--port"}, "cannot listen on " + host + ":" + std::to_string(port) +
                                            " (is the port taken, or the host not this machine's?)");
  return port;
}

void Server::run() { http_->listen_after_bind(); }

void Server::stop() {
  stopping_ = true;
  http_->stop();
}

}  // namespace hippo::serve
