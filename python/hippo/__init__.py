"""hippo from Python: what a generative-AI service costs, and when it pays off.

The same C++ library as the ``hippo`` command answers; every function takes a scenario (a shipped
name such as ``"default"``, a path, YAML text or a dict) and ``set={key: value}`` overrides of its
keys (like ``--set key=value``), and returns what ``hippo … --json`` prints — as a Result or as
pandas DataFrames. Bad input raises InputError with the CLI's message; Ctrl-C stops long work
(KeyboardInterrupt). docs/python.md has a worked example.
"""
import functools
import json
import os
import sys

try:
    import pandas as pd
except ImportError:
    # A python3 other than the one hippo was built for (pyenv, a virtual environment) and without
    # pandas: use the packages of the one it was built for, if it is the same version.
    from . import _built_for

    if sys.version_info[:2] != _built_for.VERSION:
        raise
    sys.path.extend(p for p in _built_for.SITE_PACKAGES if p not in sys.path)
    import pandas as pd

from . import _hippo, _inputs, _units, catalog
from ._errors import InputError

__all__ = ["InputError", "Result", "capacity_cache_info", "catalog", "compare", "montecarlo", "perf", "plan", "run", "sensitivity", "simulate", "sweep"]


class Result:
    """One evaluated scenario: the document of ``hippo run --json``.

    Its top-level keys are attributes (``breakeven_month``, ``payback_month``, ``npv``,
    ``irr_annual``, ``cost_per_mtok``, ``gross_margin``, ``fleet``, ``scenario``, ``currency`` …);
    ``monthly`` is the monthly P&L as a DataFrame indexed by month, ``to_dict()`` the whole
    document, ``write(out_dir)`` the report files of ``hippo run --out``."""

    __slots__ = ("_native", "_monthly")

    def __init__(self, native):
        self._native = native
        self._monthly = None

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._native.get(name)
        except KeyError:
            raise AttributeError(f"a hippo run result has no key {name!r}") from None

    def __dir__(self):
        return sorted(set(self._native.keys()) | {"monthly", "to_dict", "write"})

    # A Result never changes (monthly and to_dict() hand out copies), so a copy is itself: pandas
    # may deep-copy a DataFrame's attrs, where compare() keeps its Results.
    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __repr__(self):
        g = self._native.get
        return (f"<hippo.Result {g('scenario')!r}: break-even month {g('breakeven_month')}, "
                f"payback month {g('payback_month')}, NPV {g('npv'):,.0f} {g('currency')}>")

    @property
    def monthly(self):
        """The monthly P&L: one row a month (index ``month``), the columns of monthly.csv;
        ``attrs["units"]`` gives each column's unit (money in the scenario's currency)."""
        if self._monthly is None:
            rows = self._native.get("monthly")
            first = list(_hippo.monthly_columns())
            extra = [k for k in (rows[0] if rows else {}) if k != "month" and k not in first]
            df = pd.DataFrame(rows, columns=["month"] + first + extra).set_index("month")
            df.attrs["units"] = _units.monthly(["month", *df.columns], self._native.get("currency"))
            self._monthly = df
        return self._monthly.copy()

    def to_dict(self):
        """The whole document, equal to ``json.loads`` of ``hippo run --json`` (a fresh copy)."""
        return self._native.json()

    def write(self, out_dir="hippo-out"):
        """Writes results.json, monthly.csv and report.html into ``out_dir`` (created if needed),
        each whole or not at all; returns their paths."""
        self._native.write(os.fspath(out_dir))
        return [os.path.join(os.fspath(out_dir), f) for f in ("results.json", "monthly.csv", "report.html")]


