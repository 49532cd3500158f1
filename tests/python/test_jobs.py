"""perf, simulate and plan, and set= against the CLI's --set: the same documents and the same messages."""
import re
import time

import pytest

import hippo
from conftest import cli_error, cli_json, sigint_after

PERF_CASES = [
    ({"model": "llama-3.1-70b", "gpu": "h100-sxm", "tp": 2, "weights": "fp8", "kv": "fp8", "batch": 32, "context": 2048},
     ["--model", "llama-3.1-70b", "--gpu", "h100-sxm", "--tp", "2", "--weights", "fp8", "--kv", "fp8", "--batch", "32",
      "--context", "2048"]),
    ({"model": "llama-3.1-8b", "gpu": "h100-sxm", "prefill": 4096},
     ["--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--prefill", "4096"]),
    ({"model": "llama-3.1-8b", "gpu": "h100-sxm", "weights": "fp8", "input": 1000, "output": 1000},
     ["--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--weights", "fp8", "--input", "1000", "--output", "1000"]),
]


@pytest.mark.parametrize("kwargs,flags", PERF_CASES, ids=["decode", "prefill", "peak"])
def test_perf_equals_the_cli(kwargs, flags):
    doc = cli_json("perf", *flags, "--json")
    df = hippo.perf(**kwargs)
    assert df.attrs["result"] == doc
    assert df.index.name == "operator" and list(df.columns) == ["per_layer_s", "step_s", "share"]
    assert list(df.index) == [*doc["breakdown_per_layer_s"], *doc["per_step_s"]]
    assert df.loc["attention", "per_layer_s"] == doc["breakdown_per_layer_s"]["attention"]
    assert df.loc["attention", "step_s"] == pytest.approx(doc["breakdown_per_layer_s"]["attention"] * doc["layers"])
    assert df.attrs["units"] == {"per_layer_s": "s", "step_s": "s", "share": "fraction"}


# The CLI writes an argument's name as its flag everywhere in a message; Python as the keyword.
KEYWORD_OF_FLAG = {"--rate": "rate_req_s", "--duration": "duration_s", "--load": "load", "--requests": "requests",
                   "--concurrency": "concurrency", "--trace": "trace", "--batch": "batch", "--weights": "weights",
                   "--input": "input", "--output": "output", "--tolerance": "tolerance"}


def as_keywords(message):
    return re.sub(r"--[a-z-]+", lambda m: KEYWORD_OF_FLAG.get(m.group(0), m.group(0)), message)


