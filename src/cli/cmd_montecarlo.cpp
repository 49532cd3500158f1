// `hippo montecarlo FILE|NAME --samples N [--seed S] [--out DIR] [--json|--quiet] [--db FILE]`: the
// distribution of NPV, IRR and cumulative cash over the scenario's uncertain inputs, and the chance
// of breaking even by each month; DIR/report.html holds the fan chart. Under mpirun the samples
// are shared among the ranks and merged on rank 0. Ctrl-C (on any rank) stops every rank with
// status 130 before anything is written.
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
  std::int64_t samples = 1000;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> sets;  // --set key=value
  OutputOptions output;
};

void run(Context& ctx, const Options& o) {
  run_on_ranks([&](Comm& comm) {
    // Every rank prepares the same checked job (app::montecarlo_job), runs its share of the
    // samples, and rank 0 merges the shares.
    const app::MonteCarloJob job = app::montecarlo_job(app::ScenarioSource::named(o.file), overrides_of(o.sets),
                                                       {o.samples, o.seed, !o.output.db.empty()}, ctx.catalog);
    const Scenario& s = job.scenario;
    const std::unique_ptr<ResultsDb> db = open_database(comm, o.output, s);
    MonteCarloPart part;
    collectively(comm, [&] {
      ProgressLine progress(ctx.err, "montecarlo", comm.rank() == 0 && ProgressLine::stderr_is_terminal());
      part = run_monte_carlo(s, job.spec, share(job.spec.samples, comm.rank(), comm.size(), kBlockSamples), job.eval,
                             [&](std::int64_t done, std::int64_t total) {
                               progress.update(done, total, "samples", "rank 0's share");
                               stop_if_announced(comm);
                             });
    });
    const auto gathered = comm.gather(part.data);
    // Every rank checks for Ctrl-C once more where all have finished their share, so a rank that
    // got the signal while it waited for the others still stops all; after this only rank 0 checks.
    collectively(comm, check_interrupt);
    collectively(comm, [&] {
      if (comm.rank() != 0) return;
      std::vector<MonteCarloPart> parts;
      for (const auto& d : gathered) parts.push_back({d});
      const app::MonteCarloResult r = app::montecarlo_result(job, parts);
      write_uncertainty_output(ctx, o.output, db.get(),
                               {"montecarlo", r.json, report::render_montecarlo_html,
                                [&] { return report::montecarlo_text(s, r.result); },
                                [&](ResultsDb& to, const Progress& progress) { add_montecarlo_rows(to, s, r.result, progress); }});
    });
  }, print_error(ctx));
}

}  // namespace

void register_montecarlo(CLI::App& app, Action& chosen) {
  auto* cmd = app.add_subcommand("montecarlo", "P10/P50/P90 of NPV, IRR and cash over the uncertain inputs (MPI-aware)");
  auto o = std::make_shared<Options>();
  cmd->add_option("file", o->file, "Scenario YAML file or shipped scenario name")->required();
  cmd->add_option("--samples", o->samples, "Number of samples (default 1000)");
  cmd->add_option("--seed", o->seed, "Seed of the sample streams (default: the scenario's seed)");
  add_set_flag(*cmd, o->sets);
  add_output_flags(*cmd, o->output, "Write every sample to this SQLite database");
  cmd->callback([o, &chosen] { chosen = [o](Context& ctx) { run(ctx, *o); }; });
}

}  // namespace hippo::cli
