"""Contemporaneous reports (data/reported.yaml): schema, timestamps, vocabulary, bad files."""

import textwrap

import pandas as pd
import pytest
import yaml

from flashcrash import reported as R
from tests.conftest import ROOT

GOOD = {
    "id": "r01-test",
    "outlet": "Test Outlet",
    "title": "Bitcoin falls",
    "url": "https://example.org/a",
    "published": "2025-12-01T06:45:00Z",
    "published_precision": "as_of",
    "about_day": "2025-12-01",
    "figures": [
        {"name": "liquidations_24h_long", "value": 600, "unit": "USD", "qualifier": "about", "window": "24h", "covers": "CoinGlass"},
        {"name": "liquidations_24h_short", "value": 200, "unit": "USD", "qualifier": "about", "window": "24h", "covers": "CoinGlass"},
    ],
    "claims": ["c12-24h-820m"],
}


def write(tmp_path, reports) -> "pd.Path":
    p = tmp_path / "reported.yaml"
    p.write_text(yaml.safe_dump({"reports": reports}, sort_keys=False), encoding="utf-8")
    return p


def with_(**changes) -> dict:
    r = {**GOOD, **changes}
    return {k: v for k, v in r.items() if v is not ...}


def claim_ids() -> set[str]:
    return {c["id"] for c in yaml.safe_load((ROOT / "data" / "claims.yaml").read_text(encoding="utf-8"))["claims"]}


# --- the real file ------------------------------------------------------------------------------
def test_real_file_loads_with_known_claims_and_unique_ids():
    reps = R.load_reports(claim_ids=claim_ids())
    assert len(reps) >= 30
    assert len({r.id for r in reps}) == len(reps)
    assert len({r.id[:3] for r in reps}) == len(reps)


def test_real_file_timestamps_are_utc_and_plausible():
    for r in R.load_reports():
        assert str(r.published.tz) == "UTC", r.id
        if not r.time_known:
            assert r.published == r.published.normalize(), r.id  # a date only: no invented time of day
        # a report is written from the day before its event (an announced launch) to a few days after,
        # unless it says it looks back
        lag = (r.published.normalize() - r.about_day).days
        assert -1 <= lag and (lag <= 3 or r.retrospective), (r.id, lag)
        for f in r.figures:
            if f.window_end is not None:
                assert str(f.window_end.tz) == "UTC"
                assert f.window_end <= r.published + pd.Timedelta(days=1), (r.id, f.name)


def test_real_file_key_figures_as_transcribed():
    reps = {r.id: r for r in R.load_reports()}
    ask = reps["r01-askcrypto-dec01"]
    assert ask.published == pd.Timestamp("2025-12-01 06:45", tz="UTC")
    assert ask.figure("liquidations_24h_total").value == 640e6
    st = reps["r08-stocktwits-dec01"]
    assert st.published == pd.Timestamp("2025-12-01 17:13", tz="UTC")  # 12:13 PM EST
    assert st.figure("traders_liquidated_24h").value == 260_609
    assert R.long_share(st) == pytest.approx(864 / 939)
    etf = reps["r35-coindesk-eth-etf-day1"].figure("eth_spot_etf_first_trading_day")
    assert etf.unit == "UTC" and etf.value == pd.Timestamp("2024-07-23", tz="UTC")


def test_figures_table_filters_by_claim():
    reps = R.load_reports()
    t = R.figures_table(reps, claim="c13-220k-traders")
    assert not t.empty
    assert set(t["report"]) == {r.id for r in reps if "c13-220k-traders" in r.claims}
    assert list(R.figures_table([], claim="x").columns)[:3] == ["report", "outlet", "url"]


# --- hand-built reports ---------------------------------------------------------------------------
def test_good_report_parses(tmp_path):
    (r,) = R.load_reports(write(tmp_path, [GOOD]))
    assert r.published == pd.Timestamp("2025-12-01 06:45", tz="UTC") and r.time_known
    assert r.about_day == pd.Timestamp("2025-12-01", tz="UTC")
    assert R.long_share(r) == pytest.approx(0.75)  # 600 / (600 + 200)
    with pytest.raises(KeyError, match="has no figure"):
        r.figure("nope")


def test_offsets_are_converted_to_utc(tmp_path):
    (r,) = R.load_reports(write(tmp_path, [with_(published="2025-12-01T12:13:00-05:00", published_precision="minute")]))
    assert r.published == pd.Timestamp("2025-12-01 17:13", tz="UTC")