# The fleet capacity (the performance model, or with fleet.sizing: simulated a capacity search by
# simulation) is milliseconds to seconds, the economics microseconds, and most what-ifs leave the
# capacity as it was. run() and compare() therefore look it up in one cache per process, made
# beside the catalog (catalog.native(), also one per process) for the same reason: the functions of
# this module are the CLI's commands, with no session object to hold it. It changes no answer (a
# capacity is a pure function of the inputs in its key), is bounded (256 deployments, then afresh)
# and thread-safe; errors are never kept.
@functools.lru_cache(maxsize=1)
def _capacity_cache():
    return _hippo.CapacityCache(catalog.native())


def capacity_cache_info():
    """The process's fleet-capacity cache behind ``run`` and ``compare``: ``{"hits": answers
    looked up, "misses": capacities computed, "size": capacities held now}``."""
    c = _capacity_cache()
    return {"hits": c.hits, "misses": c.misses, "size": c.size}


def run(scenario="default", set=None, progress=None):
    """``hippo run SCENARIO --set key=value … --json`` as a Result.

    ``progress``, if given, is called as ``progress(done, total, unit)`` while long work runs (a
    capacity search by simulation); it may raise to stop the work. The fleet capacity comes from
    the process's cache when an earlier call had the same deployment and workload
    (``capacity_cache_info()``); the result is the same either way."""
    return Result(_hippo.run(catalog.native(), _inputs.source(scenario), _inputs.overrides(set), progress,
                             _capacity_cache()))


def compare(*scenarios, set=None, progress=None, out_dir=None):
    """``hippo compare A B … --json``: one row per scenario (break-even, payback, NPV, IRR, cost per
    Mtok, fleet.*), indexed by scenario name. ``attrs["result"]`` is the whole document,
    ``attrs["runs"]`` the Results. With ``out_dir``, writes compare.json and report.html there.
    The same ``set=`` applies to every scenario."""
    if len(scenarios) == 1 and isinstance(scenarios[0], (list, tuple)):
        scenarios = tuple(scenarios[0])
    native = _hippo.compare(catalog.native(), [_inputs.source(s) for s in scenarios], _inputs.overrides(set), progress,
                            _capacity_cache())
    if out_dir is not None:
        native.write(os.fspath(out_dir))
    doc = native.json()
    df = pd.json_normalize(doc["scenarios"]).set_index("scenario")
    df.attrs["units"] = _units.summary(df.columns, doc["scenarios"][0]["currency"] if doc["scenarios"] else "")
    df.attrs["result"] = doc
    df.attrs["runs"] = [Result(r) for r in native.runs]
    return df


def montecarlo(scenario="default", samples=1000, seed=None, set=None, progress=None):
    """``hippo montecarlo SCENARIO --samples N [--seed S] --json``: one row a month with the P10,
    P50, P90 and mean of cumulative cash and the chance of having broken even and paid back by then.
    ``attrs["result"]`` is the whole document (NPV and IRR quantiles included)."""
    doc = _hippo.montecarlo(catalog.native(), _inputs.source(scenario), _inputs.overrides(set), int(samples), seed, progress)
    return _montecarlo_frame(doc)


def _montecarlo_frame(doc):
    cash = doc["cumulative_cash"]
    df = pd.DataFrame({
        "month": range(1, len(cash) + 1),
        **{f"cumulative_cash_{q}": [c[q] for c in cash] for q in ("p10", "p50", "p90", "mean")},
        "breakeven_probability": doc["breakeven_probability_by_month"],
        "payback_probability": doc["payback_probability_by_month"],
    }).set_index("month")
    currency = doc.get("currency", "")
    df.attrs["units"] = {c: (currency if c.startswith("cumulative_cash") else "probability") for c in df.columns}
    df.attrs["units"]["month"] = "month"
    df.attrs["result"] = doc
    return df


