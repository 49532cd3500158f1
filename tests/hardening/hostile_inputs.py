#!/usr/bin/env python3
"""Hostile inputs against every command (issue 21): extreme and malformed flags, scenarios and
traces, output paths that are not files, stdout that cannot be written.

Usage: hostile_inputs.py HIPPO_BINARY [--list]

Each case runs hippo in a fresh folder holding only the case's input files, and checks:
  - the exit status: the one the case expects (2 for bad input), never 1 (a bug) or a signal;
  - stderr: empty on success, else exactly one line starting with "hippo: ";
  - stdout with --json and exit 0: exactly one JSON document, with no NaN or Infinity;
  - stdout of any successful command: no "nan" or "inf" printed as a number;
  - files: a failed command leaves the folder as it was; a successful one adds only the outputs it
    names (hippo-out/, --out, --db), and nothing temporary anywhere.
Prints one line per failing case and a summary "N cases, F failed"; exits 1 when any failed.
"""
import json
import os
import re
import stat
import subprocess
import sys
import tempfile

HIPPO = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/hippo")
SIM = ["simulate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm"]
PERF = ["perf", "--model", "llama-3.1-8b", "--gpu", "h100-sxm"]
TRACE_OK = "arrival_s,input_tokens,output_tokens\n" + "".join(f"{i * 0.1:.1f},100,20\n" for i in range(50))
UNCERTAIN = "service: {tp: 4}\ndemand:\n  growth_monthly: {value: 0.08, dist: triangular, low: 0.04, high: 0.12}\n"

cases = []  # (name, args, files {name: text}, expected statuses, outputs allowed)


def case(name, args, files=None, expect=(2,), outputs=()):
    cases.append((name, args, files or {}, tuple(expect), tuple(outputs)))


# ---- Integer and number flags, as a class: every flag with every hostile spelling ----
INT_FLAGS = [
    (SIM + ["--rate", "5"], "--requests"), (SIM + ["--rate", "5"], "--replicas"), (SIM + ["--rate", "5"], "--tp"),
    (SIM + ["--rate", "5"], "--max-batch"), (SIM + ["--rate", "5"], "--token-budget"), (SIM + ["--rate", "5"], "--seed"),
    (PERF, "--batch"), (PERF, "--context"), (PERF, "--tp"), (PERF, "--prefill"),
    (["plan", "plan-single"], "--requests"),
    (["montecarlo", "default", "--quiet"], "--samples"), (["montecarlo", "default", "--quiet"], "--seed"),
]
BAD_INTS = ["0x10", "1.5", "\"5\"", "", "99999999999999999999", "-99999999999999999999", "1e400", "abc", "5abc",
            "nan", " 5", "+-3"]
for base, flag in INT_FLAGS:
    for v in BAD_INTS:
        case(f"{base[0]} {flag} {v!r}", base + [flag, v])
FLOAT_FLAGS = [(SIM + ["--requests", "10"], "--rate"), (SIM + ["--rate", "5", "--requests", "10", "--arrival", "gamma"], "--cv"),
               (SIM + ["--requests", "10"], "--load"), (SIM + ["--rate", "5"], "--duration"),
               (["plan", "plan-single"], "--rate"), (["plan", "plan-single"], "--tolerance"),
               (["sensitivity", "default", "--all-numeric", "--quiet"], "--percent")]
BAD_FLOATS = ["nan", "inf", "-inf", "0x1p3", "1e999", "\"2\"", "", "1,5", "--", "0"]
for base, flag in FLOAT_FLAGS:
    for v in BAD_FLOATS:
        case(f"{base[0]} {flag} {v!r}", base + [flag, v])

# ---- Extreme values that are numbers: refused or answered, never a crash or a NaN ----
for rate in ["1e20", "1e100", "1e9", "1e-300", "1e-9"]:
    case(f"plan --rate {rate}", ["plan", "plan-single", "--rate", rate, "--requests", "100", "--json"], expect=(0, 2))
for n in ["9223372036854775807", "1000000001", "0", "-5"]:
    case(f"montecarlo --samples {n}", ["montecarlo", "default", "--samples", n, "--db", "n.db", "--quiet"],
         outputs=("n.db", "hippo-out"))
for args in (["--rate", "5", "--requests", "1e10"], ["--rate", "1e-300", "--requests", "3"],
             ["--rate", "5", "--replicas", "100000000", "--requests", "10"], ["--rate", "5", "--duration", "1e300"],
             ["--load", "1e300", "--requests", "10"], ["--load", "1e-300", "--requests", "10"],
             ["--rate", "5", "--requests", "0"], ["--rate", "0"], ["--rate", "5", "--input", "0"],
             ["--rate", "5", "--input", "fixed:1e9"], ["--rate", "5", "--input", "lognormal:mean=1e300,cv=1"]):
    case("simulate " + " ".join(args), SIM + args + ["--json"])
