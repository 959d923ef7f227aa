"""The liquidation waterfall: liquidation prices (:mod:`.prices`), a model book of positions
(:mod:`.book`), the cascade engine and its plain-Python reference (:mod:`.cascade`), calibration to
CoinGlass hourly liquidations (:mod:`.calibrate`), market-wide totals from three exchanges' data and
other days' reports (:mod:`.coverage`), the claims' measures (:mod:`.claims`; rules in
:mod:`flashcrash.rules.liquidations`) and benchmarks (:mod:`.bench`)."""

from flashcrash.liquidation.claims import assess

__all__ = ["assess"]
