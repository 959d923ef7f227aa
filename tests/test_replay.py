"""The notebook tests replay the build's recorded execution of an unchanged notebook (tests/replay_kernel.py)."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from flashcrash import execute as X
from flashcrash.cache import CACHE_ENV
from tests.replay_kernel import REPLAY_ENV, ReplayKernel

ROOT = Path(__file__).resolve().parents[1]


def _executed(*cells: tuple[str, list[dict]]) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src, outputs=[nbformat.from_dict(o) for o in outs]) for src, outs in cells]
    return nbformat.writes(nb)


def _drain(kernel: ReplayKernel) -> list[dict]:
    out = []
    while True:
        try:
            out.append(kernel.get_message("iopub"))
        except queue.Empty:
            return out


def test_each_cell_replays_its_recorded_messages_then_goes_idle():
    stream = {"output_type": "stream", "name": "stdout", "text": "42\n"}
    result = {"output_type": "execute_result", "data": {"text/plain": "7"}, "metadata": {}, "execution_count": 2}
    k = ReplayKernel(_executed(("x = 1", []), ("print(6 * 7)", [stream]), ("7", [result]), ("x = 1", [stream])))
    first = k.execute_cell_input("print(6 * 7)")
    msgs = _drain(k)
    assert [m["msg_type"] for m in msgs] == ["stream", "status"]
    assert msgs[0]["content"] == {"name": "stdout", "text": "42\n"} and msgs[1]["content"] == {"execution_state": "idle"}
    assert {m["parent_header"]["msg_id"] for m in msgs} == {first}
    k.execute_cell_input("7")
    assert _drain(k)[0]["content"] == {"data": {"text/plain": "7"}, "metadata": {}, "execution_count": 2}
    # the same source twice: the recorded cells in their order
    k.execute_cell_input("x = 1")
    assert [m["msg_type"] for m in _drain(k)] == ["status"]
    k.execute_cell_input("x = 1")
    assert [m["msg_type"] for m in _drain(k)] == ["stream", "status"]
    assert k.replayed == 4 and k.is_alive()
    with pytest.raises(RuntimeError, match="no cell with this source"):
        k.execute_cell_input("x = 1")  # every cell with that source was replayed
    with pytest.raises(RuntimeError, match="no cell with this source"):
        k.execute_cell_input("print('never recorded')")
    with pytest.raises(queue.Empty):
        k.get_message("iopub")


def test_a_recorded_execution_is_found_only_for_the_same_notebook_under_the_same_key(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    nb = tmp_path / "n.ipynb"
    nb.write_text(_executed(("print(1)", [])), encoding="utf-8")
    assert X.recorded_execution(nb) is None
    X.record_execution(nb, "executed")
    assert X.recorded_execution(nb) == "executed"
    nb.write_text(_executed(("print(2)", [])), encoding="utf-8")  # the notebook changed: run it again
    assert X.recorded_execution(nb) is None
    monkeypatch.setenv("FLASHCRASH_NO_CACHE", "1")
    X.record_execution(nb, "executed")
    assert X.recorded_execution(nb) is None  # no results cache, no record


def _doctored(notebook: Path, extra: str) -> str:
    """The stored notebook as a recorded execution, its checked printout changed by ``extra``."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and "".join(cell["source"]).startswith("# NBVAL_CHECK_OUTPUT") and extra:
            cell["outputs"][0]["text"] = "".join(cell["outputs"][0]["text"]) + extra
    return json.dumps(nb)


@pytest.mark.data
@pytest.mark.timeout(120)
def test_nbval_compares_the_replayed_outputs_with_the_stored_ones(tmp_path, monkeypatch):
    changed, same = ROOT / "book" / "07_clock.ipynb", ROOT / "book" / "05_outlook.ipynb"
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv("FLASHCRASH_NO_CACHE", raising=False)
    X.record_execution(changed, _doctored(changed, "a line the notebook never printed\n"))
    X.record_execution(same, _doctored(same, ""))
    env = {**os.environ, REPLAY_ENV: "1"}  # replayed even where the caller runs them
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-n0", "-q", "-p", "no:randomly", str(changed), str(same)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=110,
    )
    assert out.returncode == 1, out.stdout[-3000:]
    assert "Cell outputs differ" in out.stdout and "a line the notebook never printed" in out.stdout
    failed = [line for line in out.stdout.splitlines() if line.startswith("FAILED")]
    assert failed and all("07_clock.ipynb" in line for line in failed)  # its checked cells; the unchanged record passes
    assert "notebooks replayed from the book build's recorded execution" in out.stdout and "05_outlook.ipynb" in out.stdout
