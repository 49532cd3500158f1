// hippo serve's API over HTTP on the loopback: each endpoint answers what the CLI's --json prints
// for the same scenario and overrides; bad input is a 400 with the CLI's message and the key, a
// body over the limit a 413, a file outside what the server may read a 403. And `hippo serve`
// itself: it listens where it says and stops cleanly on SIGINT and SIGTERM.
#include <gtest/gtest.h>

#include <httplib.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "econ/capacity_cache.hpp"
#include "hippo/app.hpp"
#include "serve/api.hpp"
#include "serve/server.hpp"
#include "support/run_cli.hpp"

namespace hippo {
namespace {

using nlohmann::json;

const Catalog& catalog() {
  static const Catalog c = load_builtin_catalog();
  return c;
}

// A server on a free port of 127.0.0.1 for the test's life.
class Served {
 public:
  explicit Served(serve::Options options = {}) : options_(std::move(options)), server_(options_, catalog()) {
    port_ = server_.bind("127.0.0.1", 0);
    thread_ = std::thread([this] { server_.run(); });
  }
  ~Served() {
    server_.stop();
    thread_.join();
  }
  httplib::Result post(const std::string& path, const std::string& body) {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(120);
    return c.Post(path.c_str(), body, "application/json");
  }
  httplib::Result get(const std::string& path) {
    httplib::Client c("127.0.0.1", port_);
    return c.Get(path.c_str());
  }

