// The communicator over MPI_COMM_WORLD, compiled only with HIPPO_WITH_MPI (CMakeLists.txt): a build
// without MPI runs every command as one process.
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>

#include "hippo/errors.hpp"
#include "uncertainty/comm.hpp"

namespace hippo::uncertainty {

namespace {

class MpiComm final : public Comm {
 public:
  MpiComm() {
    int ready = 0;
    MPI_Initialized(&ready);
    if (!ready) {
      MPI_Init(nullptr, nullptr);
      owner_ = true;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  ~MpiComm() override {
    if (owner_) MPI_Finalize();
  }
  void abandon() override {
    MPI_Barrier(MPI_COMM_WORLD);
    owner_ = false;
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }

  std::vector<std::vector<double>> gather(const std::vector<double>& mine) override {
    long long n = static_cast<long long>(mine.size());
    std::vector<long long> sizes(static_cast<std::size_t>(size_));
    MPI_Gather(&n, 1, MPI_LONG_LONG, sizes.data(), 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    std::vector<std::vector<double>> all;
    if (rank_ != 0) {
      send_chunked(mine);
      return all;
    }
    all.resize(static_cast<std::size_t>(size_));
    all[0] = mine;
    for (int r = 1; r < size_; ++r) {
      all[static_cast<std::size_t>(r)].resize(static_cast<std::size_t>(sizes[static_cast<std::size_t>(r)]));
      receive_chunked(all[static_cast<std::size_t>(r)], r);
    }
    return all;
  }

  void agree(std::exception_ptr error) override {
    int code = 0;  // 0 none, 2 InputError, 3 Interrupted, 1 anything else
    std::string message;
    if (error) {
      try {
        std::rethrow_exception(error);
      } catch (const InputError& e) {
        code = 2;
        message = e.what();
      } catch (const Interrupted&) {
        code = 3;
      } catch (const std::exception& e) {
        code = 1;
        message = e.what();
      }
    }
    std::vector<int> codes(static_cast<std::size_t>(size_));
    MPI_Allgather(&code, 1, MPI_INT, codes.data(), 1, MPI_INT, MPI_COMM_WORLD);
    if (std::find(codes.begin(), codes.end(), 3) != codes.end()) throw Interrupted{};
    int root = -1;
    for (int r = 0; r < size_ && root < 0; ++r)
      if (codes[static_cast<std::size_t>(r)] != 0) root = r;
    if (root < 0) return;
    int len = static_cast<int>(message.size());
    MPI_Bcast(&len, 1, MPI_INT, root, MPI_COMM_WORLD);
    message.resize(static_cast<std::size_t>(len));
    MPI_Bcast(message.data(), len, MPI_CHAR, root, MPI_COMM_WORLD);
    if (codes[static_cast<std::size_t>(root)] == 2) throw InputError({}, message);
    throw std::runtime_error(message);
  }

  // A one-int message to every other rank, never waited for: the ranks leave without receiving it
  // (abandon), so it needs no matching receive.
  void announce_stop() override {
    if (announced_) return;
    announced_ = true;
    for (int r = 0; r < size_; ++r) {
      if (r == rank_) continue;
      MPI_Request request;
      MPI_Isend(&announced_flag_, 1, MPI_INT, r, kStopTag, MPI_COMM_WORLD, &request);
      MPI_Request_free(&request);
    }
  }

  bool stop_announced() override {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_probe_ < std::chrono::milliseconds(5)) return false;
    last_probe_ = now;
    int arrived = 0;
    MPI_Iprobe(MPI_ANY_SOURCE, kStopTag, MPI_COMM_WORLD, &arrived, MPI_STATUS_IGNORE);
    return arrived != 0;
  }

 private:
  // MPI counts are ints: send in pieces of at most 2^27 doubles (1 GiB).
  static constexpr std::size_t kChunk = std::size_t{1} << 27;
  void send_chunked(const std::vector<double>& v) {
    for (std::size_t at = 0; at < v.size(); at += kChunk)
      MPI_Send(v.data() + at, static_cast<int>(std::min(kChunk, v.size() - at)), MPI_DOUBLE, 0, 0, MPI_COMM_WORLD);
  }
  void receive_chunked(std::vector<double>& v, int from) {
    for (std::size_t at = 0; at < v.size(); at += kChunk)
      MPI_Recv(v.data() + at, static_cast<int>(std::min(kChunk, v.size() - at)), MPI_DOUBLE, from, 0, MPI_COMM_WORLD,
               MPI_STATUS_IGNORE);
  }

  static constexpr int kStopTag = 7;  // gather's messages use tag 0
  int rank_ = 0, size_ = 1;
  bool owner_ = false;
  bool announced_ = false;
  int announced_flag_ = 1;  // the message's buffer lives as long as the communicator
  std::chrono::steady_clock::time_point last_probe_{};
};

}  // namespace

std::unique_ptr<Comm> open_mpi_comm() { return std::make_unique<MpiComm>(); }

}  // namespace hippo::uncertainty
