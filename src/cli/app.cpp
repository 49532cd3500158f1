#include "cli/app.hpp"

#include "util/number_text.hpp"

namespace hippo::cli {

namespace {

// Every number-typed option of `app` and its subcommands reads only plain decimals
// (util::number_text_problem): CLI11 converts with strtoll/strtoull/strtod, which take hex,
// octal, a wrapped negative and a silently saturated overflow. Done here, once, so that no
// option can be added without it.
void read_numbers_strictly(CLI::App& app) {
  for (CLI::Option* opt : app.get_options()) {
    const std::string type = opt->get_type_name();
    util::NumberKind kind{};
    if (type == "INT") kind = util::NumberKind::integer;
    else if (type == "UINT") kind = util::NumberKind::unsigned_integer;
    else if (type == "FLOAT") kind = util::NumberKind::real;
    else continue;
    // transform, not check: a check may not rewrite the text ("1e7" → "10000000", "010" → "10").
    opt->transform(CLI::Validator([kind](std::string& text) { return util::number_text_problem(text, kind); }, "", "decimal"));
  }
  for (CLI::App* sub : app.get_subcommands({})) read_numbers_strictly(*sub);
}

}  // namespace

void build_app(CLI::App& app, Action& chosen) {
  app.name("hippo");
  app.description("hippo: what a generative-AI service costs, and when it pays off");
  app.require_subcommand(0, 1);
  app.set_version_flag("--version", "hippo 0.1.0");
  for (const auto& reg : registry()) reg(app, chosen);
  read_numbers_strictly(app);
}

}  // namespace hippo::cli
