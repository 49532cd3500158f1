"""Python module timings for docs/benchmarks.md ("Python module").

    PYTHONPATH=build/python /usr/bin/python3 bench/python_bench.py

Prints the median time of hippo.run('default') and its parts, and a 10,000-point loop over set=.
"""
import statistics
import time

import hippo
from hippo import _hippo, _inputs


def median_s(f, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    hippo.run("default")  # load the catalog, warm the caches
    cat = hippo.catalog.native()
    src, none = _inputs.source("default"), []
    rows = [
        ("hippo.run('default')  (load, capacity, evaluate, results document; nothing converted)",
         median_s(lambda: hippo.run("default"), 200)),
        ("  of which the C++ call _hippo.run", median_s(lambda: _hippo.run(cat, src, none, None), 200)),
        ("hippo.run('default').npv  (one key converted)", median_s(lambda: hippo.run("default").npv, 200)),
        ("hippo.run('default').to_dict()  (the whole document as dicts)",
         median_s(lambda: hippo.run("default").to_dict(), 200)),
        ("hippo.run('default').monthly  (the DataFrame)", median_s(lambda: hippo.run("default").monthly, 100)),
    ]
    for name, s in rows:
        print(f"{s * 1e3:8.3f} ms  {name}")

    n = 10_000
    t = time.perf_counter()
    npv = [hippo.run("default", set={"demand.paying_share": 0.02 + 0.04 * i / n}).npv for i in range(n)]
    wall = time.perf_counter() - t
    assert npv[0] < npv[-1]
    print(f"{n:,} points of hippo.run('default', set={{'demand.paying_share': x}}).npv: {wall:.2f} s, "
          f"{n / wall:,.0f} points/s")


if __name__ == "__main__":
    main()
