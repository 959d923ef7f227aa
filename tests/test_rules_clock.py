"""Rules of the clock chapter on hand-built measures: every verdict, both sides of the threshold."""

import pytest

from flashcrash.claims import Assessment
from flashcrash.rules import clock as R
from flashcrash.rules.base import with_evidence


def _m(best: int, n: int = 8, single: bool = False) -> R.OneDate:
    return R.OneDate(n, single, best, "2025-12-15")


def test_one_date_every_verdict_and_the_threshold_boundary():
    assert R.MOST_SENTENCES.value == 0.75
    assert R.one_date(_m(8, single=True)).verdict == "reproduced"
    assert R.one_date(_m(6)).verdict == "partly"  # 6 of 8 = 0.75: at the boundary
    assert R.one_date(_m(5)).verdict == "contradicted"  # 5 of 8 = 0.625: just outside
    assert R.one_date(_m(7)).verdict == "partly"  # just inside
    r = R.one_date(_m(4))
    assert "only 4 of 8 true, under 75%" in r.because()
    assert Assessment(r, with_evidence("Dated sentences.", r)).verdict == "contradicted"


def test_one_date_measures_are_checked():
    with pytest.raises(ValueError):
        R.OneDate(3, False, 4, "2025-12-01")
    with pytest.raises(ValueError):
        R.OneDate(0, False, 0, "2025-12-01")


def test_unsettled_is_a_judgement_that_names_what_would_settle_it():
    r = R.unsettled(R.Unsettled("an archive of trends would settle it.", "the stored pages."))
    assert r.verdict == "not_checkable" and r.kind == "judgement"
    assert "an archive of trends would settle it." in r.text and r.reasons[0] == "Searched: the stored pages."


def test_eth_etf_threshold_and_both_sides_of_the_first_trading_day():
    assert (R.ETH_ETF_FIRST_TRADING_DAY.name, R.ETH_ETF_FIRST_TRADING_DAY.value, R.ETH_ETF_FIRST_TRADING_DAY.unit) == (
        "eth_etf_first_trading_day",
        "2024-07-23",
        "UTC date",
    )
    before = R.eth_etf_coming(R.EthEtf("2024-07-22", "2024-07-23"))  # the last day on which the launch was still to come
    on = R.eth_etf_coming(R.EthEtf("2024-07-23", "2024-07-23"))  # the funds trade that day
    after = R.eth_etf_coming(R.EthEtf("2025-12-01", "2024-07-23"))
    assert (before.verdict, on.verdict, after.verdict) == ("reproduced", "contradicted", "contradicted")
    assert (
        before.check("still_to_come").phrase
        == "the event day 2024-07-22 came 1 days before the funds' first trading day (2024-07-23): their launch was still to come"
    )
    assert (
        after.because()
        == "The event day 2025-12-01 came 496 days after the funds' first trading day (2024-07-23): by then they had been trading for 1.4 years."
    )
    assert after.basis == ("contemporaneous reports", "market data") and "A looser reading" in after.text
    for r in (before, on, after):
        assert Assessment(r, with_evidence("Dates.", r)).verdict == r.verdict
    assert R.EthEtf("2025-12-01", "2024-07-23").days_after == 496


def test_eth_etf_measures_are_checked():
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        R.EthEtf("2025-12-1", "2024-07-23")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        R.EthEtf("2025-12-01", "23/07/2024")
    with pytest.raises(ValueError, match="update the threshold"):
        R.EthEtf("2025-12-01", "2024-07-24")


def test_eth_etf_table_by_hand():
    import pandas as pd

    from flashcrash import clock_claims as K

    days = [pd.Timestamp(d, tz="UTC") for d in ("2025-12-01", "2024-07-22", "2024-07-23 15:00")]
    t = K.eth_etf_table(days, pd.Timestamp("2024-07-23", tz="UTC"))
    assert list(t["etf_still_to_come"]) == [False, True, False]
    assert list(t["days_since_first_trading"]) == [496, -1, 0]
    with pytest.raises(ValueError, match="no time zone"):
        K.eth_etf_table([pd.Timestamp("2025-12-01")], pd.Timestamp("2024-07-23", tz="UTC"))  # a day without a time zone


@pytest.mark.data
def test_clock_chapter_verdicts_on_the_data():
    from flashcrash import clock_claims as K

    got = K.assess()
    assert {k: a.verdict for k, a in got.items()} == {
        "c43-one-date": "contradicted",
        "c53-eth-etf-coming": "contradicted",
        "c44-trending-hashtag": "not_checkable",
        "c45-commentator-warning": "not_checkable",
        "c46-exchange-statement": "not_checkable",
    }
    figs = {f.name: f.value for f in got["c53-eth-etf-coming"].figures}
    assert figs == {
        "eth_etf_first_trading_day": "2024-07-23",
        "event_day": "2025-12-01",
        "days_after_first_trading_day": 496,
        "candidate_days_before_first_trading_day": 0,
        "candidate_days": 15,
    }
    assert "Contemporaneous reports (r34, r35) give 2024-07-23" in got["c53-eth-etf-coming"].evidence
