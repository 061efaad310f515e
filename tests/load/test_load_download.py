"""eventfold download against a real HTTP server on 127.0.0.1: a normal download, a connection
dropped half-way then resumed with a Range request, a corrupted file, and unsafe file names."""

from __future__ import annotations

import hashlib
import json
import os

import pytest

from eventfold.cli import main
from eventfold.load import ChecksumError, UnsafePathError, download_release
from eventfold.load.layout import safe_destination


def _manifest(root, version="2026.11.25"):
    return json.loads((root / version / "manifest.json").read_text())


def _files_on_disk(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_download_latest_release_over_http(releases, serve, tmp_path, capsys):
    url, server = serve(releases)
    assert main(["download", "--from", url, "--to", str(tmp_path / "data")]) == 0
    out = capsys.readouterr().out
    folder = tmp_path / "data" / "2026.11.25"
    manifest = _manifest(releases)
    assert _files_on_disk(folder) == sorted([f["path"] for f in manifest["files"]]
                                            + ["manifest.json"])
    for f in manifest["files"]:
        data = (folder / f["path"]).read_bytes()
        assert len(data) == f["bytes"] and hashlib.sha256(data).hexdigest() == f["sha256"]
    assert (folder / "manifest.json").read_bytes() == (
        releases / "2026.11.25" / "manifest.json").read_bytes()
    assert server.log[0]["path"] == "index.json"
    assert server.log[1]["path"] == "2026.11.25/manifest.json"  # manifest first
    assert "every sha256 matches manifest.json" in out
    assert f"release 2026.11.25 is in {folder}" in out

    # a second run fetches nothing: every file is there and verified
    server.log.clear()
    assert main(["download", "latest", "--from", url, "--to", str(tmp_path / "data")]) == 0
    assert [e["path"] for e in server.log] == ["index.json", "2026.11.25/manifest.json"]
    assert "already present" in capsys.readouterr().out


def test_download_named_version_and_some_tables_from_a_folder(releases, tmp_path):
    result = download_release(releases, "2026.11.24", tmp_path, tables=["events", "actors"],
                              formats=["parquet"], metadata=False)
    assert result.version == "2026.11.24"
    assert _files_on_disk(result.path) == ["actors.parquet", "events.parquet",
                                           "manifest.json"]


def test_unknown_version_and_table_are_clear_errors(releases, tmp_path, capsys):
    assert main(["download", "1999.01.01", "--from", str(releases), "--to",
                 str(tmp_path)]) == 1
    assert "release 1999.01.01 is not in the index" in capsys.readouterr().err
    assert main(["download", "--from", str(releases), "--to", str(tmp_path),
                 "--tables", "events,nope"]) == 1
    assert "no table nope" in capsys.readouterr().err


def test_interrupted_download_resumes_with_a_range_request(releases, serve, tmp_path, capsys):
    url, server = serve(releases)
    target = tmp_path / "data"
    size = next(f["bytes"] for f in _manifest(releases)["files"]
                if f["path"] == "events.parquet")
    half = size // 2
    server.drop_after["events.parquet"] = half

    code = main(["download", "--from", url, "--to", str(target), "--retries", "0"])
    first = capsys.readouterr()
    assert code == 1
    assert "events.parquet: connection lost after" in first.err
    assert "run the download again to resume" in first.err
    folder = target / "2026.11.25"
    part = folder / "events.parquet.part"
    assert part.stat().st_size == half
    assert not (folder / "events.parquet").exists()  # nothing unverified has its final name

    server.log.clear()
    code = main(["download", "--from", url, "--to", str(target), "--retries", "0"])
    second = capsys.readouterr()
    print("--- first run (connection dropped half-way) ---")
    print(first.out + first.err)
    print("--- second run (resumed) ---")
    print(second.out)
    assert code == 0
    events = [e for e in server.log if e["path"] == "2026.11.25/events.parquet"]
    assert events == [{"path": "2026.11.25/events.parquet", "range": f"bytes={half}-",
                       "status": 206, "sent": size - half}]  # only the missing bytes
    assert f"resumed at byte {half}, fetched {size - half} B" in second.out
    assert not part.exists()
    data = (folder / "events.parquet").read_bytes()
    assert hashlib.sha256(data).hexdigest() == next(
        f["sha256"] for f in _manifest(releases)["files"] if f["path"] == "events.parquet")
    fetched_again = {e["path"] for e in server.log} - {"index.json", "2026.11.25/manifest.json"}
    assert "2026.11.25/actors.parquet" not in fetched_again  # done files were not re-fetched


def test_dropped_connection_is_retried_in_the_same_run(releases, serve, tmp_path):
    url, server = serve(releases)
    server.drop_after["csv/events.csv.gz"] = 100
    result = download_release(url, "latest", tmp_path, retries=2)
    got = {f.path: f for f in result.files}["csv/events.csv.gz"]
    assert got.status == "downloaded"
    ranges = [e["range"] for e in server.log if e["path"].endswith("csv/events.csv.gz")]
    assert ranges == [None, "bytes=100-"]


def test_corrupted_file_exits_non_zero_and_leaves_no_valid_looking_file(releases, serve,
                                                                         tmp_path, capsys):
    url, server = serve(releases)
    server.corrupt.add("events.parquet")
    code = main(["download", "--from", url, "--to", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert "checksum mismatch for events.parquet" in err
    folder = tmp_path / "2026.11.25"
    assert not (folder / "events.parquet").exists()
    assert not (folder / "events.parquet.part").exists()
    for path in _files_on_disk(folder):  # whatever is there is verified
        entry = next((f for f in _manifest(releases)["files"] if f["path"] == path), None)
        if entry:
            assert hashlib.sha256((folder / path).read_bytes()).hexdigest() == entry["sha256"]


def test_a_damaged_partial_file_is_refetched_whole(releases, tmp_path):
    folder = tmp_path / "2026.11.25"
    folder.mkdir()
    (folder / "actors.parquet.part").write_bytes(b"garbage from another version")
    result = download_release(releases, "latest", tmp_path, tables=["actors"],
                              formats=["parquet"], metadata=False)
    assert result.files[0].status == "downloaded"
    assert (folder / "actors.parquet").read_bytes() == (
        releases / "2026.11.25" / "actors.parquet").read_bytes()


def _malicious(releases, copy_tree, tmp_path, bad_path):
    root = copy_tree(releases, tmp_path / "evil-releases")
    (root / "evil").write_text("pwned")
    mpath = root / "2026.11.25" / "manifest.json"
    manifest = json.loads(mpath.read_text())
    manifest["files"].append({"path": bad_path, "bytes": 5, "format": "file", "rows": None,
                              "table": None,
                              "sha256": hashlib.sha256(b"pwned").hexdigest()})
    mpath.write_text(json.dumps(manifest))
    index = json.loads((root / "index.json").read_text())
    for entry in index["releases"]:
        if entry["version"] == "2026.11.25":
            entry["manifest_sha256"] = hashlib.sha256(mpath.read_bytes()).hexdigest()
    (root / "index.json").write_text(json.dumps(index))
    return root


@pytest.mark.parametrize("bad_path", ["../evil", "/etc/evil", "csv/../../evil", "a\\..\\evil"])
def test_manifest_paths_that_escape_the_target_are_refused(releases, copy_tree, serve,
                                                           tmp_path, capsys, bad_path):
    root = _malicious(releases, copy_tree, tmp_path, bad_path)
    url, server = serve(root)
    target = tmp_path / "target"
    assert main(["download", "--from", url, "--to", str(target)]) == 1
    err = capsys.readouterr().err
    assert "refused" in err and repr(bad_path) in err
    assert not (tmp_path / "evil").exists() and not (target / "evil").exists()
    assert not target.exists() or not any(target.rglob("*"))  # nothing written at all
    assert [e["path"] for e in server.log] == ["index.json", "2026.11.25/manifest.json"]


def test_a_tampered_manifest_is_caught_by_the_index_checksum(releases, copy_tree, tmp_path):
    root = copy_tree(releases, tmp_path / "r")
    mpath = root / "2026.11.25" / "manifest.json"
    mpath.write_text(mpath.read_text().replace('"bytes": ', '"bytes":  ', 1))
    with pytest.raises(ChecksumError, match="manifest.json"):
        download_release(root, "latest", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_symlinks_inside_the_target_are_refused(releases, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = tmp_path / "target" / "2026.11.25"
    folder.mkdir(parents=True)
    os.symlink(outside, folder / "csv")
    with pytest.raises(UnsafePathError, match="symlink"):
        download_release(releases, "latest", tmp_path / "target")
    assert not any(outside.iterdir())
    with pytest.raises(UnsafePathError):
        safe_destination(tmp_path, "..")
    assert safe_destination(tmp_path, "csv2/a.csv.gz") == tmp_path / "csv2" / "a.csv.gz"
