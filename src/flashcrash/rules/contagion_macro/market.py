"""Rules of the chapter's market claims: ETH and the altcoins followed BTC (c18), the panic ran from
derivatives to spot (c19), funding had been high (c20), open interest fell (c21), whale inflows (c26)
and ETF flows (c27). Drawdowns, falls and shares are fractions (a fall is negative), basis in basis
points, times in minutes or days.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from flashcrash.rules.base import (
    CONTRADICTED,
    JUDGEMENT,
    MARKET_DATA,
    NOT_CHECKABLE,
    PARTLY,
    REPRODUCED,
    THRESHOLD,
    Check,
    Ruling,
    Threshold,
)

# --------------------------------------------------------------------------------------------
# c18: ETH and the altcoins fell with BTC
# --------------------------------------------------------------------------------------------
ALT_FALL_MIN = Threshold("alt_fall_min", 0.05, "fraction", "a fall of 5 % from the prior close: about two daily standard deviations of BTC, a crash-day move")
LOWS_WITHIN = Threshold(
    "lows_within_minutes", 120, "minutes", "lows within two hours of BTC's belong to the same sell-off, not to separate moves later in the day"
)
FOLLOWED_SHARE_MIN = Threshold("followed_share_min", 0.5, "fraction", "if fewer than half the altcoins fell 5 %, the market as a whole did not follow")


@dataclass(frozen=True)
class AltsFollowed:
    """c18: drawdowns (fraction, prior close to the day's low) of the altcoins and of BTC, and the
    largest gap (minutes) between an altcoin's low and BTC's."""

    btc_drawdown: float
    alt_drawdowns: tuple[float, ...]
    max_minutes_between_lows: float

    def __post_init__(self) -> None:
        if not self.alt_drawdowns:
            raise ValueError("c18 needs the drawdown of at least one altcoin")


def alts_followed(m: AltsFollowed) -> Ruling:
    n = len(m.alt_drawdowns)
    fell = sum(d <= -ALT_FALL_MIN.value for d in m.alt_drawdowns)
    lim, gap = ALT_FALL_MIN.value, LOWS_WITHIN.value
    all_fell = Check("all_fell", fell == n, yes=f"all {n} altcoins fell at least {lim:.0%}", no=f"only {fell} of {n} altcoins fell at least {lim:.0%}")
    checks = [all_fell]
    if all_fell.passed:
        together = Check(
            "lows_together",
            m.max_minutes_between_lows <= gap,
            yes=f"every low came within {m.max_minutes_between_lows:.0f} minutes of BTC's, inside {gap} minutes",
            no=f"some lows came {m.max_minutes_between_lows:.0f} minutes from BTC's, more than {gap} minutes",
        )
        checks.append(together)
        verdict = REPRODUCED if together.passed else PARTLY
    else:
        most = Check(
            "most_fell",
            fell >= n * FOLLOWED_SHARE_MIN.value,
            yes=f"that is at least {FOLLOWED_SHARE_MIN.value:.0%} of them",
            no=f"that is fewer than {FOLLOWED_SHARE_MIN.value:.0%} of them",
        )
        checks.append(most)
        verdict = PARTLY if most.passed else CONTRADICTED
    text = (
        f"Reproduced if every altcoin fell at least {lim:.0%} from the prior close and every low came within {gap} minutes of BTC's; "
        f"contradicted if fewer than {FOLLOWED_SHARE_MIN.value:.0%} of them fell {lim:.0%}; partly otherwise."
    )
    return Ruling(verdict, THRESHOLD, text, (ALT_FALL_MIN, LOWS_WITHIN, FOLLOWED_SHARE_MIN), tuple(checks), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c19: the panic ran from the derivatives market to the spot market
# --------------------------------------------------------------------------------------------
SPOT_SHARE_MIN = Threshold("spot_share_of_perp_fall_min", 0.8, "fraction", "spot fell at least 80 % as far as the perpetual: the selling reached spot")
DISLOCATION_BP = Threshold(
    "perp_discount_min_bp",
    10.0,
    "bp",
    "a perp discount 10 bp beyond its usual level: several times the hourly basis's spread around its median in the month before",
)


@dataclass(frozen=True)
class DerivativesToSpot:
    """c19: BTC perp and spot falls (fraction, prior hourly close to the day's lowest hourly close) and
    the perp basis (bp of spot): median in the month before and minimum on the event day."""

    perp_fall: float
    spot_fall: float
    basis_before_median_bp: float
    basis_event_min_bp: float

    def __post_init__(self) -> None:
        if self.perp_fall >= 0:
            raise ValueError(f"c19 needs a perp that fell (perp_fall < 0), got {self.perp_fall}")


def derivatives_to_spot(m: DerivativesToSpot) -> Ruling:
    share = m.spot_fall / m.perp_fall
    widening = m.basis_before_median_bp - m.basis_event_min_bp
    lim, bp = SPOT_SHARE_MIN.value, DISLOCATION_BP.value
    spot = Check(
        "spot_fell",
        m.spot_fall <= lim * m.perp_fall,
        yes=f"spot fell {share:.0%} as far as the perp, at least {lim:.0%}",
        no=f"spot fell only {share:.0%} as far as the perp, less than {lim:.0%}",
    )
    checks = [spot]
    if spot.passed:
        led = Check(
            "perp_dislocated",
            widening >= bp,
            yes=f"the perp's discount widened {widening:.1f} bp beyond its usual level, at least {bp:.0f} bp: a perp-led dislocation",
            no=f"the perp's discount widened only {widening:.1f} bp beyond its usual level, less than {bp:.0f} bp: no perp-led dislocation at hourly resolution",
        )
        checks.append(led)
        verdict = REPRODUCED if led.passed else PARTLY
    else:
        verdict = CONTRADICTED
    text = (
        f"Reproduced if spot fell at least {lim:.0%} as far as the perpetual and the perp's basis widened at least {bp:.0f} bp "
        f"beyond its median of the month before; partly if spot fell but the basis did not; contradicted if spot did not fall."
    )
    return Ruling(verdict, THRESHOLD, text, (SPOT_SHARE_MIN, DISLOCATION_BP), tuple(checks), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c20: funding had been high for a long time
# --------------------------------------------------------------------------------------------
FUNDING_HIGH_PCTL = Threshold(
    "funding_high_percentile", 0.8, "fraction", "in the top fifth of all 30- and 90-day means since 2019: high by the market's own history"
)
FUNDING_LOW_PCTL = Threshold("funding_low_percentile", 0.5, "fraction", "at or below the median of that history: not high at all")


@dataclass(frozen=True)
class HighFunding:
    """c20: percentile (fraction) of BTCUSDT mean funding over the 30 and 90 days before the crash
    among all 30- and 90-day means since 2019."""

    percentile_30d: float
    percentile_90d: float

    def __post_init__(self) -> None:
        for p in (self.percentile_30d, self.percentile_90d):
            if not 0.0 <= p <= 1.0:
                raise ValueError(f"c20 percentiles are fractions in [0, 1], got {p}")


def high_funding(m: HighFunding) -> Ruling:
    hi, lo = FUNDING_HIGH_PCTL.value, FUNDING_LOW_PCTL.value
    p30, p90 = m.percentile_30d, m.percentile_90d
    high = Check(
        "high",
        p30 >= hi and p90 >= hi,
        yes=f"both percentiles ({p30:.0%}, {p90:.0%}) are at or above {hi:.0%}: long-term high",
        no=f"not both percentiles ({p30:.0%}, {p90:.0%}) reach {hi:.0%}",
    )
    low = Check(
        "low", p30 <= lo and p90 <= lo, yes=f"both are at or below {lo:.0%}: funding was low, not long-term high", no=f"not both are at or below {lo:.0%}"
    )
    verdict = REPRODUCED if high.passed else (CONTRADICTED if low.passed else PARTLY)
    text = (
        f"Reproduced if the 30- and 90-day mean funding before the crash both sit at or above the {hi * 100:.0f}th percentile of their history "
        f"since 2019; contradicted if both sit at or below the {lo * 100:.0f}th percentile; partly otherwise."
    )
    return Ruling(verdict, THRESHOLD, text, (FUNDING_HIGH_PCTL, FUNDING_LOW_PCTL), (high, low), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c21: open interest and leverage fell after the crash
# --------------------------------------------------------------------------------------------
OI_FALL_MIN = Threshold(
    "oi_fall_min", 0.10, "fraction", "a tenth of open interest gone across the crash: 'significantly', beyond the few percent it moves on an ordinary day"
)


@dataclass(frozen=True)
class OpenInterestFell:
    """c21: how many days after the crash day's start the open-interest series begins, and the change
    of open interest (fraction) from before the day to its end (NaN when the series starts later)."""

    days_after_event: float
    oi_change_across: float = float("nan")


def open_interest_fell(m: OpenInterestFell) -> Ruling:
    fall = OI_FALL_MIN.value
    covered = Check(
        "covered",
        m.days_after_event <= 0,
        yes="the open-interest series covers the crash",
        no=f"the only open-interest series starts {m.days_after_event:.1f} days after the crash",
    )
    checks = [covered]
    if not covered.passed or math.isnan(m.oi_change_across):
        verdict = NOT_CHECKABLE
    else:
        ch = m.oi_change_across
        fell = Check(
            "fell",
            ch <= -fall,
            yes=f"open interest fell {-ch:.1%} across the crash, at least {fall:.0%}",
            no=f"open interest changed {ch:+.1%} across the crash, not a fall of {fall:.0%}",
        )
        checks.append(fell)
        verdict = REPRODUCED if fell.passed else (PARTLY if ch < 0 else CONTRADICTED)
    text = (
        f"Not checkable unless open interest is measured from before the crash; then reproduced if it fell at least {fall:.0%} across it, "
        "partly if it fell less, contradicted if it did not fall."
    )
    return Ruling(verdict, THRESHOLD, text, (OI_FALL_MIN,), tuple(checks), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c26: whale addresses showed net inflows
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WhaleInflows:
    """c26: net flow (BTC) into whale addresses during the drop; ``None`` when no on-chain data exist."""

    whale_netflow_btc: float | None = None


def whale_inflows(m: WhaleInflows) -> Ruling:
    have = Check(
        "onchain_data",
        m.whale_netflow_btc is not None,
        yes="address-level on-chain flows are in the data",
        no="no address-level on-chain flows are in the data",
    )
    checks = [have]
    if not have.passed:
        verdict = NOT_CHECKABLE
    else:
        flow = float(m.whale_netflow_btc)  # type: ignore[arg-type]
        inflow = Check("net_inflow", flow > 0, yes=f"whales took in {flow:,.0f} BTC net", no=f"whales' net flow was {flow:,.0f} BTC, not an inflow")
        checks.append(inflow)
        verdict = REPRODUCED if inflow.passed else CONTRADICTED
    text = "Not checkable without address-level on-chain flows; with them, reproduced if whale addresses took in BTC on net during the drop, contradicted otherwise."
    return Ruling(verdict, THRESHOLD, text, (), tuple(checks), (MARKET_DATA,))


# --------------------------------------------------------------------------------------------
# c27: ETF flows are the ones to watch
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class EtfFlows:
    """c27: whether the statement is advice rather than a fact, and whether ETF flow data exist."""

    is_recommendation: bool = True
    etf_flows_available: bool = False


def etf_flows(m: EtfFlows) -> Ruling:
    advice = Check("recommendation", m.is_recommendation, yes="a recommendation, not a fact", no="a statement of fact")
    data = Check("etf_data", m.etf_flows_available, yes="ETF flow data are available", no="no ETF flow data are in the mirror")
    text = "Not checkable: a recommendation of what to watch cannot be true or false, and no ETF flows are in the data to test its premise."
    reasons = ("the statement advises what to watch; it asserts nothing that data could confirm",)
    return Ruling(NOT_CHECKABLE, JUDGEMENT, text, (), (advice, data), (MARKET_DATA,), reasons)
