// Fuzzes hippo's command line: the bytes, split at NUL, are argv[1..]. The CLI::App is built
// exactly as main() builds it; parsing must either succeed or throw CLI::ParseError (help and
// version requests included). Of the chosen actions only `catalog` runs — it reads nothing
// from disk — and it may throw only hippo::InputError.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "cli/app.hpp"
#include "hippo/errors.hpp"

namespace {
constexpr std::size_t kMaxArgs = 64;  // longer command lines add nothing but time per input
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const hippo::Catalog catalog = hippo::load_builtin_catalog();  // read-only after the first input
  std::vector<std::string> args{"hippo"};
  std::string current;
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] != 0) {
      current.push_back(static_cast<char>(data[i]));
      continue;
    }
    args.push_back(current);
    current.clear();
    if (args.size() > kMaxArgs) return 0;
  }
  if (size > 0) args.push_back(current);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());

  CLI::App app;
  hippo::cli::Action chosen;
  hippo::cli::build_app(app, chosen);
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError&) {
    return 0;
  }
  if (!chosen || !app.got_subcommand("catalog")) return 0;
  std::ostringstream out, err;
  hippo::cli::Context ctx{catalog, out, err};
  try {
    chosen(ctx);
  } catch (const hippo::InputError&) {
  }
  return 0;
}
