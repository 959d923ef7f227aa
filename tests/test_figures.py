"""The chart builders of :mod:`flashcrash.figures` on small hand-built data: every chart builds a valid
Vega-Lite spec with a name, a title and a description, axis titles in words with their units, tooltips
on every mark, and credits; the notebooks build no chart themselves; colours come from the theme."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from flashcrash import charts
from flashcrash.event import CRITERIA, FITS, LABELS, MISSES, NO_DATA
from flashcrash.figures import atlas as FA
from flashcrash.figures import clock as FK
from flashcrash.figures import common, landing, theme
from flashcrash.figures import contagion_macro as FC
from flashcrash.figures import liquidations as FL
from flashcrash.figures import outlook as FO
from flashcrash.figures import support_levels as FS
from flashcrash.figures import which_day as FW
from flashcrash.levels.significance import NULL_PANELS
from flashcrash.macro import PANEL
from flashcrash.scenarios.forecast import MODELS
from tests.test_atlas import _toy_events

ROOT = Path(__file__).resolve().parents[1]
DAY = pd.Timestamp("2025-12-01", tz="UTC")
UTC = "UTC"


# --------------------------------------------------------------------------------------------
# hand-built inputs (a few rows each)
# --------------------------------------------------------------------------------------------
def ohlc(start: str, periods: int, freq: str, base: float = 88_000.0) -> pd.DataFrame:
    idx = pd.date_range(start, periods=periods, freq=freq, tz=UTC, name="time")
    close = base + 500 * np.sin(np.arange(periods) / 7)
    return pd.DataFrame({"open": close + 10, "high": close + 100, "low": close - 100, "close": close, "volume": 1.0}, index=idx)


def element_table() -> pd.DataFrame:
    rows = []
    for i, day in enumerate((DAY, DAY + pd.Timedelta("1D"))):
        for j, el in enumerate(CRITERIA):
            status = (FITS, MISSES, NO_DATA)[(i + j) % 3]
            rows.append(
                {
                    "day": day,
                    "element": el,
                    "label": LABELS[el],
                    "description": CRITERIA[el],
                    "status": status,
                    "measure": "a measure",
                    "score": 5 - i,
                    "resolution": "5min",
                }
            )
    return pd.DataFrame(rows)


def ledger() -> dict:
    claims = [("c1", "which-day", "reproduced"), ("c2", "which-day", "contradicted"), ("c3", "contagion-macro", "partly"), ("c4", "contagion-macro", "pending")]
    return {"claims": [{"id": i, "chapter": ch, "verdict": v} for i, ch, v in claims]}


CHAPTERS = [("which-day", "Which day was it?"), ("contagion-macro", "Contagion, leverage and the macro backdrop")]


def level_tests() -> pd.DataFrame:
    return pd.DataFrame([{"test": t, "bars": b, "rate": 0.3 + 0.1 * i, "p_levels": 0.5} for i, (t, b) in enumerate(NULL_PANELS)])


def null_draws() -> dict:
    return {panel: pd.Series([0.1, 0.2, 0.2, np.nan, 0.9, 1.0]) for panel in NULL_PANELS}


def profile() -> pd.DataFrame:
    lo = np.arange(86_000.0, 90_000.0, 250.0)
    vol = np.arange(len(lo), dtype=float) + 1
    return pd.DataFrame({"lo": lo, "hi": lo + 250, "mid": lo + 125, "volume": vol, "share": vol / vol.sum()})


def crossings() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "level": [87_000.0, 84_000.0],
            "time": [DAY + pd.Timedelta("55min"), DAY + pd.Timedelta("15h40min")],
            "session": ["Asia", "Europe+US"],
            "bar_low": [86_900.0, 83_786.0],
            "depth": [100.0, 214.0],
        }
    )


def touches(outcomes: list[str]) -> pd.DataFrame:
    t = [DAY + pd.Timedelta(days=2 + 3 * i) for i in range(len(outcomes))]
    return pd.DataFrame({"touch": t, "outcome": outcomes, "resolved": [x + pd.Timedelta("2h") for x in t]})


def liquidations() -> pd.DataFrame:
    idx = pd.date_range(DAY, periods=6, freq="1h", tz=UTC, name="time")
    return pd.DataFrame({"long_usd": [5e7, 1e6, 2e6, 0.0, 3e6, 1e6], "short_usd": [1e5, 0.0, 2e5, 1e5, 0.0, 3e5]}, index=idx)


def model_hourly() -> pd.DataFrame:
    idx = pd.date_range(DAY, periods=48, freq="1h", tz=UTC, name="time")
    obs = np.linspace(1e6, 5e6, 48)
    return pd.DataFrame({"long_usd": obs, "short_usd": obs / 10, "model_long": obs * 0.9, "model_short": 0.0}, index=idx)


def shock_curves() -> tuple[pd.DataFrame, pd.DataFrame]:
    shocks = np.array([0.01, 0.02, 0.03])
    curves = pd.concat([pd.DataFrame({"shock": shocks, "amplification": 1.1 + d / 100, "draw": d}) for d in range(5)])
    return curves, pd.DataFrame({"shock": shocks, "amplification": [1.12, 1.11, 1.1]})


def drawdowns() -> pd.DataFrame:
    low_time = DAY + pd.Timedelta("15h45min")
    return pd.DataFrame(
        {"drawdown": [-0.072, -0.091, -0.11], "break_drawdown": [-0.037, -0.053, -0.06], "low_time": [low_time] * 3},
        index=pd.Index(["BTC", "ETH", "XRP"], name="symbol"),
    )


def lead_lag() -> pd.DataFrame:
    return pd.DataFrame([{"symbol": s, "lag": k, "lag_minutes": 5 * k, "corr": 0.8 if k == 0 else 0.01} for s in ("ETH", "XRP") for k in (-1, 0, 1)])


def hourly_by_symbol(col: str, value: float, days: int = 20) -> pd.DataFrame:
    t = pd.date_range(DAY - pd.Timedelta(days=days), periods=days * 24 + 24, freq="1h", tz=UTC)
    return pd.concat([pd.DataFrame({"time": t, "symbol": s, col: value}) for s in ("ETH", "XRP")], ignore_index=True)


def basis() -> pd.DataFrame:
    return hourly_by_symbol("basis", -4e-4).assign(perp=100.0, spot=100.04)


def funding() -> pd.DataFrame:
    t = pd.date_range(pd.Timestamp("2024-01-01", tz=UTC), DAY, freq="1D")
    return pd.concat([pd.DataFrame({"symbol": s, "time": t, "annualised_30d": 0.05}) for s in ("BTC", "ETH")], ignore_index=True)


def macro_panel() -> pd.DataFrame:
    t = pd.date_range(DAY - pd.Timedelta("90D"), DAY + pd.Timedelta("30D"), freq="1D", tz=UTC)
    return pd.concat(
        [pd.DataFrame({"time": t, "series": s, "label": lab, "unit": u, "value": 4.0 + i}) for i, (s, (lab, u)) in enumerate(PANEL.items())], ignore_index=True
    )


def decisions() -> pd.DataFrame:
    return pd.DataFrame({"announced": pd.to_datetime(["2025-10-29", "2025-12-10", "2026-03-18"], utc=True), "change_bp": [-25, -25, 0]})


def crashes() -> pd.DataFrame:
    return pd.DataFrame(
        {"depth": [-0.34, -0.10], "worst_1h": [-0.08, -0.03], "worst_24h": [-0.16, -0.07]}, index=pd.Index(["2022-05 (Terra/LUNA)", "2025-12-01"], name="crash")
    )


def fans() -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    t = pd.date_range("2025-12-09", periods=10, freq="7D", tz=UTC)
    fan = pd.DataFrame({"time": t, "q05": 60e3, "q25": 75e3, "q50": 86e3, "q75": 95e3, "q95": 120e3})
    prices = pd.Series(np.linspace(86e3, 70e3, 60), index=pd.date_range("2025-12-02", periods=60, freq="1D", tz=UTC, name="time"))
    return fan, fan.assign(q05=55e3, q95=130e3), prices


def probs() -> pd.DataFrame:
    ids = ["touch_84k_1m", "above_87k_12m", "inside_3m", "ath_2025"]
    return pd.DataFrame(
        {"description": ids, **{m: [0.5, 0.2, 0.1, 0.02] for m in MODELS}, "outcome": [1.0, np.nan, 0.0, 0.0]}, index=pd.Index(ids, name="event")
    )


def scores() -> pd.DataFrame:
    return pd.DataFrame(
        {"brier": [0.2, 0.3, 0.1], "skill_brier": [-0.1, -0.2, 0.0], "skill_pinball_1m": [-0.05, -0.1, 0.0]}, index=pd.Index(list(MODELS), name="model")
    )


def clock_spans() -> pd.DataFrame:
    s = pd.Timestamp("2025-12-10", tz=UTC)
    return pd.DataFrame(
        {
            "claim": ["c01", "c28"],
            "sentence": ["mid-December", "Fed cutting in 2025"],
            "start": [s, s - pd.Timedelta("300D")],
            "end": [s + pd.Timedelta("11D"), s + pd.Timedelta("21D")],
            "days": [11, 321],
        }
    )


def atlas_spot() -> pd.DataFrame:
    ev = _toy_events()
    spot = ev.assign(market="btc-spot-1h", start=ev["start"] - pd.DateOffset(years=3))
    spot.loc[2, "start"] = ev["start"].iloc[2]
    return spot


#: every figure function, with the name its page gives the chart
CASES = {
    "which-day-path": lambda: FW.event_path_chart(
        ohlc("2025-11-30 12:00", 12 * 36, "5min"), DAY, DAY + pd.Timedelta("55min"), DAY + pd.Timedelta("15h40min"), name="which-day-path"
    ),
    "which-day-elements": lambda: FW.element_grid_chart(element_table(), name="which-day-elements"),
    "landing-verdicts": lambda: landing.verdicts_by_chapter_chart(ledger(), CHAPTERS, name="landing-verdicts"),
    "levels-null": lambda: FS.null_chart(null_draws(), level_tests()),
    "levels-volume-profile": lambda: FS.volume_profile_chart(ohlc("2025-11-01", 24 * 30, "1h"), profile(), 250.0),
    "levels-price-path": lambda: FS.price_path_chart(ohlc("2025-11-30", 3 * 288, "5min"), crossings()),
    "levels-after": lambda: FS.after_chart(ohlc("2025-11-25", 24 * 40, "1h"), touches(["rejection", "break"]), touches(["bounce", "bounce", "break"])),
    "liq-hourly-observed": lambda: FL.hourly_observed_chart(liquidations(), ohlc("2025-12-01", 6, "1h")["close"]),
    "liq-map-before": lambda: FL.liquidation_map_chart(
        pd.DataFrame({"price": [80e3, 85e3, 95e3, 40e3], "side": ["long", "long", "short", "long"], "notional": [1e6, 2e6, 3e6, 9e9]}), 90e3, 250.0
    ),
    "liq-model-vs-observed": lambda: FL.model_vs_observed_chart(model_hourly(), DAY),
    "liq-amplification-band": lambda: FL.amplification_chart(*shock_curves()),
    "cm-drawdowns": lambda: FC.drawdowns_chart(drawdowns()),
    "cm-lead-lag": lambda: FC.lead_lag_chart(lead_lag()),
    "cm-rolling-corr": lambda: FC.rolling_correlation_chart(hourly_by_symbol("corr", 0.8), DAY),
    "cm-basis": lambda: FC.basis_chart(basis(), DAY),
    "cm-funding": lambda: FC.funding_chart(funding(), DAY),
    "cm-macro": lambda: FC.macro_chart(macro_panel(), decisions(), DAY),
    "cm-crashes": lambda: FC.crashes_chart(crashes()),
    "outlook-fan": lambda: FO.fan_chart(*fans(), pd.Timestamp("2025-12-02", tz=UTC), 124_750.0),
    "outlook-probabilities": lambda: FO.probabilities_chart(probs()),
    "outlook-scores": lambda: FO.scores_chart(scores()),
    "clock-timeline": lambda: FK.clock_chart(clock_spans(), name="clock-timeline"),
    "atlas-timeline": lambda: FA.timeline_chart(atlas_spot()),
    "atlas-depth-speed": lambda: FA.depth_speed_chart(_toy_events()),
    "atlas-liquidations": lambda: FA.liquidations_chart(_toy_events()),
    "atlas-cascade-fit": lambda: FA.fit_chart(_toy_events()),
    "atlas-like-2022": lambda: FA.like_2022_chart(atlas_spot()),
}


# --------------------------------------------------------------------------------------------
# walking a spec
# --------------------------------------------------------------------------------------------
def views(node: dict, inherited: dict | None = None):
    """Every leaf view (one with a mark), with the encoding it inherits from its layer parents."""
    enc = {**(inherited or {}), **(node.get("encoding") or {})}
    if "mark" in node:
        yield node, enc
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for child in node.get(key, []):
            yield from views(child, enc if key == "layer" else None)
    if isinstance(node.get("spec"), dict):
        yield from views(node["spec"])


def layer_groups(node: dict):
    """Groups of views that share axes: each layer (with its parent's encoding), each single view."""
    if "layer" in node:
        yield list(views(node))
        return
    if "mark" in node:
        yield list(views(node))
    for key in ("vconcat", "hconcat", "concat"):
        for child in node.get(key, []):
            yield from layer_groups(child)
    if isinstance(node.get("spec"), dict):
        yield from layer_groups(node["spec"])


def axis_titles(spec: dict) -> list[tuple[str, str, object]]:
    """(channel, type, title) of each x and y axis a reader sees: the first explicit title in a group
    of layered views (``None`` when the axis has no title); a missing title is the field's name."""
    out = []
    for group in layer_groups(spec):
        for ch in ("x", "y"):
            defs = [enc[ch] for _, enc in group if isinstance(enc.get(ch), dict) and enc[ch].get("field")]
            if not defs:
                continue
            explicit = [d for d in defs if "title" in d or "title" in (d.get("axis") or {})]
            if any(d.get("axis", {}) is None or (d.get("axis") or {}).get("labels") is False for d in defs):
                continue  # no axis drawn, or an axis shared with the panel beside it
            first = explicit[0] if explicit else defs[0]
            title = first.get("title", (first.get("axis") or {}).get("title", first["field"]))
            out.append((ch, first["type"], title))
    return out


def title_text(title: object) -> str:
    return " ".join(title) if isinstance(title, list) else str(title)


#: How an axis title states its unit: in brackets, after a comma, as a percentage, or a quantity
#: without a unit named as such.
UNIT = re.compile(r"\(|,|%|\b(correlation|probability|number|share|skill|amplification|error|rate)\b", re.IGNORECASE)
FRED_CODES = re.compile(r"\b(DGS2|DGS10|EFFR|VIXCLS|DTWEXBGS)\b")


@functools.cache
def _built(case: str) -> str:
    """The spec of ``CASES[case]`` as JSON, built and validated once per test process (several tests
    read the same chart; altair's composition and validation take up to 0.5 s a chart)."""
    return json.dumps(CASES[case]().to_dict())  # altair validates the spec against the Vega-Lite schema


def built(case: str) -> dict:
    """A fresh copy of the built spec of ``case``: a test may change it."""
    return json.loads(_built(case))


# --------------------------------------------------------------------------------------------
# every figure function
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", list(CASES))
def test_figure_builds_a_titled_credited_chart_with_units_and_tooltips(case):
    spec = built(case)
    assert spec["name"] == case
    assert charts.title_text(spec) and spec["description"]
    credit = charts.credits(spec)
    assert credit["subtitle"] and credit["sources"], f"{case}: no credits (flashcrash.charts.CREDITS or usermeta)"
    titles = axis_titles(spec)
    assert titles, case
    for ch, kind, title in titles:
        if title is None:
            assert kind in ("nominal", "ordinal"), f"{case}: the {kind} {ch} axis has no title"
            continue
        text = title_text(title)
        assert "_" not in text and not FRED_CODES.search(text), f"{case}: {ch} axis titled with a code name: {text!r}"
        if kind in ("quantitative", "temporal"):
            assert UNIT.search(text), f"{case}: {ch} axis title states no unit: {text!r}"
    for view, enc in views(spec):
        assert "tooltip" in enc or (isinstance(view["mark"], dict) and view["mark"].get("tooltip")), f"{case}: a {view['mark']} mark has no tooltip"


def test_axis_titles_are_read_through_layers():
    spec = built("which-day-path")
    assert ("y", "quantitative", "BTC perpetual price (USD)") in axis_titles(spec)
    assert ("x", "temporal", "Time (UTC)") in axis_titles(spec)


def test_every_published_chart_is_tested_here():
    """Each chart named in the credits table has a case above (a new chart gets a test and credits)."""
    assert set(charts.CREDITS) - {"landing-event-path"} <= set(CASES)


# --------------------------------------------------------------------------------------------
# what the issue asked of particular charts
# --------------------------------------------------------------------------------------------
def test_macro_panels_share_one_time_axis_and_name_their_series_in_words():
    spec = built("cm-macro")
    assert spec["resolve"]["scale"]["x"] == "shared"
    panels = spec["vconcat"]
    domains = {json.dumps(v["encoding"]["x"]["scale"]["domain"]) for p in panels for v in p["layer"]}
    assert len(panels) == len(PANEL) and len(domains) == 1
    y_titles = [" ".join(p["layer"][0]["encoding"]["y"]["title"]) for p in panels]
    assert y_titles == [theme.label(s) for s in PANEL]
    assert "2-year Treasury yield, %" in y_titles and "VIX, index points" in y_titles
    extents = {(p["layer"][0]["encoding"]["y"]["axis"]["minExtent"], p["layer"][0]["encoding"]["y"]["axis"]["maxExtent"]) for p in panels}
    assert extents == {(theme.Y_AXIS_EXTENT, theme.Y_AXIS_EXTENT)}  # plots start at the same x


def test_macro_markers_are_the_crash_day_and_the_cuts_in_range():
    m = FC.macro_markers(decisions(), DAY, DAY - pd.Timedelta("90D"), DAY + pd.Timedelta("30D"))
    assert list(m["label"]) == ["crash day (2025-12-01)", "FOMC cut 25 bp (2025-10-29)", "FOMC cut 25 bp (2025-12-10)"]


def test_outlook_probabilities_in_percent_and_events_in_words():
    spec = built("outlook-probabilities")
    x = spec["layer"][0]["encoding"]["x"]
    assert x["title"] == "Probability" and x["axis"]["format"] == theme.PERCENT_AXIS
    assert FO.event_label("touch_84k_3m") == "Open at or below $84k within 3 months"
    assert FO.event_label("above_87k_1m") == "Open at or above $87k within 1 month"
    assert FO.event_label("inside_3m") == "All opens in $84k-$87k for 3 months"
    assert FO.event_label("ath_2025") == "New all-time high in 2025"
    assert FO.score_label("pinball_6m") == "Pinball loss, 6 months"
    axis = {r["axis"] for r in spec["datasets"][spec["layer"][0]["data"]["name"]]}
    assert "Open at or below $84k|within 1 month" in axis and not any("_" in a for a in axis)


def test_landing_chapter_names_wrap_instead_of_being_cut():
    spec = built("landing-verdicts")
    y = spec["encoding"]["y"]
    assert y["axis"]["labelLimit"] == 0 and "split" in y["axis"]["labelExpr"]
    assert common.wrap_words("Contagion, leverage and the macro backdrop", landing.LINE_CHARS) == ["Contagion, leverage", "and the macro backdrop"]
    assert all(len(line) <= landing.LINE_CHARS for line in common.wrap_words("Which day was it?", landing.LINE_CHARS))
    with pytest.raises(ValueError, match="not in the chapter list"):
        landing.verdicts_by_chapter_data(ledger(), CHAPTERS[:1])


def test_the_verdict_legend_shows_pending_only_while_a_claim_is_pending():
    words = ["Reproduced", "Partly reproduced", "Contradicted", "Not checkable"]
    assert built("landing-verdicts")["encoding"]["color"]["scale"]["domain"] == [*words, "Pending"]  # c4 is pending
    done = {"claims": [r for r in ledger()["claims"] if r["verdict"] != "pending"]}
    scale = landing.verdicts_by_chapter_chart(done, CHAPTERS, name="landing-verdicts").to_dict()["encoding"]["color"]["scale"]
    assert scale["domain"] == words and len(scale["range"]) == 4


def test_element_grid_names_bars_in_words():
    data = FW.element_grid_data(element_table())
    assert set(data["bars"]) == {"5-minute"} and set(data["column"]) == {"2025-12-01 (5)", "2025-12-02 (4)"}


def test_null_histograms_hand_computed():
    h = FS.null_histograms({NULL_PANELS[0]: pd.Series([0.05, 0.15, 0.15, np.nan, 1.0])}, level_tests())
    assert list(h["levels"]) == [1, 2, 0, 0, 0, 0, 0, 0, 0, 1]  # NaN dropped, 1.0 in the last bin
    assert h["share"].sum() == pytest.approx(1.0) and h["test"].iloc[0] == "$87k support before, 15-minute bars"
    with pytest.raises(ValueError, match="no observed rate"):
        FS.null_histograms({("nowhere", "1h"): pd.Series([0.5])}, level_tests())


def test_session_spans_clip_to_the_window():
    spans = FS.session_spans(DAY, DAY + pd.Timedelta("10h"))
    assert list(spans["session"]) == ["Asia", "Europe"]  # Tokyo 00:00-08:00 UTC, London from 08:00 UTC in winter
    assert spans["start"].iloc[0] == DAY and spans["end"].iloc[1] == DAY + pd.Timedelta("10h")


def test_model_vs_observed_marks_the_fitted_day():
    d = FL.model_vs_observed_data(model_hourly(), DAY)
    assert set(d["day"]) == {"2025-12-01 (fitted)", "2025-12-02 (out of sample)"}
    assert d.loc[(d["series"] == "observed") & (d["hour"] == 0), "musd"].iloc[0] == pytest.approx(1.1)


def test_amplification_band_quantiles():
    curves, central = shock_curves()
    b = FL.amplification_band(curves, central)
    assert list(b["shock_pct"]) == pytest.approx([1.0, 2.0, 3.0])
    assert b["lo"].iloc[0] == pytest.approx(1.102) and b["hi"].iloc[0] == pytest.approx(1.138)  # 5 % and 95 % of 1.10..1.14


def test_funding_baseline_is_the_default_rate_annualised():
    spec = built("cm-funding")
    rows = [r for rows in spec["datasets"].values() for r in rows if "y" in r]
    assert rows[0]["y"] == pytest.approx(10.95)  # 0.01 % per 8 h, 3 times a day, 365 days


@pytest.mark.parametrize(
    ("builder", "bad"),
    [
        (lambda df: FL.hourly_observed_chart(df, pd.Series(dtype=float)), pd.DataFrame({"long_usd": [1.0]})),
        (FC.drawdowns_chart, pd.DataFrame({"drawdown": [-0.1]})),
        (FC.crashes_chart, pd.DataFrame({"depth": [-0.1]})),
        (lambda df: FS.price_path_chart(df, crossings()), pd.DataFrame({"close": [1.0]})),
    ],
)
def test_missing_columns_are_named(builder, bad):
    with pytest.raises(ValueError, match="lacks"):
        builder(bad)


# --------------------------------------------------------------------------------------------
# one source of colours; no chart built in a notebook
# --------------------------------------------------------------------------------------------
def test_colours_come_from_the_theme():
    hexes = re.compile(r"#[0-9a-fA-F]{6}\b")
    for path in (ROOT / "src" / "flashcrash" / "figures").glob("*.py"):
        if path.name != "theme.py":
            assert not hexes.search(path.read_text()), f"{path.name} writes a colour of its own: use flashcrash.figures.theme"
    from flashcrash.notebook import BADGE

    assert {v: c for v, (_, c) in BADGE.items()} == theme.VERDICT_COLOURS
    assert set(theme.SESSION_COLOURS) == set(FS.SESSIONS)


def test_theme_registers_and_enables():
    import altair as alt

    theme.register()
    assert alt.theme.active == theme.NAME
    assert theme.config()["config"]["range"]["category"] == theme.CATEGORY


def test_labels_replace_code_names():
    assert theme.label("DGS2") == "2-year Treasury yield, %"
    assert theme.label("total_musd") == "Total liquidated, $M"  # the table labels
    assert theme.label("fhs_regime") == "FHS, Fed regime"


def test_no_chart_is_built_in_a_notebook():
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            for pattern in ("alt.Chart(", ".encode(", "import altair", "alt.layer(", "alt.vconcat(", "alt.hconcat("):
                assert pattern not in source, f"{path.name}: a cell builds a chart ({pattern}); move it to flashcrash.figures"


def test_figures_never_import_the_publishing_layer():
    """charts/publish/pages/notebook render and publish what figures build: the dependency runs one way."""
    banned = re.compile(r"^\s*(from|import)\s+flashcrash(\.|\s+import\s+)(charts|publish|pages|notebook|sphinxext)\b", re.MULTILINE)
    for path in (ROOT / "src" / "flashcrash" / "figures").glob("*.py"):
        assert not banned.search(path.read_text()), f"{path.name} imports the publishing layer"


# --------------------------------------------------------------------------------------------
# the figures behind a verdict, in words
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("first_bar_below_87k", "First bar below $87k"),
        ("bounce_rate_15m", "Bounce rate, 15-minute bars"),
        ("p_random_levels_1h", "P-value, random levels, hourly bars"),
        ("p_touch_84k_3m_random_walk", "Probability: touch $84k, 3 months, random walk"),
        ("p_ath_2025_fhs", "Probability: all-time high 2025, FHS"),
        ("btc_share_of_600m_low", "BTC share of $600M low"),
        ("prior_24h_share_closes_87k_90k", "Prior 24 h share closes $87k-$90k"),
        ("share_above_87k_to_2026_01_29", "Share above $87k to 2026-01-29"),
        ("mid_december_lowest_price", "Mid-December lowest price"),
        ("total_musd", "Total liquidated, $M"),  # the table labels
        ("reported_1h_usd_2025-12-01_r04_1h", "Reported liquidations in one hour for 2025-12-01 (report r04, 1h)"),
        ("days_15min", "Days, 15-minute bars"),
    ],
)
def test_figure_names_in_words(name, words):
    from flashcrash.wording import figure_label

    assert figure_label(name) == words


