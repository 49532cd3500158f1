"""Bad input raises hippo.InputError (a ValueError) whose text is the CLI's one-line message, with
the file, line and key apart."""
import re

import pytest

import hippo
from conftest import BAD, cli_error


def parts(message):
    """(file, line, key) as the message names them: 'file:line: key: expected …'."""
    m = re.match(r"^(?:(?P<file>[^:]+?)(?::(?P<line>\d+))?: )?(?:(?P<key>[a-z_][a-z0-9_.\[\]]*): )?", message)
    return m["file"], int(m["line"]) if m["line"] else None, m["key"]


def test_input_error_is_a_value_error():
    assert issubclass(hippo.InputError, ValueError)


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_files_raise_the_cli_message(path):
    expected = cli_error("run", path, "--json")
    with pytest.raises(hippo.InputError) as e:
        hippo.run(str(path))
    assert str(e.value) == expected
    assert e.value.file == str(path)
    assert isinstance(e.value.line, int) and e.value.line > 0
    assert (e.value.file, e.value.line) == parts(expected)[:2]
    assert expected.endswith(e.value.expected)


def test_each_error_kind_is_among_the_bad_files():
    # unknown key (with "did you mean"), wrong type, out of range, malformed YAML, unknown id
    messages = {p.stem: cli_error("run", p) for p in BAD}
    assert "did you mean" in messages["unknown_key"]
    assert "expected" in messages["wrong_type"] and "service.tp" in messages["wrong_type"]
    assert "expected a value in" in messages["negative"]
    assert messages["syntax"].startswith(str([p for p in BAD if p.stem == "syntax"][0]) + ":")
    assert "h200" in messages["unknown_gpu"] or "gpu" in messages["unknown_gpu"]


def test_unknown_scenario_name():
    expected = cli_error("run", "no-such-scenario", "--json")
    with pytest.raises(hippo.InputError) as e:
        hippo.run("no-such-scenario")
    assert str(e.value) == expected


def test_missing_file():
    expected = cli_error("run", "/no/such/file.yaml")
    with pytest.raises(hippo.InputError) as e:
        hippo.run("/no/such/file.yaml")
    assert str(e.value) == expected and e.value.file == "/no/such/file.yaml" and e.value.line is None


def test_yaml_text_errors_name_text_and_line():
    with pytest.raises(hippo.InputError) as e:
        hippo.run("name: t\ndemand:\n  growth_monthly: fast\n")
    assert (e.value.file, e.value.line, e.value.key) == ("<text>", 3, "demand.growth_monthly")
    assert str(e.value).startswith("<text>:3: demand.growth_monthly: expected a number")


def test_malformed_yaml_text():
    with pytest.raises(hippo.InputError) as e:
        hippo.run("name: t\ndemand: [1, 2\n")
    assert e.value.file == "<text>" and e.value.line is not None


def test_dict_errors_name_the_key():
    with pytest.raises(hippo.InputError) as e:
        hippo.run({"demand": {"paying_shar": 0.1}})
    assert e.value.file == "<dict>" and e.value.key == "demand.paying_shar"
    assert str(e.value) == "<dict>:3: demand.paying_shar: unknown key (did you mean 'paying_share'?)"


def test_overrides_errors():
    # unknown key, wrong type, out of range: named as --set, as the CLI names its --set flags
    with pytest.raises(hippo.InputError) as e:
        hippo.run("default", set={"demand.grwth_monthly": 0.1})
    assert e.value.file == "--set" and "did you mean 'demand.growth_monthly'" in str(e.value)
    with pytest.raises(hippo.InputError) as e:
        hippo.run("default", set={"service.tp": "two"})
    assert (e.value.file, e.value.key) == ("--set", "service.tp")
    with pytest.raises(hippo.InputError) as e:
        hippo.run("default", set={"demand.paying_share": 2})
    assert (e.value.file, e.value.key) == ("--set", "demand.paying_share") and "expected a value in" in str(e.value)


def test_a_type_error_for_what_is_no_scenario():
    with pytest.raises(TypeError):
        hippo.run(42)
    with pytest.raises(TypeError):
        hippo.run("default", set=[("a", 1)])


def test_sweep_and_montecarlo_errors_are_the_cli_ones():
    # The sweep's axes are the CLI's --set flags and Python's `axes` argument.
    # An unknown axis is named by the flag (CLI) or the argument (Python), with a suggestion.
    expected = cli_error("sweep", "default", "--set", "demand.paying_shar=0.1,0.2")
    assert expected == "--set: unknown scenario key 'demand.paying_shar' (did you mean 'demand.paying_share'?)"
    with pytest.raises(hippo.InputError) as e:
        hippo.sweep("default", {"demand.paying_shar": [0.1, 0.2]})
    assert str(e.value) == "axes: " + expected[len("--set: "):] and e.value.key == "axes"
    # A value out of range is named by its axis's key as well.
    expected = cli_error("sweep", "default", "--set", "demand.paying_share=0.1,7")
    assert expected.startswith("--set demand.paying_share: expected a value in")
    with pytest.raises(hippo.InputError) as e:
        hippo.sweep("default", {"demand.paying_share": [0.1, 7]})
    assert str(e.value) == "axes: " + expected[len("--set "):]
    assert (e.value.file, e.value.key) == ("axes", "demand.paying_share")
    # An argument's error names the keyword where the CLI names its flag; the rest is the same.
    expected = cli_error("montecarlo", "default", "--samples", "0")
    assert expected == "--samples: expected a positive number of samples, got 0"
    with pytest.raises(hippo.InputError) as e:
        hippo.montecarlo("default", samples=0)
    assert str(e.value) == "samples: expected a positive number of samples, got 0" and e.value.key == "samples"


def test_sensitivity_errors_are_the_cli_ones():
    expected = cli_error("sensitivity", "default", "--all-numeric", "--percent", "0")
    with pytest.raises(hippo.InputError) as e:
        hippo.sensitivity("default", all_numeric=True, percent=0)
    assert str(e.value) == expected.replace("--percent", "percent", 1) and e.value.key == "percent"
    expected = cli_error("sensitivity", "plan-single")  # a scenario without uncertain inputs
    assert expected.endswith(", or use --all-numeric")
    with pytest.raises(hippo.InputError) as e:
        hippo.sensitivity("plan-single")
    assert str(e.value) == expected.replace("--all-numeric", "all_numeric")  # the keyword where the CLI has its flag
