"""Rules of the chapter "The article's own clock": one date for every dated sentence, a narrative
the article calls still to come (c53), and the sentences that public data cannot settle."""

from __future__ import annotations

from dataclasses import dataclass

from flashcrash.rules.base import (
    CONTRADICTED,
    JUDGEMENT,
    MARKET_DATA,
    NOT_CHECKABLE,
    PARTLY,
    REPORTS,
    REPRODUCED,
    THRESHOLD,
    Check,
    Ruling,
    Threshold,
)

#: How many of the dated sentences one date must make true for "partly".
MOST_SENTENCES = Threshold("partly_min_share_of_sentences", 0.75, "fraction", "partly: one date makes at least three in four of the dated sentences true")
#: The first trading day of US spot Ether ETFs, as reported at the time (data/reported.yaml r34, r35).
ETH_ETF_FIRST_TRADING_DAY = Threshold(
    "eth_etf_first_trading_day",
    "2024-07-23",
    "UTC date",
    "the first trading day of US spot Ether ETFs as reported at the time (r34 Decrypt, r35 CoinDesk); their launch is 'still to come' only before it",
)


@dataclass(frozen=True)
class OneDate:
    """The dated sentences (``n_sentences``), whether one UTC day makes all true, and the most any day makes true."""

    n_sentences: int
    single_date_exists: bool
    best_count: int
    best_first_day: str  # YYYY-MM-DD, the first day reaching ``best_count``

    def __post_init__(self) -> None:
        if not 0 <= self.best_count <= self.n_sentences or self.n_sentences < 1:
            raise ValueError(f"need 0 <= best_count <= n_sentences >= 1, got {self.best_count} of {self.n_sentences}")


def one_date(m: OneDate) -> Ruling:
    """Reproduced if one date makes every dated sentence true; partly if one makes at least 75 %; else contradicted."""
    share = m.best_count / m.n_sentences
    all_true = Check("single_date", m.single_date_exists, yes="one date makes every dated sentence true", no="no single date makes every dated sentence true")
    most = Check(
        "most_sentences",
        share >= MOST_SENTENCES.value,
        yes=f"the best date ({m.best_first_day}) makes {m.best_count} of {m.n_sentences} true, at least {MOST_SENTENCES.value:.0%}",
        no=f"the best date ({m.best_first_day}) makes only {m.best_count} of {m.n_sentences} true, under {MOST_SENTENCES.value:.0%}",
    )
    verdict = REPRODUCED if all_true.passed else (PARTLY if most.passed else CONTRADICTED)
    text = f"Reproduced if one date makes all {m.n_sentences} dated sentences true; partly if one makes at least {MOST_SENTENCES.value:.0%} of them; otherwise contradicted."
    return Ruling(verdict, THRESHOLD, text, (MOST_SENTENCES,), (all_true, most), (MARKET_DATA, REPORTS))


@dataclass(frozen=True)
class EthEtf:
    """c53: the event day against the first trading day of US spot Ether ETFs (both ``YYYY-MM-DD``, UTC)."""

    event_day: str
    first_trading_day: str  # as the reports give it

    def __post_init__(self) -> None:
        for name in ("event_day", "first_trading_day"):
            v = getattr(self, name)
            if not (isinstance(v, str) and len(v) == 10 and v[4] == v[7] == "-" and v.replace("-", "").isdigit()):
                raise ValueError(f"{name} must be a YYYY-MM-DD date, got {v!r}")
        if self.first_trading_day != ETH_ETF_FIRST_TRADING_DAY.value:
            raise ValueError(
                f"the reports give {self.first_trading_day} as the first trading day, the rule's threshold {ETH_ETF_FIRST_TRADING_DAY.value}: update the threshold"
            )

    @property
    def days_after(self) -> int:
        """Days from the first trading day to the event day (negative: the event came first)."""
        from datetime import date

        return (date.fromisoformat(self.event_day) - date.fromisoformat(self.first_trading_day)).days


def eth_etf_coming(m: EthEtf) -> Ruling:
    """c53 "the progress of Ethereum spot ETFs" as a narrative to come: true only before the funds traded."""
    first = ETH_ETF_FIRST_TRADING_DAY.value
    d = m.days_after
    coming = Check(
        "still_to_come",
        d < 0,
        yes=f"the event day {m.event_day} came {-d} days before the funds' first trading day ({first}): their launch was still to come",
        no=f"the event day {m.event_day} came {d} days after the funds' first trading day ({first}): by then they had been trading for {d / 365.25:.1f} years",
    )
    text = (
        f"Read as the launch of US spot Ether ETFs still to come: reproduced if the event day is before their first trading day ({first}, as reported at the "
        "time); contradicted if on or after it. A looser reading (later 'progress' of the funds that already trade, such as staking) sets no date and is not tested."
    )
    return Ruling(REPRODUCED if coming.passed else CONTRADICTED, THRESHOLD, text, (ETH_ETF_FIRST_TRADING_DAY,), (coming,), (REPORTS, MARKET_DATA))


@dataclass(frozen=True)
class Unsettled:
    """A sentence no public market data or stored report can settle: what would settle it, and what was looked for."""

    what_would_settle: str
    searched: str


def unsettled(m: Unsettled) -> Ruling:
    """Always not checkable; the rule names what would settle it."""
    text = f"Not checkable with public market data or the stored reports; {m.what_would_settle}"
    reason = f"Searched: {m.searched}"
    return Ruling(
        NOT_CHECKABLE, JUDGEMENT, text, (), (), (MARKET_DATA, REPORTS), (reason, "a social-media or corporate statement is not in any market data set")
    )


RULES = {
    "c43-one-date": one_date,
    "c53-eth-etf-coming": eth_etf_coming,
    "c44-trending-hashtag": unsettled,
    "c45-commentator-warning": unsettled,
    "c46-exchange-statement": unsettled,
}
