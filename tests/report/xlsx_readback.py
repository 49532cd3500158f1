"""results.xlsx of `hippo run` and `hippo compare` read back with openpyxl: the sheets, cells equal to
results.json, the number formats of money in the scenario's currency, and the same bytes from two runs.

Usage: xlsx_readback.py HIPPO_BIN WORK_DIR. Exits 77 (CTest's SKIP_RETURN_CODE) only when openpyxl
cannot be imported; any other failure is an assertion error (exit 1)."""
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

try:
    import openpyxl
except ImportError:
    print("SKIP: openpyxl is not installed (Debian: python3-openpyxl)")
    sys.exit(77)

HIPPO, WORK = sys.argv[1], Path(sys.argv[2])
# libxlsxwriter writes numbers with 16 significant digits ("%.16G"); JSON keeps the 17 a double may
# need. A number is exact when both agree to that.
REL = 1e-15


def same(cell, expected):
    assert isinstance(cell, (int, float)) and not isinstance(cell, bool), f"{cell!r} is not a number"
    assert abs(cell - expected) <= REL * abs(expected), (cell, expected)


def run(*args):
    p = subprocess.run([HIPPO, *args], capture_output=True, text=True, timeout=100)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def rows_by_label(sheet):
    return {r[0].value: r for r in sheet.iter_rows() if r[0].value is not None}


def check_run(name, money_format):
    out = WORK / name
    doc = run("run", name, "--json", "--quiet", "--out", str(out))
    wb = openpyxl.load_workbook(out / "results.xlsx")
    assert wb.sheetnames == ["Summary", "Inputs", "Monthly", "Yearly"], wb.sheetnames

    summary = rows_by_label(wb["Summary"])
    npv = summary["NPV"]
    same(npv[2].value, doc["npv"])
    assert npv[1].value == doc["currency"]
    assert npv[2].number_format == money_format, npv[2].number_format
    assert summary["Scenario"][2].value == doc["scenario"]
    assert summary["Horizon"][2].value == doc["horizon_months"]
    for label, key in (("Break-even", "breakeven_month"), ("Payback", "payback_month")):
        assert summary[label][2].value == (doc[key] if doc[key] is not None else "never"), label
    if doc["irr_annual"] is not None:
        same(summary["IRR (annual)"][2].value, doc["irr_annual"])
        assert summary["IRR (annual)"][2].number_format == "0.0%"
    same(summary["Serving cost per million tokens"][2].value, doc["cost_per_mtok"])
    assert summary["Peak GPUs"][2].value == doc["fleet"]["gpus_peak"]

    inputs = rows_by_label(wb["Inputs"])
    assert [c.value for c in wb["Inputs"][1]] == ["Key", "Value", "Unit", "Source"]
    assert len(inputs) == len(doc["assumptions"]) + 1  # the header row
    for a in doc["assumptions"]:
        row = inputs[a["key"]]
        if isinstance(a["value"], (int, float)):
            same(row[1].value, a["value"])
        elif a["value"] is not None:  # text ("" leaves the cell empty)
            assert (row[1].value or "") == a["value"], (a["key"], row[1].value)
        assert (row[3].value or "") == a["source"], a["key"]
    price = inputs["revenue.subscription_price_month"]
    assert price[2].value == doc["currency"] + "/month"

    monthly = wb["Monthly"]
    names = [c.value for c in monthly[1]]
    units = [c.value for c in monthly[2]]
    with open(out / "monthly.csv") as f:
        assert names == f.readline().strip().split(","), names  # the columns of monthly.csv
    assert set(names) == set(doc["monthly"][0]), set(names) ^ set(doc["monthly"][0])
    assert units[names.index("cumulative_cash")] == doc["currency"]
    assert units[names.index("gpus")] == "GPUs"
    assert monthly.max_row == 2 + doc["horizon_months"]
    for i in (0, len(doc["monthly"]) // 2, len(doc["monthly"]) - 1):
        m = doc["monthly"][i]
        row = monthly[3 + i]
        assert row[0].value == m["month"]
        for col in ("revenue", "cumulative_cash", "tokens", "gpus", "utilisation"):
            same(row[names.index(col)].value, m[col])
    assert monthly[3][names.index("cumulative_cash")].number_format == money_format
    assert monthly[3][names.index("utilisation")].number_format == "0.0%"

    yearly = wb["Yearly"]
    lines = rows_by_label(yearly)
    assert yearly["C1"].value == "Year 1" and yearly["C2"].value == "months 1–12"
    year1 = doc["monthly"][:12]
    same(lines["Revenue"][2].value, sum(m["revenue"] for m in year1))
    same(lines["Operating profit"][2].value, sum(m["operating_profit"] for m in year1))
    same(lines["Cumulative cash at year end"][2].value, year1[-1]["cumulative_cash"])
    assert lines["Revenue"][2].number_format == money_format
    years = (doc["horizon_months"] + 11) // 12
    assert yearly.max_column == 2 + years
    last = lines["Cumulative cash at year end"][1 + years].value
    same(last, doc["monthly"][-1]["cumulative_cash"])
    # The lines add up as the economics builds them.
    cash = lines["Cash flow"]
    profit, dep, capex = lines["Operating profit"], lines["  Depreciation and amortisation added back"], lines["  Capex net of resale"]
    for y in range(2, 2 + years):
        assert abs(cash[y].value - (profit[y].value + dep[y].value - capex[y].value)) <= 1e-6 * max(1, abs(cash[y].value))
    return doc


def check_compare(names, docs):
    out = WORK / "compare"
    run("compare", *names, "--json", "--out", str(out))
    wb = openpyxl.load_workbook(out / "results.xlsx")
    scenario_names = [d["scenario"] for d in docs]
    assert wb.sheetnames == ["Summary", "Comparison", "Inputs", *scenario_names], wb.sheetnames
    summary = rows_by_label(wb["Summary"])
    assert [c.value for c in wb["Summary"][1]] == ["Figure", "Unit", *scenario_names]
    for i, d in enumerate(docs):
        same(summary["NPV"][2 + i].value, d["npv"])
    comparison = wb["Comparison"]
    assert comparison["A1"].value == "Revenue" and comparison["A3"].value == "Year 1"
    for i, d in enumerate(docs):
        same(comparison.cell(3, 3 + i).value, sum(m["revenue"] for m in d["monthly"][:12]))
        sheet = wb[d["scenario"]]
        same(sheet.cell(2 + d["horizon_months"], 1 + [c.value for c in sheet[1]].index("cumulative_cash")).value,
             d["monthly"][-1]["cumulative_cash"])


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    default = check_run("default", '"$"#,##0')
    korea = check_run("korea", '"\u20a9"#,##0')  # KRW: the won sign, no decimals
    assert korea["currency"] == "KRW"
    check_compare(["default", "korea"], [default, korea])
    # Two runs of the same scenario write the same bytes (the workbook's creation time is fixed).
    run("run", "default", "--json", "--quiet", "--out", str(WORK / "again"))
    assert (WORK / "again" / "results.xlsx").read_bytes() == (WORK / "default" / "results.xlsx").read_bytes()
    # Runs a second apart would differ in docProps/core.xml but for the fixed time.
    core = zipfile.ZipFile(WORK / "default" / "results.xlsx").read("docProps/core.xml").decode()
    for stamp in ("created", "modified"):
        assert f'<dcterms:{stamp} xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:{stamp}>' in core, core
    print("ok: results.xlsx of run (default, korea) and compare read back")


main()
