"""flashcrash: data layer, models and claims ledger of the flash-crash report.

Sub-packages and modules, one concern each:

- :mod:`flashcrash.data`    registry of raw files, checksummed fetch, validated loaders
- :mod:`flashcrash.claims`  the article's claims and the ledger of computed verdicts
- :mod:`flashcrash.charts`  altair charts that draw offline, with CSV downloads
- :mod:`flashcrash.sessions` trading-session labels (Asia / Europe / US) in UTC
- :mod:`flashcrash.event`   "which day was it?": the scan of every day against the article's elements
- :mod:`flashcrash.levels`  "the support breaks": level tests against two nulls, breaks, afterwards
"""

__version__ = "0.1.0"