def test_perf_errors_are_the_cli_ones():
    # An argument: named by its keyword where the CLI names its flag (--input without --output: the
    # output is missing).
    cases = [({"batch": 0}, ["--batch", "0"], "batch"), ({"weights": "fp3"}, ["--weights", "fp3"], "weights"),
             ({"input": 100}, ["--input", "100"], "output")]
    for kwargs, flags, name in cases:
        expected = cli_error("perf", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", *flags)
        with pytest.raises(hippo.InputError) as e:
            hippo.perf("llama-3.1-8b", "h100-sxm", **kwargs)
        assert str(e.value) == as_keywords(expected) and e.value.key == name
    # The deployment: named by its scenario key, and so is the fix it suggests ("try --tp 4" on the CLI).
    for args, flags, key in ((("llama-3.1-8b", "h100-sx"), ["--model", "llama-3.1-8b", "--gpu", "h100-sx"], "gpu"),
                             (("llama-3.1-70b", "h100-sxm"), ["--model", "llama-3.1-70b", "--gpu", "h100-sxm"], "tp")):
        expected = cli_error("perf", *flags)
        with pytest.raises(hippo.InputError) as e:
            hippo.perf(*args)
        assert str(e.value) == expected.replace("--" + key, "service." + key, 1).replace(
            "try --tp 4, or --weights fp4", "try service.tp: 4, or service.weights: fp4")
        assert e.value.key == "service." + key


SIMULATE_CASES = [
    ({"scenario": "default", "replicas": 2, "rate_req_s": 3, "requests": 300, "set": {"service.max_batch": 64}},
     ["default", "--replicas", "2", "--rate", "3", "--requests", "300", "--set", "service.max_batch=64"]),
    ({"set": {"service.model": "llama-3.1-8b", "service.gpu": "h100-sxm"}, "load": 0.5, "requests": 200},
     ["--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--load", "0.5", "--requests", "200"]),
    ({"set": {"service.model": "llama-3.1-8b", "service.gpu": "h100-sxm"}, "concurrency": 4, "requests": 100},
     ["--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--concurrency", "4", "--requests", "100"]),
]


@pytest.mark.parametrize("kwargs,flags", SIMULATE_CASES, ids=["scenario", "load", "closed-loop"])
def test_simulate_equals_the_cli(kwargs, flags):
    doc = cli_json("simulate", *flags, "--json", "--deterministic")
    df = hippo.simulate(deterministic=True, **kwargs)
    assert df.attrs["result"] == doc
    assert df.index.name == "metric" and list(df.index) == ["ttft_s", "tpot_s", "e2e_s", "queue_delay_s"]
    assert list(df.columns) == ["mean", "p50", "p90", "p99"]
    assert df.loc["ttft_s", "p99"] == doc["ttft_s"]["p99"]
    assert df.attrs["units"] == {"mean": "s", "p50": "s", "p90": "s", "p99": "s"}
    assert doc["requests_completed"] == kwargs["requests"]


def test_simulate_errors_are_the_cli_ones():
    # A scenario key: the same message as --set's.
    expected = cli_error("simulate", "default", "--rate", "3", "--set", "service.max_batch=0")
    with pytest.raises(hippo.InputError) as e:
        hippo.simulate("default", rate_req_s=3, set={"service.max_batch": 0})
    assert str(e.value) == expected and e.value.key == "service.max_batch" and e.value.file == "--set"
    # An argument: named by its keyword where the CLI names its flag.
    for kwargs, flags, name in (({"rate_req_s": 3, "requests": 0}, ["--rate", "3", "--requests", "0"], "requests"),
                                ({"load": 2000}, ["--load", "2000"], "load"),
                                ({}, [], "rate_req_s")):
        expected = cli_error("simulate", "default", *flags)
        with pytest.raises(hippo.InputError) as e:
            hippo.simulate("default", **kwargs)
        assert str(e.value) == as_keywords(expected) and e.value.key == name


def test_plan_equals_the_cli(tmp_path):
    doc = cli_json("plan", "plan-single", "--json")
    df = hippo.plan("plan-single")
    assert df.attrs["result"] == doc
    assert list(df.index) == [c["candidate"] for c in doc["candidates"]]
    assert list(df["capacity_req_s"]) == [c["capacity_req_s"] for c in doc["candidates"]]
    assert df.attrs["units"]["capacity_req_s"] == "requests/s"
    assert df.attrs["units"]["cost_usd_per_mtok"] == "USD/Mtok"


def test_plan_argument_errors_name_the_keyword():
    for kwargs, flags, name in (({"requests": 5}, ["--requests", "5"], "requests"),
                                ({"tolerance": 2}, ["--tolerance", "2"], "tolerance")):
        expected = cli_error("plan", "plan-single", *flags)
        with pytest.raises(hippo.InputError) as e:
            hippo.plan("plan-single", **kwargs)
        assert str(e.value) == as_keywords(expected) and e.value.key == name


def test_plan_with_set_equals_the_cli():
    doc = cli_json("plan", "plan-single", "--set", "slo.ttft_p99_s=1.5", "--json")
    assert hippo.plan("plan-single", set={"slo.ttft_p99_s": 1.5}).attrs["result"] == doc


@pytest.mark.parametrize("name", ["default", "korea"])
def test_run_with_set_equals_the_cli(name, tmp_path):
    sets = {"demand.paying_share": 0.05, "fleet.gpu_price": 22000, "facility.mode": "build",
            "workload.input": "lognormal:mean=900,cv=1.1"}
    flags = [a for k, v in sets.items() for a in ("--set", f"{k}={v}")]
    doc = cli_json("run", name, *flags, "--json", "--out", tmp_path)
    assert hippo.run(name, set=sets).to_dict() == doc


def test_a_list_override_in_yaml_flow(tmp_path):
    doc = cli_json("run", "default", "--set", "fleet.candidates=[h100-sxm, h200-sxm]", "--json", "--out", tmp_path)
    assert hippo.run("default", set={"fleet.candidates": ["h100-sxm", "h200-sxm"]}).to_dict() == doc


def test_compare_with_set_equals_the_cli(tmp_path):
    doc = cli_json("compare", "default", "balanced", "--set", "demand.growth_monthly=0.05", "--json", "--out", tmp_path)
    assert hippo.compare("default", "balanced", set={"demand.growth_monthly": 0.05}).attrs["result"] == doc


SET_ERRORS = [
    ("unknown key", "demand.grwth_monthly", "0.1"),
    ("wrong type", "service.tp", "two"),
    ("out of range", "demand.paying_share", "2"),
    ("not a choice", "facility.mode", "rent"),
    ("bad distribution", "workload.input", "lognormal:mean=900"),
    ("unknown id", "service.gpu", "h100"),
]


@pytest.mark.parametrize("kind,key,value", SET_ERRORS, ids=[e[0] for e in SET_ERRORS])
def test_set_errors_are_the_cli_ones(kind, key, value):
    expected = cli_error("run", "default", "--set", f"{key}={value}")
    with pytest.raises(hippo.InputError) as e:
        hippo.run("default", set={key: value})
    assert str(e.value) == expected
    assert e.value.file == "--set"
    for job, args in (("compare", ("default", "balanced")), ("plan", ("plan-single",))):
        with pytest.raises(hippo.InputError) as e:
            getattr(hippo, job)(*args, set={key: value})
        assert str(e.value) == cli_error(job, *args, "--set", f"{key}={value}")


def test_sigint_stops_a_plan(python_sigint):
    # plan-mixed runs 139 simulations and the fleet programmes (seconds); each simulation and each
    # CBC node ends with a progress call, where Ctrl-C stops it
    timer, sent = sigint_after(0.5)
    with pytest.raises(KeyboardInterrupt):
        hippo.plan("plan-mixed")
    stopped = time.monotonic()
    timer.join()
    assert "at" in sent and stopped - sent["at"] < 1.5
