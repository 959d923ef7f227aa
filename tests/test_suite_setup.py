"""The test suite's own set-up (the repository's root ``conftest.py``): how the workers share the files."""

import importlib

from tests.conftest import ROOT

root = importlib.import_module("conftest")  # the root conftest.py (this folder's is tests.conftest)


def test_groups_are_taken_longest_first_by_their_estimated_seconds():
    named = next(g for g in root.GROUP_SECONDS if g != "notebooks")
    few_slow, many_quick, one = named, "tests/test_many.py", "tests/test_one.py"
    many = int(root.GROUP_SECONDS[named] / root.SECONDS_PER_TEST) + 1  # estimated just above the named group
    assert root.longest_first({one: 1, few_slow: 2, many_quick: many}) == [many_quick, few_slow, one]
    assert root.longest_first({one: 1, few_slow: 2, many_quick: many - 2}) == [few_slow, many_quick, one]
    assert root.longest_first({"tests/a.py": 3, "tests/b.py": 3}) == ["tests/a.py", "tests/b.py"]  # ties keep their order
    assert root.longest_first({few_slow: 1, "notebooks": 7})[0] == "notebooks"


def test_every_timed_group_is_a_group_of_this_suite():
    for group in root.GROUP_SECONDS:
        assert group == "notebooks" or group in root.SAME_WORKER or (ROOT / group).is_file(), group
    assert root.worker_group("tests/test_scenarios.py::test_x") == "scipy"
    assert root.worker_group("book/01_which_day.ipynb::Cell 0") == "notebooks"
    assert root.worker_group("tests/test_atlas.py::test_x") == "tests/test_atlas.py"


def test_the_main_process_leaves_with_its_session_s_exit_status(monkeypatch):
    from types import SimpleNamespace

    import pytest

    from flashcrash import exits

    left = []
    monkeypatch.setattr(exits, "leave_without_freeing", left.append)
    monkeypatch.setattr(root, "_session", [])
    root._leave_with_the_session_s_status()  # no session (--help, --version, a usage error): the usual exit
    assert left == []
    for status, code in ((pytest.ExitCode.TESTS_FAILED, 1), (pytest.ExitCode.OK, 0), (pytest.ExitCode.NO_TESTS_COLLECTED, 5)):
        monkeypatch.setattr(root, "_session", [SimpleNamespace(exitstatus=status)])
        root._leave_with_the_session_s_status()
        assert left[-1] == code and type(left[-1]) is int
    # only the pytest command leaves this way, not a program that runs pytest inside it
    assert root._is_pytest_command("/venv/bin/pytest") and root._is_pytest_command("/lib/python3.11/site-packages/pytest/__main__.py")
    assert not root._is_pytest_command("/usr/bin/ide-runner") and not root._is_pytest_command("/lib/site-packages/other/__main__.py")
