"""Turn load_mixed.sh's raw records into the Markdown summary.

    mixed_report.py RESULTS_DIR

Reads from RESULTS_DIR: facts.txt (key=value lines written by the script),
the wrk outputs (ceiling, mixed, faultA, faultB .wrk.txt), rss.txt, the
writer logs (writerA.tsv, writerB.tsv) and the version numbers found in the
database afterwards (versionsA.txt, versionsB.txt), poll.tsv, the page fetched
during the database outage, and serve.log (make serve's output: gunicorn's
access log, its error log and Django's request warnings), cut into phases by
the line numbers in facts.txt. Exits 1 when a target is missed.
"""

import gzip
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from summarize import parse as parse_wrk  # noqa: E402

TARGET_P99_MS = 250.0
TARGET_RSS_MB = 200.0
TARGET_RECOVERY_S = 30.0
ENDPOINTS = ["list", "detail", "preview", "compare", "export"]
CLASSES = ["2xx", "3xx", "4xx", "5xx"]

# gunicorn's default access-log format, plus %(D)s (microseconds) when load_mixed.sh set it
ACCESS = re.compile(r'^\S+ \S+ \S+ \[[^\]]+\] "(\w+) (\S+)[^"]*" (\d{3}) \S+ "[^"]*" "([^"]*)"(?: (\d+))?$')


def read_facts(directory):
    facts = {}
    for line in (directory / "facts.txt").read_text().splitlines():
        key, _, value = line.partition("=")
        facts[key] = value
    return facts


def wrk_result(path):
    """wrk's figures plus mixed.lua's MIXED lines (or request.lua's non-200 count)."""
    text = path.read_text()
    result = parse_wrk(text)
    sent, status, by_endpoint, first = Counter(), Counter(), defaultdict(Counter), {}
    for line in text.splitlines():
        parts = line.split()
        if not parts or parts[0] != "MIXED":
            continue
        if parts[1] == "sent":
            sent[parts[2]] += int(parts[3])
        elif parts[1] == "status":
            status[int(parts[2])] += int(parts[3])
        elif parts[1] == "endpoint":
            by_endpoint[parts[2]][parts[3]] += int(parts[4])
        elif parts[1] == "first":
            first[parts[2]] = int(parts[3])
    result.update(sent=sent, status=status, by_endpoint=by_endpoint, first=first, mixed=bool(sent))
    classes = Counter()
    for code, count in status.items():
        classes[f"{code // 100}xx"] += count
    result["classes"] = classes
    result["socket_total"] = sum(result["socket"].values())
    return result


def endpoint_of(path):
    path = path.split("?", 1)[0]
    if path == "/scenarios/":
        return "list"
    if path.startswith("/scenarios/compare/"):
        return "compare"
    match = re.fullmatch(r"/scenarios/\d+/(preview/|export\.csv|edit/)?", path)
    if match:
        return {None: "detail", "preview/": "preview", "export.csv": "export", "edit/": "edit"}[
            match.group(1)
        ]
    if path in ("/healthz", "/bench/ok"):
        return path
    return "other"


def client_of(agent):
    if agent == "-":
        return "wrk"
    if agent.startswith("Python-urllib"):
        return "writer/poller"
    if agent.startswith("curl"):
        return "curl"
    return agent


def log_slice(directory, facts, phase):
    path = directory / "serve.log"
    if path.exists():
        text = path.read_text(errors="replace")
    else:
        text = gzip.decompress((directory / "serve.log.gz").read_bytes()).decode(errors="replace")
    lines = text.splitlines()
    start = int(facts.get(f"{phase}_log_from", 0))
    end = int(facts.get(f"{phase}_log_to", len(lines)))
    return lines[start:end]


class AccessCounts(defaultdict):
    """A defaultdict that can carry the request times too."""


def access_counts(lines):
    """{(client, endpoint): Counter(status)} from gunicorn's access log lines;
    the request times (ms) of each are in counts.times[(client, endpoint)]."""
    counts = AccessCounts(Counter)
    counts_times = defaultdict(list)
    for line in lines:
        match = ACCESS.match(line)
        if match:
            _, path, status, agent, micros = match.groups()
            key = (client_of(agent), endpoint_of(path))
            counts[key][int(status)] += 1
            if micros:
                counts_times[key].append(int(micros) / 1000)
    counts.times = counts_times
    return counts


