"""Check the built site as a reader's browser sees it, with no network.

Usage: python scripts/check_site.py [_build/html] [--screenshots DIR]

For every HTML page of the book: serve the site on 127.0.0.1, load the page in headless Chromium,
and fail if
- a chart (``figure.fc-chart``) did not draw (vega's ``svg`` with ``g.marks`` missing),
- a glue placeholder is empty, or a ``{glue:...}`` role was left unrendered,
- the page logged a console error,
- the page requested anything outside the local server (read from Chromium's net log),
- an internal link or anchor of any page points nowhere (checked on the files, offline),
- a claim has no permanent anchor on the ledger page (or on its chapter's page, once written),
- claims.json or claims.csv is missing from the site's root,
- two charts share an id (their published files would overwrite each other).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--enable-logging=stderr", "--v=0",
]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    sys.exit("headless Chromium not found: install it (apt-get install -y chromium)")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # one line per page is printed instead
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    handler = functools.partial(QuietHandler, directory=str(root))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, port


def page_requests(netlog: Path) -> list[str]:
    """URLs the page itself requested, from Chromium's net log. Chromium's own service requests
    (updates, time sync) have no initiating origin ("not an origin") and are not the page's."""
    try:
        log = json.loads(netlog.read_text(errors="replace"))
    except (OSError, json.JSONDecodeError):
        text = netlog.read_text(errors="replace") if netlog.is_file() else ""
        log = json.loads(text.rstrip().rstrip(",") + "]}") if text else {"constants": {"logEventTypes": {}}, "events": []}
    start = log["constants"]["logEventTypes"].get("URL_REQUEST_START_JOB")
    urls = set()
    for e in log["events"]:
        p = e.get("params", {})
        if e.get("type") == start and "url" in p:
            if p.get("initiator") != "not an origin" or p.get("request_type") == "main frame":
                urls.add(p["url"])
    return sorted(urls)


def load(url: str, screenshot: Path | None = None) -> tuple[str, str, list[str]]:
    """DOM after scripts ran, Chromium's log, and every URL the page requested."""
    with tempfile.TemporaryDirectory() as profile:
        netlog = Path(profile) / "net.json"
        args = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--log-net-log={netlog}", "--virtual-time-budget=20000"]
        if screenshot:
            args += ["--window-size=1280,2400", f"--screenshot={screenshot}"]
        else:
            args += ["--dump-dom"]
        proc = subprocess.run([*args, url], capture_output=True, text=True, timeout=180)
        urls = page_requests(netlog)
    return proc.stdout, proc.stderr, urls


def check_page(base: str, page: str, shots: Path | None) -> list[str]:
    url = f"{base}/{page}"
    dom, log, urls = load(url)
    problems = []
    charts = len(re.findall(r'<figure class="fc-chart"', dom))
    drawn = len(re.findall(r'<div class="fc-vis[^"]*"[^>]*>.*?<svg[^>]*class="marks"', dom, flags=re.S))
    if drawn < charts:
        problems.append(f"{page}: {charts - drawn} of {charts} charts did not draw")
    if re.search(r'<span class="pasted-text">\s*</span>', dom):
        problems.append(f"{page}: empty glue placeholder")
    if "{glue:" in dom:
        problems.append(f"{page}: unrendered glue role")
    for line in log.splitlines():
        if "CONSOLE" in line and ("ERROR" in line.upper() or "Uncaught" in line):
            problems.append(f"{page}: console error: {line.strip()[:300]}")
    outside = [u for u in urls if not u.startswith(base) and not u.startswith(("data:", "blob:", "about:", "chrome"))]
    if outside:
        problems.append(f"{page}: requests outside the local server: {outside[:5]}")
    if shots:
        load(url, shots / (page.replace("/", "_").replace(".html", ".png")))
    print(f"{page}: {drawn}/{charts} charts drawn, {len(urls)} requests, {'OK' if not problems else 'FAIL'}")
    return problems


HREF = re.compile(r'<(?:a|link)\b[^>]*?\bhref="([^"]+)"')
SRC = re.compile(r'<(?:script|img)\b[^>]*?\bsrc="([^"]+)"')


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
        for link in HREF.findall(text) + SRC.findall(text):
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


def duplicate_chart_ids(root: Path) -> list[str]:
    """Chart ids must be unique across the site: their files share one ``charts/`` folder."""
    seen: dict[str, str] = {}
    problems = []
    for page in sorted(root.rglob("*.html")):
        for cid in re.findall(r'<figure class="fc-chart" id="fig-([^"]+)"', page.read_text(errors="replace")):
            where = str(page.relative_to(root))
            if cid in seen:
                problems.append(f"{where}: chart id {cid!r} already used on {seen[cid]}")
            seen[cid] = where
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


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("site", nargs="?", default="_build/html")
    ap.add_argument("--screenshots", type=Path)
    args = ap.parse_args()
    root = Path(args.site).resolve()
    pages = sorted(str(p.relative_to(root)) for p in root.rglob("*.html") if not p.name.startswith(("genindex", "search")) and "_static" not in p.parts and "_sources" not in p.parts and p.name != "index.html")
    if not pages:
        sys.exit(f"no pages under {root}: build the book first")
    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)
    problems = broken_links(root)
    print(f"internal links: {len(problems)} broken")
    claims_file = Path(__file__).resolve().parents[1] / "data" / "claims.yaml"
    anchors = missing_claim_anchors(root, claims_file)
    print(f"claim anchors: {len(anchors)} missing")
    problems += anchors + duplicate_chart_ids(root)
    for name in ("claims.json", "claims.csv"):
        if not (root / name).is_file():
            problems.append(f"{name} is not published at the site's root")
    httpd, port = serve(root)
    try:
        problems += [p for page in pages for p in check_page(f"http://127.0.0.1:{port}", page, args.screenshots)]
    finally:
        httpd.shutdown()
    for p in problems:
        print("FAIL", p)
    print(json.dumps({"pages": len(pages), "problems": len(problems)}))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
