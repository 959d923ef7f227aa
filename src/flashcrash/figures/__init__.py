"""The report's charts: one module per chapter, each function taking the data or measures it draws
and returning a titled altair chart with units on its axes and tooltips.

- :mod:`flashcrash.figures.theme`           palette, verdict and session colours, fonts, formats,
  words for code names; the altair theme
- :mod:`flashcrash.figures.common`          marks several chapters share (levels, the crash day)
- :mod:`flashcrash.figures.landing`         the landing page (claims by verdict)
- :mod:`flashcrash.figures.which_day`       "Which day was it?"
- :mod:`flashcrash.figures.support_levels`  "The support breaks"
- :mod:`flashcrash.figures.liquidations`    "The liquidation waterfall"
- :mod:`flashcrash.figures.contagion_macro` "Contagion, leverage and the macro backdrop"
- :mod:`flashcrash.figures.outlook`         "The outlook, scored"
- :mod:`flashcrash.figures.atlas`           the crash atlas
- :mod:`flashcrash.figures.clock`           "The article's own clock"

Figures never import the publishing layer (:mod:`flashcrash.charts`, :mod:`flashcrash.publish`):
that layer renders, credits and publishes what these functions build.
"""