for args in (["--batch", "0"], ["--batch", "100000000"], ["--context", "1000000000"], ["--tp", "3"],
             ["--weights", "fp4"], ["--kv", "int4"], ["--prefill", "0"]):
    case("perf " + " ".join(args), PERF + args + ["--json"], expect=(0, 2))
case("plan --tolerance 1e-300", ["plan", "plan-single", "--tolerance", "1e-300"])
case("sensitivity --percent 150", ["sensitivity", "default", "--percent", "150"])

# ---- Scenario files: syntax, duplicates, documents, types, ranges, currency ----
SCENARIOS = {
    "multi_doc": "name: a\n---\nname: b\n",
    "dup_top": "name: a\nname: b\n",
    "dup_nested": "demand:\n  growth_monthly: {value: 0.1, value: 0.5}\n",
    "dup_bucket": "workload:\n  buckets:\n    - {name: a, share: 1, input: 100, output: 10, share: 0.5}\n",
    "dup_training": "opex:\n  training:\n    - {name: t, cost: 1, cost: 2}\n",
    "quoted_number": "service:\n  tp: \"2\"\n",
    "quoted_rate": "demand:\n  peak_rate_req_s: '10'\n",
    "hex": "service:\n  tp: 0x2\n",
    "nan": "demand:\n  growth_monthly: .nan\n",
    "inf": "demand:\n  users_start: .inf\n",
    "huge": "demand:\n  users_start: 1e308\n",
    "negative": "fleet:\n  headroom: -1\n",
    "usd_fx": "currency: USD\nfx_per_usd: 1300\n",
    "krw_no_fx": "currency: KRW\n",
    "bad_currency": "currency: dollars\n",
    "bucket_no_input": "workload:\n  buckets:\n    - {name: a, share: 1, output: 10}\n",
    "bucket_no_output": "workload:\n  buckets:\n    - {name: a, share: 1, input: 10}\n",
    "bucket_shares": "workload:\n  buckets:\n    - {name: a, share: 0.5, input: 10, output: 10}\n",
    "list_as_section": "service: [a, b]\n",
    "scalar_root": "just text\n",
    "list_root": "- a\n- b\n",
    "empty": "",
    "comment_only": "# nothing\n",
    "nul_value": "service:\n  model: \"llama\\0x\"\n",
    "newline_value": "service:\n  model: \"llama\\nx\"\n",
    "tab_key": "service:\n  \"mo\\tdel\": x\n",
    "unknown_key": "servce: {}\n",
    "deep": "service:\n  model: " + "[" * 200 + "]" * 200 + "\n",
    "anchor_bomb": "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b]\n",
    "training_late": "horizon_months: 12\nopex:\n  training:\n    - {name: t, cost: 1, month: 13}\n",
    "tp_heads": "service:\n  tp: 3\n",
    "dist_bad": "workload:\n  input: normal:5\n",
    "trace_missing": "workload:\n  input: trace:nosuch.csv\n",
    "trace_folder": "workload:\n  trace: /etc\n",
    "trace_device": "workload:\n  input: trace:/dev/zero\n",
    "trace_and_lengths": "workload:\n  trace: ok.csv\n  input: fixed:5\n",
    "horizon_zero": "horizon_months: 0\n",
    "seed_negative": "seed: -1\n",
    "seed_float": "seed: 1.5\n",
    "bom": "\ufeffname: bom\n",
    "crlf": "name: crlf\r\nservice:\r\n  tp: 1\r\n",
}
for cmd in (["validate"], ["run", "--json"], ["plan", "--json", "--requests", "100"]):
    for name, text in SCENARIOS.items():
        files = {"s.yaml": text, "ok.csv": TRACE_OK}
        args = [cmd[0], "s.yaml"] + cmd[1:]
        expect = (0, 2) if name in ("bom", "crlf") else (2,)
        case(f"{cmd[0]} scenario {name}", args, files, expect=expect, outputs=("hippo-out",))
for name in ("multi_doc", "dup_nested", "usd_fx", "bucket_no_input", "nul_value"):
    for cmd in (["sensitivity", "s.yaml", "--all-numeric", "--quiet"], ["montecarlo", "s.yaml", "--samples", "5", "--quiet"],
                ["sweep", "s.yaml", "--set", "demand.growth_monthly=0.05,0.1"], SIM + ["s.yaml", "--rate", "5"],
                ["compare", "s.yaml", "default"]):
        case(f"{cmd[0]} scenario {name}", cmd, {"s.yaml": SCENARIOS[name]})

