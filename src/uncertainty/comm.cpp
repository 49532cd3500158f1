#include "uncertainty/comm.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "hippo/errors.hpp"

namespace hippo::uncertainty {

namespace {

class LocalComm final : public Comm {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  std::vector<std::vector<double>> gather(const std::vector<double>& mine) override { return {mine}; }
  void agree(std::exception_ptr error) override {
    if (error) std::rethrow_exception(error);
  }
  void announce_stop() override {}
  bool stop_announced() override { return false; }
  void abandon() override {}
};

bool is_interrupt(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const Interrupted&) {
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace

bool launched_by_mpirun() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(var)) return true;
  return false;
}

std::unique_ptr<Comm> open_comm() {
  if (!launched_by_mpirun()) return std::make_unique<LocalComm>();
#ifdef HIPPO_WITH_MPI
  return open_mpi_comm();
#else
  throw InputError({"", 0, "mpirun"}, "this hippo was built without MPI (cmake -DHIPPO_WITH_MPI=OFF): run it without "
                                      "mpirun, or build it with MPI to share the work among ranks");
#endif
}

void run_on_ranks(const std::function<void(Comm&)>& body, const std::function<void(const std::exception_ptr&)>& report) {
  auto comm = open_comm();
  try {
    body(*comm);
  } catch (...) {
    const std::exception_ptr error = std::current_exception();
    if (report && comm->rank() == 0) report(error);  // before any rank can leave
    if (is_interrupt(error)) comm->abandon();
    if (report || comm->rank() != 0) throw ReportedByRankZero(error);
    throw;
  }
}

void collectively(Comm& comm, const std::function<void()>& step) {
  std::exception_ptr error;
  try {
    step();
  } catch (const Interrupted&) {
    comm.announce_stop();
    error = std::current_exception();
  } catch (...) {
    error = std::current_exception();
  }
  comm.agree(error);
}

void stop_if_announced(Comm& comm) {
  if (comm.stop_announced()) throw Interrupted{};
}

std::vector<Outcome> gather_outcomes(Comm& comm, const std::vector<Outcome>& mine) {
  std::vector<double> flat;
  for (const auto& o : mine) {
    const auto s = outcome_scalars(o);
    flat.insert(flat.end(), s.begin(), s.end());
  }
  std::vector<Outcome> all;
  for (const auto& part : comm.gather(flat))
    for (std::size_t k = 0; k < part.size(); k += kOutcomeScalars) all.push_back(outcome_from_scalars(&part[k]));
  return all;
}

}  // namespace hippo::uncertainty
