#!/usr/bin/env bash
# Mixed load and two fault runs against the app served the production way
# (`make serve`: gunicorn sync workers, PostgreSQL, Redis), all on 127.0.0.1.
# See bench/README.md, "Mixed load and faults".
#
#   1. fresh PostgreSQL database partnership_load, Redis db 2 flushed, seed_demo,
#      `make serve` on 127.0.0.1:8766 with bench.settings, wait for /healthz 200
#   2. log in as demo, read the editor form (bench/session.py)
#   3. ceiling: wrk on the trivial view /bench/ok
#   4. mixed load: list/detail/preview/compare/export picked per request
#      (bench/mixed.lua), then each worker's RSS
#   5. fault A: a worker is SIGKILLed during the mixed load while
#      bench/writer.py saves through the editor; no committed save may be lost
#   6. fault B: PostgreSQL is stopped for a few seconds during the mixed load;
#      friendly 503s, /healthz 503, and the time to recover
#   7. Markdown summary (bench/mixed_report.py), also in
#      bench/results/mixed-<date>/summary.md; exit 1 if a target is missed
#
# Environment (all optional):
#   DURATION=60  mixed-load seconds      CEILING_DURATION=10
#   FAULT_A_DURATION=30  KILL_AT=10      FAULT_B_DURATION=40  STOP_AT=10  OUTAGE=5
#   CONNECTIONS=32  THREADS=2  (wrk -t; THREADS=CONNECTIONS gives one connection
#                   per wrk thread, so mixed.lua knows each answer's endpoint)
#   WEIGHTS="list=25,detail=30,preview=25,compare=10,export=10"
#   WEB_CONCURRENCY=2  PORT=8766
#
# It stops gunicorn and, if it stopped PostgreSQL, starts it again, whatever
# happens (error, Ctrl-C). Needs root or the postgres user for pg_ctlcluster.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PY="$ROOT/.venv/bin/python"
WRK="${WRK:-/usr/bin/wrk}"
secs() { local v="${1%s}"; [[ "$v" =~ ^[0-9]+$ ]] || { echo "load_mixed.sh: '$1' is not a number of seconds" >&2; exit 2; }; echo "$v"; }
DURATION="$(secs "${DURATION:-60}")"
CEILING_DURATION="$(secs "${CEILING_DURATION:-10}")"
FAULT_A_DURATION="$(secs "${FAULT_A_DURATION:-30}")"
KILL_AT="$(secs "${KILL_AT:-10}")"
FAULT_B_DURATION="$(secs "${FAULT_B_DURATION:-40}")"
STOP_AT="$(secs "${STOP_AT:-10}")"
OUTAGE="$(secs "${OUTAGE:-5}")"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
WEIGHTS="${WEIGHTS:-list=25,detail=30,preview=25,compare=10,export=10}"
export WEB_CONCURRENCY="${WEB_CONCURRENCY:-2}"
PORT="${PORT:-8766}"
BASE="http://127.0.0.1:$PORT"

DB_NAME=partnership_load
PG_HOST=127.0.0.1
PG_PORT=5432
PG_VERSION="$(ls /etc/postgresql 2>/dev/null | sort -n | tail -n 1)"
PG_CLUSTER=main
REDIS_DB=2

for tool in "$PY" "$WRK" psql createdb dropdb pg_isready pg_ctlcluster redis-cli curl make; do
  command -v "$tool" >/dev/null || { echo "load_mixed.sh: $tool is missing" >&2; exit 1; }
done
[[ -n "$PG_VERSION" ]] || { echo "load_mixed.sh: no cluster under /etc/postgresql" >&2; exit 1; }

OUT="$ROOT/bench/results/mixed-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
FACTS="$OUT/facts.txt"
SERVE_LOG="$OUT/serve.log"
: >"$FACTS"

now() { date +%s.%N | cut -c1-14; }
fact() { echo "$1=$2" >>"$FACTS"; }
log() { echo "== $*"; }
die() { echo "load_mixed.sh: $*" >&2; exit 1; }
q() { psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d "$DB_NAME" -v ON_ERROR_STOP=1 -tAc "$1"; }
pg_ready() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; }
log_lines() { if [[ -f "$SERVE_LOG" ]]; then wc -l <"$SERVE_LOG" | tr -d ' '; else echo 0; fi; }

