"""The charts' PNG images: drawn from their credited SVG by a low-priority process of the book build.

Each published chart has a PNG beside its SVG (``charts/<id>.png``, twice the SVG's size). Drawing
one takes about a quarter of a second of CPU, some 9 s for the book. While the book builds,
:data:`LATER_ENV` tells the notebooks' kernels to write each chart's SVG only, and
:mod:`flashcrash.sphinxext` runs ``python -m flashcrash.pngs PUBLISHED SITE --until FILE``
(:func:`serve`): at the lowest CPU priority, it draws the PNG of each chart in ``PUBLISHED/charts``
into ``SITE/charts`` as soon as the chart's files are written, so that it uses the CPU the
notebooks and Sphinx leave idle, and stops once ``FILE`` exists (the build creates it when every
notebook has run) and every chart has its PNG; the build waits for it before it ends. Outside a
build the PNG is drawn with the SVG (:func:`flashcrash.charts.write_chart_files`). Drawings are
kept in the results cache by the SVG's text (:func:`flashcrash.cache.content_cached`).

This module imports no chart library but vl-convert, so that the process starts in a blink.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from flashcrash.build import CHARTS
from flashcrash.cache import content_cached
from flashcrash.servers import lowest_priority

#: Set (to ``1``) by the book build: kernels leave the PNGs to :func:`draw_pngs`.
LATER_ENV = "FLASHCRASH_PNG_LATER"
#: PNG pixels per SVG pixel.
SCALE = 2.0


def later() -> bool:
    """True while the book build draws the PNGs after the notebooks (:data:`LATER_ENV`)."""
    return os.environ.get(LATER_ENV, "") == "1"


def png_of(svg: str, scale: float = SCALE) -> bytes:
    """``svg`` (text) drawn as PNG at ``scale``; kept in the results cache by the SVG's text and
    the renderer's version."""
    import vl_convert as vlc

    return content_cached("chart-png", f"vl-convert {vlc.__version__} scale {scale}\n{svg}", lambda: vlc.svg_to_png(svg, scale=scale))


def _ready(published: Path, drawn: set[str]) -> list[Path]:
    """The SVGs of ``published/charts`` whose chart is completely written (its standalone page, the
    last of its files, exists) and not in ``drawn`` (chart ids), in the order of their ids."""
    source = published / CHARTS
    return [svg for svg in sorted(source.glob("*.svg")) if (source / f"{svg.stem}.html").exists() and svg.stem not in drawn]


def draw_pngs(published: Path, site: Path, drawn: set[str] | None = None) -> list[Path]:
    """Write ``site/charts/<id>.png`` (:func:`png_of`) for each chart of ``published/charts`` not in
    ``drawn`` (:func:`_ready`; a PNG already in the site is replaced: it may be an earlier build's),
    each file written whole (a temporary name, then renamed), and add their ids to ``drawn``; the
    PNGs written. Raises ``FileNotFoundError`` when ``published/charts`` does not exist."""
    if not (published / CHARTS).is_dir():
        raise FileNotFoundError(f"no published charts in {published / CHARTS}: nothing to draw (was the book built?)")
    drawn = set() if drawn is None else drawn
    target = site / CHARTS
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for svg in _ready(published, drawn):
        out = target / f"{svg.stem}.png"
        tmp = out.with_name(f".{out.name}.tmp")
        try:
            tmp.write_bytes(png_of(svg.read_text(encoding="utf-8")))
            os.replace(tmp, out)
        finally:
            tmp.unlink(missing_ok=True)
        drawn.add(svg.stem)
        written.append(out)
    return written


def serve(published: Path, site: Path, until: Path, poll_s: float = 0.2, timeout_s: float = 3600) -> int:
    """Draw each chart's PNG as it appears (:func:`draw_pngs`), at the lowest CPU priority, until
    ``until`` exists and every chart has its PNG; the number of PNGs drawn. Raises ``TimeoutError``
    after ``timeout_s`` seconds, and ``RuntimeError`` as soon as the process that started this one
    has gone (the build that should create ``until`` ended without it)."""
    lowest_priority()  # only the CPU the notebooks and Sphinx leave idle
    deadline = time.monotonic() + timeout_s
    parent = os.getppid()
    drawn: set[str] = set()
    while True:
        finished = until.exists()  # read before drawing: a chart written before it is drawn below
        if (published / CHARTS).is_dir():
            draw_pngs(published, site, drawn)
        if finished:
            return len(drawn)
        if os.getppid() != parent:
            raise RuntimeError("the build that started the drawing has gone")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{until} did not appear within {timeout_s} s")
        time.sleep(poll_s)


def main(argv: list[str] | None = None) -> int:
    """``python -m flashcrash.pngs PUBLISHED SITE [--until FILE]``: :func:`serve` with ``--until``,
    else :func:`draw_pngs` once; exit 0, 1 with the reason, or 2 on a usage error."""
    args = sys.argv[1:] if argv is None else list(argv)
    until = None
    if len(args) == 4 and args[2] == "--until":
        until = Path(args[3])
        args = args[:2]
    if len(args) != 2:
        print("usage: python -m flashcrash.pngs PUBLISHED_FOLDER SITE_FOLDER [--until FILE]", file=sys.stderr)
        return 2
    try:
        if until is None:
            draw_pngs(Path(args[0]), Path(args[1]))
        else:
            serve(Path(args[0]), Path(args[1]), until)
    except Exception as exc:  # reported to the build, which fails with it
        print(f"error: drawing the charts' PNGs failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
