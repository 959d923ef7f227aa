"""Checks on the real data (mirror) and the stored reports: the book, the fit, the coverage model, the
chapter's measures object, the numbers its text quotes and the published verdicts of the chapter."""

import dataclasses
import json
import pickle
import re

import numpy as np
import pandas as pd
import pytest

from flashcrash import data
from flashcrash.article import EVENT_DAY
from flashcrash.claims import Assessment
from flashcrash.errors import NaiveTimestampError
from flashcrash.liquidation import book as bk
from flashcrash.liquidation import calibrate as cal
from flashcrash.liquidation import cascade as cs
from flashcrash.liquidation import claims as la
from flashcrash.liquidation import display as LD
from flashcrash.liquidation import measures as LM
from flashcrash.liquidation import observed as ob
from flashcrash.liquidation.prose import glue_values
from flashcrash.rules.base import MARKET_DATA, MODEL, REPORTS
from tests.conftest import ROOT

pytestmark = pytest.mark.data

#: The chapter's published verdicts (changes are recorded in data/changes.yaml).
PUBLISHED = {
    "c10-worst-hour-600m": "contradicted",
    "c11-btc-majority": "not_checkable",
    "c12-24h-820m": "reproduced",
    "c13-220k-traders": "reproduced",
    "c14-long-share": "partly",
    "c15-rmb-conversion": "reproduced",
    "c16-cascade": "partly",
    "c17-headline-800m-hour": "contradicted",
    "c48-leverage-lurking": "partly",
    "c49-first-batch-larger": "reproduced",
    "c51-fuse-then-fuel": "partly",
    "c52-large-deleveraging": "reproduced",
}


@pytest.fixture(scope="module")
def measured():
    return LM.chapter_measures()  # what the page shows (the results cache's entry, when the build has computed it)


@pytest.fixture(scope="module")
def assessed(measured):
    return la.assess(measured)


def test_observed_worst_hour_and_long_share(measured):
    ls = measured.long_shares
    pd.testing.assert_frame_equal(ls, ob.long_shares(data.liquidations_1h(), LM.CANDIDATE_DAYS))
    ev = ls.loc[EVENT_DAY]
    assert ev["worst_hour"] == pd.Timestamp("2025-12-01 00:00", tz="UTC")
    assert ev["worst_hour_usd"] == pytest.approx(54_127_283.34, rel=1e-9)
    assert ev["total_usd"] == pytest.approx(161_665_673.77, rel=1e-9)
    assert ev["worst_hour_long_share"] == pytest.approx(0.98521, abs=1e-5) and ev["long_share"] == pytest.approx(0.80558, abs=1e-5)


def test_book_is_scaled_and_survivors_only():
    p = bk.BookParams(long_usd=3e9, short_usd=1e9)
    b = bk.build(EVENT_DAY, p)
    assert b.loc[b.side == 1, "notional"].sum() == pytest.approx(3e9)
    assert b.loc[b.side == -1, "notional"].sum() == pytest.approx(1e9)
    p0 = float(cal.day_bars(EVENT_DAY)["open"].iloc[0])
    assert (b.loc[b.side == 1, "lp"] < p0 * 1.01).all()  # longs above the price would be liquidated already
    with pytest.raises(NaiveTimestampError):
        bk.build(pd.Timestamp("2025-12-01"), p)


def test_fit_pinned():
    f = cal.event_fit()
    assert f.params.median_leverage == 25.26
    assert f.params.long_usd == pytest.approx(216_275_799.2, rel=1e-6) and f.params.short_usd == 0.0
    assert f.correlation == pytest.approx(0.96368, abs=1e-5) and f.total_error == pytest.approx(-0.35700, abs=1e-5)
    sigma, volume = cal.depth(EVENT_DAY)
    assert sigma == pytest.approx(0.0225271, rel=1e-5) and volume == pytest.approx(1.14629e10, rel=1e-5)


def test_amplification_band_pinned():
    band = cal.amplification_band()
    assert band["factor"] == pytest.approx(1.151426, rel=1e-6)
    assert band["factor_lo"] == pytest.approx(1.133221, rel=1e-6) and band["factor_hi"] == pytest.approx(1.203727, rel=1e-6)
    assert band["exogenous_low"] == pytest.approx(84_648.81, rel=1e-7) and band["observed_low"] == 83_786.0
    assert band["forward_low"] == pytest.approx(band["observed_low"], rel=1e-3) and band["y"] == 1.0


def test_validation_days_pinned():
    v = cal.validate(cal.event_fit().params)
    assert list(v.index) == list(cal.VALIDATION_DAYS)
    assert v.loc[pd.Timestamp("2025-12-15", tz="UTC"), "total_error"] == pytest.approx(-0.082658, abs=1e-6)
    assert v.loc[pd.Timestamp("2026-01-29", tz="UTC"), "total_error"] == pytest.approx(-0.086222, abs=1e-6)


