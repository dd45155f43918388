"""Shared fixtures.  Entry-point plugins of whatever is installed on the machine are not
loaded in tests (ANNUAL_REPORT_LOAD_PLUGINS is set empty); a test that wants them sets it."""

from __future__ import annotations

import copy
import random

import pytest

from synth import consistent_data, consistent_series


@pytest.fixture(autouse=True)
def _no_installed_plugins(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("ANNUAL_REPORT_LOAD_PLUGINS", "")
    # the outputs a test writes are remembered in a state folder of its own, not the user's
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))


@pytest.fixture
def data_2023():
    """A valid, internally consistent 2021-edition data dict."""
    return copy.deepcopy(consistent_data(2023, random.Random(7)))


@pytest.fixture
def data_2020():
    """A valid, internally consistent 2019-edition data dict."""
    return copy.deepcopy(consistent_data(2020, random.Random(8)))


@pytest.fixture
def series():
    """Five consecutive consistent years, 2019–2023 (both editions)."""
    return consistent_series([2019, 2020, 2021, 2022, 2023], random.Random(11))
