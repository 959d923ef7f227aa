"""The command line: usage errors and data errors exit with different, documented codes."""

import subprocess
import sys

import pytest

from flashcrash import cli
from flashcrash.cache import NO_CACHE_ENV


def test_usage_errors_exit_2(capsys):
    assert cli.EXIT_USAGE == 2
    for argv in (["ledger", "--no-such-option"], ["no-such-command"], []):
        with pytest.raises(SystemExit) as exc:
            cli.main(argv)
        assert exc.value.code == cli.EXIT_USAGE
    assert "unrecognized arguments" in capsys.readouterr().err


def test_data_error_exits_3_with_one_line_and_no_traceback(tmp_path, monkeypatch):
    assert cli.EXIT_DATA == 3
    monkeypatch.setenv("FLASHCRASH_DATA_MIRROR", str(tmp_path))  # an empty mirror
    bad = subprocess.run([sys.executable, "-m", "flashcrash", "fetch"], capture_output=True, text=True, timeout=120, check=False)
    assert bad.returncode == cli.EXIT_DATA
    assert bad.stderr.startswith("error: The market data are not available:") and "not in the mirror folder" in bad.stderr and "Traceback" not in bad.stderr
    assert "Fix: set FLASHCRASH_DATA_MIRROR" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_help_documents_the_exit_codes(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "2 usage error" in out and "3 data error" in out


@pytest.mark.data
def test_ledger_output_from_scratch_equals_the_ledger(capsys, monkeypatch):
    from flashcrash.claims import build_ledger, ledger_json

    monkeypatch.setenv(NO_CACHE_ENV, "0")  # restored after the test (--no-cache sets it)
    expected = ledger_json(build_ledger(["which-day"]))
    assert cli.main(["ledger", "--json", "--chapter", "which-day", "--no-cache"]) == 0
    assert capsys.readouterr().out == expected


def test_the_atlas_command_offers_the_atlas_s_schedulers_its_default_first():
    # written out in the command line (which does not import the atlas, nor pandas, to start)
    from flashcrash.atlas import run

    atlas_cmd = next(a for a in cli._parser()._subparsers._group_actions[0].choices["atlas"]._actions if a.dest == "scheduler")
    assert tuple(atlas_cmd.choices) == run.SCHEDULERS and atlas_cmd.default == run.SCHEDULERS[0]
