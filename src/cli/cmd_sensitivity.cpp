// `hippo sensitivity FILE|NAME [--all-numeric [--percent P]] [--out DIR] [--json|--quiet] [--db FILE]`:
// each uncertain input (or every numeric input ± P %) moved to its low and high value, one at a
// time; the NPV and break-even month at each end, ranked by the NPV swing (a tornado, drawn in
// DIR/report.html). MPI-aware like montecarlo, and like it stopped on every rank by Ctrl-C.
#include <memory>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/progress.hpp"
#include "cli/uncertainty_output.hpp"
#include "hippo/scenario.hpp"
#include "hippo/uncertainty.hpp"
#include "report/uncertainty_report.hpp"
#include "report/uncertainty_text.hpp"
#include "uncertainty/comm.hpp"
#include "uncertainty/database.hpp"

namespace hippo::cli {

namespace {

using namespace uncertainty;

struct Options {
  std::string file;
  bool all_numeric = false;
  double percent = 10;
  std::vector<std::string> sets;  // --set key=value
  OutputOptions output;
};

void run(Context& ctx, const Options& o) {
  run_on_ranks([&](Comm& comm) {
    // Every rank prepares the same checked job (app::sensitivity_job), runs its share of the cases,
    // and rank 0 ranks them all.
    const app::SensitivityJob job = app::sensitivity_job(app::ScenarioSource::named(o.file), overrides_of(o.sets),
                                                         {o.all_numeric, o.percent}, ctx.catalog);
    const Scenario& s = job.scenario;
    const std::unique_ptr<ResultsDb> db = open_database(comm, o.output, s);
    std::vector<Outcome> mine;
    Outcome base;
    collectively(comm, [&] {
      ProgressLine progress(ctx.err, "sensitivity", comm.rank() == 0 && ProgressLine::stderr_is_terminal());
      if (comm.rank() == 0) base = job.eval(s);
      mine = run_cases(s, job.swings, share(job.cases(), comm.rank(), comm.size()), job.eval,
                       [&](std::int64_t done, std::int64_t total) {
                         progress.update(done, total, "cases", comm.size() > 1 ? "rank 0's share" : "");
                         stop_if_announced(comm);
                       });
    });
    const std::vector<Outcome> all = gather_outcomes(comm, mine);
    // As in montecarlo: a last check on every rank, then only rank 0 works (and checks).
    collectively(comm, check_interrupt);
    collectively(comm, [&] {
      if (comm.rank() != 0) return;
      const app::SensitivityResult r = app::sensitivity_result(job, base, all);
      write_uncertainty_output(ctx, o.output, db.get(),
                               {"sensitivity", r.json, report::render_sensitivity_html,
                                [&] { return report::sensitivity_text(s, r.result); },
                                [&](ResultsDb& to, const Progress& progress) { add_sensitivity_rows(to, s, job.swings, base, all, progress); }});
    });
  }, print_error(ctx));
}

}  // namespace

void register_sensitivity(CLI::App& app, Action& chosen) {
  auto* cmd = app.add_subcommand("sensitivity", "Tornado: NPV and break-even with each input at its low and high (MPI-aware)");
  auto o = std::make_shared<Options>();
  cmd->add_option("file", o->file, "Scenario YAML file or shipped scenario name")->required();
  cmd->add_flag("--all-numeric", o->all_numeric, "Move every numeric input by ± --percent instead of the uncertain ones");
  cmd->add_option("--percent", o->percent, "With --all-numeric: how far to move each input (default 10)");
  add_set_flag(*cmd, o->sets);
  add_output_flags(*cmd, o->output, "Write every case to this SQLite database");
  cmd->callback([o, &chosen] { chosen = [o](Context& ctx) { run(ctx, *o); }; });
}

}  // namespace hippo::cli
