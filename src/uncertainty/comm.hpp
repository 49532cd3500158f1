// Processes working on one run: MPI ranks when hippo was started by mpirun, else one process.
// MPI is initialised here, lazily, only by the commands that distribute work, so every other
// command (and these ones without mpirun) runs as a plain process.
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
  // Collective: if any rank passes an error, every rank throws the error of the lowest such rank
  // (an InputError stays an InputError), so no rank is left waiting in a later collective.
  virtual void agree(std::exception_ptr error) = 0;
};

// True when the environment says mpirun (Open MPI, PMIx or a PMI launcher) started this process.
bool launched_by_mpirun();
// An MPI communicator over MPI_COMM_WORLD (MPI_Init now, MPI_Finalize when destroyed) when
// launched by mpirun, else a single process.
std::unique_ptr<Comm> open_comm();

// Opens the processes' communicator and runs `body` on each. An error is reported by rank 0 only:
// it rethrows there, the other ranks return quietly (they have reached the same error through
// Comm::agree or the same deterministic input check).
void run_on_ranks(const std::function<void(Comm&)>& body);
// Runs `step` on every rank, then Comm::agree on its error: a step that fails on some ranks only
// (rank 0 opening the database, an evaluation) fails on all of them.
void collectively(Comm& comm, const std::function<void()>& step);
// Rank 0 receives every rank's outcomes (scalars only) concatenated in rank order; others get none.
std::vector<Outcome> gather_outcomes(Comm& comm, const std::vector<Outcome>& mine);

}  // namespace hippo::uncertainty
