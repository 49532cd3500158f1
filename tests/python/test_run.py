"""hippo.run: the same document as `hippo run --json`, its attributes, the report files, overrides
and every way of giving a scenario."""

import pytest

import hippo
from conftest import SHIPPED, SOURCE_DIR, cli, cli_json


def test_every_shipped_scenario_is_tested():
    assert SHIPPED and sorted(hippo.catalog.scenarios().index) == SHIPPED


@pytest.mark.parametrize("name", SHIPPED)
def test_to_dict_equals_cli_json(name, tmp_path):
    expected = cli_json("run", name, "--json", "--out", tmp_path)
    assert hippo.run(name).to_dict() == expected


def test_attributes_are_the_top_level_keys():
    r = hippo.run("default")
    d = r.to_dict()
    for key in ("breakeven_month", "payback_month", "npv", "irr_annual", "cost_per_mtok", "gross_margin", "fleet",
                "scenario", "currency", "horizon_months"):
        assert getattr(r, key) == d[key], key
    assert r.scenario == "default" and isinstance(r.npv, float) and isinstance(r.fleet, dict)
    assert isinstance(r.breakeven_month, (int, type(None)))
    with pytest.raises(AttributeError):
        r.no_such_key
    assert "npv" in dir(r) and "monthly" in dir(r)


def test_to_dict_is_a_copy():
    r = hippo.run("default")
    r.to_dict()["npv"] = 0
    assert r.to_dict()["npv"] == r.npv != 0


def test_write_gives_the_cli_files_byte_for_byte(tmp_path):
    cli_dir, py_dir = tmp_path / "cli", tmp_path / "py"
    status, _, err = cli("run", "default", "--quiet", "--out", cli_dir)
    assert status == 0, err
    paths = hippo.run("default").write(py_dir)
    assert sorted(p.split("/")[-1] for p in paths) == ["monthly.csv", "report.html", "results.json"]
    for name in ("results.json", "monthly.csv", "report.html"):
        assert (py_dir / name).read_bytes() == (cli_dir / name).read_bytes(), name


def test_a_path_yaml_text_and_a_dict_give_the_file_result(tmp_path):
    text = (SOURCE_DIR / "data" / "scenarios" / "default.yaml").read_text()
    path = tmp_path / "mine.yaml"
    path.write_text(text)
    expected = cli_json("run", path, "--json", "--out", tmp_path / "o")
    assert hippo.run(str(path)).to_dict() == expected
    assert hippo.run(path).to_dict() == expected  # os.PathLike
    from_text = hippo.run(text).to_dict()
    assert from_text["npv"] == expected["npv"] and from_text["monthly"] == expected["monthly"]


def test_a_dict_scenario():
    d = {"name": "tiny", "service": {"tp": 2, "weights": "fp8"}, "demand": {"users_start": 2e6, "paying_share": 0.05},
         "horizon_months": 24}
    r = hippo.run(d)
    assert r.scenario == "tiny" and r.horizon_months == 24 and len(r.monthly) == 24
    assert r.monthly["users"].iloc[0] == pytest.approx(2e6)


def test_overrides_change_the_result_as_the_same_value_in_the_file():
    base = hippo.run("default")
    more = hippo.run("default", set={"demand.paying_share": 0.08})
    assert more.monthly["revenue_subscriptions"].iloc[0] > base.monthly["revenue_subscriptions"].iloc[0]
    same_file = hippo.run({"service": {"tp": 2, "weights": "fp8"}, "demand": {"users_start": 1e6, "paying_share": 0.08}})
    assert same_file.monthly["paying_users"].iloc[0] == more.monthly["paying_users"].iloc[0] == 80_000
    assert hippo.run("default", set={}).to_dict() == base.to_dict()


def test_values_are_written_exactly():
    # A float goes over as its shortest round-trip text, so the override is the very same double.
    x = 0.1 + 0.2
    r = hippo.run("default", set={"demand.growth_monthly": x})
    rows = [a for a in r.to_dict()["assumptions"] if a["key"] == "demand.growth_monthly"]
    assert rows and rows[0]["value"] == x


def test_threads_run_side_by_side():
    # The GIL is released while C++ computes and nothing in it is shared but the read-only catalog.
    from concurrent.futures import ThreadPoolExecutor

    shares = [0.02, 0.03, 0.04, 0.05] * 3
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda x: hippo.run("default", set={"demand.paying_share": x}).npv, shares))
    assert together == [hippo.run("default", set={"demand.paying_share": x}).npv for x in shares]


def test_a_second_identical_run_reuses_the_capacity(tmp_path):
    # A deployment no other test of this process asks for, so the first run computes its capacity.
    set_ = {"service.max_batch": 200, "demand.paying_share": 0.037}
    before = hippo.capacity_cache_info()
    first = hippo.run("default", set=set_)
    between = hippo.capacity_cache_info()
    second = hippo.run("default", set=set_)
    after = hippo.capacity_cache_info()
    assert (between["misses"], between["hits"]) == (before["misses"] + 1, before["hits"])
    assert (after["misses"], after["hits"]) == (between["misses"], between["hits"] + 1)
    expected = cli_json("run", "default", "--set", "service.max_batch=200", "--set", "demand.paying_share=0.037",
                        "--json", "--out", tmp_path)
    assert first.to_dict() == second.to_dict() == expected
    # A money key leaves the capacity as it was: a hit, and the CLI's answer for that what-if.
    third = hippo.run("default", set={**set_, "fleet.gpu_price": 19250})
    assert hippo.capacity_cache_info()["hits"] == after["hits"] + 1
    assert third.to_dict() == cli_json("run", "default", "--set", "service.max_batch=200", "--set",
                                       "demand.paying_share=0.037", "--set", "fleet.gpu_price=19250", "--json",
                                       "--out", tmp_path / "3")