def sensitivity(scenario="default", all_numeric=False, percent=10, set=None, progress=None):
    """``hippo sensitivity SCENARIO [--all-numeric [--percent P]] --json``: each uncertain input (or
    with ``all_numeric`` every numeric input ± ``percent`` %) at its low and high value, one at a
    time. One row per input, largest NPV swing first (index ``key``): ``unit`` (the key's),
    ``base``, ``low``, ``high``, ``npv_low``, ``npv_high``, ``npv_swing``, the break-even and payback
    months at each end, ``source``. ``attrs["result"]`` is the whole document (``base`` outcome,
    ``skipped`` inputs)."""
    doc = _hippo.sensitivity(catalog.native(), _inputs.source(scenario), _inputs.overrides(set), bool(all_numeric),
                             float(percent), progress)
    rows = doc["tornado"]
    columns = ["key", "base", "low", "high", "npv_low", "npv_high", "npv_swing", "breakeven_month_low",
               "breakeven_month_high", "payback_month_low", "payback_month_high", "source"]
    df = pd.DataFrame(rows, columns=columns).set_index("key")
    currency = doc["currency"]
    df.insert(0, "unit", [(currency if u == "currency" else u) for u in _key_units(list(df.index))])
    df.attrs["units"] = {"unit": "", "base": "see unit", "low": "see unit", "high": "see unit",
                         "npv_low": currency, "npv_high": currency, "npv_swing": currency,
                         "breakeven_month_low": "month", "breakeven_month_high": "month",
                         "payback_month_low": "month", "payback_month_high": "month", "source": ""}
    df.attrs["result"] = doc
    return df


def sweep(scenario="default", axes=None, set=None, progress=None):
    """``hippo sweep SCENARIO --set key=v1,v2,… --json``: the outcome at every combination of the
    values, one row per point (the first key varies slowest), columns the keys and then ``npv``,
    ``irr_annual``, ``breakeven_month``, ``payback_month``, ``cost_per_mtok``, ``gpus_peak``.

    ``axes`` is ``{key: [values]}``; ``set=`` overrides the scenario before sweeping. Each point
    is the economics alone with the fleet capacity computed once per deployment, so a sweep is
    the fast way to ask many questions: tens of thousands of points a second.
    ``attrs["result"]`` is the whole document."""
    if not axes:
        raise TypeError("sweep needs axes={key: [values]}")
    flags = []
    for key, values in axes.items():
        texts = [_inputs.value_text(v) for v in (values if isinstance(values, (list, tuple, range)) else [values])]
        sep = ";" if any("," in t for t in texts) else ","  # length distributions hold commas
        flags.append(f"{key}={sep.join(texts)}")
    doc = json.loads(_hippo.sweep_json(catalog.native(), _inputs.source(scenario), _inputs.overrides(set), flags, progress))
    keys = doc["keys"]
    outcome = ["npv", "irr_annual", "breakeven_month", "payback_month", "cost_per_mtok", "gpus_peak"]
    points = doc["points"]
    df = pd.DataFrame({**{k: [p["inputs"][k] for p in points] for k in keys},
                       **{c: [p[c] for p in points] for c in outcome}})
    currency = doc["currency"]
    units = {k: (currency if u == "currency" else u) for k, u in zip(keys, _key_units(keys))}
    units.update(_units.summary(outcome, currency))
    units["gpus_peak"] = "GPUs"
    df.attrs["units"] = units
    df.attrs["result"] = doc
    return df


def _key_units(keys):
    table = {k["key"]: k["unit"] for k in catalog.native().json("keys")["keys"]}
    return [table.get(k, "") for k in keys]


