"""The bench's output: progress lines, the comparison table, and
var/bench-results.json."""

import json
from pathlib import Path

from bench.client import SCENARIO_LABELS, WITH_ORDERS
from bench.servers import PEER_DATABASE, PEER_PAGE_SIZE

HEADER = [
    "scenario",
    "ours/s",
    "p50ms",
    "p95ms",
    "p99ms",
    "err",
    "peer/s",
    "p50ms",
    "p95ms",
    "err",
    "rps o/p",
    "p50 p/o",
    "of bare",
]
# Cells of each group, printed with one space inside a group and " | " between.
GROUPS = [(0, 1), (1, 6), (6, 10), (10, 13)]


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
    large: dict | None = None,
) -> Path:
    """Print the table (adding the ratios to `results`), the reads with
    orders and the large catalogue's figures, then write them as JSON;
    returns the JSON file's path."""
    bare = (results.get("bare") or {}).get("ours")
    rows = [table_row(name, results[name], bare) for name in scenarios]
    print_table(rows, meta=meta, notes=notes, peer_ran=peer_ran)
    print_with_orders(results, WITH_ORDERS)
    print_large(large)
    path = var_dir / "bench-results.json"
    report = {"meta": meta, "scenarios": results, "large": large}
    path.write_text(json.dumps(report, indent=2) + "\n")
    say(f"\nresults written to {path}")
    return path


def table_row(name: str, result: dict, bare: dict | None = None) -> list[str]:
    """One scenario's cells; records the ratios in `result` for the JSON."""
    ours, peer = result["ours"], result["peer"]

    def cells(figures, percentiles):
        if not figures:
            return ["n/a", *[""] * len(percentiles), ""]
        return [
            f"{figures['rps']:.1f}",
            *("-" if figures.get(p) is None else f"{figures[p]}" for p in percentiles),
            str(figures["errors"]),
        ]

    rps_ratio = p50_ratio = "n/a"
    if ours and peer and peer["rps"]:
        rps_ratio = f"{ours['rps'] / peer['rps']:.2f}x"
        result["ratio_rps_ours_over_peer"] = round(ours["rps"] / peer["rps"], 2)
    if ours and peer and ours["p50_ms"] and peer["p50_ms"]:
        p50_ratio = f"{peer['p50_ms'] / ours['p50_ms']:.2f}x"
        result["ratio_p50_peer_over_ours"] = round(peer["p50_ms"] / ours["p50_ms"], 2)
    of_bare = ""
    if ours and bare and bare["rps"] and name != "bare":
        result["fraction_of_bare_rps"] = round(ours["rps"] / bare["rps"], 2)
        of_bare = f"{ours['rps'] / bare['rps']:.0%}"
    return [
        SCENARIO_LABELS[name],
        *cells(ours, ("p50_ms", "p95_ms", "p99_ms")),
        *cells(peer, ("p50_ms", "p95_ms")),
        rps_ratio,
        p50_ratio,
        of_bare,
    ]


def print_table(
    rows: list[list[str]], *, meta: dict, notes: list[str], peer_ran: bool
) -> None:
    widths = [max(len(row[i]) for row in [HEADER, *rows]) for i in range(len(HEADER))]

    def fmt(row):
        parts = [row[0].ljust(widths[0])]
        parts += [row[i].rjust(widths[i]) for i in range(1, len(HEADER))]
        return " | ".join(" ".join(parts[a:b]) for a, b in GROUPS)

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
        "(> 1: ours faster); of bare = our req/s as a share of the bare view's"
        " (a DRF view returning a small JSON through the same stack)."
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


def print_with_orders(results: dict, pairs: dict) -> None:
    """Reads while orders come in, against the same reads alone."""
    lines = []
    for name, alone_name in pairs.items():
        with_orders = (results.get(name) or {}).get("ours")
        alone = (results.get(alone_name) or {}).get("ours")
        if not with_orders or not alone or not alone["rps"]:
            continue
        share = with_orders["rps"] / alone["rps"]
        with_orders["share_of_read_only"] = round(share, 2)
        flag = "OK" if share >= 0.8 else "BELOW 80%"
        lines.append(
            f"  {SCENARIO_LABELS[alone_name]:<8} {alone['rps']:.1f}/s alone, "
            f"{with_orders['rps']:.1f}/s with {with_orders.get('orders_per_s', 0)} "
            f"orders/s placed ({with_orders.get('orders_failed', 0)} failed): "
            f"{share:.0%} [{flag}]"
        )
    if lines:
        say("\nReads while an order is placed every 100 ms (target: >= 80% of alone):")
        for line in lines:
            say(line)


def print_large(large: dict) -> None:
    """The cache-off p95 at the large size against the same at the normal size."""
    if not large:
        return
    say(
        f"\nCatalogue size, cache off: {large['small']} vs {large['large']} products"
        f" (seed_demo --products {large['large']} --no-images:"
        f" {large['seed_seconds']} s, limit 300 s)"
    )
    say(
        f"  {'scenario':<14} {'/s':>7} {'p95 ms':>8} | {'/s':>7} {'p95 ms':>8}"
        " | large/small p95 (target <= 1.5)"
    )
    for name, pair in large["scenarios"].items():
        small, big = pair["small"], pair["large"]
        if not small or not big or not small["p95_ms"] or big["p95_ms"] is None:
            continue
        ratio = big["p95_ms"] / small["p95_ms"]
        pair["p95_ratio"] = round(ratio, 2)
        flag = "OK" if ratio <= 1.5 else "OVER"
        say(
            f"  {SCENARIO_LABELS[name]:<14} {small['rps']:>7.1f} {small['p95_ms']:>8}"
            f" | {big['rps']:>7.1f} {big['p95_ms']:>8} | {ratio:.2f}x [{flag}]"
        )
