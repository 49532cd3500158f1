// hippo._hippo: the compiled half of the Python package (python/hippo/ is the other). It binds the
// application layer — the functions the CLI's commands call — so that Python gets the same
// results and the same error messages as `hippo … --json`. DataFrames, scenario dicts and the
// Result class are built in Python on top of what this returns (plain dicts, lists and numbers).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "compute.hpp"
#include "convert.hpp"
#include "econ/capacity_cache.hpp"
#include "hippo/app.hpp"
#include "hippo/errors.hpp"
#include "hippo/report.hpp"
#include "report/catalog_json.hpp"

namespace py = pybind11;
using namespace hippo;

namespace {

// A scenario as the Python side passes it: (text, is_yaml, file name for messages). Text is a
// shipped name or a path unless is_yaml.
using SourceArg = std::tuple<std::string, bool, std::string>;

app::ScenarioSource source_of(const SourceArg& a) {
  const auto& [text, is_yaml, file] = a;
  return is_yaml ? app::ScenarioSource::text(text, file) : app::ScenarioSource::named(text);
}

// Overrides as (key, value text) pairs; they are reported as the CLI reports --set.
app::Overrides overrides_of(const std::vector<std::pair<std::string, std::string>>& pairs) {
  app::Overrides out;
  for (const auto& [key, value] : pairs) out.push_back({key, value, "--set"});
  return out;
}

// hippo.InputError (python/hippo/_errors.py) with the message the CLI prints after "hippo: ".
void raise_input_error(const InputError& e) {
  const py::object cls = py::module_::import("hippo._errors").attr("InputError");
  const Location& w = e.where();
  auto text_or_none = [](const std::string& t) { return t.empty() ? py::object(py::none()) : py::object(py::str(t)); };
  const py::object exc = cls(e.what(), text_or_none(w.file), w.line > 0 ? py::object(py::int_(w.line)) : py::none(),
                             text_or_none(w.key), plain_fields(e.expected()));
  PyErr_SetObject(cls.ptr(), exc.ptr());
}

// A cache answers for the catalog it was made with (the scenario's ids resolve in it).
void check_cache(const econ::CapacityCache* cache, const Catalog& catalog) {
  if (cache && &cache->shipped() != &catalog) throw py::value_error("the capacity cache was made for another catalog");
}

}  // namespace

