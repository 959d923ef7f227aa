"""The book's notebooks run several at once, each in its own kernel (flashcrash.execute)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from flashcrash import execute as X
from flashcrash.build import PAGE_ENV


def _notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)
    return path


def _stdout(notebook_json: str) -> list[str]:
    nb = nbformat.reads(notebook_json, as_version=4)
    return ["".join(o.get("text", "")) for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "stream"]


def test_pages_reading_the_whole_ledger_start_last():
    pages = ["book/intro", "book/01_which_day", "book/ledger", "book/02_support_levels", "book/cite", "book/changes"]
    assert X.run_order(pages) == ["book/01_which_day", "book/02_support_levels", "book/changes", "book/intro", "book/ledger", "book/cite"]
    assert X.run_order([]) == []


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5"])
def test_a_bad_worker_count_is_refused(monkeypatch, value):
    monkeypatch.setenv(X.WORKERS_ENV, value)
    with pytest.raises(ValueError, match=X.WORKERS_ENV):
        X.workers()


def test_worker_count_from_the_environment_or_the_cpus(monkeypatch):
    monkeypatch.setenv(X.WORKERS_ENV, "3")
    assert X.workers() == 3
    monkeypatch.delenv(X.WORKERS_ENV)
    assert X.workers() >= 1


@pytest.mark.timeout(60)
def test_each_kernel_knows_its_page_and_starts_in_the_notebooks_folder(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    code = f"import os, pathlib; print(os.environ['{PAGE_ENV}'], pathlib.Path.cwd().name)"
    jobs = [("book/a", _notebook(tmp_path / "a" / "a.ipynb", code)), ("book/b", _notebook(tmp_path / "b" / "b.ipynb", code, "print(6 * 7)"))]
    seen = []
    done = X.execute_notebooks(jobs, n_workers=2, report=lambda ex: seen.append(ex.page))
    assert sorted(done) == sorted(seen) == ["book/a", "book/b"]
    assert _stdout(done["book/a"].notebook) == ["book/a a\n"]
    assert _stdout(done["book/b"].notebook) == ["book/b b\n", "42\n"]
    assert all(ex.seconds > 0 for ex in done.values())


@pytest.mark.timeout(60)
def test_a_failing_cell_names_its_notebook_and_the_others_still_run(tmp_path):
    good = _notebook(tmp_path / "good.ipynb", "print('fine')")
    bad = _notebook(tmp_path / "bad.ipynb", "x = 1", "raise ValueError('the data are missing')", "print('never')")
    runs = X.NotebookRuns([("book/bad", bad), ("book/good", good)], n_workers=1)
    try:
        with pytest.raises(X.NotebookError, match=r"(?s)bad\.ipynb.*ValueError.*the data are missing"):
            runs.result("book/bad")
        assert _stdout(runs.result("book/good").notebook) == ["fine\n"]
    finally:
        runs.close()
    with pytest.raises(X.NotebookError, match="bad.ipynb"):
        X.execute_notebooks([("book/good", good), ("book/bad", bad)], n_workers=2)
