"""Check the built site as a reader's browser sees it, on a phone and on a wide screen, with no network.

Usage: python scripts/check_site.py [_build/html] [--screenshots DIR] [--widths 390,1400] [--no-shots]

Serves the site on 127.0.0.1 and drives headless Chromium (its headless shell when installed, see
:data:`BROWSER_NAMES`; DevTools protocol over a pipe). Every page of the book is loaded at each width
(390 and 1400 px), and every standalone chart page (``charts/<id>.html``,
one chart that fills its frame) at the narrowest, where a chart is most likely not to fit,
and the check fails if

- a chart (``figure.fc-chart``) did not draw, or was drawn wider than its column or the screen,
- the page is wider than the screen (it would scroll sideways), or a table scrolls sideways in its column,
- the page shows a Python warning or a traceback, a glue placeholder is empty or a ``{glue:...}``
  role was left unrendered,
- the page logged a console error or requested anything outside the local server,
- on the landing page at 390 px, the verdict counts are not on the first screen;

and, on the files:

- an internal link or anchor points nowhere; a claim has no permanent anchor on the ledger page (or
  on its chapter's page, once written); two charts share an id;
- a book page shows a chart without loading the vega bundle, or loads it without showing a chart;
- a chart lacks one of its published files (CSV, SVG, PNG, Vega-Lite, standalone page), its SVG lacks
  title, description, source or licence, or its credits name no data source;
- a table on the landing page or a chapter page has a snake_case header;
- ``claims.json`` lacks version, build date, licence or verdicts in words; the ledger page has not one
  ``ClaimReview`` (with the required fields) per assessed claim in a single JSON-LD script;
- ``datapackage.json`` is missing or does not validate (with the ``frictionless`` library).

Screenshots (default ``<site>/../screenshots``, i.e. ``_build/screenshots``): each page at each width,
cut into screen-sized tiles ``<page>-<width>-<nn>.png``.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import fcntl
import functools
import html as htmllib
import http.server
import json
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
]
WIDTHS = (390, 1400)
SCREEN_HEIGHT = {390: 844, 1400: 900}  # a phone's first screen; a laptop's
TILE = {390: 1200, 1400: 1000}
MAX_TILES = 30
BROWSERS = 2  # one per core: more browsers only compete for the CPUs (measured: 2 browsers 33 s, 4 browsers 38 s)
SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")


#: Browsers tried in turn. Chromium's headless shell first: the same Blink engine and V8 without the
#: full browser around them (measured on this site: 24 s and 44 CPU s for every check, against 37 s and
#: 70 CPU s with ``chromium --headless``).
BROWSER_NAMES = ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome")


def chromium() -> str:
    for name in BROWSER_NAMES:
        if shutil.which(name):
            return shutil.which(name)
    sys.exit("headless Chromium not found: install it (apt-get install -y chromium-headless-shell, or chromium)")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    handler = functools.partial(QuietHandler, directory=str(root))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, port


# ------------------------------------------------------------------------------------------------
# A minimal DevTools-protocol client over --remote-debugging-pipe (fd 3: commands in, fd 4: out)
# ------------------------------------------------------------------------------------------------
class Browser:
    def __init__(self) -> None:
        self.profile = tempfile.mkdtemp(prefix="fc-chromium-")
        cmd_r, self._cmd_w = os.pipe()
        self._out_r, out_w = os.pipe()
        # the browser reads commands on fd 3 and writes replies on fd 4: hand it the pipes' ends
        # (moved above fd 10 first, so the redirections cannot overwrite each other; bash reads fds > 9)
        a, b = fcntl.fcntl(cmd_r, fcntl.F_DUPFD, 10), fcntl.fcntl(out_w, fcntl.F_DUPFD, 10)
        os.close(cmd_r)
        os.close(out_w)
        cmd_r, out_w = a, b
        args = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-pipe", "about:blank"]
        self.proc = subprocess.Popen(
            ["bash", "-c", f'exec "$0" "$@" 3<&{a} 4>&{b} {a}<&- {b}>&-', *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(a, b),
        )
        os.close(cmd_r)
        os.close(out_w)
        self._id = 0
        self._replies: dict[int, dict] = {}
        self._cond = threading.Condition()
        self.events: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        buf = b""
        while True:
            try:
                chunk = os.read(self._out_r, 1 << 20)
            except OSError:
                return
            if not chunk:
                return
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw)
                if "id" in msg:
                    with self._cond:
                        self._replies[msg["id"]] = msg
                        self._cond.notify_all()
                else:
                    self.events.put(msg)

    def send(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 60) -> dict:
        self._id += 1
        mid = self._id
        msg = {"id": mid, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._cmd_w, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + timeout
        with self._cond:
            while mid not in self._replies:
                left = deadline - time.time()
                if left <= 0:
                    raise TimeoutError(f"no reply to {method} in {timeout} s")
                self._cond.wait(left)
            reply = self._replies.pop(mid)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def drain(self) -> list[dict]:
        out = []
        while True:
            try:
                out.append(self.events.get_nowait())
            except queue.Empty:
                return out

    def close(self) -> None:
        with contextlib.suppress(TimeoutError, RuntimeError, OSError):
            self.send("Browser.close", timeout=5)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


READY_JS = """(() => {
  const vis = document.querySelectorAll('figure.fc-chart .fc-vis');
  let drawn = 0;
  vis.forEach(v => { if (v.querySelector('svg.marks')) drawn++; });
  return document.readyState === 'complete' && drawn === vis.length;
})()"""

# resolves once the charts' sizes have stayed the same for a few frames (composed charts are drawn
# twice while they fit their column), or after ``ms`` milliseconds at most
SETTLED_JS = """new Promise(done => {
  const sizes = () => [...document.querySelectorAll('figure.fc-chart svg')].map(s => s.getAttribute('width') + 'x' + s.getAttribute('height')).join();
  let last = sizes(), same = 0, frames = 0;
  const tick = () => {
    const now = sizes();
    same = now === last ? same + 1 : 0; last = now; frames++;
    if (same >= 4 || frames > %d) done(true); else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})"""

NEXT_FRAME_JS = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"

MEASURE_JS = r"""(() => {
  const iw = window.innerWidth, de = document.documentElement;
  const sw = Math.max(de.scrollWidth, document.body ? document.body.scrollWidth : 0);
  const wide = [];
  if (sw > iw + 1) {
    const all = [...document.querySelectorAll('body *')].filter(el => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.right > iw + 1;
    });
    all.filter(el => !all.some(o => o !== el && el.contains(o))).slice(0, 5).forEach(el => {
      const r = el.getBoundingClientRect();
      wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && el.className.baseVal === undefined ? '.' + String(el.className).trim().split(/\s+/).join('.') : '') + ' right=' + Math.round(r.right));
    });
  }
  const charts = [...document.querySelectorAll('figure.fc-chart')].map(f => {
    const v = f.querySelector('.fc-vis');
    const s = v ? v.querySelector('svg') : null;
    const box = v ? v.getBoundingClientRect().width : 0;
    return {id: f.id, drawn: !!(v && v.querySelector('svg.marks')), attrWidth: s ? parseFloat(s.getAttribute('width')) || 0 : 0,
            shown: s ? s.getBoundingClientRect().width : 0, right: s ? s.getBoundingClientRect().right : 0, box: box};
  });
  const scrollers = [...document.querySelectorAll('.fc-table-wrap, .pst-scrollable-table-container')]
    .filter(el => el.scrollWidth > el.clientWidth + 1)
    .map(el => (el.querySelector('th') || el).innerText.trim().slice(0, 40));
  const text = document.body ? document.body.innerText : '';
  const counts = document.querySelector('.fc-counts');
  return JSON.stringify({
    iw: iw, sw: sw, height: Math.max(de.scrollHeight, document.body ? document.body.scrollHeight : 0), wide: wide, charts: charts,
    warnings: (text.match(/\b[A-Z][A-Za-z]*Warning: .{0,100}/g) || []).slice(0, 3),
    traceback: /Traceback \(most recent call last\)/.test(text) || /\/tmp\/ipykernel/.test(text),
    emptyGlue: document.querySelectorAll('span.pasted-text:empty').length,
    scrollers: scrollers,
    countsBottom: counts ? counts.getBoundingClientRect().bottom + window.scrollY : null,
  });
})()"""


def _evaluate(b: Browser, sid: str, expr: str):
    res = b.send("Runtime.evaluate", {"expression": expr, "returnByValue": True, "awaitPromise": True}, sid)
    return res.get("result", {}).get("value")


def load_page(b: Browser, sid: str, url: str, wait: float = 25.0) -> tuple[dict, list[dict]]:
    """Navigate, wait for the load event and for every chart to draw (or ``wait`` seconds), let
    re-fits settle, and measure. Returns the measures and the events seen."""
    b.drain()
    b.send("Page.navigate", {"url": url}, sid)
    events: list[dict] = []
    deadline = time.time() + wait
    loaded = False
    while time.time() < deadline and not loaded:
        try:
            ev = b.events.get(timeout=0.5)
        except queue.Empty:
            continue
        events.append(ev)
        loaded = ev.get("method") == "Page.loadEventFired"
    while time.time() < deadline and not _evaluate(b, sid, READY_JS):
        time.sleep(0.05)
    _evaluate(b, sid, SETTLED_JS % 60)  # composed charts are drawn twice while they fit
    measures = json.loads(_evaluate(b, sid, MEASURE_JS))
    events += b.drain()
    return measures, events


def screenshots(b: Browser, sid: str, width: int, height: int, stem: Path) -> list[Path]:
    """The page as the reader scrolls it: screen-sized tiles from the top (the page's own sticky
    header on each), taken with a screen of the tile's height."""
    tile = TILE[width]
    b.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": tile, "deviceScaleFactor": 1, "mobile": width < 600}, sid)
    out = []
    try:
        for i, y in enumerate(range(0, max(height, 1), tile)):
            if i >= MAX_TILES:
                break
            _evaluate(b, sid, f"window.scrollTo(0, {y})")
            _evaluate(b, sid, NEXT_FRAME_JS)  # painted at the new position
            shot = b.send("Page.captureScreenshot", {"format": "png"}, sid)
            path = stem.parent / f"{stem.name}-{width}-{i + 1:02d}.png"
            path.write_bytes(base64.b64decode(shot["data"]))
            out.append(path)
    finally:
        b.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": SCREEN_HEIGHT[width], "deviceScaleFactor": 1, "mobile": width < 600}, sid)
    return out