PYBIND11_MODULE(_hippo, m) {
  m.doc() = "hippo's C++ library: the jobs of the CLI, returning their JSON documents as Python objects";

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      raise_input_error(e);
    }
  });

  py::class_<Catalog>(m, "Catalog", "The built-in catalog (data/*.yaml compiled in)")
      .def(py::init(&load_builtin_catalog))
      .def(
          "json", [](const Catalog& c, const std::string& kind) { return python::to_python(report::catalog_json(c, kind)); },
          py::arg("kind"), "The document of `hippo catalog KIND --json`");

  m.def("monthly_columns", [] {
    std::vector<std::string> names;
    for (const auto& [name, member] : report::monthly_columns()) names.emplace_back(name);
    return names;
  }, "The monthly table's columns after `month`, in monthly.csv's order");

  // One per Python process beside the catalog (python/hippo/__init__.py): run and compare look a
  // fleet capacity up in it; thread-safe, so Python threads running without the GIL share it.
  py::class_<econ::CapacityCache>(m, "CapacityCache", "Fleet capacity remembered per deployment and workload")
      .def(py::init<const Catalog&>(), py::arg("catalog"), py::keep_alive<1, 2>())
      .def_property_readonly("hits", &econ::CapacityCache::hits, "Answers not computed by their caller")
      .def_property_readonly("misses", &econ::CapacityCache::misses, "Capacities computed")
      .def_property_readonly("size", &econ::CapacityCache::size, "Capacities remembered now");

  py::class_<app::RunResult>(m, "RunResult", "One evaluated scenario (hippo run)")
      .def("json", [](const app::RunResult& r) { return python::to_python(r.json); },
           "The whole document of `hippo run --json`")
      .def(
          "get",
          [](const app::RunResult& r, const std::string& key) {
            const auto it = r.json.find(key);
            if (it == r.json.end()) throw py::key_error(key);
            return python::to_python(*it);
          },
          py::arg("key"), "One top-level key of the document, converted alone")
      .def("keys", [](const app::RunResult& r) {
        std::vector<std::string> keys;
        for (auto it = r.json.begin(); it != r.json.end(); ++it) keys.push_back(it.key());
        return keys;
      })
      .def(
          "write",
          [](const app::RunResult& r, const std::filesystem::path& dir) {
            py::gil_scoped_release release;
            app::write_report(r, dir);
          },
          py::arg("dir"), "Writes results.json, monthly.csv and report.html into dir");

  py::class_<app::CompareResult>(m, "CompareResult", "Several scenarios side by side (hippo compare)")
      .def("json", [](const app::CompareResult& c) { return python::to_python(c.json); })
      .def_readonly("runs", &app::CompareResult::runs)
      .def(
          "write",
          [](const app::CompareResult& c, const std::filesystem::path& dir) {
            py::gil_scoped_release release;
            app::write_report(c, dir);
          },
          py::arg("dir"), "Writes compare.json and report.html into dir");

  m.def(
      "run",
      [](const Catalog& catalog, const SourceArg& source, const std::vector<std::pair<std::string, std::string>>& set,
         py::object progress, econ::CapacityCache* capacity) {
        check_cache(capacity, catalog);
        python::Watch watch(std::move(progress));
        return watch.run(
            [&](const app::Progress& p) { return app::run(source_of(source), overrides_of(set), catalog, p, capacity); });
      },
      py::arg("catalog"), py::arg("source"), py::arg("set"), py::arg("progress"),
      py::arg("capacity") = static_cast<econ::CapacityCache*>(nullptr));

  m.def(
      "compare",
      [](const Catalog& catalog, const std::vector<SourceArg>& sources,
         const std::vector<std::pair<std::string, std::string>>& set, py::object progress, econ::CapacityCache* capacity) {
        check_cache(capacity, catalog);
        std::vector<app::ScenarioSource> from;
        for (const auto& s : sources) from.push_back(source_of(s));
        python::Watch watch(std::move(progress));
        return watch.run(
            [&](const app::Progress& p) { return app::compare(from, overrides_of(set), catalog, p, capacity); });
      },
      py::arg("catalog"), py::arg("sources"), py::arg("set"), py::arg("progress"),
      py::arg("capacity") = static_cast<econ::CapacityCache*>(nullptr));

  m.def(
      "perf",
      [](const Catalog& catalog, const std::string& model, const std::string& gpu, const std::string& engine, int tp,
         int pp, const std::string& weights, const std::string& kv, std::optional<int> batch, std::optional<int> context,
         std::optional<int> prefill, std::optional<int> input, std::optional<int> output) {
        app::PerfRequest q;
        q.model = model, q.gpu = gpu, q.engine = engine, q.tp = tp, q.pp = pp, q.weights = weights, q.kv = kv;
        q.batch = batch, q.context = context, q.prefill = prefill, q.input = input, q.output = output;
        nlohmann::ordered_json doc;
        {
          py::gil_scoped_release release;  // microseconds to milliseconds: no progress to report
          doc = app::perf(q, catalog).json;
        }
        return python::to_python(doc);
      },
      py::arg("catalog"), py::arg("model"), py::arg("gpu"), py::arg("engine"), py::arg("tp"), py::arg("pp"),
      py::arg("weights"), py::arg("kv"), py::arg("batch"), py::arg("context"), py::arg("prefill"), py::arg("input"),
      py::arg("output"), "The document of `hippo perf --json`");

  m.def(
      "simulate",
      [](const Catalog& catalog, const std::optional<SourceArg>& source,
         const std::vector<std::pair<std::string, std::string>>& set, int replicas, std::optional<double> rate_req_s,
         std::optional<double> load, std::optional<std::int64_t> requests, std::optional<double> duration_s,
         std::optional<int> concurrency, std::optional<std::string> trace, bool strict, bool deterministic,
         py::object progress) {
        app::SimulateRequest q;
        if (source) q.scenario = source_of(*source);
        q.overrides = overrides_of(set);
        q.replicas = replicas, q.rate_req_s = rate_req_s, q.load = load, q.requests = requests, q.duration_s = duration_s;
        q.concurrency = concurrency, q.trace = std::move(trace), q.strict = strict, q.deterministic = deterministic;
        python::Watch watch(std::move(progress));
        const nlohmann::ordered_json doc =
            watch.run([&](const app::Progress& p) { return app::simulate(q, catalog, p).json; });
        return python::to_python(doc);
      },
      py::arg("catalog"), py::arg("source"), py::arg("set"), py::arg("replicas"), py::arg("rate_req_s"),
      py::arg("load"), py::arg("requests"), py::arg("duration_s"), py::arg("concurrency"), py::arg("trace"),
      py::arg("strict"), py::arg("deterministic"), py::arg("progress"), "The document of `hippo simulate --json`");

  m.def(
      "plan",
      [](const Catalog& catalog, const SourceArg& source, const std::vector<std::pair<std::string, std::string>>& set,
         std::int64_t requests, double tolerance, py::object progress) {
        app::PlanRequest q;
        q.requests_per_simulation = requests, q.tolerance = tolerance;
        python::Watch watch(std::move(progress));
        const nlohmann::ordered_json doc = watch.run([&](const app::Progress& p) {
          return app::plan(source_of(source), overrides_of(set), q, catalog, p).json;
        });
        return python::to_python(doc);
      },
      py::arg("catalog"), py::arg("source"), py::arg("set"), py::arg("requests"), py::arg("tolerance"),
      py::arg("progress"), "The document of `hippo plan --json`");

  m.def(
      "montecarlo",
      [](const Catalog& catalog, const SourceArg& source, const std::vector<std::pair<std::string, std::string>>& set,
         std::int64_t samples, std::optional<std::uint64_t> seed, py::object progress) {
        python::Watch watch(std::move(progress));
        const nlohmann::ordered_json doc = watch.run([&](const app::Progress& p) {
          return app::montecarlo(source_of(source), overrides_of(set), {samples, seed, false}, catalog, p).json;
        });
        return python::to_python(doc);
      },
      py::arg("catalog"), py::arg("source"), py::arg("set"), py::arg("samples"), py::arg("seed"), py::arg("progress"));

  m.def(
      "sensitivity",
      [](const Catalog& catalog, const SourceArg& source, const std::vector<std::pair<std::string, std::string>>& set,
         bool all_numeric, double percent, py::object progress) {
        python::Watch watch(std::move(progress));
        const nlohmann::ordered_json doc = watch.run([&](const app::Progress& p) {
          return app::sensitivity(source_of(source), overrides_of(set), {all_numeric, percent}, catalog, p).json;
        });
        return python::to_python(doc);
      },
      py::arg("catalog"), py::arg("source"), py::arg("set"), py::arg("all_numeric"), py::arg("percent"),
      py::arg("progress"), "The document of `hippo sensitivity --json`");

  m.def(
      "sweep_json",
      [](const Catalog& catalog, const SourceArg& source, const std::vector<std::pair<std::string, std::string>>& set,
         const std::vector<std::string>& axes, py::object progress) {
        python::Watch watch(std::move(progress));
        return py::bytes(watch.run([&](const app::Progress& p) {
          return app::sweep_json(source_of(source), overrides_of(set), axes, catalog, p);
        }));
      },
      py::arg("catalog"), py::arg("source"), py::arg("set"), py::arg("axes"), py::arg("progress"),
      "The document of `hippo sweep --json` as UTF-8 bytes");
}
