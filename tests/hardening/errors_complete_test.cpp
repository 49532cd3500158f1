// docs/errors.md must list every error hippo can give. This test reads the sources: for each
// `InputError(` (and each call of a helper that throws one with the message it is given) it takes
// the fixed text of the message argument — its string literals, cut at fmt's {} fields and at the
// `field` names the CLI writes as flags and the library as keys (errors.hpp) — and
// requires every piece of eight characters or more to appear in docs/errors.md. A new error without
// documentation fails here with its file and line; a reworded one fails until the doc follows.
// Only the message argument is read, so reformatting other code cannot break the test.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "support/run_cli.hpp"

namespace hippo {
namespace {

namespace fs = std::filesystem;

// Functions that throw an InputError with a message they are given: the message is then checked at
// each call. {file, function name, index of the message argument}.
struct Thrower {
  std::string file, name;
  std::size_t message_arg;
};
const std::vector<Thrower> kThrowers = {
    {"", "InputError", 1},
    {"src/sim/simulator.cpp", "check", 3},         // check(ok, where, key, expected)
    {"src/uncertainty/database.cpp", "fail", 0},  // fail(what): "<what> database '<path>': <sqlite reason>"
    {"src/catalog/hf_import.cpp", "fail", 1},      // r.fail(key, what): a config.json key and the message
    {"src/serve/files.cpp", "FileRefused", 1},     // InputErrors that hippo serve answers with 403
    {"src/serve/api.cpp", "TooLarge", 1},          // and 413
};

// Sites whose message argument holds no literal: it is made elsewhere. Keyed by file and the
// argument's text (spaces collapsed). Each entry says where its text is documented from.
const std::set<std::pair<std::string, std::string>> kMessageMadeElsewhere = {
    // The body of the helper check(); its calls are checked instead (kThrowers).
    {"src/sim/simulator.cpp", "expected"},
    // The body of Reader::fail in the config.json importer; its calls are checked instead.
    {"src/catalog/hf_import.cpp", "what"},
    {"src/catalog/hf_import.cpp", "const std::string& what"},  // its declaration (a const member)
    // An error re-thrown with the scenario's file and line added, or under another key: its text
    // is that of the original site (catalog.cpp, throughput.cpp).
    {"src/scenario/loader.cpp", "e.expected()"},
    {"src/perf/speculative.cpp", "e.expected()"},  // an unknown draft model, at the method's place
    // Under mpirun, rank 0's error re-thrown on every rank: text of the original site.
    {"src/uncertainty/comm_mpi.cpp", "message"},
    // "unknown model|GPU|engine profile 'ID'": the kind is an argument ("Ids from the catalog").
    {"src/catalog/catalog.cpp",
     "std::string(\"unknown \") + what + \" '\" + id + \"'\" + util::suggestion_suffix(id, ids)"},
    // `expected` is the constant "expected a length distribution: N, fixed:N, …" (dist_kind.yaml).
    {"src/scenario/length_dist.cpp", "expected + \", got '\" + d.text + \"'\""},
    // Formatted by snprintf into `msg`: "the sweep's output would be up to … GB …; at most 4 GB",
    // quoted under "hippo sweep".
    {"src/uncertainty/sweep.cpp", "msg"},
    // Formatted by snprintf into `msg`: "N samples would hold about … GB …; take fewer", quoted under
    // "hippo sensitivity and hippo montecarlo".
    {"src/uncertainty/montecarlo.cpp", "msg"},
    // A trace's own error (workload.cpp) re-thrown under the key or flag that named the trace.
    {"src/scenario/length_dist.cpp", "e.what()"},
};

// Pieces that cannot be shown by a runnable example because an earlier check, on every path from
// the command line, refuses the input first; each says which. A stale entry fails the test.
const std::set<std::pair<std::string, std::string>> kNotShown = {
    // CLI11 requires --set before sweep_axes() runs ("--set is required").
    {"src/uncertainty/sweep.cpp", "expected at least one key=v1,v2,…"},
    // NumberRef is made for the scenario's uncertain inputs, numeric by construction.
    {"src/uncertainty/inputs.cpp", "expected a numeric key"},
    // Called with keys from scenario_keys() or the uncertain inputs, all numeric.
    {"src/scenario/loader.cpp", "not a numeric scenario key"},
    // --all-numeric moves every numeric key; users_start and others are never 0 there.
    {"src/app/uncertainty.cpp", "no numeric input moves"},
    // The simulator's own checks of a SimConfig: on the command line, app::simulate (src/app/simulate.cpp) checks
    // --requests ≥ 1, gives a default request count, and checks the SLOs > 0 first; the scenario
    // loader checks the hourly profile and the SLO range.
    {"src/sim/simulator.cpp", "expected a number of requests ≥ 1, got"},
    {"src/sim/simulator.cpp", "expected 24 hourly rates"},
    {"src/sim/simulator.cpp", "expected rates ≥ 0"},
    {"src/sim/simulator.cpp", "expected SLOs ≥ 0 seconds"},
    // The scenario keys' ranges (service.max_batch ≥ 1, workload.cv ≥ 0.01) are checked first, for
    // a file, --set and simulate's flags alike.
    {"src/sim/simulator.cpp", "expected at least 1 sequence, got"},
    {"src/sim/simulator.cpp", "expected a coefficient of variation > 0 for gamma arrivals"},
    // build_deployment refuses a deployment without room for KV cache; leaving room for less than
    // one 16-token block would take weights sized to within a few MB of the GPU's memory.
    {"src/sim/simulator.cpp", "expected a KV cache of at least one block ("},
    {"src/sim/simulator.cpp", "tokens) per replica, got"},
    // Every caller of peak_throughput passes at least one token (flags and distributions are ≥ 1).
    {"src/perf/throughput.cpp", "expected at least 1 token per request"},
    // A deployment that holds one request (checked just before) serves some requests.
    {"src/econ/capacity.cpp", "the deployment serves no requests of the workload's shape"},
    // The loader refuses any key given twice in one mapping first ("key given twice").
    {"src/scenario/loader.cpp", "uncertainty given twice"},
    // Guard: the scenario keys' ranges are chosen to keep the monthly model finite.
    {"src/econ/evaluate.cpp", "the scenario's figures overflow the monthly model (a value beyond 1e308)"},
};

struct Site {
  std::string file;
  int line = 0;
  std::string argument;             // the message argument's text
  std::vector<std::string> pieces;  // its fixed text, cut at {} fields and `names`
};

// The arguments of the call whose '(' is at `open`: split at top-level commas, skipping string and
// character literals and nested brackets. Empty when it is a function's definition (a '{' follows
// the ')') or does not close.
std::vector<std::string> call_arguments(const std::string& src, std::size_t open) {
  std::vector<std::string> args(1);
  int depth = 0;
  for (std::size_t i = open + 1; i < src.size(); ++i) {
    const char c = src[i];
    if (c == '"' || c == '\'') {
      const std::size_t start = i;
      for (++i; i < src.size() && src[i] != c; ++i)
        if (src[i] == '\\') ++i;
      args.back() += src.substr(start, i - start + 1);
      continue;
    }
    if (c == '(' || c == '{' || c == '[') ++depth;
    if (c == ')' || c == '}' || c == ']') {
      if (depth == 0) {
        const auto next = src.find_first_not_of(" \t\n", i + 1);
        return next != std::string::npos && src[next] == '{' ? std::vector<std::string>{} : args;
      }
      --depth;
    }
    if (c == ',' && depth == 0) {
      args.emplace_back();
      continue;
    }
    args.back() += c;
  }
  return {};
}

// The string literals of `arg`, adjacent ones joined ("a " "b" is one), escapes resolved.
std::vector<std::string> literals(const std::string& arg) {
  std::vector<std::string> out;
  bool joinable = false;
  for (std::size_t i = 0; i < arg.size(); ++i) {
    const char c = arg[i];
    if (c == '\'') {  // a character literal: skip
      i = arg.find('\'', i + (arg[i + 1] == '\\' ? 3 : 2));
      joinable = false;
      continue;
    }
    if (c != '"') {
      if (!std::isspace(static_cast<unsigned char>(c))) joinable = false;
      continue;
    }
    std::string text;
    for (++i; i < arg.size() && arg[i] != '"'; ++i) {
      if (arg[i] == '\\' && i + 1 < arg.size()) {
        ++i;
        text += arg[i] == 'n' ? '\n' : arg[i];
      } else {
        text += arg[i];
      }
    }
    if (joinable) out.back() += text;
    else out.push_back(text);
    joinable = true;
  }
  return out;
}

std::string collapse_spaces(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Spaces and the stray backquote of a name cut across literals ("needs `" + k + "`") go.
std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\n`");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\n`") - b + 1);
}

constexpr std::size_t kMinPiece = 8;  // shorter pieces are glue: "tp ", " layers", " req/s)"

std::vector<Site> throw_sites() {
  const fs::path root(HIPPO_SOURCE_DIR);
  const std::regex field(R"(\{[0-9]*(:[^{}]*)?\}|`[A-Za-z0-9_.{}]*`)");  // fmt's fields; marked names (one may hold a field: `{}weights`)
  std::vector<Site> out;
  for (const auto& entry : fs::recursive_directory_iterator(root / "src")) {
    const std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp")) continue;
    const std::string rel = fs::relative(entry.path(), root).generic_string();
    const std::string src = test::read_file(entry.path());
    for (const auto& t : kThrowers) {
      if (!t.file.empty() && t.file != rel) continue;
      const std::string call = t.name + "(";
      for (auto at = src.find(call); at != std::string::npos; at = src.find(call, at + 1)) {
        const char before = at > 0 ? src[at - 1] : ' ';
        if (std::isalnum(static_cast<unsigned char>(before)) || before == '_' || before == ':' || before == '.') continue;
        const auto line_start = src.rfind('\n', at) + 1;
        if (src.substr(line_start, at - line_start).find("//") != std::string::npos) continue;  // a comment
        const auto args = call_arguments(src, at + call.size() - 1);
        if (args.size() <= t.message_arg) continue;  // a declaration or another overload
        Site s{rel, static_cast<int>(std::count(src.begin(), src.begin() + static_cast<long>(at), '\n')) + 1,
               collapse_spaces(args[t.message_arg]), {}};
        for (const auto& lit : literals(args[t.message_arg])) {
          std::sregex_token_iterator it(lit.begin(), lit.end(), field, -1), end;
          for (; it != end; ++it)
            if (const std::string piece = trim(*it); piece.size() >= kMinPiece) s.pieces.push_back(piece);
        }
        out.push_back(std::move(s));
      }
    }
  }
  return out;
}

TEST(ErrorsDocComplete, FindsTheThrowSites) {
  const auto sites = throw_sites();
  // A broken scanner would pass vacuously: there are well over a hundred sites.
  EXPECT_GE(sites.size(), 120u);
  bool found_check = false, found_fail = false;
  for (const auto& s : sites) {
    found_check = found_check || (s.file == "src/sim/simulator.cpp" && s.argument.find("expected a duration") != std::string::npos);
    found_fail = found_fail || (s.file == "src/uncertainty/database.cpp" && s.argument == "\"cannot write\"");
  }
  EXPECT_TRUE(found_check) << "the helper check() in src/sim/simulator.cpp was not found: update kThrowers";
  EXPECT_TRUE(found_fail) << "the helper fail() in src/uncertainty/database.cpp was not found: update kThrowers";
}

TEST(ErrorsDocComplete, EveryMessageIsInDocsErrorsMd) {
  const std::string doc = test::read_file(fs::path(HIPPO_SOURCE_DIR) / "docs/errors.md");
  ASSERT_FALSE(doc.empty());
  std::set<std::pair<std::string, std::string>> used_elsewhere, used_not_shown;
  for (const auto& s : throw_sites()) {
    if (s.pieces.empty()) {
      const std::pair<std::string, std::string> key{s.file, s.argument};
      EXPECT_TRUE(kMessageMadeElsewhere.count(key))
          << s.file << ":" << s.line << ": an error message with no literal text (" << s.argument
          << "): document it, or say in kMessageMadeElsewhere where its text comes from";
      used_elsewhere.insert(key);
      continue;
    }
    for (const auto& piece : s.pieces) {
      const std::pair<std::string, std::string> key{s.file, piece};
      if (kNotShown.count(key)) {
        used_not_shown.insert(key);
        continue;
      }
      EXPECT_NE(doc.find(piece), std::string::npos)
          << s.file << ":" << s.line << ": the error text \"" << piece
          << "\" is not in docs/errors.md: add an example of it with its fix";
    }
  }
  for (const auto& key : kMessageMadeElsewhere)
    EXPECT_TRUE(used_elsewhere.count(key)) << "stale kMessageMadeElsewhere entry: " << key.first << ": " << key.second;
  for (const auto& key : kNotShown)
    EXPECT_TRUE(used_not_shown.count(key)) << "stale kNotShown entry: " << key.first << ": " << key.second;
}

}  // namespace
}  // namespace hippo
