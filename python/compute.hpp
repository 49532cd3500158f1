// Long C++ work called from Python. The GIL is released while it runs, so other Python threads go
// on; its progress callback takes the GIL back briefly (at most every kCheckInterval) to run
// Python's signal handlers (PyErr_CheckSignals) and the caller's own progress function. When one of
// them raises — KeyboardInterrupt on Ctrl-C — the callback throws hippo::Interrupted, which unwinds
// the work like the CLI's Ctrl-C does, and the Python exception is raised once the GIL is back.
#pragma once
#include <chrono>
#include <optional>
#include <utility>

#include <pybind11/pybind11.h>

#include "hippo/app.hpp"
#include "hippo/errors.hpp"

namespace hippo::python {

class Watch {
 public:
  static constexpr std::chrono::milliseconds kCheckInterval{20};

  // `user` is None or a callable progress(done, total, unit).
  explicit Watch(pybind11::object user) : user_(std::move(user)) {}

  // The callback to hand to the work; valid while this Watch lives.
  app::Progress progress() {
    return [this](const app::ProgressUpdate& u) { check(u.done, u.total, u.unit); };
  }
  // Runs `work(progress())` without the GIL; rethrows what a Python handler raised.
  template <class Work>
  auto run(Work&& work) {
    try {
      pybind11::gil_scoped_release release;
      return work(progress());
    } catch (const Interrupted&) {
      if (raised_) throw std::move(*raised_);  // the GIL is held again: `release` has gone
      PyErr_SetNone(PyExc_KeyboardInterrupt);  // interrupted by someone else's callback
      throw pybind11::error_already_set();
    }
  }

 private:
  void check(std::int64_t done, std::int64_t total, const std::string& unit) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < kCheckInterval) return;
    last_ = now;
    pybind11::gil_scoped_acquire gil;
    try {
      if (PyErr_CheckSignals() != 0) throw pybind11::error_already_set();
      if (!user_.is_none()) user_(done, total, unit);
    } catch (pybind11::error_already_set& e) {
      raised_.emplace(std::move(e));
      throw Interrupted();
    }
  }

  pybind11::object user_;
  std::chrono::steady_clock::time_point last_{};
  std::optional<pybind11::error_already_set> raised_;
};

}  // namespace hippo::python
