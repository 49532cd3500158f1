"""What hippo knows, as DataFrames: ``hippo.catalog.gpus()``, ``.models()``, ``.engines()``,
``.scenarios()``, ``.keys()`` — the lists of ``hippo catalog KIND --json``, one row each, indexed by
id (keys: by the dotted key). ``df.attrs["units"]`` gives each column's unit."""
import functools

import pandas as pd

from . import _hippo, _units


@functools.lru_cache(maxsize=1)
def native():
    """The built-in catalog, loaded once per process (it is read-only)."""
    return _hippo.Catalog()


def _frame(kind, index):
    doc = native().json(kind)
    rows = doc[kind]
    df = pd.DataFrame(rows, columns=list(rows[0].keys()) if rows else None).set_index(index)
    df.attrs["units"] = _units.by_name(df.columns)
    if kind == "keys":
        df.attrs["units"] = {c: "" for c in df.columns}  # each key's own unit is in the `unit` column
    return df


def gpus():
    """GPUs: peak TFLOP/s per data type, HBM GB and TB/s, link GB/s, TDP and idle W, price USD,
    rental USD per GPU-hour, sources."""
    return _frame("gpus", "id")


def models():
    """Models: layers, hidden size, heads, KV heads, FFN, vocabulary, experts, parameters, KV
    bytes per token in bf16, sources."""
    return _frame("models", "id")


def engines():
    """Engine profiles: efficiency curves, overheads in seconds, usable HBM fraction, sources;
    ``default`` marks the catalog's default."""
    return _frame("engines", "id")


def scenarios():
    """The shipped scenarios: name and description."""
    return _frame("scenarios", "name")


def keys():
    """Every scenario key: type, unit, default, description (docs/scenario.md)."""
    return _frame("keys", "key")