# ---- Traces ----
TRACES = {
    "header": "time,a,b\n0,1,1\n", "row": "arrival_s,input_tokens,output_tokens\n0,1.5,2\n",
    "order": "arrival_s,input_tokens,output_tokens\n1,1,1\n0,1,1\n", "empty": "arrival_s,input_tokens,output_tokens\n",
    "far": "arrival_s,input_tokens,output_tokens\n1e12,1,1\n", "negative": "arrival_s,input_tokens,output_tokens\n-1,1,1\n",
    "zero_tokens": "arrival_s,input_tokens,output_tokens\n0,0,1\n", "hex": "arrival_s,input_tokens,output_tokens\n0,0x10,1\n",
    "nan": "arrival_s,input_tokens,output_tokens\nnan,1,1\n", "long_line": "arrival_s,input_tokens,output_tokens\n" + "9" * 5000 + "\n",
    "nul": "arrival_s,input_tokens,output_tokens\n0,1\0,1\n", "columns": "arrival_s,input_tokens,output_tokens\n0,1,1,1\n",
    "huge_tokens": "arrival_s,input_tokens,output_tokens\n0,1000000000,1\n",
}
for name, text in TRACES.items():
    case(f"simulate --trace {name}", SIM + ["--trace", "t.csv", "--json"], {"t.csv": text})
    case(f"simulate --input trace:{name}", SIM + ["--rate", "5", "--input", "trace:t.csv", "--json"], {"t.csv": text})
    case(f"run trace:{name}", ["run", "s.yaml", "--json"], {"t.csv": text, "s.yaml": "service: {tp: 4}\nworkload:\n  input: trace:t.csv\n"})
for path in ("/etc", "/dev/zero", "/dev/null", "nosuch.csv", "."):
    case(f"simulate --trace {path}", SIM + ["--trace", path, "--json"])
case("simulate trace ok", SIM + ["--trace", "t.csv", "--json"], {"t.csv": TRACE_OK}, expect=(0,))
case("run workload.trace ok", ["run", "s.yaml", "--json"], {"t.csv": TRACE_OK, "s.yaml": "service: {tp: 4}\nworkload:\n  trace: t.csv\n"},
     expect=(0,), outputs=("hippo-out",))

# ---- Output paths: not a regular file, or an input ----
for target in ("/dev/null", "/etc", "fifo", "link.db", "s.yaml", "dir"):
    for cmd in (["montecarlo", "s.yaml", "--samples", "5", "--quiet", "--db", target],
                ["sensitivity", "s.yaml", "--quiet", "--db", target],
                ["sweep", "s.yaml", "--set", "demand.growth_monthly=0.05,0.1", "--db", target]):
        case(f"{cmd[0]} --db {target}", cmd, {"s.yaml": UNCERTAIN, "real.db": "x"})
for target in ("s.yaml", "/dev/null", "fifo", "file.txt", "/etc/passwd"):
    case(f"run --out {target}", ["run", "s.yaml", "--out", target, "--quiet"], {"s.yaml": UNCERTAIN, "file.txt": "x"})
    case(f"compare --out {target}", ["compare", "s.yaml", "default", "--out", target], {"s.yaml": UNCERTAIN, "file.txt": "x"})
case("run --out own folder", ["run", "results.json", "--out", ".", "--quiet"], {"results.json": UNCERTAIN})

# ---- Unknown names, odd arguments ----
for args in (["simulat"], ["run", "defualt"], ["run", "no/such.yaml"], ["perf", "--model", "x\ny", "--gpu", "h100-sxm"],
             ["catalog", "gpu"], ["run", "--quite"], ["perf", "--model"], ["compare", "default"],
             ["validate", "a\nb.yaml"], ["validate", "/dev/zero"], ["validate", "/etc"], ["run", ""],
             ["sweep", "default", "--set", "nosuch=1,2"], ["sweep", "default", "--set", "demand.growth_monthly="],
             ["sweep", "default", "--set", "demand.growth_monthly=1e400"], SIM + ["--rate", "5", "--router", "x\0y"]):
    case("args " + " ".join(a.encode("unicode_escape").decode() for a in args), args)

# ---- Successful commands, for the output checks (JSON, no NaN, no stray files) ----
for args, outputs in ((["catalog", "gpus", "--json"], ()), (["catalog", "models"], ()), (["validate", "default"], ()),
                      (PERF + ["--batch", "8", "--context", "512", "--json"], ()),
                      (SIM + ["--rate", "5", "--requests", "50", "--json"], ()),
                      (["plan", "plan-single", "--requests", "100", "--json"], ()),
                      (["run", "default", "--json", "--out", "o"], ("o",)),
                      (["run", "s.yaml", "--json"], ("hippo-out",)),
                      (["compare", "default", "korea", "--json", "--out", "c"], ("c",)),
                      (["sensitivity", "default", "--json", "--out", "o", "--db", "s.db"], ("o", "s.db")),
                      (["montecarlo", "default", "--samples", "20", "--json", "--out", "o", "--db", "m.db"], ("o", "m.db")),
                      (["sweep", "default", "--set", "demand.growth_monthly=0.05,0.1", "--json", "--db", "w.db"], ("w.db",))):
    case("ok " + " ".join(args[:3]), args, {"s.yaml": "service: {tp: 4}\nopex:\n  training:\n    - {name: t, cost: 2.0e+9, month: 60}\n"},
         expect=(0,), outputs=outputs)