# --- Processes this script starts, and how they are always stopped ----------

MAKE_PID=""
MASTER_PID=""
PG_STOPPED=0
BG_PIDS=()

descendants() {  # every descendant of $1, deepest first
  local child
  for child in $(pgrep -P "$1" 2>/dev/null || true); do
    descendants "$child"
    echo "$child"
  done
}

gunicorn_pids() { pgrep -f "gunicorn config.wsgi:application.*--bind 127.0.0.1:$PORT" || true; }

# The master is the gunicorn process whose parent is not a gunicorn process
# (make's recipe shell execs gunicorn, so its parent is make).
find_master() {
  local pids pid ppid
  pids="$(gunicorn_pids)"
  for pid in $pids; do
    ppid="$(ps -o ppid= -p "$pid" 2>/dev/null | tr -d ' ')"
    [[ -n "$ppid" ]] || continue
    if ! grep -qx "$ppid" <<<"$pids"; then
      echo "$pid"
      return 0
    fi
  done
  return 0
}

workers() { [[ -n "$MASTER_PID" ]] && pgrep -P "$MASTER_PID" | sort -n | tr '\n' ' ' | sed 's/ $//' || true; }

stop_app() {
  local pids pid
  if [[ -n "$MASTER_PID" ]] && kill -0 "$MASTER_PID" 2>/dev/null; then
    pids="$(descendants "$MASTER_PID") $MASTER_PID"
    kill -TERM "$MASTER_PID" 2>/dev/null || true
    for _ in $(seq 1 250); do  # gunicorn's --graceful-timeout is 20 s
      kill -0 "$MASTER_PID" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$MASTER_PID" 2>/dev/null; then  # still there: no graceful way left
      for pid in $pids; do kill -KILL "$pid" 2>/dev/null || true; done
    fi
  fi
  if [[ -n "$MAKE_PID" ]] && kill -0 "$MAKE_PID" 2>/dev/null; then
    # Still before `exec gunicorn` (migrate, collectstatic, check): stop its children.
    for pid in $(descendants "$MAKE_PID"); do kill -TERM "$pid" 2>/dev/null || true; done
    sleep 0.5
    for pid in $(descendants "$MAKE_PID") "$MAKE_PID"; do kill -KILL "$pid" 2>/dev/null || true; done
  fi
  if [[ -n "$MAKE_PID" ]]; then wait "$MAKE_PID" 2>/dev/null || true; fi
  MASTER_PID=""
  MAKE_PID=""
}

start_pg() {
  timeout 60 pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" start || true
  for _ in $(seq 1 120); do
    if pg_ready; then
      PG_STOPPED=0
      return 0
    fi
    sleep 0.5
  done
  echo "load_mixed.sh: PostgreSQL did not accept connections within 60 s of start" >&2
  return 1
}

