"""Fed policy states from the upper bound of the federal funds target range (FRED ``DFEDTARU``).

A day is in state

- ``easing`` if the most recent change of the target (on or before that day) was a cut made
  within the last ``window_days`` days,
- ``tightening`` if it was a hike within that window,
- ``on_hold`` otherwise (no change for ``window_days`` days).

The state of a day uses only target values published up to that day (backward looking), so it can
condition a forecast made on that day. 183 days (about two FOMC meetings apart at the usual pace of
a cycle, and six months) is the default window.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

STATES = ("easing", "on_hold", "tightening")


def fed_states(upper: pd.Series, window_days: int = 183, until: pd.Timestamp | None = None) -> pd.Series:
    """Daily Fed state (``easing`` / ``on_hold`` / ``tightening``) from the target-range upper bound (percent).

    ``upper``: a FRED-style series with a tz-aware UTC daily index. The result covers every calendar
    day from the first observation to ``until`` (default: the last observation), forward-filling the
    target over days without a print (weekends in older data).
    """
    if not isinstance(upper.index, pd.DatetimeIndex) or upper.index.tz is None:
        raise ValueError("fed_states needs a tz-aware (UTC) DatetimeIndex; load it with flashcrash.data.fred('DFEDTARU')")
    if upper.empty:
        raise ValueError("fed_states: empty target series")
    end = upper.index[-1] if until is None else until
    days = pd.date_range(upper.index[0].normalize(), end.normalize(), freq="D")
    level = pd.Series(upper.to_numpy(float), index=upper.index.normalize()).groupby(level=0).last().reindex(days).ffill()
    change = level.diff().fillna(0.0).to_numpy()
    sign = np.sign(change)
    idx = np.arange(len(days))
    last_change = np.maximum.accumulate(np.where(sign != 0, idx, -1))
    last_sign = np.where(last_change >= 0, sign[np.maximum(last_change, 0)], 0.0)
    recent = (last_change >= 0) & (idx - last_change <= window_days)
    state = np.where(recent & (last_sign < 0), "easing", np.where(recent & (last_sign > 0), "tightening", "on_hold"))
    return pd.Series(state, index=days, name="fed_state")