# How C++ prints a non-finite number ("nan", "-inf", "$nan"); JSON's NaN and Infinity are caught by the
# parser. Case-sensitive: catalog sources mention AMD's "Infinity Fabric".
NUMBER_WORD = re.compile(r"(?<![A-Za-z])-?(nan|inf)(?![A-Za-z])")


def reject_constant(name):
    raise ValueError(f"{name} in JSON")


def snapshot(root):
    out = set()
    for d, dirs, files in os.walk(root):
        for n in dirs + files:
            out.add(os.path.relpath(os.path.join(d, n), root))
    return out


def run_case(name, args, files, expect, outputs):
    problems = []
    with tempfile.TemporaryDirectory(prefix="hippo-hostile-") as tmp:
        for fname, text in files.items():
            with open(os.path.join(tmp, fname), "w", encoding="utf-8", newline="") as f:
                f.write(text)
        os.mkfifo(os.path.join(tmp, "fifo"))
        os.mkdir(os.path.join(tmp, "dir"))
        if "real.db" in files:
            os.symlink("real.db", os.path.join(tmp, "link.db"))
        before = snapshot(tmp)
        try:
            p = subprocess.run([HIPPO] + [a.replace("\0", "") for a in args], cwd=tmp, capture_output=True, timeout=300,
                               stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return ["timed out after 300 s"]
        out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
        if p.returncode not in expect:
            problems.append(f"exit {p.returncode}, expected {'/'.join(map(str, expect))}: {err.strip()[:200]}")
        if p.returncode == 0:
            if err:
                problems.append(f"stderr on success: {err[:200]!r}")
            if "--json" in args:
                try:
                    json.loads(out, parse_constant=reject_constant)
                except ValueError as e:
                    problems.append(f"stdout is not one JSON document: {e}")
            m = NUMBER_WORD.search(out)
            if m:
                problems.append(f"prints {m.group(0)!r}")
        else:
            if not err.startswith("hippo: ") or not err.endswith("\n") or err.count("\n") != 1:
                problems.append(f"stderr is not one 'hippo: ' line: {err[:300]!r}")
        after = snapshot(tmp)
        added = {f for f in after - before if not any(f == o or f.startswith(o + "/") for o in outputs)}
        if p.returncode != 0:
            added = after - before
        if added:
            problems.append(f"left behind: {sorted(added)[:5]}")
        if any(".tmp" in f or "hippo-tmp" in f for f in after):
            problems.append("a temporary file is left")
        for fname, text in files.items():
            with open(os.path.join(tmp, fname), encoding="utf-8", newline="") as f:
                if f.read() != text:
                    problems.append(f"input {fname} was changed")
        if not stat.S_ISFIFO(os.lstat(os.path.join(tmp, "fifo")).st_mode):
            problems.append("the FIFO was replaced")
    return problems


def main():
    if "--list" in sys.argv:
        for c in cases:
            print(c[0])
        return 0
    failed = 0
    # stdout that cannot be written, for every command that prints: exit 1 with one line.
    full = [["catalog", "gpus"], ["validate", "default"], PERF + ["--batch", "8", "--context", "512"],
            SIM + ["--rate", "5", "--requests", "20"], ["run", "default", "--quiet", "--json", "--out", "/tmp/hippo-hostile-full"],
            ["plan", "plan-single", "--requests", "100"], ["montecarlo", "default", "--samples", "5", "--out", "/tmp/hippo-hostile-full"],
            ["sweep", "default", "--set", "demand.growth_monthly=0.05,0.1"]]
    total = len(cases) + len(full)
    for name, args, files, expect, outputs in cases:
        problems = run_case(name, args, files, expect, outputs)
        if problems:
            failed += 1
            print(f"FAIL {name}: " + "; ".join(problems))
    for args in full:
        with open("/dev/full", "w") as dev_full:
            p = subprocess.run([HIPPO] + args, stdout=dev_full, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=300)
        err = p.stderr.decode()
        if p.returncode != 1 or err not in ("hippo: stdout: cannot write the output (No space left on device)\n",
                                            "hippo: stdout: cannot write the output\n"):
            failed += 1
            print(f"FAIL > /dev/full {' '.join(args[:2])}: exit {p.returncode}, {err!r}")
    print(f"{total} cases, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
