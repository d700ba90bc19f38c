"""The bench's output: progress lines, the comparison table, and
var/bench-results.json."""

import json
from pathlib import Path

from bench.client import SCENARIO_LABELS
from bench.servers import PEER_DATABASE, PEER_PAGE_SIZE

HEADER = [
    "scenario",
    "ours/s",
    "p50ms",
    "p95ms",
    "err",
    "peer/s",
    "p50ms",
    "p95ms",
    "err",
    "rps o/p",
    "p50 p/o",
]


def say(message: str) -> None:
    print(message, flush=True)


def write_report(
    *,
    scenarios: list[str],
    results: dict,
    meta: dict,
    notes: list[str],
    peer_ran: bool,
    var_dir: Path,
) -> Path:
    """Print the table (adding the ratios to `results`), then write
    meta + results as JSON; returns the JSON file's path."""
    rows = [table_row(name, results[name]) for name in scenarios]
    print_table(rows, meta=meta, notes=notes, peer_ran=peer_ran)
    path = var_dir / "bench-results.json"
    path.write_text(json.dumps({"meta": meta, "scenarios": results}, indent=2) + "\n")
    say(f"\nresults written to {path}")
    return path


def table_row(name: str, result: dict) -> list[str]:
    """One scenario's cells; records the ratios in `result` for the JSON."""
    ours, peer = result["ours"], result["peer"]

    def cells(figures):
        if not figures:
            return ["n/a", "", "", ""]
        return [
            f"{figures['rps']:.1f}",
            "-" if figures["p50_ms"] is None else f"{figures['p50_ms']}",
            "-" if figures["p95_ms"] is None else f"{figures['p95_ms']}",
            str(figures["errors"]),
        ]

    rps_ratio = p50_ratio = "n/a"
    if ours and peer and peer["rps"]:
        rps_ratio = f"{ours['rps'] / peer['rps']:.2f}x"
        result["ratio_rps_ours_over_peer"] = round(ours["rps"] / peer["rps"], 2)
    if ours and peer and ours["p50_ms"] and peer["p50_ms"]:
        p50_ratio = f"{peer['p50_ms'] / ours['p50_ms']:.2f}x"
        result["ratio_p50_peer_over_ours"] = round(peer["p50_ms"] / ours["p50_ms"], 2)
    return [SCENARIO_LABELS[name], *cells(ours), *cells(peer), rps_ratio, p50_ratio]


def print_table(
    rows: list[list[str]], *, meta: dict, notes: list[str], peer_ran: bool
) -> None:
    widths = [max(len(row[i]) for row in [HEADER, *rows]) for i in range(11)]

    def fmt(row):
        parts = [row[0].ljust(widths[0])]
        parts += [row[i].rjust(widths[i]) for i in range(1, 11)]
        return " | ".join(
            [parts[0], " ".join(parts[1:5]), " ".join(parts[5:9]), *parts[9:]]
        )

    m = meta
    say("")
    say(
        f"Bench: {m['products']} products, {m['concurrency']} threads, "
        f"{m['duration_s']:.0f} s per run after {m['warmup_s']:.0f} s warm-up, "
        f"{m['cores']} cores, {m['workers']}"
    )
    say(
        f"ours: {m['database']}, cache {m['cache']}; seed_demo "
        f"{m['seed_seconds']} s ({'OK' if m['seed_within_limit'] else 'FLAG'}"
        " vs 60 s limit)"
    )
    say(
        "peer: vanilla oscar + oscarapi, PostgreSQL "
        f"{PEER_DATABASE}, locmem cache, CONN_MAX_AGE=0, "
        f"PEER_PAGE_SIZE={PEER_PAGE_SIZE} (NOT vanilla: paginated like ours)"
        if peer_ran
        else "peer: not run"
    )
    say("")
    say(fmt(HEADER))
    say("-" * len(fmt(HEADER)))
    for row in rows:
        say(fmt(row))
    say(
        "\n/s = successful iterations per second; p50/p95 in ms per iteration."
        "\nproduct page: peer = detail + price/ + availability/ (3 GETs), "
        "ours = 1 GET (detail)."
        "\ncheckout: ours = basket line + order (JWT user); "
        "peer = add-product + basket + guest checkout."
        "\nrps o/p = ours/peer throughput; p50 p/o = peer p50 / our p50 "
        "(> 1: ours faster)."
    )
    load = (
        f"load average {m['load_at_start']:.1f} before the bench started, "
        f"{m['load_at_end']:.1f} at its end"
    )
    if m["load_at_start"] > m["cores"] / 2:
        load += " (other work on the box before we began: numbers are noisy)"
    say(load)
    for note in notes:
        say(f"note: {note}")
