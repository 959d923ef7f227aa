"""A stand-in for nbval's kernel that replays a recorded execution of the same notebook.

The book build records each notebook it executes (``flashcrash.execute.record_execution``), under
the notebook's bytes and the results cache's key: the package's source, the data registry and
claims, the library versions. When the notebook tests find such a record, nbval runs the notebook
against this replay instead of a fresh kernel: every cell "executes" by sending the messages the
build's kernel sent (its printouts, results and displays), and nbval compares them with the stored
outputs exactly as it compares a fresh execution's. Anything that changes the record's key (a
notebook, the package, the data, a library) makes the notebook run again; ``FLASHCRASH_REPLAY=0``
always runs it.
"""

from __future__ import annotations

import itertools
import queue
from typing import Any

import nbformat

REPLAY_ENV = "FLASHCRASH_REPLAY"


def _messages(outputs: list[dict[str, Any]], msg_id: str) -> list[dict[str, Any]]:
    """The iopub messages of a cell whose execution gave ``outputs``, ending with the idle status."""
    out = []
    for o in outputs:
        kind = o["output_type"]
        if kind == "stream":
            content = {"name": o["name"], "text": o["text"]}
        elif kind in ("display_data", "execute_result"):
            content = {"data": dict(o.get("data", {})), "metadata": dict(o.get("metadata", {})), "execution_count": o.get("execution_count")}
        elif kind == "error":
            content = {"ename": o["ename"], "evalue": o["evalue"], "traceback": list(o["traceback"])}
        else:
            raise ValueError(f"a recorded output of an unknown kind: {kind!r}")
        out.append({"msg_type": kind, "content": content, "parent_header": {"msg_id": msg_id}})
    out.append({"msg_type": "status", "content": {"execution_state": "idle"}, "parent_header": {"msg_id": msg_id}})
    return out


class ReplayKernel:
    """What nbval asks of a running kernel, answered from a recorded execution (notebook JSON)."""

    def __init__(self, executed: str) -> None:
        nb = nbformat.reads(executed, as_version=4)
        self._cells = [c for c in nb.cells if c.cell_type == "code"]
        self._used: set[int] = set()
        self._iopub: queue.Queue = queue.Queue()
        self._ids = (f"replay-{i}" for i in itertools.count())
        self.replayed = 0  # cells answered

    def execute_cell_input(self, source: str, allow_stdin: bool | None = None) -> str:
        """Queue the recorded messages of the first not yet replayed cell with this source."""
        i = next((i for i, c in enumerate(self._cells) if i not in self._used and c.source == source), None)
        if i is None:
            raise RuntimeError(f"the recorded execution has no cell with this source:\n{source[:300]}")
        self._used.add(i)
        msg_id = next(self._ids)
        for m in _messages(self._cells[i].get("outputs", []), msg_id):
            self._iopub.put(m)
        self.replayed += 1
        return msg_id

    def get_message(self, stream: str, timeout: float | None = None) -> dict[str, Any]:
        if stream != "iopub":
            raise ValueError(f"a replay has no {stream} channel")
        return self._iopub.get_nowait()  # queue.Empty, as a silent kernel's timeout, when none is left

    def await_reply(self, msg_id: str, timeout: float | None = None) -> None:
        return None

    def await_idle(self, msg_id: str, timeout: float | None = None) -> None:
        return None

    def is_alive(self) -> bool:
        return True

    def interrupt(self) -> None:
        return None

    def stop(self) -> None:
        return None