@pytest.mark.parametrize(
    ("value", "unit", "name", "text"),
    [
        (0.806, "fraction", "long_share", "80.6%"),
        (0.6889, "fraction", "p_random_levels_15m", "0.69"),
        (0.26, "fraction per year", "vol", "26.0% a year"),
        ("2025-12-01T00:55:00Z", "UTC", "t", "2025-12-01 00:55 UTC"),
        ("2025-12-01T00:00:00Z", "UTC", "d", "2025-12-01"),
        (90320.5, "USD", "day_open", "90,320 USD"),
        (-3.3678, "bp", "b", "-3.368 basis points"),
        (3.47, "percent", "y", "3.47%"),
        (1, "bounces", "bounces_15m", "1 bounce"),
        (2, "bounces", "bounces_15m", "2 bounces"),
        (0.000644, "traders per USD", "c", "644 traders per million USD"),
        (1.151, "ratio", "amplification", "1.151 times"),
        (None, "USD", "x", "no data"),
        (True, "", "x", "yes"),
    ],
)
def test_figure_values_with_units_in_words(value, unit, name, text):
    from flashcrash.wording import figure_text

    assert figure_text(value, unit, name) == text


def test_verdict_block_shows_words_not_code_names():
    from flashcrash.claims import Assessment, Claim, Figure
    from flashcrash.notebook import verdict_block
    from flashcrash.rules.base import REPRODUCED, Ruling

    claim = Claim(id="c99", statement="A statement.", excerpt="an excerpt", chapter="which-day")
    ruling = Ruling(verdict=REPRODUCED, kind="threshold", text="a rule")
    html = verdict_block(claim, Assessment(ruling, "Evidence.", [Figure("total_musd", 161.7, "USD"), Figure("bounce_rate_15m", 0.5, "fraction")])).data
    assert "Total liquidated, $M: 162 USD" in html and "Bounce rate, 15-minute bars: 50.0%" in html
    assert "<code>total_musd</code>" not in html and 'title="total_musd"' in html
