// Processes working on one run: MPI ranks when hippo was started by mpirun, else one process.
// MPI is initialised here, lazily, only by the commands that distribute work, so every other
// command (and these ones without mpirun) runs as a plain process.
//
// Stopping early (hippo::Interrupted, thrown by the caller's progress callback on Ctrl-C) must stop
// every rank wherever it is: a rank that stops tells the others (announce_stop), the ones still
// working notice at their next progress call (stop_if_announced), the ones already waiting in an
// agreement learn it there, and all leave together (abandon). So every Interrupted must be thrown
// inside a `collectively` step, never between collectives.
#pragma once
#include <exception>
#include <functional>
#include <memory>
#include <vector>

#include "hippo/uncertainty.hpp"

namespace hippo::uncertainty {

class Comm {
 public:
  virtual ~Comm() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Rank 0 receives every rank's vector in rank order; the other ranks receive an empty list.
  virtual std::vector<std::vector<double>> gather(const std::vector<double>& mine) = 0;
  // Collective: if any rank passes an error, every rank throws it, so no rank is left waiting in a
  // later collective: Interrupted when any rank was interrupted, else the error of the lowest rank
  // that has one (an InputError stays an InputError).
  virtual void agree(std::exception_ptr error) = 0;
  // Tells the other ranks, without waiting, that this one is stopping on an interrupt.
  virtual void announce_stop() = 0;
  // True once another rank has announced a stop. Cheap enough to call per sample: it looks for the
  // message at most every few milliseconds.
  virtual bool stop_announced() = 0;
  // Collective, once every rank has agreed to stop on an interrupt and unwound its work: leaves MPI
  // without MPI_Finalize. On Ctrl-C mpirun sends every rank SIGTERM and kills them a second later;
  // until then it does not answer the handshake MPI_Finalize waits for, so a rank that finalised
  // would die by SIGKILL instead of exiting with status 130 (mpirun removes the shared-memory files
  // itself). A barrier first: Open MPI ends a process as soon as a peer exits unfinalised, so no
  // rank may leave while another is still removing its temporary files.
  virtual void abandon() = 0;
};

// What run_on_ranks throws on ranks other than 0 in place of an error that rank 0 reports: main()
// exits with the status of `error` and prints nothing, so every rank ends with the same status
// and the message appears once.
struct ReportedByRankZero : std::exception {
  std::exception_ptr error;
  explicit ReportedByRankZero(std::exception_ptr e) : error(std::move(e)) {}
  const char* what() const noexcept override { return "reported by rank 0"; }
};

// True when the environment says mpirun (Open MPI, PMIx or a PMI launcher) started this process.
bool launched_by_mpirun();
// An MPI communicator over MPI_COMM_WORLD (MPI_Init now, MPI_Finalize when destroyed) when
// launched by mpirun, else a single process. Under mpirun, a build without MPI (HIPPO_WITH_MPI
// off) throws InputError rather than run the whole job on every rank.
std::unique_ptr<Comm> open_comm();
// The MPI communicator (comm_mpi.cpp), in a build with HIPPO_WITH_MPI only; open_comm calls it.
std::unique_ptr<Comm> open_mpi_comm();

// Opens the processes' communicator and runs `body` on each. An error is reported by rank 0 only
// (the other ranks have reached the same error through Comm::agree or the same deterministic input
// check). With `report`, rank 0 calls it before any rank leaves — under mpirun a rank that exits
// first may have Open MPI end the others before they print — and every rank throws
// ReportedByRankZero; without, rank 0 rethrows the error and the others throw ReportedByRankZero.
// On Interrupted, MPI is abandoned.
void run_on_ranks(const std::function<void(Comm&)>& body,
                  const std::function<void(const std::exception_ptr&)>& report = {});
// Runs `step` on every rank, then Comm::agree on its error: a step that fails on some ranks only
// (rank 0 opening the database, an evaluation, Ctrl-C caught by a progress callback) fails on all
// of them. A step stopped by Interrupted announces the stop first.
void collectively(Comm& comm, const std::function<void()>& step);
// Throws Interrupted when another rank has announced a stop: call it from the progress callbacks
// of long steps, so that ranks still working stop as soon as one rank does.
void stop_if_announced(Comm& comm);
// Rank 0 receives every rank's outcomes (scalars only) concatenated in rank order; others get none.
std::vector<Outcome> gather_outcomes(Comm& comm, const std::vector<Outcome>& mine);

}  // namespace hippo::uncertainty