def test_coverage_from_other_days_reports():
    rep = la.reports()
    s, t = rep.usd_scale, rep.trader_scale
    assert (s.n, t.n) == (11, 6)
    assert s.low == pytest.approx(1.45e9 / 482_740_770.28, rel=1e-6) and s.high == pytest.approx(15.8365, rel=1e-4)
    assert t.low * 1e6 == pytest.approx(644.24, rel=1e-4) and t.high * 1e6 == pytest.approx(4_590.67, rel=1e-4)
    # no report of the event day calibrates its own estimate
    used = rep.total[rep.total["ratio"].notna() & (rep.total["about_day"] != EVENT_DAY)]
    assert len(used) == s.n and (used["about_day"] != EVENT_DAY).all()
    assert ob.max_hour_share(data.liquidations_1h()) == (pytest.approx(0.919370, abs=1e-6), 179)
    assert ob.break_time(cal.day_bars(EVENT_DAY)) == pd.Timestamp("2025-12-01 00:55", tz="UTC")


def test_assess_covers_chapter_claims_and_pins_published_verdicts(assessed):
    from flashcrash.claims import load_claims

    got = la.assess()  # the ledger's way: measures of the crash day computed inside
    assert {k: (a.verdict, a.evidence) for k, a in got.items()} == {k: (a.verdict, a.evidence) for k, a in assessed.items()}
    mine = {c.id for c in load_claims() if c.chapter == "liquidations"}
    assert set(got) == mine == set(PUBLISHED)
    assert {cid: a.verdict for cid, a in got.items()} == PUBLISHED
    assert all(isinstance(a, Assessment) and a.ruling.text for a in got.values())
    assert got["c12-24h-820m"].ruling.basis == (REPORTS,) and got["c16-cascade"].ruling.basis == (MARKET_DATA, MODEL)


def test_reported_figures_carried_for_the_amount_claims(assessed):
    got = assessed
    for cid, prefix, n_event in (
        ("c10-worst-hour-600m", "reported_1h_usd_2025-12-01_", 3),
        ("c12-24h-820m", "reported_usd_2025-12-01_", 10),
        ("c13-220k-traders", "reported_traders_2025-12-01_", 4),
    ):
        names = [f.name for f in got[cid].figures]
        assert sum(n.startswith(prefix) for n in names) == n_event, cid
        assert {"estimate_low", "estimate_high", "coverage_ratio_low", "coverage_ratio_high"} <= set(names), cid
        figs = {f.name: f.value for f in got[cid].figures}
        assert 0 < figs["estimate_low"] < figs["estimate_high"]
    # figures the landing page reads
    c10 = {f.name: f.value for f in got["c10-worst-hour-600m"].figures}
    assert c10["coverage_ratio_needed"] == pytest.approx(600e6 / 54_127_283.34, rel=1e-9)
    assert {f.name: f.value for f in got["c12-24h-820m"].figures}["coverage_ratio_needed"] == pytest.approx(820e6 / 161_665_673.77, rel=1e-9)
    c13 = {f.name: f.value for f in got["c13-220k-traders"].figures}
    assert c13["reported_traders_2025-12-01_r07_event"] == 220_000.0
    assert c13["estimate_low"] == pytest.approx(104_151, rel=1e-4) and c13["estimate_high"] == pytest.approx(742_154, rel=1e-4)


def test_event_day_agrees_with_event_chapter():
    from flashcrash import event

    assert EVENT_DAY == event.event_day()
    cands = set(event.candidate_days())
    assert set(la.CANDIDATE_DAYS) <= cands


def test_event_day_results_do_not_depend_on_the_grid(monkeypatch):
    # the published amplification comes out bit-identical whether the calibrated book is binned on a
    # dense grid of ticks (as before the grid was sized to the data) or by distinct prices
    params = cal.event_fit().params
    got = {}
    for name, per_position in (("dense", 10**9), ("sized", cs.DENSE_BINS_PER_POSITION)):
        monkeypatch.setattr(cs, "DENSE_BINS_PER_POSITION", per_position)
        got[name] = cal.amplification(EVENT_DAY, params)
    d, s = got["dense"], got["sized"]
    assert (d.factor, d.exogenous_low, d.forward_low) == (s.factor, s.exogenous_low, s.forward_low)
    assert np.array_equal(d.path.to_numpy(), s.path.to_numpy())
    assert 1.0 < s.factor < 3.0


