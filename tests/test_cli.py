"""The command line: usage errors and data errors exit with different, documented codes."""

import subprocess
import sys

import pytest

from flashcrash import cli


def _run(*args):
    return subprocess.run([sys.executable, "-m", "flashcrash", *args], capture_output=True, text=True, timeout=120, check=False)


def test_usage_error_exits_2_and_data_error_exits_3(tmp_path, monkeypatch):
    assert (cli.EXIT_USAGE, cli.EXIT_DATA) == (2, 3)
    bad = _run("ledger", "--no-such-option")
    assert bad.returncode == cli.EXIT_USAGE and "unrecognized arguments" in bad.stderr
    bad = _run("no-such-command")
    assert bad.returncode == cli.EXIT_USAGE
    # an empty mirror: a data error, one line naming the missing file and the fix, no traceback
    monkeypatch.setenv("FLASHCRASH_DATA_MIRROR", str(tmp_path))
    bad = _run("fetch")
    assert bad.returncode == cli.EXIT_DATA
    assert bad.stderr.startswith("error: ") and "not in the mirror folder" in bad.stderr and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_help_documents_the_exit_codes():
    out = _run("--help")
    assert out.returncode == 0
    assert "2 usage error" in out.stdout and "3 data error" in out.stdout


@pytest.mark.data
def test_ledger_output_with_and_without_the_cache():
    from flashcrash.claims import build_ledger, ledger_json

    expected = ledger_json(build_ledger(["which-day"]))
    for extra in ([], ["--no-cache"]):
        out = _run("ledger", "--json", "--chapter", "which-day", *extra)
        assert out.returncode == 0, out.stderr
        assert out.stdout == expected
