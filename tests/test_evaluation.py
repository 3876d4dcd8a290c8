"""`timeline eval`: the project's own scoring, checked against the reference scorer and the baseline."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import SEEDS, SHARED, timeline_cmd

GOLD = SHARED / "gold" / "seeds.json"


@pytest.fixture(scope="module")
def eval_result() -> dict:
    if not GOLD.exists():
        pytest.skip("../shared/gold/seeds.json is not beside this checkout")
    result = timeline_cmd("eval", str(GOLD), "--texts", str(SEEDS), "--json", "--baseline")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_eval_agrees_with_the_reference_scorer(eval_result, seeded_db, tmp_path):
    export = tmp_path / "export.json"
    assert timeline_cmd("--db", str(seeded_db), "export", "--out", str(export)).returncode == 0
    ref = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score.py"), str(GOLD), str(export), "--texts", str(SEEDS), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    reference = json.loads(ref.stdout.strip().splitlines()[-1])["figures"]
    assert eval_result["figures"] == reference


def test_seed_figures_meet_the_targets(eval_result):
    f = eval_result["figures"]
    assert f["false_dates"] == 0 and f["boilerplate_leaks"] == 0
    assert f["timex_recall"] >= 0.95 and f["timex_precision"] >= 0.95 and f["timex_value_accuracy"] >= 0.9
    assert f["claim_recall"] >= 0.9 and f["claimant_accuracy"] >= 0.9 and f["about_accuracy"] >= 0.9
    assert f["event_time_accuracy"] >= 0.8


def test_beats_dateparser_search_dates_by_a_wide_margin(eval_result):
    ours, theirs = eval_result["figures"], eval_result["baseline"]
    assert theirs["false_dates"] > 0 and ours["false_dates"] == 0
    assert ours["timex_precision"] - theirs["timex_precision"] >= 0.2
    assert ours["timex_value_accuracy"] - theirs["timex_value_accuracy"] >= 0.3
    assert ours["timex_recall"] > theirs["timex_recall"]