def perf(model, gpu, tp=1, pp=1, weights="bf16", kv="bf16", engine=None, batch=None, context=None, prefill=None,
         input=None, output=None):
    """``hippo perf --model M --gpu G … --json``: one engine step of one replica, or with ``input``
    and ``output`` the peak throughput for that request shape. One row per operator (index
    ``operator``): ``per_layer_s`` (None for the once-a-step parts), ``step_s`` (its share of the
    whole step, all layers) and ``share`` of the step. ``attrs["result"]`` is the whole document
    (``step_time_s``, ``tokens_per_s``, ``bound``, memory, ``max_batch`` …)."""
    doc = _hippo.perf(catalog.native(), model, gpu, engine or "", int(tp), int(pp), weights, kv,
                      batch, context, prefill, input, output)
    layers = doc["layers"]
    step = doc["step_time_s"]
    rows = [{"operator": op, "per_layer_s": s, "step_s": s * layers} for op, s in doc["breakdown_per_layer_s"].items()]
    rows += [{"operator": op, "per_layer_s": None, "step_s": s} for op, s in doc["per_step_s"].items()]
    df = pd.DataFrame(rows).set_index("operator")
    df["share"] = df["step_s"] / step
    df.attrs["units"] = {"per_layer_s": "s", "step_s": "s", "share": "fraction"}
    df.attrs["result"] = doc
    return df


def simulate(scenario=None, set=None, replicas=1, rate_req_s=None, load=None, requests=None, duration_s=None,
             concurrency=None, trace=None, strict=False, deterministic=False, progress=None):
    """``hippo simulate [SCENARIO] --set … --replicas R --rate X --json``: a fleet of ``replicas``
    serving the scenario's workload request by request (without a scenario, the built-in defaults,
    whose SLOs count only when ``set``). Arrivals at ``rate_req_s``, or at ``load`` × the fleet's
    peak throughput, or from a ``trace`` CSV, or from ``concurrency`` closed-loop clients; it stops
    after ``requests`` (default 10,000) or ``duration_s`` seconds of arrivals. Errors about these
    arguments name them (``rate_req_s: …``) where the CLI names its flag (``--rate: …``).

    One row per latency (index ``metric``: ``ttft_s``, ``tpot_s``, ``e2e_s``, ``queue_delay_s``),
    columns ``mean``, ``p50``, ``p90``, ``p99`` in seconds. ``attrs["result"]`` is the whole
    document (throughput, goodput, batch, KV cache use …); ``deterministic`` reports ``wall_s`` as 0."""
    doc = _hippo.simulate(catalog.native(), None if scenario is None else _inputs.source(scenario),
                          _inputs.overrides(set), int(replicas), rate_req_s, load, requests, duration_s, concurrency,
                          None if trace is None else os.fspath(trace), bool(strict), bool(deterministic), progress)
    metrics = ["ttft_s", "tpot_s", "e2e_s", "queue_delay_s"]
    df = pd.DataFrame([{"metric": m, **doc[m]} for m in metrics]).set_index("metric")
    df.attrs["units"] = {c: "s" for c in df.columns}
    df.attrs["result"] = doc
    return df


def plan(scenario="default", set=None, requests=2000, tolerance=0.02, progress=None):
    """``hippo plan SCENARIO --set … --requests N --tolerance X --json``: one row per candidate
    deployment (index ``candidate``) with its capacity under the SLOs (``capacity_req_s``), its cost
    per million output tokens served alone and that fleet (``fleet_alone.*``). ``attrs["result"]``
    is the whole document, with the cheapest (possibly mixed) fleet under ``fleet``."""
    doc = _hippo.plan(catalog.native(), _inputs.source(scenario), _inputs.overrides(set), int(requests),
                      float(tolerance), progress)
    rows = [{k: v for k, v in c.items() if k != "per_bucket"} for c in doc["candidates"]]
    df = pd.json_normalize(rows)
    if len(df):
        df = df.set_index("candidate")
    currency = doc["currency"]
    units = _units.by_name(df.columns)
    units.update({c: currency + "/h" for c in df.columns if c.endswith("cost_per_hour")})
    units.update({c: "replicas" for c in df.columns if c.endswith(("owned", "rented_at_peak"))})
    units.update({"gpu": "", "tp": "GPUs", "weights": "", "kv": ""})
    df.attrs["units"] = {c: units.get(c, "") for c in df.columns}
    df.attrs["result"] = doc
    return df
