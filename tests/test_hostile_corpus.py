"""The generated hostile corpus (tests/hostile.py): every case handled — expected exit code,
a Chinese message and no traceback, inputs byte-identical, nothing written when refused, a
JSON document on stdout when asked for — each in a process of its own with a timeout, forked
from an interpreter that has already imported the command line (tests/hostile.py)."""

from __future__ import annotations

import pytest
from hostile import corpus, run_case

CASES = corpus()


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 150
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input_is_handled(case, tmp_path):
    outcome = run_case(case, tmp_path, fresh=False)
    assert outcome.handled, f"{case.id}: {outcome.problems}"
