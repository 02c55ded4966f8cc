"""Where the machine's CPU went during a run, for load_mixed.sh.

    cpu_sampler.py OUTPUT --master PID --seconds N [--interval 1]

Every interval, reads /proc/stat and /proc/<pid>/stat of every process and
adds each process's CPU time since the last sample to one of: app (the
gunicorn master PID and its children), wrk, postgres, redis, bench (this
bench's Python helpers), other. Stops after N seconds (or on SIGTERM) and
writes OUTPUT, one line per category:

    <category> <cpu seconds> <percent of the machine>

plus "idle" and "cores". A process that exits between two samples loses its
last interval; with 1 s samples that is small.
"""

import argparse
import os
import signal
import sys
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def read_procs():
    procs = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            raw = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # comm is in parentheses and may contain spaces
        comm = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        ppid, utime, stime = int(fields[1]), int(fields[11]), int(fields[12])
        procs[int(entry)] = (comm, ppid, utime + stime)
    return procs


def machine():
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values[:8]), idle


def cmdline(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def category(pid, comm, ppid, master, cache):
    if pid in cache:
        return cache[pid]
    if pid == master or ppid == master:
        kind = "app"
    elif comm == "wrk":
        kind = "wrk"
    elif comm.startswith("postgres") or comm.startswith("postmaster"):
        kind = "postgres"
    elif comm.startswith("redis"):
        kind = "redis"
    elif "bench/" in cmdline(pid):
        kind = "bench"
    else:
        kind = "other"
    cache[pid] = kind
    return kind


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--master", type=int, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--interval", type=float, default=1.0)
    args = parser.parse_args(argv)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))

    totals = dict.fromkeys(("app", "wrk", "postgres", "redis", "bench", "other"), 0)
    cache = {}
    previous = read_procs()
    total0, idle0 = machine()
    deadline = time.monotonic() + args.seconds
    while not stop and time.monotonic() < deadline:
        time.sleep(min(args.interval, max(0.05, deadline - time.monotonic())))
        current = read_procs()
        for pid, (comm, ppid, cpu) in current.items():
            before = previous.get(pid)
            delta = cpu - before[2] if before and before[0] == comm else cpu if pid not in previous else 0
            if delta > 0 and pid != os.getpid():
                totals[category(pid, comm, ppid, args.master, cache)] += delta
        previous = current
    total1, idle1 = machine()
    elapsed_ticks = max(1, total1 - total0)  # all cores
    cores = os.cpu_count() or 1
    lines = [
        f"{kind} {ticks / TICKS:.1f} {100 * ticks / elapsed_ticks:.1f}" for kind, ticks in totals.items()
    ]
    lines.append(f"idle {(idle1 - idle0) / TICKS:.1f} {100 * (idle1 - idle0) / elapsed_ticks:.1f}")
    lines.append(f"cores {cores} 100")
    args.output.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