def page_problems(page: str, width: int, m: dict, events: list[dict], base: str) -> list[str]:
    where = f"{page} @{width}px"
    problems = []
    for c in m["charts"]:
        if not c["drawn"]:
            problems.append(f"{where}: chart {c['id']} did not draw")
        elif c["attrWidth"] > c["box"] + 1.5:
            problems.append(f"{where}: chart {c['id']} drawn {c['attrWidth']:.0f} px wide in a {c['box']:.0f} px column (shrunk or cut)")
        elif c["right"] > m["iw"] + 1.5:
            problems.append(f"{where}: chart {c['id']} reaches {c['right']:.0f} px, past the screen's {m['iw']} px")
    # on a phone the browser widens its layout viewport (innerWidth) to a page that overflows: compare with the screen
    if m["sw"] > min(m["iw"], width) + 1:
        problems.append(f"{where}: page is {m['sw']} px wide on a {width} px screen (widest: {'; '.join(m['wide'])})")
    for head in m.get("scrollers", []):
        problems.append(f"{where}: a table scrolls sideways inside its column (first header: {head!r})")
    if m["warnings"]:
        problems.append(f"{where}: shows a Python warning: {m['warnings'][0]}")
    if m["traceback"]:
        problems.append(f"{where}: shows a traceback or a kernel's temporary path")
    if m["emptyGlue"]:
        problems.append(f"{where}: {m['emptyGlue']} empty glue placeholder(s)")
    if page == "book/intro.html" and width < 600:
        if m["countsBottom"] is None:
            problems.append(f"{where}: no verdict counts (.fc-counts) on the landing page")
        elif m["countsBottom"] > SCREEN_HEIGHT[width]:
            problems.append(f"{where}: verdict counts end at {m['countsBottom']:.0f} px, below the first screen ({SCREEN_HEIGHT[width]} px)")
    for ev in events:
        meth, p = ev.get("method"), ev.get("params", {})
        if meth == "Runtime.consoleAPICalled" and p.get("type") == "error":
            args = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
            problems.append(f"{where}: console error: {args[:200]}")
        elif meth == "Runtime.exceptionThrown":
            problems.append(f"{where}: uncaught exception: {p.get('exceptionDetails', {}).get('text', '')[:200]}")
        elif meth == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            problems.append(f"{where}: browser error: {p['entry'].get('text', '')[:200]} {p['entry'].get('url', '')}")
        elif meth == "Network.requestWillBeSent":
            u = p.get("request", {}).get("url", "")
            if not u.startswith(base) and not u.startswith(("data:", "blob:", "about:", "chrome")):
                problems.append(f"{where}: request outside the local server: {u[:150]}")
    return sorted(set(problems), key=problems.index)


