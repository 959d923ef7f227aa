"""The one table formatter: headers in words, values as readers write them, cards on narrow screens."""

import atexit
import math
import re

import numpy as np
import pandas as pd
import pytest

from flashcrash import tables as T


def _liq() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "total_musd": [161.666, 1234.5],
            "long_share": [0.806, 0.87],
            "worst_hour": pd.to_datetime(["2025-12-01 00:55", "2025-12-15 16:00"], utc=True),
            "break_in_asia": [True, False],
            "liquidations_usd": [161_665_700.0, np.nan],
        },
        index=pd.Index(pd.to_datetime(["2025-12-01", "2025-12-15"], utc=True), name="day"),
    )


def test_headers_values_and_index_of_a_hand_built_table():
    t = T.format_table(_liq())
    assert list(t.cells.columns) == ["Day", "Total liquidated, $M", "Long share", "Worst hour", "$87k broken in the Asian session", "BTC liquidations, $"]
    first, second = t.cells.iloc[0].tolist(), t.cells.iloc[1].tolist()
    # dates alone (every time is midnight), one decimal at this size, thousands separators, percent
    assert first == ["2025-12-01", "161.7", "80.6%", "2025-12-01 00:55 UTC", "yes", "$161,665,700"]
    assert second == ["2025-12-15", "1,234.5", "87.0%", "2025-12-15 16:00 UTC", "no", "no data"]


def test_html_has_no_row_numbers_no_nan_no_code_names_and_labels_every_cell():
    html = T.format_table(_liq()).html
    assert "NaN" not in html and "nan" not in html and "True" not in html and "e+" not in html
    assert not re.search(r"<th[^>]*>[a-z0-9]+_[a-z0-9_]+</th>", html)
    assert html.count("<td ") == html.count("data-label=") == 12
    assert "fc-cards" in html  # more than three columns: cards on a narrow screen
    assert '<th scope="col"></th>' not in html


def test_a_default_index_is_dropped_and_a_named_one_kept():
    df = pd.DataFrame({"a": [1, 2]})
    assert list(T.format_table(df).cells.columns) == ["A"]
    assert list(T.format_table(df.iloc[1:]).cells.columns) == ["A"]  # filtered rows keep numbers 1, ...
    assert list(T.format_table(df.set_index("a")).cells.columns) == ["A"]  # the index was the only column
    assert list(T.format_table(pd.DataFrame({"x": [1]}, index=pd.Index(["BTC"], name="symbol"))).cells.columns) == ["Coin", "X"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("total_musd", "Total liquidated, $M"),  # from the label map
        ("worst_hour_long_share", "Long share in the worst hour"),
        ("touch_84k_3m", "Touch $84k, 3 months"),  # spelled out: level, horizon
        ("above_87k_1m", "Above $87k, 1 month"),
        ("depth_usd", "Depth, $"),  # unit suffix
        ("change_pct", "Change, %"),
        ("low (USD)", "Low (USD)"),  # already in words: first letter capitalised only
        ("p (random levels)", "p (random levels)"),
    ],
)
def test_labels(name, expected):
    assert T.label(name) == expected


def test_labels_passed_in_win_over_the_map():
    t = T.format_table(pd.DataFrame({"total_musd": [1.0]}), labels={"total_musd": "All coins, $M"})
    assert list(t.cells.columns) == ["All coins, $M"]


def test_percent_and_number_formats_at_their_boundaries():
    assert T.format_value(0.806, T.PERCENT, 1) == "80.6%"
    assert T.format_value(-0.0723, T.PERCENT, 1) == "−7.2%"
    assert T.format_value(7.23, T.PCT_POINTS, 1) == "7.2%"
    assert T.format_value(1.616657e08, T.NUMBER, 0) == "161,665,700"
    assert T.format_value(-0.00001, T.NUMBER, 2) == "0.00"  # no "−0.00"
    assert T.format_value(float("nan"), T.NUMBER) == "no data"
    assert T.format_value(None, T.TEXT) == "no data"
    assert T.format_value(pd.NaT, T.TEXT) == "no data"
    assert T.format_value(np.bool_(False), T.TEXT) == "no"
    assert T.format_value(math.inf, T.NUMBER) == "∞"
    assert T.format_value(pd.Timestamp("2025-12-01 00:55", tz="Asia/Hong_Kong"), T.TEXT) == "2025-11-30 16:55 UTC"
    assert T.format_value(87_000.0, T.MONEY, 0) == "$87,000"
    assert T.format_value(-2.345, T.MONEY, 2) == "−$2.35"


