"""The collector's thresholds: larger in the build, the ledger and atlas commands and the test
workers; Python's own on import and in the benchmarks."""

import gc
import subprocess
import sys
from unittest import mock

import pytest

from flashcrash import cli, gcsettings

PYTHON_DEFAULT = (700, 10, 10)


@pytest.fixture
def thresholds():
    """Python's default thresholds during the test; this process's own again after it."""
    old = gc.get_threshold()
    gc.set_threshold(*PYTHON_DEFAULT)
    yield
    gc.set_threshold(*old)


def test_batch_work_sets_the_thresholds_and_returns_the_old_ones(thresholds):
    assert gcsettings.for_batch_work() == PYTHON_DEFAULT
    assert gc.get_threshold() == gcsettings.BATCH
    assert gcsettings.for_batch_work() == gcsettings.BATCH  # setting them again changes nothing
    young, middle, old = gcsettings.BATCH
    assert young > PYTHON_DEFAULT[0] and middle >= PYTHON_DEFAULT[1] and old >= PYTHON_DEFAULT[2]


def test_importing_the_package_keeps_pythons_thresholds():
    code = "import gc; t = gc.get_threshold(); import flashcrash, flashcrash.cli, flashcrash.sphinxext, flashcrash.gcsettings; print(gc.get_threshold() == t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "True"


@pytest.mark.parametrize(
    ("argv", "patch", "expected"),
    [
        (["ledger", "--json"], ("flashcrash.cache.lookup", lambda *a: (True, {"claims": []})), gcsettings.BATCH),
        (["atlas", "--json"], ("flashcrash.atlas.run.atlas_json", lambda *a: "{}\n"), gcsettings.BATCH),
        (["bench", "--json"], ("flashcrash.bench.run_all", lambda: {"benchmarks": []}), PYTHON_DEFAULT),
    ],
    ids=["ledger", "atlas", "bench"],
)
def test_the_ledger_and_atlas_commands_set_them_the_benchmarks_do_not(thresholds, capsys, argv, patch, expected):
    with mock.patch(patch[0], patch[1]):
        assert cli.main(argv) == 0
    assert gc.get_threshold() == expected
    capsys.readouterr()


def test_the_book_build_sets_them(thresholds):
    from flashcrash import sphinxext

    sphinxext.setup(mock.MagicMock())
    assert gc.get_threshold() == gcsettings.BATCH


def test_a_test_worker_runs_with_them(request):
    in_worker = hasattr(request.config, "workerinput")  # pytest-xdist's workers; a plain run is left alone
    assert (gc.get_threshold() == gcsettings.BATCH) is in_worker
