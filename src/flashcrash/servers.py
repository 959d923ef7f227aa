"""Helper processes of the book build, each answering on a Unix socket in a private folder.

The build starts two: the kernel server (:mod:`flashcrash.forkkernel`), which forks the notebooks'
kernels from a process that has imported the libraries once, and the drawing server
(:mod:`flashcrash.svgserver`), which starts the chart renderer once for every notebook. Each runs
as ``python -m MODULE serve SOCKET [ARGS ...]`` (:class:`ServerProcess`) and answers every
connection in a thread of its own (:func:`answer_connections`) until the process that started it
ends, even if that process was killed. Two more, the PNG drawer (:mod:`flashcrash.pngs`) and the
maker of the vega bundle (:mod:`flashcrash.svgserver`), run at the lowest priority
(:func:`lowest_priority`): nothing waits for them before the end of the build.
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

#: Seconds between two checks that the process that started the server is still there.
PARENT_CHECK_S = 1.0


def lowest_priority() -> None:
    """Give this process the lowest CPU priority, where the system has priorities: it then runs in
    the CPU time the build's other processes leave idle."""
    if hasattr(os, "nice"):
        os.nice(19)


class ServerProcess:
    """``python -m module serve SOCKET *args``, started at construction (what it does before it
    answers goes on in the background) and stopped by :meth:`close`, or when this process exits.
    ``path`` is its socket, in a temporary folder of its own."""

    def __init__(self, module: str, args: Sequence[str] = ()) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="flashcrash-server-")
        self.path = str(Path(self._dir.name) / "server.sock")
        self._proc = subprocess.Popen([sys.executable, "-m", module, "serve", self.path, *args], stdin=subprocess.DEVNULL)
        atexit.register(self.close)  # also when the build stops on an error

    def close(self) -> None:
        """Stop the server and remove its folder."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        self._dir.cleanup()
        atexit.unregister(self.close)


def answer_connections(path: str, answer: Callable[[socket.socket, socket.socket], None], parent: int) -> None:
    """Listen on the Unix socket ``path`` and call ``answer(connection, listener)`` for each
    connection, in a thread of its own, while ``parent`` (the pid of the process that started this
    one, read when this one began: a process whose parent has gone is adopted by another) is this
    process's parent; checked every :data:`PARENT_CHECK_S` seconds."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(16)
    listener.settimeout(PARENT_CHECK_S)
    while os.getppid() == parent:  # a server whose build has gone (even killed) stops within a second
        try:
            conn, _ = listener.accept()
        except TimeoutError:
            continue
        conn.settimeout(None)
        threading.Thread(target=answer, args=(conn, listener), daemon=True).start()


def connect(path: str, timeout: float, what: str) -> socket.socket:
    """A connection to the server ``what`` on the Unix socket ``path``, waiting up to ``timeout``
    seconds for it to start listening; ``ConnectionError`` naming it when it does not."""
    deadline = time.monotonic() + timeout
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(path)
            return sock
        except (FileNotFoundError, ConnectionRefusedError):
            sock.close()
            if time.monotonic() > deadline:
                raise ConnectionError(f"no {what} answered on {path} within {timeout:g} s") from None
            time.sleep(0.05)