 private:
  serve::Options options_;
  serve::Server server_;
  int port_ = 0;
  std::thread thread_;
};

// What `hippo ARGS` prints on stdout (it must succeed).
std::string cli(const std::vector<std::string>& args) {
  const auto r = test::run_hippo(args);
  EXPECT_EQ(r.status, 0) << r.err;
  return r.out;
}

// The CLI's one line for bad input, without "hippo: " and the newline.
std::string cli_error(const std::vector<std::string>& args) {
  const auto r = test::run_hippo(args);
  EXPECT_EQ(r.status, 2);
  std::string line = r.err;
  if (line.rfind("hippo: ", 0) == 0) line = line.substr(7);
  while (!line.empty() && line.back() == '\n') line.pop_back();
  return line;
}

TEST(ServeApi, RunEqualsTheCliByteForByte) {
  Served s;
  const auto r = s.post("/api/run", R"({"scenario": "default", "set": {"demand.paying_share": 0.03, "fleet.gpu_price": 19250}})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->body, cli({"run", "default", "--set", "demand.paying_share=0.03", "--set", "fleet.gpu_price=19250", "--json"}));
}

TEST(ServeApi, CompareEqualsTheCli) {
  Served s;
  const auto r = s.post("/api/compare", R"({"scenarios": ["default", "balanced"], "set": {"demand.paying_share": 0.05}})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->body, cli({"compare", "default", "balanced", "--set", "demand.paying_share=0.05", "--json"}));
}

TEST(ServeApi, SensitivityEqualsTheCli) {
  Served s;
  const auto r = s.post("/api/sensitivity", R"({"scenario": "default", "set": {"demand.paying_share": 0.03}})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->body, cli({"sensitivity", "default", "--set", "demand.paying_share=0.03", "--json"}));
}

TEST(ServeApi, MonteCarloEqualsTheCliAndStreamsItsProgress) {
  Served s;
  const std::string body = R"({"scenario": "default", "samples": 300, "seed": 7})";
  const auto r = s.post("/api/montecarlo", body);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->body, cli({"montecarlo", "default", "--samples", "300", "--seed", "7", "--json"}));
  // ?progress=1: lines of progress, then the same document.
  const auto streamed = s.post("/api/montecarlo?progress=1", body);
  ASSERT_TRUE(streamed);
  std::istringstream lines(streamed->body);
  std::vector<json> docs;
  for (std::string l; std::getline(lines, l);) docs.push_back(json::parse(l));
  ASSERT_GE(docs.size(), 2u);
  EXPECT_TRUE(docs.front().contains("progress"));
  EXPECT_EQ(docs.front()["progress"]["total"], 300);
  EXPECT_EQ(docs.back()["status"], 200);
  EXPECT_EQ(docs.back()["result"], json::parse(r->body));
}

// A tiered scenario lists each tier's own fields under the names --set takes, in the demand section.
TEST(ServeApi, KeysOfATieredScenario) {
  Served s;
  const auto k = s.get("/api/keys?scenario=chat-2024");
  ASSERT_TRUE(k);
  ASSERT_EQ(k->status, 200) << k->body;
  const json doc = json::parse(k->body);
  json plus_price;
  for (const auto& sec : doc["sections"])
    for (const auto& key : sec["keys"])
      if (key["key"] == "demand.tiers.plus.price_month") {
        plus_price = key;
        EXPECT_EQ(sec["section"], "demand");
      }
  ASSERT_FALSE(plus_price.is_null());
  EXPECT_EQ(plus_price["value"], 20);
  EXPECT_EQ(plus_price["type"], "number");
  EXPECT_EQ(plus_price["source"], "ChatGPT Plus list price $20/month (2024)");
  // The page's override of it runs as the CLI's --set does.
  const auto r = s.post("/api/run", R"({"scenario": "chat-2024", "set": {"demand.tiers.plus.price_month": 15}})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->body, cli({"run", "chat-2024", "--set", "demand.tiers.plus.price_month=15", "--json"}));
}

TEST(ServeApi, ScenariosAndKeys) {
  Served s;
  const auto sc = s.get("/api/scenarios");
  ASSERT_TRUE(sc);
  EXPECT_EQ(sc->body, cli({"catalog", "scenarios", "--json"}));
  const auto k = s.get("/api/keys?scenario=default");
  ASSERT_TRUE(k);
  ASSERT_EQ(k->status, 200) << k->body;
  const json doc = json::parse(k->body);
  std::set<std::string> listed;
  json paying;
  for (const auto& sec : doc["sections"])
    for (const auto& key : sec["keys"]) {
      listed.insert(key["key"].get<std::string>());
      EXPECT_EQ(key["key"].get<std::string>().rfind(sec["section"].get<std::string>() + ".", 0) == 0 ||
                    sec["section"] == "scenario",
                true)
          << key["key"];
      if (key["key"] == "demand.paying_share") paying = key;
    }
  for (const auto& key : scenario_keys())
    if (key.numeric()) EXPECT_TRUE(listed.count(key.key)) << key.key << " missing from /api/keys";
  EXPECT_EQ(paying["value"], 0.04);
  EXPECT_EQ(paying["min"], 0);
  EXPECT_EQ(paying["max"], 1);
  EXPECT_NE(paying["source"].get<std::string>().find("FutureSearch"), std::string::npos) << paying;
}

TEST(ServeApi, BadInputIs400WithTheCliMessageAndKey) {
  Served s;
  const auto r = s.post("/api/run", R"({"scenario": "default", "set": {"demand.paying_share": 2}})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  const json e = json::parse(r->body);
  EXPECT_EQ(e["error"], cli_error({"run", "default", "--set", "demand.paying_share=2", "--json"}));
  EXPECT_EQ(e["key"], "demand.paying_share");
  // A misspelt key: the CLI's "did you mean".
  const auto typo = s.post("/api/run", R"({"set": {"demand.paying_shar": 0.1}})");
  EXPECT_EQ(typo->status, 400);
  EXPECT_EQ(json::parse(typo->body)["error"], cli_error({"run", "--set", "demand.paying_shar=0.1"}));
  // An unknown shipped scenario, malformed JSON, a field that is not there, the wrong type.
  for (const std::string body : std::vector<std::string>{R"({"scenario": "defualt"})", R"({"scenario": )", R"([1, 2])", R"({"sett": {}})",
                                 R"({"set": {"demand.paying_share": {"a": 1}}})", R"({"set": {"demand.paying_share": 1e999}})",
                                 std::string(100, '[')}) {
    const auto bad = s.post("/api/run", body);
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->status, 400) << body << " → " << bad->body;
    EXPECT_FALSE(json::parse(bad->body)["error"].get<std::string>().empty());
  }
  const auto mc = s.post("/api/montecarlo", R"({"samples": 100000000})");
  EXPECT_EQ(mc->status, 400);
  EXPECT_EQ(json::parse(mc->body)["key"], "samples");
}

// Each way a body can be wrong: its status, the key named and the message (docs/errors.md).
TEST(ServeApi, EveryBadBodyIsNamed) {
  struct Case {
    std::string path, body;
    int status;
    std::string key, message;
  };
  const std::vector<Case> cases = {
      {"/api/run", "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]", 400, "request", "request: expected JSON nested at most 16 deep"},
      {"/api/run", R"({"scenario": )", 400, "request", "request: expected a JSON object: [json.exception.parse_error.101]"},
      {"/api/run", "[1]", 400, "request", "request: expected a JSON object, got array"},
      {"/api/run", R"({"sett": {}})", 400, "request", "request: unknown field 'sett'; expected scenario, set"},
      {"/api/run", R"({"scenario": 5})", 400, "scenario", "scenario: expected a scenario name or YAML text, got number"},
      {"/api/run", R"({"set": [1]})", 400, "set", "set: expected an object of scenario keys and values, got array"},
      {"/api/run", R"({"set": {"demand.paying_share": {"a": 1}}})", 400, "set.demand.paying_share",
       "set.demand.paying_share: expected a number, text, true/false or a list, got object"},
      {"/api/run", R"({"set": {"fleet.candidates": [["h100-sxm"]]}})", 400, "set.fleet.candidates",
       "set.fleet.candidates: expected a list of numbers or text, got an item of type array"},
      {"/api/run", R"({"scenario": "name: x\nhorizon_months: [\n"})", 400, "", "request.yaml:"},
      {"/api/sensitivity", R"({"all_numeric": 1})", 400, "all_numeric", "all_numeric: expected true or false, got number"},
      {"/api/sensitivity", R"({"percent": "ten"})", 400, "percent", "percent: expected a finite number, got \"ten\""},
      {"/api/montecarlo", R"({"samples": 0.5})", 400, "samples", "samples: expected a whole number from 1 to 100000, got 0.5"},
      {"/api/compare", R"({"scenarios": ["default"]})", 400, "scenarios", "scenarios: expected a list of 2 to 8 scenarios"},
      {"/api/view", R"({"runs": [1]})", 400, "runs", "runs: expected a list of 1 to 8 objects {scenario, set}"},
      {"/api/yaml", R"({"set": {"demand.paying_share": "[1"}})", 400, "demand.paying_share", "--set: demand.paying_share:"},
      {"/api/run", R"({"scenario": "x.yaml"})", 403, "scenario", "scenario: reading files is off: start hippo serve with --allow-files DIR"},
  };
  for (const auto& c : cases) {
    const serve::Reply r = serve::post(c.path, c.body, {}, catalog());
    EXPECT_EQ(r.status, c.status) << c.body << " → " << r.body;
    const json e = json::parse(r.body);
    if (!c.key.empty()) EXPECT_EQ(e["key"], c.key) << c.body;
    EXPECT_EQ(e["error"].get<std::string>().rfind(c.message, 0), 0u) << c.body << " → " << e["error"];
  }
  // Invalid UTF-8 (fuzz_serve's first find): quoted in the message, replaced, still one 400.
  const serve::Reply utf8 = serve::post("/api/run", "{\"set\": {\"workload.trac\xff\xff\": 1", {}, catalog());
  EXPECT_EQ(utf8.status, 400) << utf8.body;
  EXPECT_NE(json::parse(utf8.body)["error"].get<std::string>().find("\xEF\xBF\xBD"), std::string::npos) << utf8.body;
  serve::Options few;
  few.limits.overrides = 1;
  const serve::Reply many = serve::post("/api/run", R"({"set": {"service.tp": 4, "demand.paying_share": 0.1}})", few, catalog());
  EXPECT_EQ(many.status, 400);
  EXPECT_EQ(json::parse(many.body)["error"], "set: expected at most 1 keys");
}

TEST(ServeApi, BindsOnlyWhatItCan) {
  serve::Options o;
  serve::Server a(o, catalog());
  const int port = a.bind("127.0.0.1", 0);
  serve::Server b(o, catalog());
  try {
    b.bind("127.0.0.1", port);
    ADD_FAILURE() << "a second server bound the same port";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().key, "--port");
    EXPECT_NE(std::string(e.what()).find("is the port taken"), std::string::npos) << e.what();
  }
  serve::Server c(o, catalog());
  EXPECT_THROW(c.bind("192.0.2.1", 0), InputError);  // TEST-NET-1: not this machine's
}

TEST(ServeApi, BodyOverTheLimitIs413) {
  serve::Options o;
  o.limits.body_bytes = 4096;
  Served s(o);
  const std::string big = R"({"scenario": ")" + std::string(5000, 'x') + R"("})";
  const auto r = s.post("/api/run", big);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(json::parse(r->body)["key"], "request");
  // The API refuses it by itself too (the fuzz target calls it without HTTP).
  const serve::Reply direct = serve::post("/api/run", big, o, catalog());
  EXPECT_EQ(direct.status, 413);
  EXPECT_NE(direct.body.find("at most 4096 bytes"), std::string::npos) << direct.body;
}

TEST(ServeApi, FilesAreRefusedUnlessAllowedAndInsideTheFolder) {
  Served s;
  const std::string dir = test::temp_dir();
  const std::string file = test::write_file(dir, "mine.yaml", test::read_file(std::string(HIPPO_SOURCE_DIR) + "/data/scenarios/default.yaml"));
  for (const std::string body : std::vector<std::string>
       {R"({"scenario": ")" + file + R"("})", std::string(R"({"scenario": "mine.yaml"})"),
        std::string(R"({"scenario": "name: x\ncatalog: [/etc/hosts]\n"})"),
        std::string(R"({"set": {"workload.input": "trace:/etc/hosts"}})"), std::string(R"({"set": {"workload.trace": "t.csv"}})")}) {
    const auto r = s.post("/api/run", body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403) << body << " → " << r->body;
    EXPECT_NE(r->body.find("--allow-files"), std::string::npos) << r->body;
  }
  // With --allow-files DIR: a scenario in DIR runs as the CLI runs it; a path out of DIR is refused.
  serve::Options allowed;
  allowed.allow_files = std::filesystem::canonical(dir);
  Served a(allowed);
  const auto mine = a.post("/api/run", R"({"scenario": "mine.yaml"})");
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->status, 200) << mine->body;
  EXPECT_EQ(json::parse(mine->body)["npv"], json::parse(cli({"run", "default", "--json"}))["npv"]);
  for (const std::string body : std::vector<std::string>{std::string(R"({"scenario": "../mine.yaml"})"), R"({"scenario": ")" + file + R"(/../../x.yaml"})",
                                 std::string(R"({"scenario": "name: x\ncatalog: [../../etc/hosts]\n"})")}) {
    const auto r = a.post("/api/run", body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403) << body << " → " << r->body;
  }
}

TEST(ServeApi, DownloadedYamlRunsToTheSameWhatIf) {
  Served s;
  const auto y = s.post("/api/yaml", R"({"scenario": "default", "set": {"demand.paying_share": 0.03, "service.tp": 4}})");
  ASSERT_TRUE(y);
  ASSERT_EQ(y->status, 200) << y->body;
  const auto from_yaml = s.post("/api/run", json{{"scenario", y->body}}.dump());
  ASSERT_EQ(from_yaml->status, 200) << from_yaml->body;
  const json a = json::parse(from_yaml->body);
  const json b = json::parse(cli({"run", "default", "--set", "demand.paying_share=0.03", "--set", "service.tp=4", "--json"}));
  for (const char* key : {"breakeven_month", "payback_month", "npv", "irr_annual", "cost_per_mtok", "fleet", "monthly"})
    EXPECT_EQ(a[key], b[key]) << key;
}

// The server's capacity cache (econ::CapacityCache, shared by its handler threads) changes no
// byte: run, compare and view answer with it what they answer without it, on a hit and on a miss.
TEST(ServeApi, CachedAnswersAreTheUncachedOnes) {
  econ::CapacityCache cache(catalog());
  const std::vector<std::pair<std::string, std::string>> requests = {
      {"/api/run", R"({"scenario": "default", "set": {"demand.paying_share": 0.03}})"},
      {"/api/run", R"({"scenario": "default", "set": {"demand.paying_share": 0.04, "fleet.gpu_price": 19250}})"},  // hit
      {"/api/run", R"({"scenario": "default", "set": {"demand.paying_share": 0.04, "service.tp": 4}})"},          // miss
      {"/api/compare", R"({"scenarios": ["default", "balanced"], "set": {"demand.paying_share": 0.05}})"},  // balanced: default's deployment
      {"/api/view", R"({"runs": [{"scenario": "default"}, {"set": {"service.tp": 4, "demand.paying_share": 0.05}}]})"},
  };
  const std::vector<std::pair<std::int64_t, std::int64_t>> counts = {{0, 1}, {1, 1}, {1, 2}, {3, 2}, {5, 2}};  // hits, misses
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const auto& [path, body] = requests[i];
    const serve::Reply cached = serve::post(path, body, {}, catalog(), {}, &cache);
    const serve::Reply fresh = serve::post(path, body, {}, catalog());
    ASSERT_EQ(cached.status, 200) << body << " → " << cached.body;
    EXPECT_EQ(cached.body, fresh.body) << body;
    EXPECT_EQ(cache.hits(), counts[i].first) << body;
    EXPECT_EQ(cache.misses(), counts[i].second) << body;
  }
  // And over HTTP, through the server's own cache, the CLI's bytes on the second asking too.
  Served s;
  const std::string body = R"({"scenario": "default", "set": {"demand.paying_share": 0.035}})";
  const std::string expected = cli({"run", "default", "--set", "demand.paying_share=0.035", "--json"});
  for (int i = 0; i < 2; ++i) {
    const auto r = s.post("/api/run", body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, expected) << "asking " << i + 1;
  }
}

TEST(ServeApi, ViewCarriesTheResultsAndTheReportsCharts) {
  Served s;
  const auto v = s.post("/api/view", R"({"runs": [{"scenario": "default"}, {"set": {"demand.paying_share": 0.05}}]})");
  ASSERT_TRUE(v);
  ASSERT_EQ(v->status, 200) << v->body;
  const json doc = json::parse(v->body);
  ASSERT_EQ(doc["results"].size(), 2u);
  EXPECT_EQ(doc["results"][1], json::parse(cli({"run", "--set", "demand.paying_share=0.05", "--json"})));
  std::set<std::string> ids;
  for (const auto& c : doc["charts"]) ids.insert(c["id"].get<std::string>());
  for (const char* id : {"chart-cash", "chart-revenue-cost", "chart-fleet", "chart-cost-per-mtok"}) EXPECT_TRUE(ids.count(id)) << id;
}

// The page: one self-contained document (the chart library inlined, no script or style fetched),
// opening on the server's scenario.
TEST(ServeApi, PageIsSelfContained) {
  serve::Options o;
  o.scenario = "balanced";
  Served s(o);
  const auto r = s.get("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type").rfind("text/html", 0), 0u);
  EXPECT_NE(r->body.find("vega-lite"), std::string::npos);
  EXPECT_NE(r->body.find(R"("scenario":"balanced")"), std::string::npos);
  EXPECT_EQ(r->body.find("<script src"), std::string::npos);
  EXPECT_EQ(r->body.find("<link"), std::string::npos);
  EXPECT_EQ(s.get("/favicon.ico")->status, 204);
  EXPECT_EQ(s.get("/nothing-here")->status, 404);
}

// The fuzz target's seeds (fuzz/corpus/fuzz_serve: the endpoint's byte, then the body) are
// answered as the fuzzer requires: never a 500.
TEST(ServeApi, FuzzSeedsAreAnswered) {
  serve::Options o;
  o.limits.samples = 64;
  const char* const paths[] = {"/api/run", "/api/compare", "/api/sensitivity", "/api/montecarlo",
                               "/api/keys", "/api/view", "/api/yaml"};
  int seeds = 0;
  for (const auto& e : std::filesystem::directory_iterator(std::string(HIPPO_SOURCE_DIR) + "/fuzz/corpus/fuzz_serve")) {
    const std::string bytes = test::read_file(e.path());
    ASSERT_FALSE(bytes.empty()) << e.path();
    const serve::Reply r = serve::post(paths[static_cast<unsigned char>(bytes[0]) % 7], bytes.substr(1), o, catalog());
    EXPECT_TRUE(r.status == 200 || r.status == 400 || r.status == 403 || r.status == 413) << e.path() << ": " << r.body;
    ++seeds;
  }
  EXPECT_GE(seeds, 8);
}

// `hippo serve` as a user starts it: it says where it listens, answers, and stops on the signal
// with status 0 and its last line.
void serve_and_stop(const std::vector<std::string>& args, int signal, bool warns) {
  const test::Child child = test::spawn_hippo(args);
  std::string err;
  for (int i = 0; i < 600 && err.find("http://") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    err = test::read_file(child.cwd + "/.stderr");
  }
  ASSERT_NE(err.find("http://"), std::string::npos) << err;
  const auto at = err.find(':', err.find("http://") + 7);
  const int port = std::stoi(err.substr(at + 1));
  httplib::Client c("127.0.0.1", port);
  const auto r = c.Post("/api/run", R"({"set": {"demand.paying_share": 0.05}})", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(err.find("warning") != std::string::npos, warns) << err;
  kill(child.pid, signal);
  const auto done = test::wait_hippo(child);
  EXPECT_EQ(done.status, 0) << done.err;
  EXPECT_NE(done.err.find("hippo serve: stopped"), std::string::npos) << done.err;
}

TEST(ServeCli, StopsCleanlyOnSigintAndSigterm) {
  serve_and_stop({"serve", "--port", "0"}, SIGINT, false);
  serve_and_stop({"serve", "default", "--port", "0", "--host", "0.0.0.0"}, SIGTERM, true);
}

TEST(ServeCli, RefusesABadStart) {
  EXPECT_EQ(cli_error({"serve", "defualt", "--port", "0"}).find("scenario: no scenario file or shipped scenario named 'defualt'"), 0u);
  EXPECT_NE(cli_error({"serve", "--allow-files", "/nonexistent-hippo-dir"}).find("--allow-files: expected a folder"), std::string::npos);
  EXPECT_EQ(cli_error({"serve", "--port", "70000"}), "--port: expected a port from 0 to 65535, got 70000");
}

}  // namespace
}  // namespace hippo
