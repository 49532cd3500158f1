"""docs/python.md's code runs as written: every ```python block, in order, in a fresh folder."""
import contextlib
import io
import re

from conftest import SOURCE_DIR

DOC = SOURCE_DIR / "docs" / "python.md"


def blocks():
    return re.findall(r"^```python\n(.*?)^```", DOC.read_text(), flags=re.S | re.M)


def test_the_page_has_code():
    assert len(blocks()) >= 3


def test_every_block_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    for i, code in enumerate(blocks()):
        with contextlib.redirect_stdout(out):
            exec(compile(code, f"{DOC}:block{i + 1}", "exec"), {"__name__": f"doc_block_{i + 1}"})
    png = tmp_path / "python-breakeven.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    text = out.getvalue()
    assert "base case: break-even month" in text
    assert "--set: demand.paying_share: expected a value in" in text


def test_the_figure_is_shipped():
    # The page shows the figure the first block draws; regenerate it with the block when it changes.
    assert (SOURCE_DIR / "docs" / "python-breakeven.png").stat().st_size > 10_000