def percentile(values, fraction):
    values = sorted(values)
    if not values:
        return None
    return values[min(len(values) - 1, max(0, round(fraction * len(values)) - 1))]


def server_time_cell(times):
    if not times:
        return "-"
    return f"{ms(percentile(times, 0.5))} / {ms(percentile(times, 0.99))}"


def cpu_line(directory, name):
    path = directory / f"{name}.cpu.txt"
    if not path.exists():
        return None
    rows = {
        kind: (float(sec), float(pct))
        for kind, sec, pct in (line.split() for line in path.read_text().splitlines())
    }
    cores = int(rows.get("cores", (1, 0))[0])
    shown = [
        f"{kind} {rows[kind][1]:.0f}%"
        for kind in ("app", "postgres", "redis", "wrk", "bench", "other", "idle")
        if kind in rows
    ]
    return f"CPU during the {name} run, share of all {cores} cores: " + ", ".join(shown) + "."


def log_events(lines):
    events = Counter()
    for line in lines:
        for needle in (
            "Traceback",
            "Internal Server Error:",
            "Service Unavailable:",
            "WORKER TIMEOUT",
            "was sent SIGKILL",
            "Booting worker",
            "Worker exiting",
            "OperationalError",
        ):
            if needle in line:
                events[needle] += 1
    return events


def ms(value):
    return f"{value:.1f} ms" if value < 1000 else f"{value / 1000:.2f} s"


def verdict(ok):
    return "pass" if ok else "**FAIL**"


def fmt_classes(classes):
    return " / ".join(str(classes.get(c, 0)) for c in CLASSES)


def socket_cell(result):
    parts = [f"{n} {kind}" for kind, n in result["socket"].items() if n]
    return ", ".join(parts) or "0"


def statuses_cell(counter):
    return ", ".join(f"{code}: {n}" for code, n in sorted(counter.items())) or "none"


def writer_check(directory, name, versions_name):
    """Outcome counts, committed versions missing from the database, and
    which unknown-outcome saves did commit."""
    path = directory / name
    rows = [line.split("\t") for line in path.read_text().splitlines()] if path.exists() else []
    in_db = {int(v) for v in (directory / versions_name).read_text().split() if v.strip()}
    outcomes = Counter(row[1] for row in rows)
    committed = [int(row[3]) for row in rows if row[1] == "committed"]
    unknown = [int(row[3]) for row in rows if row[1] == "unknown"]
    lost = sorted(set(committed) - in_db)
    duplicates = sorted(v for v, n in Counter(committed).items() if n > 1)
    return {
        "rows": rows,
        "outcomes": outcomes,
        "committed": committed,
        "lost": lost,
        "duplicates": duplicates,
        "unknown": unknown,
        "unknown_in_db": sorted(v for v in unknown if v in in_db),
        "in_db": in_db,
    }


def outcome_cell(outcomes):
    return ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())) or "no attempts"


def endpoint_table(result, access):
    lines = [
        "| endpoint | sent (some still in flight at the end) | answers 2xx / 3xx / 4xx / 5xx (wrk) "
        "| statuses in gunicorn's access log (wrk's requests) | time in gunicorn p50 / p99 |",
        "|---|---:|---|---|---|",
    ]
    names = ENDPOINTS + (["unattributed"] if "unattributed" in result["by_endpoint"] else [])
    for name in names:
        sent = result["sent"].get(name, "")
        lines.append(
            f"| {name} | {sent} | {fmt_classes(result['by_endpoint'].get(name, Counter()))} "
            f"| {statuses_cell(access.get(('wrk', name), Counter()))} "
            f"| {server_time_cell(getattr(access, 'times', {}).get(('wrk', name)))} |"
        )
    return lines