def test_long_share_from_total_and_none_when_absent():
    fig = R.ReportedFigure
    rep = R.parse_report(GOOD)
    total_only = rep.__class__(
        **{
            **rep.__dict__,
            "figures": (fig("liquidations_24h_long", 90.0, "USD", "exact", "24h", "x"), fig("liquidations_24h_total", 100.0, "USD", "exact", "24h", "x")),
        }
    )
    assert R.long_share(total_only) == pytest.approx(0.9)
    nothing = rep.__class__(**{**rep.__dict__, "figures": (fig("btc_low", 84000.0, "USD", "exact", "point", "x"),)})
    assert R.long_share(nothing) is None
    event = rep.__class__(
        **{
            **rep.__dict__,
            "figures": (fig("liquidations_long", 568.0, "USD", "nearly", "event", "x"), fig("liquidations_total", 637.0, "USD", "exact", "event", "x")),
        }
    )
    assert R.long_share(event) == pytest.approx(568 / 637)
    assert R.long_share(event, window="24h") is None


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (with_(url=...), r"missing required field\(s\) \['url'\]"),
        (with_(published="2025-12-01T06:45:00"), "has no time zone"),
        (with_(published="2025-12-01", published_precision="minute"), "has no time zone"),
        (with_(published="2025-12-01T06:45:00Z", published_precision="date"), "is not a date"),
        (with_(published="2025-12-01", published_precision="inferred"), "needs a published_note"),
        (with_(published_precision="roughly"), "published_precision 'roughly'"),
        (with_(id="report-1"), "id must look like"),
        (with_(url="www.example.org"), "not an http"),
        (with_(claims=[]), "claims must be a non-empty list"),
        (with_(claims=["12-x"]), "do not look like"),
        (with_(colour="red"), r"unknown field\(s\) \['colour'\]"),
        (with_(retrospective="yes"), "retrospective must be true or false"),
        (with_(figures=[{**GOOD["figures"][0], "unit": "dollars"}]), "unit 'dollars' is not one of"),
        (with_(figures=[{**GOOD["figures"][0], "window": "week"}]), "window 'week'"),
        (with_(figures=[{**GOOD["figures"][0], "qualifier": "roughly"}]), "qualifier 'roughly'"),
        (with_(figures=[{**GOOD["figures"][0], "unit": "fraction", "value": 90}]), r"must lie in \[0, 1\]"),
        (with_(figures=[{**GOOD["figures"][0], "value": "lots"}]), "must be a number"),
        (with_(figures=[{**GOOD["figures"][0], "unit": "traders", "value": -5}]), "cannot be negative"),
        (with_(figures=[GOOD["figures"][0], GOOD["figures"][0]]), "duplicate figure names"),
        (with_(figures=[{**GOOD["figures"][0], "window_end": "2025-12-01 06:45"}]), "has no time zone"),
        (with_(figures=[]), "figures must be a non-empty list"),
    ],
)
def test_bad_report_is_refused_with_a_clear_error(tmp_path, bad, message):
    with pytest.raises(R.ReportError, match=message):
        R.load_reports(write(tmp_path, [bad]))


def test_unquoted_yaml_date_is_refused_with_a_hint(tmp_path):
    p = tmp_path / "reported.yaml"
    text = yaml.safe_dump({"reports": [GOOD]}, sort_keys=False).replace("about_day: '2025-12-01'", "about_day: 2025-12-01")
    p.write_text(text, encoding="utf-8")
    with pytest.raises(R.ReportError, match="quoted string"):
        R.load_reports(p)


def test_duplicate_ids_and_numbers_are_refused(tmp_path):
    with pytest.raises(R.ReportError, match="used twice"):
        R.load_reports(write(tmp_path, [GOOD, GOOD]))
    with pytest.raises(R.ReportError, match="used twice"):
        R.load_reports(write(tmp_path, [GOOD, with_(id="r01-other")]))


def test_unknown_claim_is_refused_when_claims_are_given(tmp_path):
    p = write(tmp_path, [GOOD])
    assert R.load_reports(p, claim_ids={"c12-24h-820m"})
    with pytest.raises(R.ReportError, match="unknown claim"):
        R.load_reports(p, claim_ids={"c13-220k-traders"})


def test_not_a_reports_file_is_refused(tmp_path):
    p = tmp_path / "reported.yaml"
    p.write_text("claims: []\n", encoding="utf-8")
    with pytest.raises(R.ReportError, match="top-level 'reports:'"):
        R.load_reports(p)
    p.write_text(textwrap.dedent("reports: [\n  - a\n"), encoding="utf-8")
    with pytest.raises(R.ReportError, match="not valid YAML"):
        R.load_reports(p)


def test_reports_are_parsed_once_until_the_file_changes(tmp_path):
    p = write(tmp_path, [GOOD])
    a, b = R.load_reports(p), R.load_reports(p)
    assert a == b and a is not b and a[0] is b[0]  # a new list of the same parsed reports
    a.clear()
    assert len(R.load_reports(p)) == 1  # a caller's change to its list does not reach the next caller
    write(tmp_path, [GOOD, with_(id="r02-other")])  # the file changes: it is read again
    assert [r.id for r in R.load_reports(p)] == [GOOD["id"], "r02-other"]
