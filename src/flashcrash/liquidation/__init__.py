"""The liquidation waterfall: liquidation prices (:mod:`.prices`), a model book of positions
(:mod:`.book`), the cascade engine and its plain-Python reference (:mod:`.cascade`), calibration to
CoinGlass hourly liquidations (:mod:`.calibrate`), market-wide totals from three exchanges' data and
other days' reports (:mod:`.coverage`), the chapter's measures: what the three exchanges' data say
(:mod:`.observed`), what reports said (:mod:`.reports`), the order of the hours (:mod:`.sequence`) and
all of them in one typed object (:mod:`.measures`); the claims' verdicts (:mod:`.claims`; rules in
:mod:`flashcrash.rules.liquidations`), the numbers the chapter's text quotes and its tables
(:mod:`.prose`), and benchmarks (:mod:`.bench`)."""

from flashcrash.liquidation.claims import assess

__all__ = ["assess"]