def _set_width(b: Browser, sid: str, width: int) -> None:
    b.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": SCREEN_HEIGHT[width], "deviceScaleFactor": 1, "mobile": width < 600}, sid)


def check_pages(base: str, loads: queue.Queue, shots: Path | None, shot_pages: set[str]) -> list[str]:
    """Take ``(width, page)`` loads from ``loads`` until none is left, each page served at ``base``
    and shown at its width, in a browser of its own."""
    b = Browser()
    problems: list[str] = []
    try:
        target = b.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        sid = b.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            b.send(f"{domain}.enable", {}, sid)
        shown = None
        while True:
            try:
                width, page = loads.get_nowait()
            except queue.Empty:
                break
            if width != shown:
                _set_width(b, sid, width)
                shown = width
            t0 = time.perf_counter()
            m, events = load_page(b, sid, f"{base}/{page}")
            found = page_problems(page, width, m, events, base)
            problems += found
            n = ""
            if shots and page in shot_pages:
                n = f", {len(screenshots(b, sid, width, int(m['height']), shots / page.replace('/', '_').replace('.html', '')))} screenshots"
            drawn = sum(c["drawn"] for c in m["charts"])
            print(
                f"{page} @{width}: {drawn}/{len(m['charts'])} charts drawn, width {m['sw']}/{m['iw']}{n}, {time.perf_counter() - t0:.1f} s, {'OK' if not found else 'FAIL'}",
                flush=True,
            )
    finally:
        b.close()
    return problems


