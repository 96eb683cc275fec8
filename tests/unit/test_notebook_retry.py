"""The nbval kernel retry (tests/support/notebooks.py) starts a kernel again only when it died
as it started, once, and says so."""

from __future__ import annotations

import pytest

from tests.support.notebooks import DIED, _with_one_retry


class _Notebook:
    name = "04_boundaries.ipynb"

    def __init__(self, failures: list[Exception]):
        self.failures, self.starts = failures, 0

    def setup(self) -> None:
        self.starts += 1
        if self.failures:
            raise self.failures.pop(0)


def test_a_kernel_that_died_as_it_started_is_started_once_more_with_a_warning():
    nb = _Notebook([RuntimeError(DIED)])
    with pytest.warns(UserWarning, match="died as it started"):
        _with_one_retry(_Notebook.setup)(nb)
    assert nb.starts == 2


def test_a_second_death_or_any_other_failure_stands():
    twice = _Notebook([RuntimeError(DIED), RuntimeError(DIED)])
    with pytest.warns(UserWarning), pytest.raises(RuntimeError, match="kernel_info"):
        _with_one_retry(_Notebook.setup)(twice)
    other = _Notebook([RuntimeError("No such kernel named python3")])
    with pytest.raises(RuntimeError, match="No such kernel"):
        _with_one_retry(_Notebook.setup)(other)
    assert other.starts == 1


def test_nbval_s_notebook_start_is_wrapped_in_this_run():
    from nbval import plugin

    assert hasattr(plugin.IPyNbFile.setup, "__wrapped__")