cleanup() {
  local status=$?
  set +e
  trap - EXIT INT TERM
  local pid child
  for pid in "${BG_PIDS[@]}"; do  # timeout (wrk, writer, poller, CPU sampler), pg_isready loop
    for child in $(descendants "$pid") "$pid"; do kill -TERM "$child" 2>/dev/null; done
  done
  for pid in "${BG_PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  stop_app
  if ((PG_STOPPED)); then
    echo "== cleanup: starting PostgreSQL again (this script stopped it)" >&2
    start_pg
  fi
  pg_ready || echo "load_mixed.sh: WARNING: PostgreSQL is not accepting connections" >&2
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. Database, Redis, app -------------------------------------------------

pg_ready || die "PostgreSQL does not answer on $PG_HOST:$PG_PORT"
if curl -s -o /dev/null --max-time 2 "$BASE/"; then
  die "something already answers on $BASE; stop it or set PORT"
fi
[[ -z "$(gunicorn_pids)" ]] || die "a gunicorn on 127.0.0.1:$PORT is already running"

export DATABASE_URL="postgres://postgres@$PG_HOST:$PG_PORT/$DB_NAME"
export REDIS_URL="redis://127.0.0.1:6379/$REDIS_DB"
SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
export SECRET_KEY
export ALLOWED_HOSTS="127.0.0.1,localhost"
export LOCAL_HTTP=true
export DJANGO_SETTINGS_MODULE=bench.settings
export BIND="127.0.0.1:$PORT"
export BENCH_STATIC_ROOT="${BENCH_STATIC_ROOT:-/tmp/bench-partnership-load-static}"
# gunicorn's default access-log format plus the time each request took (us);
# the Makefile sets no format, so this changes nothing else.
export GUNICORN_CMD_ARGS="--access-logformat='%(h)s %(l)s %(u)s %(t)s \"%(r)s\" %(s)s %(b)s \"%(f)s\" \"%(a)s\" %(D)s'"
unset DEBUG

log "PostgreSQL database $DB_NAME (fresh), Redis db $REDIS_DB (flushed), results in $OUT"
dropdb -h "$PG_HOST" -p "$PG_PORT" -U postgres --if-exists --force "$DB_NAME"
createdb -h "$PG_HOST" -p "$PG_PORT" -U postgres "$DB_NAME"
[[ "$(redis-cli -h 127.0.0.1 -p 6379 -n "$REDIS_DB" FLUSHDB)" == OK ]] || die "redis-cli FLUSHDB failed"
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py seed_demo >/dev/null
PK="$(q "select s.id from scenarios_scenario s join auth_user u on u.id = s.owner_id
         where u.username = 'demo' and s.name = 'Article baseline'")"
PK2="$(q "select s.id from scenarios_scenario s join auth_user u on u.id = s.owner_id
          where u.username = 'analyst' and s.name = 'Samsung as lead EV supplier'")"
[[ "$PK" =~ ^[0-9]+$ && "$PK2" =~ ^[0-9]+$ ]] || die "seed_demo did not create the two demo scenarios"
fact pk "$PK"
fact pk2 "$PK2"

log "make serve on $BIND ($WEB_CONCURRENCY sync workers, bench.settings), log in $SERVE_LOG"
# -o: the virtualenv counts as installed (the bench installs nothing); run
# `make setup` first if requirements.txt changed.
make -o .venv/.installed serve >"$SERVE_LOG" 2>&1 &
MAKE_PID=$!
healthy=0
for _ in $(seq 1 300); do  # 90 s: migrate, collectstatic and check --deploy run first
  kill -0 "$MAKE_PID" 2>/dev/null || { tail -n 30 "$SERVE_LOG" >&2; die "make serve exited"; }
  if [[ "$(curl -s -o /dev/null --max-time 2 -w '%{http_code}' "$BASE/healthz" || true)" == 200 ]]; then
    healthy=1
    break
  fi
  sleep 0.3
done
((healthy)) || { tail -n 30 "$SERVE_LOG" >&2; die "/healthz did not answer 200 within 90 s"; }
MASTER_PID="$(find_master)"
[[ -n "$MASTER_PID" ]] || die "no gunicorn master found for 127.0.0.1:$PORT"
[[ "$(ps -o ppid= -p "$MASTER_PID" | tr -d ' ')" == "$MAKE_PID" ]] \
  || echo "load_mixed.sh: note: gunicorn master $MASTER_PID is not a child of make ($MAKE_PID)" >&2
for _ in $(seq 1 100); do
  [[ "$(workers | wc -w)" -ge "$WEB_CONCURRENCY" ]] && break
  sleep 0.1
done
echo "   gunicorn master $MASTER_PID, workers $(workers)"
fact master "$MASTER_PID"

# --- 2. Session --------------------------------------------------------------

log "Logging in as demo; \"Article baseline\" is #$PK, analyst's shared scenario #$PK2"
SESSION_VARS="$("$PY" bench/session.py login "$BASE" demo partnership-demo "$PK")"
eval "$SESSION_VARS"
export SESSIONID CSRFTOKEN FORM_BODY
echo "   editor form: $FORM_FIELDS fields, ${#FORM_BODY} bytes"

log "Each endpoint answers 200 to the session (redirects not followed)"
"$PY" bench/session.py check "$BASE" /bench/ok --expect ok
"$PY" bench/session.py check "$BASE" /scenarios/ --expect "Article baseline"
"$PY" bench/session.py check "$BASE" "/scenarios/$PK/" --expect "Article baseline"
"$PY" bench/session.py check "$BASE" "/scenarios/$PK/preview/" --post --expect 'id="results"'
"$PY" bench/session.py check "$BASE" "/scenarios/compare/?ids=$PK,$PK2" --expect "Samsung as lead EV supplier"
"$PY" bench/session.py check "$BASE" "/scenarios/$PK/export.csv" --expect "year,component,supplier"

export BENCH_COOKIE="sessionid=$SESSIONID; csrftoken=$CSRFTOKEN"
export BENCH_CSRF="$CSRFTOKEN" BENCH_BODY="$FORM_BODY" BENCH_PK="$PK" BENCH_PK2="$PK2" BENCH_WEIGHTS="$WEIGHTS"
export BENCH_EXACT=0
((THREADS == CONNECTIONS)) && BENCH_EXACT=1

# mixed_wrk_bg NAME SECONDS [CONNECTIONS THREADS]: wrk with mixed.lua in the
# background, raw output in NAME.wrk.txt, PID in WRK_PID. Started from this
# shell, not from a subshell, so that WRK_PID is timeout's own PID: timeout runs
# in a process group of its own, and a subshell killed by a signal sent to this
# script's group would leave timeout and wrk running. Waiting with `wait`
# rather than in the foreground also lets Ctrl-C stop the script at once.
mixed_wrk_bg() {
  timeout $(($2 + 60)) "$WRK" -t"${4:-$THREADS}" -c"${3:-$CONNECTIONS}" -d"$2s" --timeout 10s --latency \
    -s "$ROOT/bench/mixed.lua" "$BASE" >"$OUT/$1.wrk.txt" 2>&1 &
  WRK_PID=$!
  BG_PIDS+=("$WRK_PID")
}

# finish PID WHAT: wait for a background job, say if it failed, forget its PID
finish() {
  local rc=0 keep=() pid
  wait "$1" || rc=$?
  ((rc == 0)) || echo "load_mixed.sh: $2 exited $rc" >&2
  for pid in "${BG_PIDS[@]}"; do [[ "$pid" == "$1" ]] || keep+=("$pid"); done
  BG_PIDS=("${keep[@]}")
}

# cpu_start NAME SECONDS / cpu_stop: where the CPU went, in NAME.cpu.txt
CPU_PID=""
cpu_start() {
  timeout $(($2 + 90)) "$PY" bench/cpu_sampler.py "$OUT/$1.cpu.txt" --master "$MASTER_PID" --seconds $(($2 + 60)) &
  CPU_PID=$!
  BG_PIDS+=("$CPU_PID")
}
cpu_stop() {
  if [[ -n "$CPU_PID" ]]; then
    kill -TERM "$CPU_PID" 2>/dev/null || true
    finish "$CPU_PID" "the CPU sampler"
  fi
  CPU_PID=""
}

db_counts() {  # PREFIX: scenarios, versions, and this scenario's latest version
  fact "$1_scenarios" "$(q 'select count(*) from scenarios_scenario')"
  fact "$1_versions" "$(q 'select count(*) from scenarios_scenarioversion')"
  fact "$1_pk_version" "$(q "select version from scenarios_scenario where id = $PK")"
}

log "Warm-up: mixed, 3 s at -c4"
mixed_wrk_bg warmup 3 4 2
finish "$WRK_PID" "wrk (warm-up)"

# --- 3. Ceiling ----------------------------------------------------------------

fact loadavg "$(cut -d' ' -f1-3 /proc/loadavg)"
log "Ceiling: wrk -t2 -c$CONNECTIONS -d${CEILING_DURATION}s GET /bench/ok (load average $(cut -d' ' -f1-3 /proc/loadavg))"
fact ceiling_log_from "$(log_lines)"
cpu_start ceiling "$CEILING_DURATION"
BENCH_METHOD=GET BENCH_HX="" timeout $((CEILING_DURATION + 60)) "$WRK" -t2 -c"$CONNECTIONS" \
  -d"${CEILING_DURATION}s" --timeout 10s --latency -s "$ROOT/bench/request.lua" "$BASE/bench/ok" \
  >"$OUT/ceiling.wrk.txt" 2>&1 &
WRK_PID=$!
BG_PIDS+=("$WRK_PID")
finish "$WRK_PID" "wrk (ceiling)"
cpu_stop
fact ceiling_log_to "$(log_lines)"
grep -E "Requests/sec|Non-200" "$OUT/ceiling.wrk.txt" | sed 's/^/   /' || true

# --- 4. Mixed load ---------------------------------------------------------------

log "Mixed load: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s ($WEIGHTS)"
fact mixed_log_from "$(log_lines)"
cpu_start mixed "$DURATION"
mixed_wrk_bg mixed "$DURATION"
finish "$WRK_PID" "wrk (mixed)"
cpu_stop
fact mixed_log_to "$(log_lines)"
grep -E "Requests/sec|Socket errors|^MIXED status" "$OUT/mixed.wrk.txt" | sed 's/^/   /' || true
: >"$OUT/rss.txt"
for pid in $(workers); do
  echo "$pid $(ps -o rss= -p "$pid" | tr -d ' ')" >>"$OUT/rss.txt"
done
echo "   worker RSS (kB): $(tr '\n' ';' <"$OUT/rss.txt")"

# --- 5. Fault A: a worker killed -------------------------------------------------

log "Fault A: mixed load ${FAULT_A_DURATION}s with a writer; SIGKILL one worker at ${KILL_AT}s"
db_counts a_before
fact a_log_from "$(log_lines)"
fact a_start "$(now)"
mixed_wrk_bg faultA "$FAULT_A_DURATION"
timeout $((FAULT_A_DURATION + 60)) "$PY" bench/writer.py "$BASE" demo partnership-demo "$PK" \
  "$OUT/writerA.tsv" --seconds "$FAULT_A_DURATION" 2>"$OUT/writerA.err" &
WRITER_PID=$!
BG_PIDS+=("$WRITER_PID")
sleep "$KILL_AT"
before="$(workers)"
victim="${before%% *}"
[[ -n "$victim" ]] || die "no gunicorn worker to kill"
fact a_workers_before "$before"
fact a_victim "$victim"
fact a_kill_at "$(now)"
kill -KILL "$victim"
echo "   killed worker $victim (workers were: $before)"
for _ in $(seq 1 300); do  # 30 s
  current="$(workers)"
  if [[ "$(wc -w <<<"$current")" -eq "$WEB_CONCURRENCY" ]] && ! grep -qw "$victim" <<<"$current"; then
    fact a_replaced_at "$(now)"
    break
  fi
  sleep 0.1
done
finish "$WRK_PID" "wrk (fault A)"
finish "$WRITER_PID" "the writer (fault A)"
fact a_log_to "$(log_lines)"
fact a_workers_after "$(workers)"
fact a_master_after "$(find_master)"
db_counts a_after
q "select number from scenarios_scenarioversion where scenario_id = $PK order by number" >"$OUT/versionsA.txt"
echo "   workers after: $(workers); writer: $(cat "$OUT/writerA.err")"

# --- 6. Fault B: PostgreSQL stopped ----------------------------------------------

log "Fault B: mixed load ${FAULT_B_DURATION}s; PostgreSQL stopped at ${STOP_AT}s for ~${OUTAGE}s"
MARKER="$OUT/pg-restarted-at"
rm -f "$MARKER"
db_counts b_before
fact b_log_from "$(log_lines)"
fact b_start "$(now)"
mixed_wrk_bg faultB "$FAULT_B_DURATION"
timeout $((FAULT_B_DURATION + 60)) "$PY" bench/writer.py "$BASE" demo partnership-demo "$PK" \
  "$OUT/writerB.tsv" --seconds "$FAULT_B_DURATION" 2>"$OUT/writerB.err" &
WRITER_PID=$!
BG_PIDS+=("$WRITER_PID")
POLL_MAX=$((FAULT_B_DURATION + 40))
# /healthz without cookies, like a load balancer; the page with the session.
timeout $((POLL_MAX + 30)) "$PY" bench/poller.py "$BASE" "$OUT/poll.tsv" healthz=/healthz "page=/scenarios/$PK/" \
  --session-for page --interval 0.5 --min-seconds "$FAULT_B_DURATION" --max-seconds "$POLL_MAX" \
  --recovered-after "$MARKER" &
POLLER_PID=$!
BG_PIDS+=("$POLLER_PID")
sleep "$STOP_AT"
fact b_stop_begin "$(now)"
PG_STOPPED=1
timeout 60 pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" stop -m fast
fact b_stop_done "$(now)"
echo "   PostgreSQL stopped"
sleep 1
fact b_outage_page_at "$(now)"
fact b_outage_page_status "$(curl -s -o "$OUT/outage-page.html" -D "$OUT/outage-page.headers" -w '%{http_code}' \
  --max-time 10 -H "Cookie: $BENCH_COOKIE" "$BASE/scenarios/$PK/" || echo curl-failed)"
fact b_outage_healthz_status "$(curl -s -o "$OUT/outage-healthz.json" -w '%{http_code}' --max-time 10 \
  "$BASE/healthz" || echo curl-failed)"
sleep "$(awk -v until="$(grep '^b_stop_done=' "$FACTS" | cut -d= -f2)" -v outage="$OUTAGE" -v t="$(now)" \
  'BEGIN { r = until + outage - t; printf "%.2f", (r > 0 ? r : 0) }')"
start_at="$(now)"
fact b_start_begin "$start_at"
echo "$start_at" >"$MARKER"
# pg_ctlcluster start returns a while after the server accepts connections:
# a separate loop notes when pg_isready first succeeds.
(
  for _ in $(seq 1 600); do
    if pg_ready; then now >"$OUT/pg-ready-at"; exit 0; fi
    sleep 0.1
  done
) &
READY_PID=$!
BG_PIDS+=("$READY_PID")
start_pg || die "PostgreSQL did not come back"
fact b_start_returned "$(now)"
finish "$READY_PID" "the pg_isready loop"
fact b_ready_at "$(cat "$OUT/pg-ready-at" 2>/dev/null || now)"
echo "   PostgreSQL accepting connections again"
finish "$WRK_PID" "wrk (fault B)"
finish "$WRITER_PID" "the writer (fault B)"
fact b_wrk_done "$(now)"
finish "$POLLER_PID" "the poller"
fact b_log_to "$(log_lines)"
fact b_workers_after "$(workers)"
db_counts b_after
q "select number from scenarios_scenarioversion where scenario_id = $PK order by number" >"$OUT/versionsB.txt"
echo "   writer: $(cat "$OUT/writerB.err")"

# --- 7. Summary --------------------------------------------------------------------

stop_app
fact about "$(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (uncommitted changes)'), \
$(nproc) cores, gunicorn $WEB_CONCURRENCY sync workers via make serve, PostgreSQL $PG_VERSION, Redis db $REDIS_DB, \
wrk -t$THREADS -c$CONNECTIONS on the same machine, Python $("$PY" -c 'import platform; print(platform.python_version())')"
fact connections "$CONNECTIONS"
fact threads "$THREADS"
fact exact "$BENCH_EXACT"
fact weights "$WEIGHTS"
fact web_concurrency "$WEB_CONCURRENCY"
fact durations "$DURATION $CEILING_DURATION $FAULT_A_DURATION $FAULT_B_DURATION"

status=0
"$PY" bench/mixed_report.py "$OUT" >"$OUT/summary.md" || status=$?
gzip -f "$SERVE_LOG"  # every 503 is logged with its traceback: megabytes
ln -sfn "$(basename "$OUT")" "$ROOT/bench/results/mixed-latest"
echo
log "Summary (also in $OUT/summary.md)"
cat "$OUT/summary.md"
((status == 0)) || echo "load_mixed.sh: some targets were missed (see the summary)." >&2
exit "$status"
