"""Turn run_load.sh's raw wrk outputs into the Markdown summary.

    summarize.py RESULTS_DIR NAME=LABEL... [--note TEXT] [--suffix S] [--connections N]

Reads RESULTS_DIR/NAME{S}.wrk.txt for each endpoint (ceiling, detail,
preview), prints the table, the detail/ceiling throughput ratio and the
targets. Exits 1 when any endpoint had a non-200 answer or a socket error:
those runs do not measure what the table claims.
"""

import re
import sys
from pathlib import Path

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}

TARGET_RATIO = 35.0  # detail throughput, percent of the ceiling's
# Server time per request, p95 under 50 ms (README, Benchmarks); wrk reports
# p99, which is held to the same line. Meaningful at one connection per worker,
# where latency is service time rather than time queued behind other requests.
TARGET_P99 = 50.0  # ms, detail and preview


def to_ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if not match:
        raise ValueError(f"unknown latency {text!r}")
    return float(match.group(1)) * UNITS_MS[match.group(2)]


def parse(text):
    def find(pattern):
        match = re.search(pattern, text, re.MULTILINE)
        return match.groups() if match else None

    rps = find(r"^Requests/sec:\s+([\d.]+)")
    p50 = find(r"^\s+50%\s+(\S+)")
    p99 = find(r"^\s+99%\s+(\S+)")
    if not (rps and p50 and p99):
        raise ValueError("not a complete wrk --latency output")
    socket = find(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
    socket = dict(zip(("connect", "read", "write", "timeout"), map(int, socket or (0, 0, 0, 0)), strict=True))
    non200 = find(r"^Non-200 responses: (\d+) \(first status (\d+)\)")
    non2xx3xx = find(r"^Non-2xx or 3xx responses: (\d+)")
    requests = find(r"^\s+(\d+) requests in ")
    return {
        "rps": float(rps[0]),
        "p50": to_ms(p50[0]),
        "p99": to_ms(p99[0]),
        "requests": int(requests[0]) if requests else 0,
        "socket": socket,
        # The Lua counter sees every status; wrk's own line only >= 400.
        "non200": int(non200[0]) if non200 else int(non2xx3xx[0]) if non2xx3xx else 0,
        "first_bad": int(non200[1]) if non200 else 0,
        "counted": non200 is not None,
    }


def errors_cell(result):
    parts = []
    if result["non200"]:
        parts.append(f"{result['non200']} non-200 (e.g. {result['first_bad']})")
    parts += [f"{count} {kind}" for kind, count in result["socket"].items() if count]
    if not result["counted"]:
        parts.append("non-200 not counted")
    return ", ".join(parts) or "0"


def verdict(ok):
    return "met" if ok else "**missed**"


def main(argv):
    options = {"--note": None, "--suffix": "", "--connections": None}
    for option in options:
        if option in argv:
            index = argv.index(option)
            options[option] = argv[index + 1]
            argv = argv[:index] + argv[index + 2 :]
    note, suffix = options["--note"], options["--suffix"]
    connections = int(options["--connections"]) if options["--connections"] else None
    results_dir, specs = Path(argv[0]), argv[1:]
    rows = []
    for spec in specs:
        name, label = spec.split("=", 1)
        rows.append((name, label, parse((results_dir / f"{name}{suffix}.wrk.txt").read_text())))
    results = {name: result for name, _, result in rows}

    lines = []
    if note:
        lines += [note, ""]
    lines += ["| endpoint | req/s | p50 | p99 | errors |", "|---|---:|---:|---:|---|"]
    for _, label, r in rows:
        lines.append(
            f"| {label} | {r['rps']:,.0f} | {r['p50']:.2f} ms | {r['p99']:.2f} ms | {errors_cell(r)} |"
        )

    ceiling, detail = results.get("ceiling"), results.get("detail")
    lines.append("")
    if ceiling and detail:
        ratio = 100 * detail["rps"] / ceiling["rps"]
        lines.append(f"Detail throughput is {ratio:.1f}% of the trivial view's.")
        lines.append("")
    lines += ["| target | measured | |", "|---|---:|---|"]
    if ceiling and detail:
        lines.append(
            f"| detail req/s >= {TARGET_RATIO:.0f}% of trivial | {ratio:.1f}% "
            f"| {verdict(ratio >= TARGET_RATIO)} |"
        )
    for name in ("detail", "preview"):
        if name in results:
            p99 = results[name]["p99"]
            lines.append(f"| {name} p99 < {TARGET_P99:.0f} ms | {p99:.2f} ms | {verdict(p99 < TARGET_P99)} |")

    if connections and ceiling and connections > 2:
        lines += [
            "",
            f"With {connections} connections always waiting on 2 workers, latency is mostly time in "
            "the queue (Little's law: connections / throughput); the -c2 pass measures service time.",
        ]

    failed = [label for _, label, r in rows if r["non200"] or any(r["socket"].values()) or not r["counted"]]
    if failed:
        lines += ["", f"INVALID RUN: errors on {', '.join(failed)}; these figures must not be quoted."]

    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
