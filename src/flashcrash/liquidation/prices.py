"""Liquidation price of an isolated-margin USDⓈ-M perpetual position with maintenance-margin tiers.

Binance's published formula (:cite:`binance2025liquidation`, "How to Calculate Liquidation Price of
USDⓈ-M Contracts") for one isolated position in one-way mode is::

    LP = (WB + cum - side * Q * E) / (Q * MMR - side * Q)        side = +1 long, -1 short

with WB the isolated wallet balance (the initial margin ``Q * E / L`` when fees and added margin are
ignored), ``cum`` the maintenance amount of the position's bracket and ``MMR`` its maintenance margin
rate. Substituting WB gives the forms used here (``shared/notes/domain.md``)::

    long:  LP = (E (1 - 1/L) - cum/Q) / (1 - MMR)
    short: LP = (E (1 + 1/L) + cum/Q) / (1 + MMR)

Brackets are chosen by the position's notional ``Q * E`` (USD). The maintenance amount accumulates
across brackets, ``cum_n = cum_{n-1} + floor_n (MMR_n - MMR_{n-1})``, which makes the maintenance
margin ``notional * MMR - cum`` continuous at each bracket floor.

Units: prices in USD (USDT at par), notionals in USD, quantities in BTC.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Price tick of Binance BTCUSDT perpetual (USD). Liquidation prices are rounded to it by the book.
BTCUSDT_TICK = 0.1


@dataclass(frozen=True)
class Brackets:
    """A leverage-bracket table: one row per tier, floors ascending (USD notional)."""

    floor: np.ndarray  # USD, notional floor of the tier
    cap: np.ndarray  # USD, notional cap of the tier
    max_leverage: np.ndarray  # highest leverage allowed in the tier
    mmr: np.ndarray  # maintenance margin rate (fraction)
    cum: np.ndarray  # maintenance amount (USD), from :func:`maintenance_amounts`

    def __post_init__(self) -> None:
        n = len(self.floor)
        if not all(len(a) == n for a in (self.cap, self.max_leverage, self.mmr, self.cum)):
            raise ValueError("bracket columns must have the same length")
        if n == 0 or self.floor[0] != 0 or np.any(np.diff(self.floor) <= 0) or np.any(self.cap[:-1] != self.floor[1:]):
            raise ValueError("bracket floors must start at 0, increase, and each cap must equal the next floor")


def maintenance_amounts(floor: np.ndarray, mmr: np.ndarray) -> np.ndarray:
    """Maintenance amounts ``cum`` (USD) of each tier by the recursion
    ``cum_0 = 0``, ``cum_n = cum_{n-1} + floor_n (mmr_n - mmr_{n-1})``."""
    floor = np.asarray(floor, dtype=float)
    mmr = np.asarray(mmr, dtype=float)
    steps = np.concatenate([[0.0], floor[1:] * np.diff(mmr)])
    return np.cumsum(steps)


def make_brackets(floor, cap, max_leverage, mmr) -> Brackets:
    """A :class:`Brackets` table whose ``cum`` column is computed by the tier recursion."""
    floor = np.asarray(floor, dtype=float)
    mmr = np.asarray(mmr, dtype=float)
    return Brackets(floor, np.asarray(cap, dtype=float), np.asarray(max_leverage, dtype=float), mmr, maintenance_amounts(floor, mmr))


#: Binance BTCUSDT perpetual leverage brackets (USD notional floor/cap, max leverage, maintenance margin
#: rate). Source: a response of Binance's ``GET /fapi/v1/leverageBracket`` for BTCUSDT stored in the public
#: repository boolean404/heikin-ashi-trading-bot (``json/fapiPrivate_get_leverage_bracket.py``, commit
#: f4c6c76f; :cite:`binance_brackets_snapshot`); its ``cum`` column equals the recursion of
#: :func:`maintenance_amounts` exactly (checked in the tests). The snapshot is undated; Binance revises
#: brackets from time to time, and the table in force in December 2025 could not be checked offline.
#: For the retail positions that dominate the model (notional < 50,000 USD) only tier 1 matters.
BTCUSDT_BRACKETS = make_brackets(
    floor=[0, 50_000, 250_000, 3_000_000, 20_000_000, 40_000_000, 100_000_000, 120_000_000, 200_000_000, 300_000_000],
    cap=[50_000, 250_000, 3_000_000, 20_000_000, 40_000_000, 100_000_000, 120_000_000, 200_000_000, 300_000_000, 500_000_000],
    max_leverage=[125, 100, 50, 20, 10, 5, 4, 3, 2, 1],
    mmr=[0.004, 0.005, 0.01, 0.025, 0.05, 0.10, 0.125, 0.15, 0.25, 0.50],
)


def bracket_index(notional, brackets: Brackets = BTCUSDT_BRACKETS) -> np.ndarray:
    """Tier index (0-based) of each position notional (USD): the tier whose floor <= notional < cap."""
    n = np.asarray(notional, dtype=float)
    if np.any(~np.isfinite(n)) or np.any(n <= 0):
        raise ValueError("position notionals must be positive and finite (USD)")
    if np.any(n > brackets.cap[-1]):
        raise ValueError(f"notional above the last bracket cap ({brackets.cap[-1]:,.0f} USD): no such position is allowed")
    return np.searchsorted(brackets.floor, n, side="right") - 1


def _side_sign(side) -> np.ndarray:
    s = np.asarray(side)
    if s.dtype.kind in "US":
        bad = ~np.isin(s, ["long", "short"])
        if bad.any():
            raise ValueError(f"side must be 'long' or 'short', got {s[bad][:3].tolist()}")
        return np.where(s == "long", 1.0, -1.0)
    s = s.astype(float)
    if np.any((s != 1) & (s != -1)):
        raise ValueError("side must be +1 (long) or -1 (short)")
    return s


def liquidation_price(entry, leverage, side, notional, brackets: Brackets = BTCUSDT_BRACKETS, check_leverage: bool = True) -> np.ndarray:
    """Liquidation price (USD) of isolated-margin positions (vectorised over all arguments).

    ``entry``: entry price (USD); ``leverage``: initial leverage L >= 1; ``side``: +1/-1 or
    "long"/"short"; ``notional``: position notional at entry, ``Q * E`` (USD), which picks the tier.
    With ``check_leverage`` a leverage above the tier's maximum raises ``ValueError``.
    Fees and funding are ignored. Long liquidation prices are clipped at 0 (a 1x long cannot be liquidated).
    """
    e = np.asarray(entry, dtype=float)
    lev = np.asarray(leverage, dtype=float)
    n = np.asarray(notional, dtype=float)
    if np.any(~np.isfinite(e)) or np.any(e <= 0):
        raise ValueError("entry prices must be positive and finite (USD)")
    if np.any(~np.isfinite(lev)) or np.any(lev < 1):
        raise ValueError("leverage must be >= 1")
    sgn = _side_sign(side)
    k = bracket_index(n, brackets)
    if check_leverage and np.any(lev > brackets.max_leverage[k]):
        raise ValueError("leverage above the maximum of the position's bracket; lower the leverage or the notional")
    m = brackets.mmr[k]
    c = brackets.cum[k]
    q = n / e  # BTC
    lp = np.where(sgn > 0, (e * (1 - 1 / lev) - c / q) / (1 - m), (e * (1 + 1 / lev) + c / q) / (1 + m))
    return np.maximum(lp, 0.0)


def round_to_tick(price, tick: float = BTCUSDT_TICK) -> np.ndarray:
    """Prices rounded to the contract's tick (USD), half to even (as ``np.rint``)."""
    return np.rint(np.asarray(price, dtype=float) / tick) * tick
