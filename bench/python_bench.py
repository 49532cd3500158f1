"""Python module timings for docs/benchmarks.md ("Python module").

    PYTHONPATH=build/python /usr/bin/python3 bench/python_bench.py

Prints the median time of hippo.run('default') and its parts, and a 10,000-point loop over set=.
"""
import statistics
import time

import hippo
from hippo import _hippo, _inputs


def median_s(f, repeat):
    """(median wall seconds, mean CPU seconds) of one call."""
    times = []
    cpu = time.process_time()
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times), (time.process_time() - cpu) / repeat


def main():
    hippo.run("default")  # load the catalog, warm the caches
    cat = hippo.catalog.native()
    src, none = _inputs.source("default"), []
    cache = hippo._capacity_cache()
    rows = [
        ("hippo.run('default')  (load, capacity from the cache, evaluate, results document; nothing converted)",
         median_s(lambda: hippo.run("default"), 200)),
        ("  of which the C++ call _hippo.run", median_s(lambda: _hippo.run(cat, src, none, None, cache), 200)),
        ("_hippo.run without the cache  (the capacity computed each time)",
         median_s(lambda: _hippo.run(cat, src, none, None), 50)),
        ("hippo.run('default').npv  (one key converted)", median_s(lambda: hippo.run("default").npv, 200)),
        ("hippo.run('default').to_dict()  (the whole document as dicts)",
         median_s(lambda: hippo.run("default").to_dict(), 200)),
        ("hippo.run('default').monthly  (the DataFrame)", median_s(lambda: hippo.run("default").monthly, 100)),
    ]
    for name, (wall, cpu) in rows:
        print(f"{wall * 1e3:8.3f} ms wall {cpu * 1e3:8.3f} ms CPU  {name}")

    n = 10_000
    t, cpu = time.perf_counter(), time.process_time()
    npv = [hippo.run("default", set={"demand.paying_share": 0.02 + 0.04 * i / n}).npv for i in range(n)]
    wall, cpu = time.perf_counter() - t, time.process_time() - cpu
    assert npv[0] < npv[-1]
    print(f"{n:,} points of hippo.run('default', set={{'demand.paying_share': x}}).npv: {wall:.2f} s wall, "
          f"{cpu:.2f} s CPU: {n / wall:,.0f} points/s ({n / cpu:,.0f} per CPU-second)")

    axis = [0.02 + 0.04 * i / n for i in range(n)]
    t, cpu = time.perf_counter(), time.process_time()
    df = hippo.sweep("default", {"demand.paying_share": axis})
    wall, cpu = time.perf_counter() - t, time.process_time() - cpu
    assert list(df["npv"]) == npv  # the same numbers as the loop
    print(f"hippo.sweep('default', {{'demand.paying_share': <{n:,} values>}}): {wall:.2f} s wall, {cpu:.2f} s CPU: "
          f"{n / wall:,.0f} points/s")


if __name__ == "__main__":
    main()
