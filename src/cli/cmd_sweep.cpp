// `hippo sweep FILE|NAME --set key=v1,v2,… [--set …] [--json] [--db FILE]`: NPV, IRR, break-even
// and payback at every combination of the values. MPI-aware like montecarlo.
//
// Memory does not grow with the grid: the points are evaluated in blocks of kSweepBlockPoints
// (each rank its share of a block, gathered on rank 0), and rank 0 writes each block's rows into the
// database's transaction and into a spool file, then forgets them. The spool is copied to stdout
// only once every point has succeeded, so a failed or interrupted sweep prints nothing.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "scenario/input_files.hpp"
#include "util/atomic_file.hpp"
#include "cli/interrupt.hpp"
#include "cli/progress.hpp"
#include "cli/uncertainty_output.hpp"
#include "hippo/scenario.hpp"
#include "hippo/uncertainty.hpp"
#include "report/sweep_text.hpp"
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

// An unlinked file in the system's temporary folder (TMPDIR): nothing is ever left behind, however
// the process ends.
class Spool {
 public:
  Spool() {
    std::error_code ec;
    const auto dir = std::filesystem::temp_directory_path(ec);
    std::string path = ((ec ? std::filesystem::path("/tmp") : dir) / "hippo-sweep-XXXXXX").string();
    const int fd = ::mkstemp(path.data());
    if (fd < 0) fail(path);
    ::unlink(path.c_str());
    file_ = ::fdopen(fd, "w+");
    if (!file_) {
      ::close(fd);
      fail(path);
    }
  }
  ~Spool() { std::fclose(file_); }
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  void write(const std::string& s) {
    if (std::fwrite(s.data(), 1, s.size(), file_) != s.size()) fail("a temporary file");
  }
  // Back to the start, for reading.
  FILE* rewound() {
    if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0) fail("a temporary file");
    return file_;
  }

 private:
  [[noreturn]] static void fail(const std::string& what) {
    throw InputError({"", 0, "TMPDIR"}, "cannot write " + what + " (the sweep's output waits there): " + std::strerror(errno));
  }
  FILE* file_ = nullptr;
};

// What rank 0 writes: the database rows and the spooled output.
struct Writer {
  static constexpr std::size_t kFlushBytes = 1 << 20;
  const std::vector<SweepAxis>& axes;
  std::unique_ptr<ResultsDb> db;
  std::unique_ptr<Spool> spool;
  std::unique_ptr<SweepJsonWriter> json;  // with --json, else the text table
  std::unique_ptr<report::SweepTextTable> text;

  void block(std::int64_t first, const std::vector<Outcome>& outcomes) {
    std::string out;
    for (std::size_t k = 0; k < outcomes.size(); ++k) {
      const auto index = first + static_cast<std::int64_t>(k);
      if (db) db->add_sample(index, grid_point(axes, index), outcomes[k]);
      if (json) json->point(out, index, outcomes[k]);
      else text->spool_row(out, outcomes[k]);
      if (out.size() > kFlushBytes) {
        spool->write(out);
        out.clear();
      }
    }
    spool->write(out);
  }
};

void run(Context& ctx, const Options& o) {
  run_on_ranks([&](Comm& comm) {
    // Every rank reports progress, so that Ctrl-C stops every rank; only rank 0 draws it. Made
    // first, so that Ctrl-C is caught (and the database's temporary file removed) from here on.
    ProgressLine progress(ctx.err, "sweep", comm.rank() == 0 && ProgressLine::stderr_is_terminal());
    // Every rank prepares the same checked job (app::sweep_job) and evaluates its share of each block.
    const app::SweepJob job = app::sweep_job(app::ScenarioSource::named(o.file), {}, o.sets, ctx.catalog);
    const Scenario& s = job.scenario;
    const std::vector<SweepAxis>& axes = job.axes;
    const std::int64_t points = job.points;
    Writer w{axes, nullptr, nullptr, nullptr, nullptr};
    collectively(comm, [&] {
      if (comm.rank() != 0) return;
      if (!o.db.empty()) {
        util::check_output_path(o.db, scenario_input_files(s), "--db");
        w.db = std::make_unique<ResultsDb>(o.db);
        w.db->begin_run({"sweep", s.name, s.file, std::nullopt, points});
      }
      w.spool = std::make_unique<Spool>();
      if (o.json) {
        w.json = std::make_unique<SweepJsonWriter>(axes);
        w.spool->write(w.json->head(s));
      } else {
        w.text = std::make_unique<report::SweepTextTable>(s.currency, axes);
      }
    });

    auto my_share = [&](std::int64_t first) {
      Range r = share(std::min(kSweepBlockPoints, points - first), comm.rank(), comm.size());
      return Range{first + r.begin, first + r.end};
    };
    std::int64_t mine_total = 0, mine_done = 0;
    for (std::int64_t first = 0; first < points; first += kSweepBlockPoints)
      mine_total += my_share(first).end - my_share(first).begin;
    const std::string detail = comm.size() > 1 ? "rank 0's share" : "";
    const Evaluator& eval = job.eval;

    for (std::int64_t first = 0; first < points; first += kSweepBlockPoints) {
      const Range mine = my_share(first);
      std::vector<Outcome> outcomes;
      collectively(comm, [&] {
        outcomes = run_sweep(s, catalog_of(s, ctx.catalog), axes, mine, eval, [&](std::int64_t done, std::int64_t) {
          progress.update(mine_done + done, mine_total, "points", detail);
          stop_if_announced(comm);
        });
      });
      mine_done += mine.end - mine.begin;
      const std::vector<Outcome> block = gather_outcomes(comm, outcomes);
      collectively(comm, [&] {
        if (comm.rank() == 0) w.block(first, block);
      });
    }
    // A Ctrl-C that reached a rank while it waited for the others still stops all; after this,
    // rank 0 finishes its output whatever comes.
    collectively(comm, check_interrupt);
    collectively(comm, [&] {
      if (comm.rank() != 0) return;
      if (w.db) w.db->commit();
      errno = 0;  // a failed write to stdout keeps its reason for check_written
      if (w.json) {
        w.spool->write(SweepJsonWriter::tail() + "\n");
        FILE* in = w.spool->rewound();
        char buf[1 << 16];
        for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, in)) > 0;) ctx.out.write(buf, static_cast<std::streamsize>(n));
      } else {
        w.text->render(ctx.out, "Sweep of " + s.name + ": " + std::to_string(points) + " points\n\n", w.spool->rewound());
      }
      check_written(ctx.out);
    });
  }, print_error(ctx));
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
