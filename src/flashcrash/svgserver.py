"""One renderer draws the charts of the whole book build.

vl-convert, which draws a Vega-Lite chart as SVG, takes about a second of CPU to start in each
process, before its first drawing: once in every notebook kernel that publishes a chart. While the
book builds, :class:`SvgServer` starts it once, in a process of its own
(``python -m flashcrash.svgserver serve SOCKET``), and the kernels find the server's socket in
:data:`SERVER_ENV` (set by :mod:`flashcrash.execute`). :func:`vegalite_to_svg` asks the server when
the variable is set and draws in the calling process otherwise. A request and its answer are one
JSON line each; the server draws one chart at a time (the drawings are the same as in the calling
process: same renderer, same spec).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from typing import Any

from flashcrash.cache import content_cached, enabled
from flashcrash.servers import ServerProcess, answer_connections, connect, lowest_priority

#: The environment variable naming the server's socket.
SERVER_ENV = "FLASHCRASH_SVG_SERVER"
#: Seconds a kernel waits for the server to listen (it starts with the build's first notebooks).
CONNECT_TIMEOUT_S = 30
#: Seconds a kernel waits for the server's answer (a drawing takes well under one).
TIMEOUT_S = 120
#: Drawn when the server starts, so that starting the renderer overlaps the kernels' first cells.
WARM_UP_SPEC = {"data": {"values": [{"x": 0}]}, "mark": "point", "encoding": {"x": {"field": "x", "type": "quantitative"}}}


class DrawingError(ValueError):
    """vl-convert could not draw the chart (the renderer's message is in the text)."""


def vegalite_to_svg(spec: dict[str, Any], vl_version: str) -> str:
    """``spec`` drawn as SVG by vl-convert with Vega-Lite ``vl_version``: by the server named in
    :data:`SERVER_ENV` when it is set, else in this process. Raises :class:`DrawingError` when the
    renderer refuses the spec, and ``OSError`` when the named server does not answer."""
    path = os.environ.get(SERVER_ENV)
    if path:
        return _ask(path, {"spec": spec, "vl_version": vl_version})
    return _draw(spec, vl_version)


def _draw(spec: dict[str, Any], vl_version: str) -> str:
    import vl_convert as vlc

    try:
        return vlc.vegalite_to_svg(spec, vl_version=vl_version)
    except ValueError as exc:
        raise DrawingError(f"vl-convert could not draw the chart: {exc}") from exc


def _ask(path: str, request: dict[str, Any]) -> str:
    with connect(path, CONNECT_TIMEOUT_S, f"chart server (named in {SERVER_ENV})") as sock:
        sock.settimeout(TIMEOUT_S)
        with sock.makefile("rwb") as stream:
            stream.write(json.dumps(request).encode() + b"\n")
            stream.flush()
            line = stream.readline()
    if not line:
        raise OSError(f"the chart server named in {SERVER_ENV} ({path}) closed the connection without an answer")
    answer = json.loads(line)
    if "error" in answer:
        raise DrawingError(answer["error"])
    return answer["svg"]


def answer(conn: socket.socket, lock: threading.Lock) -> None:
    """Read one request from ``conn``, draw it (one drawing at a time: ``lock``), send the answer:
    ``{"svg": ...}``, or ``{"error": ...}`` with the renderer's message."""
    with conn, conn.makefile("rwb") as stream:
        request = json.loads(stream.readline())
        try:
            with lock:
                reply = {"svg": _draw(request["spec"], request["vl_version"])}
        except DrawingError as exc:
            reply = {"error": str(exc)}
        except Exception as exc:  # any other failure of the renderer goes back to the kernel, which raises it
            reply = {"error": f"vl-convert could not draw the chart: {type(exc).__name__}: {exc}"}
        stream.write(json.dumps(reply).encode() + b"\n")
        stream.flush()


def serve(path: str, vl_version: str) -> None:
    """Start the renderer (a first drawing with Vega-Lite ``vl_version``, before any request is
    drawn) while answering each connection on the Unix socket ``path``, until the process that
    started this one ends."""
    parent = os.getppid()
    lock = threading.Lock()
    lock.acquire()  # held until the warm-up drawing is done: requests wait for it
    threading.Thread(target=_warm_up, args=(lock, vl_version), daemon=True).start()
    answer_connections(path, lambda conn, _listener: answer(conn, lock), parent)


def _warm_up(lock: threading.Lock, vl_version: str) -> None:
    try:
        _draw(WARM_UP_SPEC, vl_version)
    finally:
        lock.release()


def javascript_bundle(vl_version: str) -> str:
    """vega, Vega-Lite ``vl_version`` and vega-embed as one script, from the installed vl-convert.
    Bundling takes seconds and depends on the renderer's version only: kept in the results cache."""
    import vl_convert as vlc

    key = f"vl-convert {vlc.__version__} vega-lite {vl_version} bundle"
    return content_cached("vega-bundle", key, lambda: vlc.javascript_bundle(vl_version=vl_version).encode("utf-8")).decode("utf-8")


def start_bundle(vl_version: str) -> subprocess.Popen | None:
    """Make :func:`javascript_bundle` in a process of its own, at the lowest priority, into the
    results cache (the build starts it first and reads the bundle at its end, so the seconds pass in
    the CPU time the build leaves idle); None when the results cache is off (the bundle is then
    made when it is read)."""
    if not enabled():
        return None
    return subprocess.Popen([sys.executable, "-m", "flashcrash.svgserver", "bundle", vl_version], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)


class SvgServer(ServerProcess):
    """The drawing server, drawing with Vega-Lite ``vl_version``: started at construction, stopped
    by :meth:`close`; ``path`` is its socket (for :data:`SERVER_ENV`)."""

    def __init__(self, vl_version: str) -> None:
        super().__init__("flashcrash.svgserver", (vl_version,))


def _main(argv: list[str]) -> int:
    if argv[:1] == ["serve"] and len(argv) == 3:
        serve(argv[1], argv[2])
        return 0
    if argv[:1] == ["bundle"] and len(argv) == 2:
        lowest_priority()  # read only at the end of the build: the CPU the ledger, the notebooks and Sphinx leave idle
        javascript_bundle(argv[1])
        return 0
    print("usage: python -m flashcrash.svgserver serve SOCKET VEGA_LITE_VERSION | bundle VEGA_LITE_VERSION", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
