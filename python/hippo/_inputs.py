"""Scenarios and overrides as the C++ side takes them."""
import json
import numbers
import os
from collections.abc import Mapping


def source(scenario):
    """(text, is_yaml, file) for a shipped name, a path (str or os.PathLike), YAML text or a dict.

    A str is YAML text when it has a newline or a ``key: value`` colon and names no file."""
    if isinstance(scenario, Mapping):
        # JSON is YAML: the C++ loader checks a dict exactly as it checks a file.
        return (json.dumps(scenario, indent=1, ensure_ascii=False, default=_plain), True, "<dict>")
    if isinstance(scenario, os.PathLike):
        return (os.fspath(scenario), False, "")
    if isinstance(scenario, str):
        if ("\n" in scenario or ": " in scenario or scenario.lstrip().startswith("{")) and not os.path.exists(scenario):
            return (scenario, True, "<text>")
        return (scenario, False, "")
    raise TypeError(f"a scenario is a shipped name, a path, YAML text or a dict, not {type(scenario).__name__}")


def overrides(set):
    """[(key, value text)] for ``set={key: value}``; each value written as a scenario file writes it."""
    if set is None:
        return []
    if not isinstance(set, Mapping):
        raise TypeError(f"set= takes a dict of scenario keys to values, not {type(set).__name__}")
    return [(str(k), value_text(v)) for k, v in set.items()]


def value_text(v):
    """The YAML text of one value: numbers exactly (shortest round trip), lists in flow style."""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, numbers.Integral):
        return str(int(v))
    if isinstance(v, numbers.Real):
        return repr(float(v))
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(value_text(x) for x in v) + "]"
    if isinstance(v, Mapping):
        return json.dumps(v, ensure_ascii=False, default=_plain)
    if v is None:
        return "null"
    raise TypeError(f"cannot write {type(v).__name__} as a scenario value")


def _plain(v):
    # numpy numbers and the like, in a dict scenario
    if isinstance(v, numbers.Integral):
        return int(v)
    if isinstance(v, numbers.Real):
        return float(v)
    raise TypeError(f"cannot write {type(v).__name__} into a scenario")