def main(argv):
    directory = Path(argv[0])
    facts = read_facts(directory)
    failures = []
    out = []

    def target(label, measured, ok):
        out.append(f"| {label} | {measured} | {verdict(ok)} |")
        if not ok:
            failures.append(label)

    connections = int(facts.get("connections", 32))
    threads = int(facts.get("threads", 2))
    web_concurrency = int(facts.get("web_concurrency", 2))
    mixed_s, ceiling_s, a_s, b_s = (facts.get("durations", "60 10 30 40").split() + ["?"] * 4)[:4]
    exact = facts.get("exact") == "1"

    about = facts.get("about", "")
    if facts.get("loadavg"):
        about += (
            f"; load average {facts['loadavg']} before the ceiling run (anything else busy shows up here)"
        )
    out += ["## Mixed load and faults (make serve, PostgreSQL, Redis)", "", about + ".", ""]
    out.append(
        f"Mix per request: {facts.get('weights', '')}; scenario #{facts.get('pk')} (demo's "
        f'"Article baseline"), compare with #{facts.get("pk2")} (analyst\'s shared scenario).'
    )
    if exact:
        out.append("One connection per wrk thread: every answer is counted under its endpoint.")
    else:
        out.append(
            f"wrk -t{threads} -c{connections}: wrk does not say which request an answer belongs to, so "
            "mixed.lua sorts 2xx answers by content and counts others as unattributed; gunicorn's "
            "access log gives every status the app sent per endpoint."
        )
    out.append("")

    # --- Ceiling and mixed ---------------------------------------------------------
    ceiling = wrk_result(directory / "ceiling.wrk.txt")
    mixed = wrk_result(directory / "mixed.wrk.txt")
    mixed_access = access_counts(log_slice(directory, facts, "mixed"))
    out += ["### Ceiling and mixed load", ""]
    out += [
        "| run | req/s | p50 | p99 | answers 2xx / 3xx / 4xx / 5xx | socket errors |",
        "|---|---:|---:|---:|---|---|",
    ]
    ceiling_classes = f"{ceiling['requests'] - ceiling['non200']} x 200, {ceiling['non200']} other"
    out.append(
        f"| trivial view GET /bench/ok, wrk -t2 -c{connections} {ceiling_s} s | {ceiling['rps']:,.0f} "
        f"| {ms(ceiling['p50'])} | {ms(ceiling['p99'])} | {ceiling_classes} | {socket_cell(ceiling)} |"
    )
    out.append(
        f"| mixed, wrk -t{threads} -c{connections} {mixed_s} s | {mixed['rps']:,.0f} | {ms(mixed['p50'])} "
        f"| {ms(mixed['p99'])} | {fmt_classes(mixed['classes'])} | {socket_cell(mixed)} |"
    )
    for name in ("ceiling", "mixed"):
        line = cpu_line(directory, name)
        if line:
            out += ["", line]
    out += [
        "",
        f"Mixed load by endpoint ({mixed['requests']} answers). Time in gunicorn is from the access log: "
        "the worker's time for the request, without the time it waited in the listen queue, which is "
        "most of wrk's latency at 32 connections on 2 workers.",
        "",
    ]
    out += endpoint_table(mixed, mixed_access)
    rss = []
    rss_path = directory / "rss.txt"
    if rss_path.exists():
        rss = [
            (int(pid), int(kb) / 1024)
            for pid, kb in (line.split() for line in rss_path.read_text().splitlines())
        ]
    out += [
        "",
        "Worker RSS after the mixed load: "
        + (", ".join(f"pid {pid} {mb:.0f} MB" for pid, mb in rss) or "not measured")
        + ".",
        "",
    ]
    out += ["| target | measured | |", "|---|---|---|"]
    fivexx = mixed["classes"].get("5xx", 0)
    target("mixed: no 5xx", f"{fivexx}", fivexx == 0)
    non2xx = sum(n for c, n in mixed["classes"].items() if c != "2xx")
    target("mixed: every answer 2xx (a 3xx would be a lost session)", f"{non2xx} not 2xx", non2xx == 0)
    target("mixed: no socket errors", socket_cell(mixed), mixed["socket_total"] == 0)
    target(f"mixed: p99 < {TARGET_P99_MS:.0f} ms", ms(mixed["p99"]), mixed["p99"] < TARGET_P99_MS)
    worst = max((mb for _, mb in rss), default=float("inf"))
    target(
        f"worker RSS < {TARGET_RSS_MB:.0f} MB",
        f"max {worst:.0f} MB" if rss else "not measured",
        worst < TARGET_RSS_MB,
    )

    # --- Fault A -----------------------------------------------------------------------
    a = wrk_result(directory / "faultA.wrk.txt")
    a_lines = log_slice(directory, facts, "a")
    a_access = access_counts(a_lines)
    a_events = log_events(a_lines)
    writer_a = writer_check(directory, "writerA.tsv", "versionsA.txt")
    a_start = float(facts["a_start"])
    kill_at = float(facts["a_kill_at"])
    replaced_at = float(facts["a_replaced_at"]) if facts.get("a_replaced_at") else None
    before = facts.get("a_workers_before", "").split()
    after = facts.get("a_workers_after", "").split()
    victim = facts.get("a_victim")
    master_same = facts.get("a_master_after") == facts.get("master")
    replaced = len(after) == web_concurrency and victim not in after and master_same
    status_failures = sum(n for code, n in a["status"].items() if code >= 400) if a["mixed"] else a["non200"]
    failed = status_failures + a["socket_total"]
    writer_failed = sum(writer_a["outcomes"].get(k, 0) for k in ("unknown", "error", "read-failed"))
    in_flight = connections + 1
    out += ["", f"### Fault A: one worker SIGKILLed during the mixed load ({a_s} s)", ""]
    out.append(
        f"Worker {victim} killed {kill_at - a_start:.1f} s in; workers before {' '.join(before)}, after "
        f"{' '.join(after)} (master {facts.get('master')} "
        f"{'unchanged' if master_same else 'CHANGED to ' + str(facts.get('a_master_after'))}); "
        + (
            f"replacement running {replaced_at - kill_at:.1f} s after the kill."
            if replaced_at
            else "no replacement seen within 30 s."
        )
    )
    out.append(
        f"gunicorn's log in this phase: {a_events.get('was sent SIGKILL', 0)} 'was sent SIGKILL', "
        f"{a_events.get('Booting worker', 0)} 'Booting worker', {a_events.get('WORKER TIMEOUT', 0)} "
        f"'WORKER TIMEOUT', {a_events.get('Traceback', 0)} tracebacks."
    )
    out += [
        "",
        "| run | req/s | p50 | p99 | answers 2xx / 3xx / 4xx / 5xx | socket errors |",
        "|---|---:|---:|---:|---|---|",
        f"| fault A, wrk -t{threads} -c{connections} {a_s} s | {a['rps']:,.0f} | {ms(a['p50'])} "
        f"| {ms(a['p99'])} | {fmt_classes(a['classes'])} | {socket_cell(a)} |",
        "",
    ]
    out += endpoint_table(a, a_access)
    out += [
        "",
        f"Writer (saves through the editor, POST /scenarios/{facts.get('pk')}/edit/): "
        f"{outcome_cell(writer_a['outcomes'])}; committed versions "
        f"{min(writer_a['committed'], default='-')}..{max(writer_a['committed'], default='-')}, "
        f"missing from the database: {writer_a['lost'] or 'none'}"
        + (
            f"; outcome unknown (connection lost): {writer_a['unknown']}, of which in the database: "
            f"{writer_a['unknown_in_db'] or 'none'}"
            if writer_a["unknown"]
            else ""
        )
        + ".",
        f"Database: scenarios {facts.get('a_before_scenarios')} -> {facts.get('a_after_scenarios')}, "
        f"versions {facts.get('a_before_versions')} -> {facts.get('a_after_versions')} "
        f"(+{int(facts.get('a_after_versions', 0)) - int(facts.get('a_before_versions', 0))}; "
        f"{len(writer_a['committed'])} committed + {len(writer_a['unknown_in_db'])} unknown-outcome saves), "
        f"scenario #{facts.get('pk')} at version {facts.get('a_before_pk_version')} -> "
        f"{facts.get('a_after_pk_version')}.",
        "",
        "| target | measured | |",
        "|---|---|---|",
    ]
    target(
        f"fault A: failed requests <= requests in flight ({connections} wrk + 1 writer)",
        f"{failed} wrk ({status_failures} status >= 400, {a['socket_total']} socket errors)"
        f" + {writer_failed} writer",
        failed + writer_failed <= in_flight,
    )
    target(
        f"fault A: worker replaced, back to {web_concurrency}",
        f"{len(after)} workers, killed pid {'gone' if victim not in after else 'still listed'}, "
        f"master {'unchanged' if master_same else 'changed'}",
        replaced,
    )
    target(
        "fault A: committed writes lost",
        f"{len(writer_a['lost'])} of {len(writer_a['committed'])}",
        not writer_a["lost"] and bool(writer_a["committed"]),
    )
    scen_same = facts.get("a_before_scenarios") == facts.get("a_after_scenarios")
    target(
        "fault A: scenario count unchanged",
        f"{facts.get('a_before_scenarios')} -> {facts.get('a_after_scenarios')}",
        scen_same,
    )

    # --- Fault B -----------------------------------------------------------------------
    b = wrk_result(directory / "faultB.wrk.txt")
    b_lines = log_slice(directory, facts, "b")
    b_access = access_counts(b_lines)
    b_events = log_events(b_lines)
    writer_b = writer_check(directory, "writerB.tsv", "versionsB.txt")
    b_start = float(facts["b_start"])
    stop_begin, stop_done = float(facts["b_stop_begin"]), float(facts["b_stop_done"])
    start_begin, ready_at = float(facts["b_start_begin"]), float(facts["b_ready_at"])
    start_returned = float(facts.get("b_start_returned", ready_at))
    polls = []
    poll_path = directory / "poll.tsv"
    if poll_path.exists():
        for line in poll_path.read_text().splitlines():
            sent, answered, name, status = line.split("\t")
            polls.append((float(sent), float(answered), name, status))
    during = Counter(s for sent, _, n, s in polls if n == "healthz" and stop_done <= sent <= start_begin)
    page_during = Counter(s for sent, _, n, s in polls if n == "page" and stop_done <= sent <= start_begin)

    def first_ok(name):
        """Seconds from the start command to the first 200 answer to a poll
        sent while PostgreSQL was down or after."""
        times = [
            a for sent, a, n, s in polls if n == name and s == "200" and sent >= stop_done and a > start_begin
        ]
        return min(times) - start_begin if times else None

    def first_bad(name):
        times = [
            answered for sent, answered, n, s in polls if n == name and s != "200" and sent >= stop_begin
        ]
        return min(times) - stop_begin if times else None

    healthz_back, page_back = first_ok("healthz"), first_ok("page")
    after_restart = Counter(s for sent, _, n, s in polls if sent > start_begin and s != "200")
    page_status = facts.get("b_outage_page_status", "")
    page_html = (
        (directory / "outage-page.html").read_text(errors="replace")
        if (directory / "outage-page.html").exists()
        else ""
    )
    headers = (
        (directory / "outage-page.headers").read_text(errors="replace")
        if (directory / "outage-page.headers").exists()
        else ""
    )
    retry_after = re.search(r"(?im)^retry-after:\s*(\S+)", headers)
    friendly = page_status == "503" and "Back in a moment" in page_html and "Traceback" not in page_html
    wrk_500 = b["status"].get(500, 0)
    wrk_503 = b["status"].get(503, 0)
    other_5xx = sum(n for code, n in b["status"].items() if 500 <= code <= 599 and code not in (500, 503))
    log_500 = sum(c.get(500, 0) for c in b_access.values())
    log_503 = sum(c.get(503, 0) for c in b_access.values())

    out += ["", f"### Fault B: PostgreSQL stopped during the mixed load ({b_s} s)", ""]
    out.append(
        f"PostgreSQL stop issued {stop_begin - b_start:.1f} s in "
        f"(down after {stop_done - stop_begin:.1f} s), "
        f"start issued {start_begin - b_start:.1f} s in; pg_isready succeeded {ready_at - start_begin:.1f} s "
        f"after the start command (down {ready_at - stop_done:.1f} s in all), pg_ctlcluster start returned "
        f"after {start_returned - start_begin:.1f} s."
    )
    out += [
        "",
        "| run | req/s | p50 | p99 | answers 2xx / 3xx / 4xx / 5xx | socket errors |",
        "|---|---:|---:|---:|---|---|",
        f"| fault B, wrk -t{threads} -c{connections} {b_s} s | {b['rps']:,.0f} | {ms(b['p50'])} "
        f"| {ms(b['p99'])} | {fmt_classes(b['classes'])} | {socket_cell(b)} |",
        "",
    ]
    out += endpoint_table(b, b_access)
    other_clients = {k: v for k, v in b_access.items() if k[0] != "wrk"}
    if other_clients:
        out += [
            "",
            "Other clients in gunicorn's access log: "
            + "; ".join(
                f"{client} {endpoint}: {statuses_cell(c)}"
                for (client, endpoint), c in sorted(other_clients.items())
            )
            + ".",
        ]
    out += [
        "",
        f"wrk saw {wrk_503} x 503, {wrk_500} x 500, {other_5xx} other 5xx; gunicorn's access log has "
        f"{log_503} x 503 and {log_500} x 500 for all clients. Django's request log: "
        f"{b_events.get('Service Unavailable:', 0)} 'Service Unavailable' and "
        f"{b_events.get('Internal Server Error:', 0)} 'Internal Server Error' entries "
        f"({b_events.get('Traceback', 0)} tracebacks in the log, none of them sent to a client).",
        f"Page fetched 1 s into the outage (GET /scenarios/{facts.get('pk')}/ with the session): status "
        f'{page_status}, "Back in a moment" {"present" if "Back in a moment" in page_html else "ABSENT"}, '
        f'"Traceback" {"PRESENT" if "Traceback" in page_html else "absent"}, Retry-After '
        f"{retry_after.group(1) if retry_after else 'absent'}; /healthz at the same time: "
        f"{facts.get('b_outage_healthz_status')}.",
        f"Polls every 0.5 s while PostgreSQL was down: /healthz {statuses_cell(during)}; page "
        f"{statuses_cell(page_during)}. First non-200 after the stop command: /healthz "
        + (f"{first_bad('healthz'):.1f} s" if first_bad("healthz") is not None else "never")
        + ", page "
        + (f"{first_bad('page'):.1f} s" if first_bad("page") is not None else "never")
        + ".",
        "Non-200 polls after the start command: " + statuses_cell(after_restart) + ".",
        f"Writer: {outcome_cell(writer_b['outcomes'])}; committed versions missing from the database: "
        f"{writer_b['lost'] or 'none'}"
        + (
            f"; outcome unknown: {writer_b['unknown']}, "
            f"in the database: {writer_b['unknown_in_db'] or 'none'}"
            if writer_b["unknown"]
            else ""
        )
        + f". Database: scenarios {facts.get('b_before_scenarios')} -> {facts.get('b_after_scenarios')}, "
        f"versions {facts.get('b_before_versions')} -> {facts.get('b_after_versions')}.",
        "",
        "| target | measured | |",
        "|---|---|---|",
    ]
    target(
        "fault B: no 500 (traceback) answers",
        f"{wrk_500} in wrk, {log_500} in the access log",
        wrk_500 == 0 and log_500 == 0,
    )
    target(
        "fault B: outage page is the friendly 503",
        f"status {page_status}, {'friendly text, no traceback' if friendly else 'not the friendly page'}",
        friendly,
    )
    target(
        "fault B: /healthz says 503 during the outage",
        statuses_cell(during) + (f"; one-off {facts.get('b_outage_healthz_status')}"),
        during.get("503", 0) > 0 and facts.get("b_outage_healthz_status") == "503",
    )

    def back_cell(since_start):
        if since_start is None:
            return "not 200 again before polling stopped"
        return f"{since_start:.1f} s after the start command"

    target(
        f"fault B: /healthz 200 again <= {TARGET_RECOVERY_S:.0f} s after PostgreSQL start",
        back_cell(healthz_back),
        healthz_back is not None and healthz_back <= TARGET_RECOVERY_S,
    )
    target(
        f"fault B: app page 200 again <= {TARGET_RECOVERY_S:.0f} s after PostgreSQL start",
        back_cell(page_back),
        page_back is not None and page_back <= TARGET_RECOVERY_S,
    )
    target(
        "fault B: committed writes lost",
        f"{len(writer_b['lost'])} of {len(writer_b['committed'])}",
        not writer_b["lost"],
    )

    out += ["", "All targets met." if not failures else f"Missed: {'; '.join(failures)}."]
    print("\n".join(out))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
