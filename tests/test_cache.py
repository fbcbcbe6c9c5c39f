"""The result cache: a warm run loads results in the parent and starts no worker processes."""
from __future__ import annotations

from pathlib import Path

import pytest

from secreview import engine
from secreview.config import Config
from secreview.reports import render_to_string

VIEW = """\
from flask import request
from app.helpers import run_{i}


def view_{i}():
    return run_{i}(request.args["cmd"])
"""
HELPER = """\
import subprocess


def run_{i}(cmd):
    return subprocess.run(cmd, shell=True)
"""


def _tree(root: Path, n: int) -> None:
    (root / "app").mkdir(parents=True)
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "helpers.py").write_text("\n".join(HELPER.format(i=i) for i in range(n)))
    for i in range(n):
        (root / "app" / f"view_{i}.py").write_text(VIEW.format(i=i))


class _NoPool:
    def __init__(self, *args, **kwargs):
        raise AssertionError("a worker pool was started")


def test_warm_run_starts_no_worker_pool(tmp_path, monkeypatch):
    _tree(tmp_path / "tree", engine._PARALLEL_THRESHOLD + 6)
    config = Config(jobs=2, cache_dir=str(tmp_path / "cache"))
    cold = render_to_string(engine.review_paths([str(tmp_path / "tree")], config), "json")
    assert cold.count('"rule_id": "SR901"') == engine._PARALLEL_THRESHOLD + 6  # every view's flow to its helper

    monkeypatch.setattr(engine, "ProcessPoolExecutor", _NoPool)
    assert render_to_string(engine.review_paths([str(tmp_path / "tree")], config), "json") == cold

    # one file changed: analysed in this process, the other results come from the cache
    view = tmp_path / "tree" / "app" / "view_0.py"
    view.write_text(view.read_text().replace('request.args["cmd"]', '"ls"'))
    warm = render_to_string(engine.review_paths([str(tmp_path / "tree")], config), "json")
    assert warm.count('"rule_id": "SR901"') == engine._PARALLEL_THRESHOLD + 5
    assert "view_0.py" not in warm


def test_cold_run_with_many_files_still_uses_workers(tmp_path, monkeypatch):
    _tree(tmp_path / "tree", engine._PARALLEL_THRESHOLD + 1)
    monkeypatch.setattr(engine, "ProcessPoolExecutor", _NoPool)
    with pytest.raises(AssertionError, match="worker pool"):
        engine.review_paths([str(tmp_path / "tree")], Config(jobs=2, cache_dir=str(tmp_path / "cache")))


def _no_solve(*args, **kwargs):
    raise AssertionError("the cross-file taint solve ran")


def test_unchanged_tree_reuses_the_joined_result_and_a_change_solves_again(tmp_path, monkeypatch):
    _tree(tmp_path / "tree", 3)
    config = Config(jobs=1, cache_dir=str(tmp_path / "cache"))
    cold = render_to_string(engine.review_paths([str(tmp_path / "tree")], config), "json")

    monkeypatch.setattr(engine, "_join_taint", _no_solve)
    assert render_to_string(engine.review_paths([str(tmp_path / "tree")], config), "json") == cold
    # another threat model is another joined result
    with pytest.raises(AssertionError, match="solve ran"):
        engine.review_paths([str(tmp_path / "tree")], Config(jobs=1, cache_dir=config.cache_dir, threat_model="remote"))
    # so is any file's change, a comment included (findings carry line numbers and snippets)
    helper = tmp_path / "tree" / "app" / "helpers.py"
    helper.write_text("# helpers\n" + helper.read_text())
    with pytest.raises(AssertionError, match="solve ran"):
        engine.review_paths([str(tmp_path / "tree")], config)


def test_entries_no_review_used_for_two_weeks_are_pruned_once_a_day(tmp_path):
    from secreview import cache

    root = tmp_path / "project"
    _tree(root, 2)
    cache_dir = tmp_path / "cache"
    config = Config(cache_dir=str(cache_dir), jobs=1)
    engine.review_paths([str(root)], config)
    used = sorted(cache_dir.glob("*/*.pickle"))
    assert len(used) == 6  # 4 files, the joined result, the solve state
    stale = cache_dir / "ab" / "left-by-an-old-edit.pickle"
    stale.parent.mkdir(exist_ok=True)
    stale.write_bytes(b"")
    now = __import__("time").time()
    month_ago = now - 30 * 24 * 3600
    for entry in [stale, *used]:
        __import__("os").utime(entry, (month_ago, month_ago))
    engine.review_paths([str(root)], config)  # a warm review uses (and so refreshes) its entries ...
    assert cache.prune(str(cache_dir), now + 25 * 3600) == 1  # ... and a day later only the stale one goes
    assert not stale.exists() and sorted(cache_dir.glob("*/*.pickle")) == used
    assert cache.prune(str(cache_dir), now + 26 * 3600) == 0  # not again within a day