def check_in_browser(root: Path, pages: dict[int, list[str]], shots: Path | None, shot_pages: set[str]) -> list[str]:
    """The pages of each width (``{width: pages}``), in :data:`BROWSERS` browsers working side by
    side (the checks only read the pages), each taking the next load when it is free."""
    httpd, port = serve(root)
    base = f"http://127.0.0.1:{port}"
    loads: queue.Queue = queue.Queue()
    # the book's pages (long, many charts) first, the one-chart pages after: the browsers finish together
    for load in sorted(((w, p) for w in pages for p in pages[w]), key=lambda wp: not wp[1].startswith("book/")):
        loads.put(load)
    try:
        with ThreadPoolExecutor(max_workers=BROWSERS) as pool:
            found = list(pool.map(lambda _: check_pages(base, loads, shots, shot_pages), range(BROWSERS)))
            return [p for per_browser in found for p in per_browser]
    finally:
        httpd.shutdown()


# ------------------------------------------------------------------------------------------------
# Checks on the files
# ------------------------------------------------------------------------------------------------
HREF = re.compile(r'<(?:a|link)\b[^>]*?\bhref="([^"]+)"')
SRC = re.compile(r'<(?:script|img|iframe)\b[^>]*?\bsrc="([^"]+)"')


def broken_links(root: Path) -> list[str]:
    """Internal links (href/src) of every built page that point to a missing file or anchor."""
    problems = []
    ids_cache: dict[Path, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids_cache:
            ids_cache[path] = set(re.findall(r'\bid="([^"]+)"', path.read_text(errors="replace")))
        return ids_cache[path]

    for page in sorted(root.rglob("*.html")):
        if "_static" in page.parts or "_sources" in page.parts:
            continue
        text = page.read_text(errors="replace")
        text = re.sub(r"<textarea\b.*?</textarea>", "", text, flags=re.DOTALL)  # embed snippets are text, not links
        for link in HREF.findall(text) + SRC.findall(text):
            link = htmllib.unescape(link)
            if re.match(r"^[a-z][a-z0-9+.-]*:", link) or link.startswith("//"):
                continue  # external or data: URL (outside requests are caught in the browser)
            target, _, frag = link.partition("#")
            target = target.split("?")[0]
            path = (page.parent / target).resolve() if target else page
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                problems.append(f"{page.relative_to(root)}: broken link {link}")
            elif frag and path.suffix == ".html" and frag not in ids_of(path):
                problems.append(f"{page.relative_to(root)}: missing anchor {link}")
    return problems


def chart_ids(root: Path) -> dict[str, str]:
    """Chart id -> the page that shows it (book pages only)."""
    out = {}
    for page in sorted(root.rglob("*.html")):
        if "charts" in page.relative_to(root).parts[:1]:
            continue
        for cid in re.findall(r'<figure class="fc-chart" id="fig-([^"]+)"', page.read_text(errors="replace")):
            out.setdefault(cid, str(page.relative_to(root)))
    return out


def duplicate_chart_ids(root: Path) -> list[str]:
    """Chart ids must be unique across the site: their files share one ``charts/`` folder."""
    seen: dict[str, str] = {}
    problems = []
    for page in sorted(root.rglob("*.html")):
        if page.relative_to(root).parts[0] == "charts":
            continue
        for cid in re.findall(r'<figure class="fc-chart" id="fig-([^"]+)"', page.read_text(errors="replace")):
            where = str(page.relative_to(root))
            if cid in seen:
                problems.append(f"{where}: chart id {cid!r} already used on {seen[cid]}")
            seen[cid] = where
    return problems


def vega_bundle_problems(root: Path) -> list[str]:
    """A book page that shows a chart must load the vega bundle; one that shows none must not (900 KB)."""
    from flashcrash.sphinxext import BUNDLE, CHART_MARK  # what the build itself decides by

    problems = []
    for page in sorted((root / "book").glob("*.html")):
        text = page.read_text(errors="replace")
        shows, loads = CHART_MARK in text, f"_static/{BUNDLE}" in text
        if shows and not loads:
            problems.append(f"book/{page.name}: shows a chart but does not load the vega bundle")
        elif loads and not shows:
            problems.append(f"book/{page.name}: loads the vega bundle but shows no chart")
    return problems


def missing_claim_anchors(root: Path, claims_file: Path) -> list[str]:
    """Every claim must have its permanent anchor ``ledger.html#<id>`` and, once its chapter is
    written, an anchor of the same id on the chapter's page."""
    import yaml

    doc = yaml.safe_load(claims_file.read_text())
    pages = {c["id"]: root / (c["page"] + ".html") for c in doc["chapters"]}
    ledger = root / "book" / "ledger.html"
    ledger_ids = set(re.findall(r'\bid="([^"]+)"', ledger.read_text())) if ledger.is_file() else set()
    problems = []
    for c in doc["claims"]:
        if c["id"] not in ledger_ids:
            problems.append(f"book/ledger.html: no anchor for claim {c['id']}")
        page = pages[c["chapter"]]
        if page.is_file() and f'id="{c["id"]}"' not in page.read_text():
            problems.append(f"{page.relative_to(root)}: no anchor for claim {c['id']}")
    return problems


def chart_file_problems(root: Path) -> list[str]:
    """Every chart shown on a page has its five published files, a credited SVG and credits naming
    at least one data source."""
    problems = []
    for cid, page in sorted(chart_ids(root).items()):
        folder = root / "charts"
        for ext in ("csv", "svg", "png", "vl.json", "html"):
            if not (folder / f"{cid}.{ext}").is_file():
                problems.append(f"{page}: chart {cid} has no charts/{cid}.{ext}")
        svg = folder / f"{cid}.svg"
        if svg.is_file():
            text = svg.read_text(errors="replace")
            for need, what in (("<title", "a <title>"), ("<desc", "a <desc>"), ("Source: ", "its sources"), ("CC BY 4.0", "its licence")):
                if need not in text:
                    problems.append(f"charts/{cid}.svg: no {what}")
        spec = folder / f"{cid}.vl.json"
        if spec.is_file():
            meta = json.loads(spec.read_text()).get("usermeta") or {}
            if not meta.get("sources"):
                problems.append(f"charts/{cid}: credits name no data source (add it to flashcrash.charts.CREDITS or the chart's usermeta)")
            if not meta.get("subtitle"):
                problems.append(f"charts/{cid}: no subtitle")
        page_html = folder / f"{cid}.html"
        if page_html.is_file() and "../_static/flashcrash-vega.js" not in page_html.read_text():
            problems.append(f"charts/{cid}.html: does not load the vendored vega bundle by relative path")
    return problems


def snake_case_headers(root: Path) -> list[str]:
    """Table headers still in code names on the landing page and the chapter pages."""
    problems = []
    for page in [root / "book" / "intro.html", *sorted((root / "book").glob("0*.html"))]:
        if not page.is_file():
            continue
        heads = [
            htmllib.unescape(re.sub(r"<[^>]+>", "", h)).strip() for h in re.findall(r"<th\b[^>]*>(.*?)</th>", page.read_text(errors="replace"), flags=re.DOTALL)
        ]
        bad = sorted({h for h in heads if SNAKE.match(h)})
        if bad:
            problems.append(f"{page.relative_to(root)}: table headers in code names: {', '.join(bad[:8])}{' …' if len(bad) > 8 else ''}")
    return problems


CLAIM_REVIEW_FIELDS = ("claimReviewed", "itemReviewed", "author", "datePublished", "url", "reviewRating")
RATING_FIELDS = ("alternateName", "ratingValue", "bestRating", "worstRating")


def claim_review_problems(root: Path) -> list[str]:
    """One ClaimReview, with the required fields, per assessed claim, in one JSON-LD script on the
    ledger page; claims.json with version, build date, licence and verdicts in words."""
    problems = []
    cj = root / "claims.json"
    if not cj.is_file():
        return ["claims.json is not published at the site's root"]
    doc = json.loads(cj.read_text())
    for key in ("version", "build_date", "licence"):
        if not doc.get(key):
            problems.append(f"claims.json: no {key}")
    assessed = [c for c in doc.get("claims", []) if c.get("verdict") != "pending"]
    if any(not c.get("verdict_words") for c in doc.get("claims", [])):
        problems.append("claims.json: a claim without its verdict in words")
    ledger = root / "book" / "ledger.html"
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', ledger.read_text(errors="replace"), flags=re.DOTALL) if ledger.is_file() else []
    if len(scripts) != 1:
        return problems + [f"book/ledger.html: {len(scripts)} JSON-LD scripts, expected one"]
    graph = json.loads(scripts[0]).get("@graph", [])
    reviews = {g.get("url", "").rsplit("#", 1)[-1]: g for g in graph if g.get("@type") == "ClaimReview"}
    for c in assessed:
        r = reviews.get(c["id"])
        if r is None:
            problems.append(f"book/ledger.html: no ClaimReview for claim {c['id']}")
            continue
        missing = [f for f in CLAIM_REVIEW_FIELDS if not r.get(f)] + [
            f"reviewRating.{f}" for f in RATING_FIELDS if r.get("reviewRating", {}).get(f) in (None, "")
        ]
        if not (r.get("itemReviewed", {}).get("appearance")):
            missing.append("itemReviewed.appearance")
        if not str(r.get("url", "")).startswith("http"):
            missing.append("absolute url")
        if missing:
            problems.append(f"book/ledger.html: ClaimReview of {c['id']} lacks {', '.join(missing)}")
    if len(reviews) != len(assessed):
        problems.append(f"book/ledger.html: {len(reviews)} ClaimReviews for {len(assessed)} assessed claims")
    if not (root / "claims.jsonld").is_file():
        problems.append("claims.jsonld is not published at the site's root")
    return problems


def datapackage_problems(root: Path) -> list[str]:
    path = root / "datapackage.json"
    if not path.is_file():
        return ["datapackage.json is not published at the site's root"]
    try:
        from frictionless import validate
    except ImportError:
        return ["datapackage.json: cannot validate, the frictionless library is not installed"]
    report = validate(str(path))
    if report.valid:
        return []
    errs = [f"{e.type}: {e.message}"[:300] for task in report.tasks for e in task.errors][:10] + [f"{e.type}: {e.message}"[:300] for e in report.errors][:5]
    return [f"datapackage.json does not validate: {e}" for e in errs] or ["datapackage.json does not validate"]


def static_checks(root: Path, claims_file: Path) -> dict[str, list[str]]:
    """The checks on the built files (no browser): each check's name and the problems it found."""
    return {
        "internal links": broken_links(root),
        "claim anchors": missing_claim_anchors(root, claims_file),
        "chart ids": duplicate_chart_ids(root),
        "chart files": chart_file_problems(root),
        "vega bundle": vega_bundle_problems(root),
        "table headers": snake_case_headers(root),
        "ClaimReview and claims.json": claim_review_problems(root),
        "datapackage.json": datapackage_problems(root),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("site", nargs="?", default="_build/html")
    ap.add_argument("--screenshots", type=Path, help="folder for screenshots (default: <site>/../screenshots)")
    ap.add_argument("--no-shots", action="store_true", help="take no screenshots")
    ap.add_argument("--widths", default=",".join(map(str, WIDTHS)))
    ap.add_argument("--pages", help="only these pages (comma-separated, e.g. book/intro.html)")
    args = ap.parse_args()
    root = Path(args.site).resolve()
    book = sorted(str(p.relative_to(root)) for p in (root / "book").glob("*.html"))
    if not book:
        sys.exit(f"no pages under {root}/book: build the book first")
    standalone = sorted(str(p.relative_to(root)) for p in (root / "charts").glob("*.html"))
    pages = args.pages.split(",") if args.pages else book + standalone
    widths = tuple(int(w) for w in args.widths.split(","))
    shots = None if args.no_shots else (args.screenshots or root.parent / "screenshots")
    if shots:
        shutil.rmtree(shots, ignore_errors=True)
        shots.mkdir(parents=True, exist_ok=True)
    claims_file = Path(__file__).resolve().parents[1] / "data" / "claims.yaml"
    shot_pages = set(pages) if args.pages else set(book)  # standalone chart pages: checked, not photographed
    # named pages at every width; otherwise the standalone chart pages at the narrowest only
    at = {w: pages if args.pages or w == min(widths) else book for w in widths}
    # the checks on the files run beside the browsers (which keep both cores busy only once started)
    with ThreadPoolExecutor(max_workers=1) as pool:
        on_files = pool.submit(static_checks, root, claims_file)
        in_browser = check_in_browser(root, at, shots, shot_pages)
        static = on_files.result()
    for name, found in static.items():
        print(f"{name}: {len(found)} problem(s)")
    problems = [p for found in static.values() for p in found] + in_browser
    for p in problems:
        print("FAIL", p)
    print(
        json.dumps(
            {
                "pages": len(pages),
                "widths": list(widths),
                "loads": sum(map(len, at.values())),
                "problems": len(problems),
                "browser": Path(chromium()).name,
                "screenshots": str(shots) if shots else None,
            }
        )
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
