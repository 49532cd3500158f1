// hippo serve's API, apart from HTTP: a request's method, path, query and body in, a status and a
// body out. The documents are those of the CLI's --json (app layer), so the API answers what
// `hippo run --json` prints for the same scenario and overrides. It reads only the shipped catalog
// and the files options allow; the one thing calls share is the server's capacity cache, when one
// is given (econ::CapacityCache: behind a mutex, and the answers are the same without it).
#pragma once
#include <map>
#include <string>

#include "hippo/app.hpp"
#include "serve/request.hpp"

namespace hippo::serve {

struct Reply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

// A body over the limit: HTTP 413.
struct TooLarge : InputError {
  using InputError::InputError;
};

using Query = std::multimap<std::string, std::string>;

// GET / (the page), /api/scenarios, /api/keys?scenario=NAME; 404 for anything else.
Reply get(const std::string& path, const Query& query, const Options& options, const Catalog& catalog);

// POST /api/run, /api/compare, /api/sensitivity, /api/montecarlo (the CLI's documents), /api/keys,
// /api/view (results and chart specs for the page) and /api/yaml (the what-if as a scenario file).
// `progress` is called by the long jobs (sensitivity, Monte Carlo) and may throw to stop them.
// `capacity` (built for `catalog`) remembers the fleet capacity of run, compare and view.
Reply post(const std::string& path, const std::string& body, const Options& options, const Catalog& catalog,
           const app::Progress& progress = {}, econ::CapacityCache* capacity = nullptr);

// The report's charts of a sensitivity or Monte Carlo document, [{id, title, note, spec}], for the
// page (the streamed answer's last line carries them).
nlohmann::json uncertainty_charts(const std::string& path, const nlohmann::json& document);

// The reply of an error: 400 for bad input, 403 for a file refused, 413 for a body too large, 500
// otherwise; {"error": the CLI's one line without "hippo: ", "key", "file", "line"}.
Reply error_reply(const std::exception_ptr& error);

}  // namespace hippo::serve