def test_order_of_the_hours_claims_carry_their_measures(assessed):
    got = assessed
    f = {
        cid: {x.name: x.value for x in got[cid].figures}
        for cid in ("c48-leverage-lurking", "c49-first-batch-larger", "c51-fuse-then-fuel", "c52-large-deleveraging")
    }
    assert f["c48-leverage-lurking"]["long_share_break_hour_and_3_after"] == pytest.approx(0.9699550, rel=1e-6)
    assert f["c48-leverage-lurking"]["btc_funding_30d_percentile"] == pytest.approx(0.3297683, rel=1e-6)
    assert f["c48-leverage-lurking"]["open_interest_first_hour"] == pd.Timestamp("2025-12-04 06:00", tz="UTC")  # after the event day: no build-up measurable
    assert f["c49-first-batch-larger"]["first_batch_hour"] == pd.Timestamp("2025-11-30 23:00", tz="UTC")
    assert f["c49-first-batch-larger"]["peak_over_first_batch"] == pytest.approx(10.4573509, rel=1e-6)
    assert f["c51-fuse-then-fuel"]["hours_fall_to_peak"] == 0.0 and f["c51-fuse-then-fuel"]["hour_before_fall_long_usd"] == pytest.approx(5_099_457.8111)
    assert f["c51-fuse-then-fuel"]["share_of_day_fall_by_end_of_peak_hour"] == pytest.approx(0.5126329, rel=1e-6)
    assert (f["c52-large-deleveraging"]["rank_among_days"], f["c52-large-deleveraging"]["complete_days"]) == (8, 179)
    assert (f["c52-large-deleveraging"]["reported_24h_usd_low"], f["c52-large-deleveraging"]["reported_24h_usd_high"]) == (539e6, 1e9)
    assert (f["c52-large-deleveraging"]["reported_2025_daily_average_low"], f["c52-large-deleveraging"]["reported_2025_daily_average_high"]) == (400e6, 500e6)
    assert "below the data's hourly resolution" in got["c51-fuse-then-fuel"].evidence
    assert "Hourly bins cannot show the order of liquidations inside an hour." in got["c49-first-batch-larger"].evidence
    for cid in f:
        assert got[cid].ruling.basis == (MARKET_DATA,), cid


def _glue_keys_in_prose(path) -> set[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return set(re.findall(r"\{glue(?::text)?\}`([A-Za-z0-9_]+)", text))


def test_the_measures_object_is_typed_frozen_and_picklable(measured):
    assert dataclasses.is_dataclass(measured) and measured.day == EVENT_DAY
    with pytest.raises(dataclasses.FrozenInstanceError):
        measured.day = EVENT_DAY  # type: ignore[misc]
    back = pickle.loads(pickle.dumps(measured))
    pd.testing.assert_frame_equal(back.sequence, measured.sequence)
    assert back.event == measured.event and back.model.fit.params == measured.model.fit.params
    assert measured.break_time == pd.Timestamp("2025-12-01 00:55", tz="UTC") and measured.complete_days == 179
    assert measured.model.open_price == 90320.5 and measured.oi_first_time == pd.Timestamp("2025-12-04 06:00", tz="UTC")
    assert measured.model.shock_curves["draw"].nunique() == len(measured.model.fit.boot.drop_duplicates())


def test_the_text_quotes_exactly_the_glued_numbers(measured, assessed):
    values = glue_values(measured, assessed)
    assert _glue_keys_in_prose(ROOT / "book" / "03_liquidations.ipynb") <= set(values)  # every number the text quotes is glued
    assert values["worst_usd"] == pytest.approx(54.127283342940004, abs=1e-12) and (values["worst_hour"], values["worst_local"]) == ("00:00", "08:00")
    assert (values["n_good"], values["n_val"], values["cov_n"], values["rep_day_n"], values["dl_rank"]) == (2, 6, 11, 10, 8)
    assert values["fit_err"] == pytest.approx(-35.69978920725253, abs=1e-9) and values["oi_first_day"] == "4 December"
    assert values["fb_peak"] == "2025-12-01 00:00" and values["fu_share"] == pytest.approx(51.26329481980263, abs=1e-9)


def test_the_chapter_tables(measured):
    ls = LD.long_shares_table(measured.long_shares)
    assert list(ls.index)[0] == "2025-12-01" and ls.loc["2025-12-01", "worst_hour"] == "00:00 UTC" and ls.loc["2025-12-01", "total_musd"] == 161.666
    v = LD.validation_table(measured.model.validation)
    assert list(v.columns) == ["observed_musd", "model_musd", "observed_long_share", "hourly_correlation", "total_error"] and len(v) == 6
    rt = LD.reported_display(measured.reports)
    assert rt["value"].str.endswith("M").sum() + (rt["quantity"] == "traders").sum() == len(rt)
    assert set(rt.loc[rt["quantity"] == "one hour (USD)", "coverage_ratio"]) == {""}
