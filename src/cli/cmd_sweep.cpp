// `hippo sweep FILE|NAME --set key=v1,v2,… [--set …] [--json] [--db FILE]`: NPV, IRR, break-even
// and payback at every combination of the values. MPI-aware like montecarlo.
#include <memory>

#include "cli/commands.hpp"
#include "hippo/scenario.hpp"
#include "hippo/uncertainty.hpp"
#include "report/format.hpp"
#include "report/table.hpp"
#include "uncertainty/comm.hpp"
#include "uncertainty/database.hpp"
#include "uncertainty/json.hpp"

namespace hippo::cli {

namespace {

using namespace uncertainty;

struct Options {
  std::string file;
  std::vector<std::string> sets;
  bool json = false;
  std::string db;
};

std::string text_report(const Scenario& s, const std::vector<SweepAxis>& axes, const std::vector<Outcome>& points) {
  report::Table t;
  for (const auto& a : axes) {
    t.header.push_back(a.key);
    t.right_align.push_back(true);
  }
  for (const char* h : {"NPV", "IRR", "break-even", "payback", "GPUs peak"}) {
    t.header.push_back(h);
    t.right_align.push_back(true);
  }
  for (std::size_t i = 0; i < points.size(); ++i) {
    std::vector<std::string> row;
    for (const auto& st : grid_point(axes, static_cast<std::int64_t>(i))) row.push_back(st.text);
    const Outcome& o = points[i];
    row.push_back(report::format_money_compact(o.npv, s.currency));
    row.push_back(o.irr_annual ? report::format_percent(*o.irr_annual) : "none");
    row.push_back(report::format_month(o.breakeven_month));
    row.push_back(report::format_month(o.payback_month));
    row.push_back(report::format_compact(o.gpus_peak));
    t.rows.push_back(std::move(row));
  }
  return "Sweep of " + s.name + ": " + std::to_string(points.size()) + " points\n\n" + t.render();
}

void run(Context& ctx, const Options& o) {
  run_on_ranks([&](Comm& comm) {
    const Scenario s = load_scenario(o.file, ctx.catalog);
    const std::vector<SweepAxis> axes = sweep_axes(o.sets, s);
    std::unique_ptr<ResultsDb> db;
    collectively(comm, [&] {
      if (comm.rank() == 0 && !o.db.empty()) db = std::make_unique<ResultsDb>(o.db);
    });
    std::vector<Outcome> mine;
    collectively(comm, [&] {
      mine = run_sweep(s, ctx.catalog, axes, share(grid_size(axes), comm.rank(), comm.size()), econ_evaluator(ctx.catalog));
    });
    const std::vector<Outcome> all = gather_outcomes(comm, mine);
    if (comm.rank() != 0) return;
    if (db) {
      db->begin_run({"sweep", s.name, s.file, std::nullopt, static_cast<std::int64_t>(all.size())});
      for (std::size_t i = 0; i < all.size(); ++i)
        db->add_sample(static_cast<std::int64_t>(i), grid_point(axes, static_cast<std::int64_t>(i)), all[i]);
      db->commit();
    }
    print(ctx, o.json ? sweep_json(s, axes, all).dump() : text_report(s, axes, all));
  });
}

}  // namespace

void register_sweep(CLI::App& app, Action& chosen) {
  auto* cmd = app.add_subcommand("sweep", "NPV, IRR and break-even over every combination of --set values (MPI-aware)");
  auto o = std::make_shared<Options>();
  cmd->add_option("file", o->file, "Scenario YAML file or shipped scenario name")->required();
  cmd->add_option("--set", o->sets, "key=v1,v2,… (repeatable; length distributions separate values with ';')")
      ->required()
      ->allow_extra_args(false);
  cmd->add_flag("--json", o->json, "Print one JSON document");
  cmd->add_option("--db", o->db, "Write every grid point to this SQLite database");
  cmd->callback([o, &chosen] { chosen = [o](Context& ctx) { run(ctx, *o); }; });
}

}  // namespace hippo::cli
