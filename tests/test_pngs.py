"""The charts' PNGs: drawn by a low-priority process of the book build as the kernels write the charts."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flashcrash import cache, pngs

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#{}"/></svg>'


def _chart(published: Path, cid: str, colour: str, complete: bool = True) -> str:
    charts = published / "charts"
    charts.mkdir(parents=True, exist_ok=True)
    svg = SVG.format(colour)
    (charts / f"{cid}.svg").write_text(svg, encoding="utf-8")
    if complete:  # the standalone page is the last file a kernel writes
        (charts / f"{cid}.html").write_text("<html></html>", encoding="utf-8")
    return svg


@pytest.fixture(autouse=True)
def _own_cache(monkeypatch, tmp_path):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "results"))


def test_each_completely_written_chart_gets_its_png_once(tmp_path):
    published, site = tmp_path / "published", tmp_path / "site"
    a = _chart(published, "a", "ff0000")
    _chart(published, "b", "00ff00", complete=False)  # its SVG may still be being written
    (site / "charts").mkdir(parents=True)
    (site / "charts" / "a.png").write_bytes(b"an earlier build's image")
    drawn: set[str] = set()
    assert pngs.draw_pngs(published, site, drawn) == [site / "charts" / "a.png"] and drawn == {"a"}
    png = (site / "charts" / "a.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png == pngs.png_of(a)  # the earlier image replaced
    assert not list((site / "charts").glob(".*"))  # no temporary file left
    (published / "charts" / "b.html").write_text("<html></html>", encoding="utf-8")
    assert pngs.draw_pngs(published, site, drawn) == [site / "charts" / "b.png"]  # a is not drawn twice
    assert pngs.draw_pngs(published, site, drawn) == []
    with pytest.raises(FileNotFoundError, match="no published charts"):
        pngs.draw_pngs(tmp_path / "nowhere", site)


def test_the_drawer_draws_what_appears_and_stops_once_told(tmp_path):
    published, site, until = tmp_path / "published", tmp_path / "site", tmp_path / "done"
    _chart(published, "a", "ff0000")
    until.touch()
    assert pngs.serve(published, site, until, poll_s=0.01) == 1
    with pytest.raises(TimeoutError, match="did not appear"):
        pngs.serve(published, site, tmp_path / "never", poll_s=0.01, timeout_s=0.05)


def test_the_drawer_stops_when_the_build_that_started_it_has_gone(monkeypatch, tmp_path):
    parents = iter([100, 100, 1])  # started by 100, then adopted: the build has gone
    monkeypatch.setattr(os, "getppid", lambda: next(parents))
    with pytest.raises(RuntimeError, match="has gone"):
        pngs.serve(tmp_path / "published", tmp_path / "site", tmp_path / "never", poll_s=0.01)


def test_the_command_draws_in_the_background_until_the_build_says_done(tmp_path):
    published, site, until = tmp_path / "published", tmp_path / "site", tmp_path / "done"
    published.mkdir()
    env = {**os.environ, cache.CACHE_ENV: str(tmp_path / "results")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "flashcrash.pngs", str(published), str(site), "--until", str(until)], env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        _chart(published, "late", "0000ff")  # written by a kernel after the drawer started
        time.sleep(0.3)
        assert proc.poll() is None  # still waiting for the notebooks
        until.touch()
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert (site / "charts" / "late.png").read_bytes() == pngs.png_of(SVG.format("0000ff"))


def test_the_command_reports_usage_and_failures(tmp_path, capsys):
    assert pngs.main(["only-one"]) == 2
    assert pngs.main([str(tmp_path / "nowhere"), str(tmp_path / "site")]) == 1
    assert "no published charts" in capsys.readouterr().err
