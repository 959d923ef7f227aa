"""One renderer draws the book's charts (flashcrash.svgserver): the same drawing by the server as in
the calling process, the renderer's errors passed on, a missing server reported."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading

import pytest

from flashcrash import svgserver as S

SPEC = {"data": {"values": [{"x": 1}]}, "mark": "point", "encoding": {"x": {"field": "x", "type": "quantitative"}}}


def _fake_renderer(monkeypatch, drawn: list):
    """vl-convert replaced by a stand-in that records each drawing and refuses a mark called "bad"."""
    import vl_convert as vlc

    def draw(spec, vl_version):
        drawn.append((spec["mark"], vl_version))
        if spec["mark"] == "bad":
            raise ValueError("Vega-Lite to SVG conversion failed: no such mark")
        return f"<svg>{spec['mark']} {vl_version}</svg>"

    monkeypatch.setattr(vlc, "vegalite_to_svg", draw)


def _one_answer_server(path: str, lock: threading.Lock) -> threading.Thread:
    """A server thread on ``path`` that answers one connection and stops."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(1)

    def run():
        with listener:
            conn, _ = listener.accept()
            S.answer(conn, lock)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def test_without_a_server_the_chart_is_drawn_here(monkeypatch):
    drawn = []
    _fake_renderer(monkeypatch, drawn)
    monkeypatch.delenv(S.SERVER_ENV, raising=False)
    assert S.vegalite_to_svg(SPEC, "6.4") == "<svg>point 6.4</svg>" and drawn == [("point", "6.4")]
    with pytest.raises(S.DrawingError, match="no such mark"):
        S.vegalite_to_svg({**SPEC, "mark": "bad"}, "6.4")


@pytest.mark.parametrize("mark", ["point", "bad"])
def test_the_server_draws_what_it_is_asked_and_passes_the_renderers_error_on(monkeypatch, tmp_path, mark):
    drawn = []
    _fake_renderer(monkeypatch, drawn)
    path = str(tmp_path / "s.sock")
    server = _one_answer_server(path, threading.Lock())
    monkeypatch.setenv(S.SERVER_ENV, path)
    if mark == "bad":
        with pytest.raises(S.DrawingError, match="no such mark"):
            S.vegalite_to_svg({**SPEC, "mark": mark}, "6.4")
    else:
        assert S.vegalite_to_svg(SPEC, "6.4") == "<svg>point 6.4</svg>"
    server.join(5)
    assert drawn == [(mark, "6.4")] and not server.is_alive()  # drawn by the server's thread, once


def test_a_named_server_that_does_not_answer_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv(S.SERVER_ENV, str(tmp_path / "nobody.sock"))
    monkeypatch.setattr(S, "CONNECT_TIMEOUT_S", 0.2)
    with pytest.raises(ConnectionError, match=f"no chart server \\(named in {S.SERVER_ENV}\\) answered on .*nobody.sock within 0.2 s"):
        S.vegalite_to_svg(SPEC, "6.4")


def test_a_drawing_waits_for_the_lock(monkeypatch, tmp_path):
    drawn = []
    _fake_renderer(monkeypatch, drawn)
    lock = threading.Lock()
    lock.acquire()  # as while the server's renderer starts
    path = str(tmp_path / "s.sock")
    server = _one_answer_server(path, lock)
    monkeypatch.setenv(S.SERVER_ENV, path)
    got = []
    client = threading.Thread(target=lambda: got.append(S.vegalite_to_svg(SPEC, "6.4")), daemon=True)
    client.start()
    client.join(0.3)
    assert client.is_alive() and drawn == []  # waiting
    lock.release()
    client.join(5)
    server.join(5)
    assert got == ["<svg>point 6.4</svg>"]


@pytest.mark.timeout(60)
def test_the_server_process_draws_as_this_process_would(monkeypatch):
    import vl_convert as vlc

    from flashcrash.charts import VL_VERSION

    server = S.SvgServer(VL_VERSION)
    try:
        monkeypatch.setenv(S.SERVER_ENV, server.path)
        svg = S.vegalite_to_svg(SPEC, VL_VERSION)
        with pytest.raises(S.DrawingError, match="vl-convert could not draw the chart"):
            S.vegalite_to_svg({**SPEC, "mark": "nonsense"}, VL_VERSION)
    finally:
        server.close()
    assert not os.path.exists(server.path)
    assert svg == vlc.vegalite_to_svg(SPEC, vl_version=VL_VERSION)  # the same renderer: the same drawing
    assert S._main(["serve"]) == 2


def test_the_vega_bundle_is_made_once_and_in_the_background_only_when_it_can_be_kept(monkeypatch, tmp_path):
    import vl_convert as vlc

    from flashcrash import cache

    made, started = [], []
    monkeypatch.setattr(vlc, "javascript_bundle", lambda vl_version: made.append(vl_version) or f"/* vega-lite {vl_version} */")
    monkeypatch.setattr(S.subprocess, "Popen", lambda cmd, **_: started.append(cmd[1:]) or "process")
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    assert S._main(["bundle", "6.4"]) == 0  # what the background process runs: into the results cache
    assert S.javascript_bundle("6.4") == "/* vega-lite 6.4 */" and made == ["6.4"]  # read back, not made again
    assert S.start_bundle("6.4") == "process" and started == [["-m", "flashcrash.svgserver", "bundle", "6.4"]]
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")  # nothing would be kept: made when it is read
    assert S.start_bundle("6.4") is None and len(started) == 1


def test_the_bundle_is_made_at_the_lowest_priority(monkeypatch):
    seen = []
    monkeypatch.setattr(S, "lowest_priority", lambda: seen.append("lowest"))
    monkeypatch.setattr(S, "javascript_bundle", lambda vl_version: seen.append(vl_version) or "")
    assert S._main(["bundle", "6.4"]) == 0
    assert seen == ["lowest", "6.4"]  # lowered before the work starts
    code = "import os; from flashcrash.servers import lowest_priority; lowest_priority(); print(os.nice(0))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert int(out.stdout) == 19  # in that process; this one keeps its priority (conftest.py)