def test_decimals_follow_the_column():
    assert T._decimals(pd.Series([1.0, 2.0])) == 0  # integral
    assert T._decimals(pd.Series([1234.5, 2000.1])) == 0
    assert T._decimals(pd.Series([123.4, 150.2])) == 1
    assert T._decimals(pd.Series([1.5, 2.5])) == 2
    assert T._decimals(pd.Series([0.0123, 0.02])) == 3
    assert T._percent_decimals(pd.Series([0.5, 0.8])) == 1
    assert T._percent_decimals(pd.Series([0.0004, 0.0005])) == 3  # 0.04% -> 0.040%


def test_html_columns_are_not_escaped_and_others_are():
    df = pd.DataFrame({"claim": ['<a href="#c1">c1</a>'], "note": ["a < b"]})
    html = T.format_table(df, html_columns=["claim"]).html
    assert '<a href="#c1">c1</a>' in html and "a &lt; b" in html
    with pytest.raises(KeyError):
        T.format_table(df, html_columns=["nope"])


def test_row_ids_become_anchors_and_must_match_the_rows():
    df = pd.DataFrame({"x": [1, 2]})
    assert '<tr id="c01-a">' in T.format_table(df, row_ids=["c01-a", "c02-b"]).html
    with pytest.raises(ValueError, match="2 rows"):
        T.format_table(df, row_ids=["c01-a"])


def test_two_columns_with_one_header_are_refused():
    with pytest.raises(ValueError, match="same header"):
        T.format_table(pd.DataFrame({"total_musd": [1], "Total liquidated, $M": [2]}))


def test_cards_only_for_wide_tables_unless_asked():
    narrow = pd.DataFrame({"a": [1], "b": [2], "c": [3]})
    assert "fc-cards" not in T.format_table(narrow).html
    assert "fc-cards" in T.format_table(narrow, cards=True).html


@pytest.fixture
def shell():
    """An IPython shell for this test only: no history file, and gone afterwards. Left behind, its
    exit handler (a reset with a full garbage collection) ran as the test process ended, about
    half a second over a test worker's heap."""
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    sh = InteractiveShell.instance(config=config)
    yield sh
    atexit.unregister(sh.atexit_operations)
    InteractiveShell.clear_instance()


def test_enable_routes_dataframes_through_the_formatter(shell):
    T.enable()
    data, _ = shell.display_formatter.format(_liq())
    assert "fc-table" in data["text/html"] and "long_share" not in data["text/html"]


def test_row_headings_in_code_names_are_spelled_out():
    df = pd.DataFrame({"p": [0.5]}, index=pd.Index(["above_87k_3m"], name="event"))
    assert T.format_table(df).cells.iloc[0].tolist() == ["Above $87k, 3 months", "0.50"]


def test_a_styler_keeps_its_number_formats_and_gets_words():
    df = pd.DataFrame({"p_a": [0.1234, np.nan], "n": [1, 2]}, index=pd.Index(["above_87k_1m", "ath_2025"], name="event"))
    t = T.styler_table(df.style.format({"p_a": "{:.1%}"}))
    assert list(t.cells.columns) == ["Event", "P a", "Number"]
    assert t.cells.values.tolist() == [["Above $87k, 1 month", "12.3%", "1"], ["All-time high 2025", "no data", "2"]]
    hidden = T.styler_table(df.style.hide(axis="index").hide(["n"], axis="columns"))
    assert list(hidden.cells.columns) == ["P a"]


def test_a_fraction_written_as_percent_loses_fraction_from_its_header():
    t = T.format_table(pd.DataFrame({"max 1 h drop (fraction)": [0.038], "altcoins down (share)": [1.0]}))
    assert list(t.cells.columns) == ["Max 1 h drop", "Altcoins down"] and t.cells.iloc[0].tolist() == ["3.8%", "100.0%"]
