"""Kernels forked from a warm process: the book's notebooks start without re-importing the libraries.

Every notebook of the book runs in a fresh kernel. Starting one costs about two seconds of CPU,
nearly all of it importing the same libraries (IPython, the kernel, pandas, altair and this
package) before the first cell runs; thirteen notebooks pay it thirteen times. Here one **server**
process imports them once (:data:`PRELOAD`) and, for each kernel asked for, forks a child that
starts the kernel. The child is a fresh kernel as far as the notebook can tell: no cell has run in
it, it has its own process, working folder and environment (those of the request); it only finds
the libraries already imported.

Pieces:

* :class:`ForkServer` starts the server (``python -m flashcrash.forkkernel serve SOCKET``) and
  stops it; it listens on a Unix socket in a private temporary folder.
* :class:`ForkedKernelManager` is a ``jupyter_client`` kernel manager whose kernel command is the
  **stub** ``python -m flashcrash.forkkernel -f CONNECTION_FILE``: a small process that asks the
  server for a kernel with its own folder and environment, passes interrupts and terminations on to
  it, and exits with it. The kernel manager handles the stub like any kernel process; when the stub
  is killed, the server kills its kernel (the connection closes).

Only where ``fork`` exists (Linux, macOS); :func:`available` says so.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import traceback
from collections.abc import Sequence

from flashcrash.servers import ServerProcess, answer_connections, connect

#: Imported once by the server (every notebook of the book needs them); a module that fails to
#: import is skipped (the kernel then imports it itself, with the error the notebook would see).
PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "IPython",
    # what a kernel imports as it starts (its debugger, history, completer, event loop): 0.18 s of
    # each kernel's 0.24 s start
    "ipykernel.debugger",
    "sqlite3",
    "psutil",
    "tornado.queues",
    "tornado.platform.asyncio",
    "IPython.core.debugger",
    "IPython.core.completerlib",
    "IPython.extensions.storemagic",
    "numpy",
    "pandas",
    "altair",
    "myst_nb",
    "pandas.io.formats.style",  # the tables' formatter (flashcrash.tables)
    "flashcrash.notebook",
    "flashcrash.figures",
    "flashcrash.claims",
    "flashcrash.event",
    "flashcrash.levels",
    "flashcrash.liquidation",
    "flashcrash.contagion",
    "flashcrash.scenarios",
    "flashcrash.clock_claims",
    "flashcrash.atlas.run",
)
SERVER_ENV = "FLASHCRASH_FORK_SERVER"
#: Seconds the stub waits for the server to answer (the server starts forking once its imports are done).
CONNECT_TIMEOUT_S = 120


def available() -> bool:
    """True where processes can be forked (Linux, macOS)."""
    return hasattr(os, "fork") and hasattr(socket, "AF_UNIX")


# ------------------------------------------------------------------------------------------------
# The server
# ------------------------------------------------------------------------------------------------
def _preload(modules: Sequence[str]) -> None:
    import importlib

    # the debugger's check that Python runs without frozen modules (ipykernel's own kernel command
    # turns them off) only prints a warning for this process, which debugs nothing
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 -- the kernel will import it again and show the error
            pass


def _run_kernel(request: dict, listener: socket.socket, conn: socket.socket) -> None:
    """In the forked child: become the requested kernel (never returns)."""
    code = 1
    try:
        listener.close()
        conn.close()
        os.setsid()  # a process group of its own: signals for it reach only it and its children
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # the kernel stops if the server (its parent) goes; and, having a parent, prints no banner
        argv = ["-f", request["connection_file"], f"--IPKernelApp.parent_handle={os.getppid()}"]
        sys.argv = ["ipykernel_launcher", *argv]
        from ipykernel.kernelapp import IPKernelApp

        IPKernelApp.launch_instance(argv=argv)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)  # sys.exit("why") is a failure
    except BaseException:  # a kernel that cannot start says why (on the server's stderr), then exits 1
        traceback.print_exc(file=sys.__stderr__)
        sys.__stderr__.flush()
    finally:
        os._exit(code)


def _serve_one(conn: socket.socket, listener: socket.socket) -> None:
    """Read one request, fork its kernel, report its pid, and tell the stub how it ended (or kill
    it when the stub goes away)."""
    with conn, conn.makefile("rwb") as stream:
        request = json.loads(stream.readline())
        pid = os.fork()
        if pid == 0:
            _run_kernel(request, listener, conn)
        stream.write(f"{pid}\n".encode())
        stream.flush()
        conn.settimeout(0.2)
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                stream.write(f"{os.waitstatus_to_exitcode(status)}\n".encode())
                stream.flush()
                return
            try:
                if conn.recv(1) == b"":  # the stub is gone: so is its kernel
                    _kill(pid)
                    os.waitpid(pid, 0)
                    return
            except TimeoutError:
                continue


def _kill(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def serve(path: str, preload: Sequence[str] = PRELOAD) -> None:
    """Import ``preload``, then fork a kernel for each connection on the Unix socket ``path``
    (each served by a thread of its own) until killed or until the process that started it ends."""
    parent = os.getppid()
    _preload(preload)
    answer_connections(path, _serve_one, parent)


def kernel_command(connection_file: str = "{connection_file}") -> list[str]:
    """The command a kernel manager runs for a forked kernel (the stub)."""
    return [sys.executable, "-m", "flashcrash.forkkernel", "-f", connection_file]


class ForkServer(ServerProcess):
    """The server process: started at construction (its imports of ``preload``, by default
    :data:`PRELOAD`, go on in the background), stopped by :meth:`close`. ``path`` is its socket;
    the stubs find it in :data:`SERVER_ENV`."""

    def __init__(self, preload: Sequence[str] = PRELOAD) -> None:
        super().__init__("flashcrash.forkkernel", preload)


# ------------------------------------------------------------------------------------------------
# The stub (the process the kernel manager sees)
# ------------------------------------------------------------------------------------------------
def stub(connection_file: str) -> int:
    """Ask the server named in :data:`SERVER_ENV` for a kernel with this process's folder and
    environment; pass interrupts and terminations on; return the kernel's exit code. Without a
    server, become an ordinary kernel."""
    if not os.environ.get(SERVER_ENV):
        os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", "-f", connection_file])
    sock = connect(os.environ[SERVER_ENV], CONNECT_TIMEOUT_S, "kernel server")
    env = {k: v for k, v in os.environ.items() if k != SERVER_ENV}
    stream = sock.makefile("rwb")
    stream.write((json.dumps({"connection_file": os.path.realpath(connection_file), "cwd": os.getcwd(), "env": env}) + "\n").encode())
    stream.flush()
    pid = int(stream.readline())
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda s, _f: os.kill(pid, s))
    line = stream.readline()
    return int(line) if line.strip() else 1


def _main(argv: list[str]) -> int:
    if argv[:1] == ["serve"] and len(argv) >= 2:
        serve(argv[1], argv[2:])
        return 0
    if argv[:1] == ["-f"] and len(argv) == 2:
        return stub(argv[1])
    print("usage: python -m flashcrash.forkkernel serve SOCKET [MODULE ...] | -f CONNECTION_FILE", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
