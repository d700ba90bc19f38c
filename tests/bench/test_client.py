"""The bench's pure parts, with no server and no database: the figures it
reports, how it spreads load over rows, where it may send load, and where it
looks for the peer."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.client import BenchError, percentile, require_loopback, rotations
from bench.servers import DEFAULT_PEER_DIR, REPO_ROOT, peer_dir


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (0, 10.0),
        (50, 25.0),  # k = 1.5: halfway between 20 and 30
        (95, 38.5),  # k = 2.85: 30 + 0.85 * 10
        (100, 40.0),
    ],
)
def test_percentile_interpolates_between_closest_ranks(p, expected):
    assert percentile([10.0, 20.0, 30.0, 40.0], p) == pytest.approx(expected)


def test_percentile_of_one_value_and_of_none():
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) is None


def test_rotations_start_each_thread_at_its_own_offset_and_cover_every_item():
    items = list(range(8))

    cycles = rotations(items, 4)

    firsts = [next(cycle) for cycle in cycles]
    assert firsts == [0, 2, 4, 6]
    for first, cycle in zip(firsts, cycles, strict=True):
        rest = [next(cycle) for _ in range(len(items) - 1)]
        assert sorted([first, *rest]) == items  # one full lap, every row once


def test_rotations_refuse_an_empty_list():
    with pytest.raises(BenchError):
        rotations([], 4)


@pytest.mark.parametrize(
    "url", ["http://10.0.0.5:18080/", "http://example.com/", "http://127.0.0.2/"]
)
def test_require_loopback_refuses_other_hosts(url):
    with pytest.raises(BenchError, match="non-loopback"):
        require_loopback(url)


@pytest.mark.parametrize("url", ["http://127.0.0.1:18080/x", "http://localhost:1/"])
def test_require_loopback_allows_this_machine(url):
    require_loopback(url)


def test_peer_is_looked_for_next_to_the_repository(monkeypatch):
    monkeypatch.delenv("BENCH_PEER_DIR", raising=False)

    assert (REPO_ROOT / "manage.py").is_file()
    assert peer_dir() == REPO_ROOT.parent / "shared" / "peers" / "oscar-vanilla"
    assert peer_dir() == DEFAULT_PEER_DIR


def test_peer_dir_follows_the_checkout_when_it_moves(tmp_path):
    """A copy of the package elsewhere looks for the peer next to *that*
    copy: no path of this machine is baked in."""
    checkout = tmp_path / "elsewhere" / "shop"
    shutil.copytree(
        REPO_ROOT / "bench",
        checkout / "bench",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"}

    found = subprocess.run(  # noqa: S603  (fixed argv, no shell)
        [sys.executable, "-c", "from bench.servers import peer_dir; print(peer_dir())"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()

    assert Path(found) == tmp_path / "elsewhere" / "shared" / "peers" / "oscar-vanilla"


def test_bench_peer_dir_overrides_the_default(monkeypatch, tmp_path):
    monkeypatch.setenv("BENCH_PEER_DIR", str(tmp_path))

    assert peer_dir() == tmp_path.resolve()
