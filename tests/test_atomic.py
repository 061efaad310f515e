"""The one atomic-write helper every store and state file goes through."""

from __future__ import annotations

import stat

from eventfold.atomic import write_atomic, write_text_atomic


def test_write_replaces_in_one_step_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "deep" / "state.json"
    write_text_atomic(path, "first")
    write_atomic(path, b"second")
    assert path.read_bytes() == b"second"
    assert [p.name for p in path.parent.iterdir()] == ["state.json"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
