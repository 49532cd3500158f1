// `hippo plan FILE|NAME [--rate R] [--candidates A,B] [--set key=value]… [--json]`: per-replica
// capacity under the SLOs of every candidate deployment, and the cheapest fleet (possibly mixed,
// owned and/or rented) for the day's demand (app::plan; docs/plan.md). A progress line shows the
// simulations, then the fleet programmes; Ctrl-C stops within a simulation or a branch-and-bound
// node, exit 130, nothing printed.
#include <memory>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "hippo/app.hpp"
#include "report/plan_report.hpp"

namespace hippo::cli {

namespace {

struct PlanFlags {
  std::string scenario = "default";
  std::optional<double> rate;
  std::optional<std::string> candidates;
  std::vector<std::string> sets;
  app::PlanRequest request;
  bool json = false;
};

void run_plan(Context& ctx, const PlanFlags& f) {
  // --rate and --candidates are two scenario keys under the names a planner types.
  app::Overrides overrides;
  if (f.rate) {
    if (!(*f.rate > 0)) throw InputError({"", 0, "--rate"}, fmt::format("expected a rate > 0 req/s, got {:g}", *f.rate));
    overrides.push_back({"demand.peak_rate_req_s", fmt::format("{}", *f.rate), "--rate"});
  }
  if (f.candidates) {
    std::string list;
    std::stringstream in(*f.candidates);
    for (std::string id; std::getline(in, id, ',');)
      if (!id.empty()) list += (list.empty() ? "" : ", ") + id;
    if (list.empty()) throw InputError({"", 0, "--candidates"}, "expected at least one GPU id");
    overrides.push_back({"fleet.candidates", "[" + list + "]", "--candidates"});
  }
  for (auto& o : overrides_of(f.sets)) overrides.push_back(std::move(o));
  ProgressLine line(ctx.err, "plan", ProgressLine::stderr_is_terminal());
  const app::PlanResult r =
      app::plan(app::ScenarioSource::named(f.scenario), overrides, f.request, ctx.catalog, line.callback());
  print(ctx, f.json ? r.json.dump(2) : report::plan_text(r.plan));
}

}  // namespace

void register_plan(CLI::App& app, Action& chosen) {
  auto* cmd = app.add_subcommand("plan", "Capacity under the SLOs and the cheapest (possibly mixed) fleet for a scenario");
  auto f = std::make_shared<PlanFlags>();
  cmd->add_option("scenario", f->scenario, "Scenario YAML file or shipped scenario name (default: default)");
  cmd->add_option("--rate", f->rate, "Peak request rate in req/s (overrides demand.peak_rate_req_s)");
  cmd->add_option("--candidates", f->candidates, "Comma-separated GPU ids (overrides fleet.candidates)");
  add_set_flag(*cmd, f->sets);
  cmd->add_option("--requests", f->request.requests_per_simulation, "Requests per capacity simulation (default 2000)");
  cmd->add_option("--tolerance", f->request.tolerance, "Capacity search tolerance, a share of the rate (default 0.02)");
  cmd->add_flag("--json", f->json, "Print one JSON document");
  cmd->callback([f, &chosen] { chosen = [f](Context& ctx) { run_plan(ctx, *f); }; });
}

}  // namespace hippo::cli
