"""The DataFrames: their columns, units and numbers against the CLI's JSON and CSV."""
import csv
import io

import pytest

import hippo
from conftest import cli, cli_json

MONEY = {"capex", "depreciation", "power", "facility", "staff", "other_opex", "revenue", "operating_profit",
         "cash_flow", "cumulative_cash", "revenue_subscriptions", "rental", "tax"}


def test_monthly_columns_are_those_of_monthly_csv(tmp_path):
    status, _, err = cli("run", "default", "--quiet", "--out", tmp_path)
    assert status == 0, err
    rows = list(csv.reader(io.StringIO((tmp_path / "monthly.csv").read_text())))
    df = hippo.run("default").monthly
    assert df.index.name == "month" and rows[0][0] == "month"
    assert list(df.columns) == rows[0][1:]
    assert list(df.index) == [int(r[0]) for r in rows[1:]]
    for i, r in enumerate(rows[1:]):
        assert [float(v) for v in r[1:]] == list(df.iloc[i]), f"month {i + 1}"


def test_monthly_equals_the_json_rows():
    r = hippo.run("korea")
    assert r.monthly.reset_index().to_dict("records") == r.to_dict()["monthly"]


def test_monthly_units():
    r = hippo.run("korea")  # a scenario in KRW: money columns are in its currency
    units = r.monthly.attrs["units"]
    assert r.currency == "KRW"
    assert set(units) == {"month", *r.monthly.columns}
    assert all(units[c] for c in units), [c for c in units if not units[c]]
    assert all(units[c] == "KRW" for c in MONEY)
    assert units["month"] == "month" and units["tokens"] == "tokens" and units["gpus"] == "GPUs"
    assert units["users"] == "users" and units["utilisation"] == "fraction"


def test_monthly_is_a_copy():
    r = hippo.run("default")
    r.monthly["users"] = 0
    assert r.monthly["users"].iloc[0] > 0


@pytest.mark.parametrize("kind,index", [("gpus", "id"), ("models", "id"), ("engines", "id"),
                                        ("scenarios", "name"), ("keys", "key")])
def test_catalog_frames_equal_the_cli(kind, index):
    doc = cli_json("catalog", kind, "--json")
    df = getattr(hippo.catalog, kind)()
    assert df.index.name == index
    assert df.reset_index().to_dict("records") == doc[kind]
    assert list(df.reset_index().columns) == list(doc[kind][0].keys())


def test_catalog_units_from_the_names():
    units = hippo.catalog.gpus().attrs["units"]
    assert units["bf16_tflops"] == "TFLOP/s" and units["hbm_gb"] == "GB" and units["hbm_tb_s"] == "TB/s"
    assert units["tdp_w"] == "W" and units["price_usd"] == "USD"
    assert units["rental_usd_per_gpu_hour"] == "USD/GPU-hour" and units["name"] == ""
    assert hippo.catalog.engines().attrs["units"]["step_overhead_s"] == "s"
    keys = hippo.catalog.keys()
    assert keys.loc["demand.growth_monthly", "type"] == "number"


def test_compare_frame_and_result(tmp_path):
    names = ["default", "capex-race", "efficiency-first"]
    doc = cli_json("compare", *names, "--json", "--out", tmp_path / "cli")
    df = hippo.compare(*names, out_dir=tmp_path / "py")
    assert df.attrs["result"] == doc
    assert list(df.index) == [s["scenario"] for s in doc["scenarios"]]
    assert df.loc["capex-race", "npv"] == doc["scenarios"][1]["npv"]
    assert df.loc["default", "fleet.gpus_peak"] == doc["scenarios"][0]["fleet"]["gpus_peak"]
    units = df.attrs["units"]
    assert units["npv"] == "USD" and units["cost_per_mtok"] == "USD/Mtok" and units["fleet.gpus_peak"] == "GPUs"
    assert all(u is not None for u in units.values()), units
    assert [r.scenario for r in df.attrs["runs"]] == names
    import copy
    assert copy.deepcopy(df).attrs["runs"][0].npv == df.attrs["runs"][0].npv  # attrs survive a deep copy
    for f in ("compare.json", "report.html"):
        assert (tmp_path / "py" / f).read_bytes() == (tmp_path / "cli" / f).read_bytes()


def test_montecarlo_equals_the_cli(tmp_path):
    doc = cli_json("montecarlo", "default", "--samples", "300", "--seed", "7", "--json", "--out", tmp_path)
    df = hippo.montecarlo("default", samples=300, seed=7)
    assert df.attrs["result"] == doc
    assert list(df.index) == list(range(1, len(doc["cumulative_cash"]) + 1))
    assert list(df["cumulative_cash_p50"]) == [q["p50"] for q in doc["cumulative_cash"]]
    assert list(df["breakeven_probability"]) == doc["breakeven_probability_by_month"]
    assert df.attrs["units"]["cumulative_cash_p50"] == "USD"
    assert df.attrs["units"]["breakeven_probability"] == "probability"


def test_sweep_equals_the_cli():
    doc = cli_json("sweep", "default", "--set", "demand.paying_share=0.02,0.035,0.05", "--set",
                   "fleet.gpu_price=20000,30000", "--json")
    df = hippo.sweep("default", {"demand.paying_share": [0.02, 0.035, 0.05], "fleet.gpu_price": [20000, 30000]})
    assert df.attrs["result"] == doc
    assert len(df) == 6 and list(df.columns[:2]) == ["demand.paying_share", "fleet.gpu_price"]
    assert list(df["fleet.gpu_price"]) == [20000, 30000] * 3  # the last key varies fastest
    assert list(df["npv"]) == [p["npv"] for p in doc["points"]]
    units = df.attrs["units"]
    assert units["fleet.gpu_price"] == "USD" and units["demand.paying_share"] == "fraction" and units["npv"] == "USD"
    assert units["breakeven_month"] == "month" and units["gpus_peak"] == "GPUs"


def test_sweep_point_equals_run_with_set():
    df = hippo.sweep("default", {"demand.paying_share": [0.03]}, set={"fleet.gpu_price": 22000})
    r = hippo.run("default", set={"demand.paying_share": 0.03, "fleet.gpu_price": 22000})
    assert df["npv"][0] == r.npv and df["breakeven_month"][0] == r.breakeven_month


def test_sensitivity_equals_the_cli(tmp_path):
    doc = cli_json("sensitivity", "default", "--json", "--out", tmp_path)
    df = hippo.sensitivity("default")
    assert df.attrs["result"] == doc
    assert list(df.index) == [t["key"] for t in doc["tornado"]]
    assert list(df["npv_swing"]) == sorted(df["npv_swing"], reverse=True)
    assert df.loc["fleet.gpu_price", "unit"] == "USD" and df.attrs["units"]["npv_swing"] == "USD"
    doc = cli_json("sensitivity", "balanced", "--all-numeric", "--percent", "5", "--json", "--out", tmp_path / "all")
    df = hippo.sensitivity("balanced", all_numeric=True, percent=5)
    assert df.attrs["result"] == doc and len(df) > 20
