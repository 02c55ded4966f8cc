#!/usr/bin/env bash
# Load benchmark: gunicorn (2 sync workers, prod settings) on 127.0.0.1, wrk
# against a trivial view (the ceiling), a scenario's detail page and the htmx
# live preview, all with a logged-in session. See bench/README.md.
#
# Environment (all optional):
#   DURATION=10s  THREADS=2  CONNECTIONS=16  WARMUP=2s  PORT=8765
#   LOW_CONNECTIONS=2  a second pass with this many connections (one per
#                      worker), where latency is service time rather than
#                      time queued behind other requests; 0 skips it
#   BENCH_DB=/tmp/bench-partnership.sqlite3  (deleted and re-created each run)
#   BENCH_STATIC_ROOT=/tmp/bench-partnership-static
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PY="$ROOT/.venv/bin/python"
GUNICORN="$ROOT/.venv/bin/gunicorn"
WRK="${WRK:-/usr/bin/wrk}"
seconds() { [[ "$1" =~ ^[0-9]+$ ]] && echo "${1}s" || echo "$1"; }
DURATION="$(seconds "${DURATION:-10s}")"
WARMUP="$(seconds "${WARMUP:-2s}")"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-16}"
LOW_CONNECTIONS="${LOW_CONNECTIONS:-2}"
PORT="${PORT:-8765}"
BASE="http://127.0.0.1:$PORT"
BENCH_DB="${BENCH_DB:-/tmp/bench-partnership.sqlite3}"

for tool in "$PY" "$GUNICORN" "$WRK"; do
  [[ -x "$tool" ]] || { echo "run_load.sh: $tool is missing" >&2; exit 1; }
done

export DJANGO_SETTINGS_MODULE=bench.settings
export DATABASE_URL="sqlite:///$BENCH_DB"
export SECRET_KEY="bench-only-secret-key-not-used-anywhere-else-0123456789"
export DEBUG=0
export LOCAL_HTTP=true
export ALLOWED_HOSTS="127.0.0.1,localhost"
export BENCH_STATIC_ROOT="${BENCH_STATIC_ROOT:-/tmp/bench-partnership-static}"

OUT="$ROOT/bench/results/load-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
GUNICORN_LOG="$OUT/gunicorn.log"
GUNICORN_PID=""

stop_gunicorn() {
  if [[ -n "$GUNICORN_PID" ]] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill -TERM "$GUNICORN_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$GUNICORN_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$GUNICORN_PID" 2>/dev/null || true
    wait "$GUNICORN_PID" 2>/dev/null || true
  fi
  GUNICORN_PID=""
}
trap stop_gunicorn EXIT
trap 'exit 130' INT TERM

if curl -s -o /dev/null --max-time 2 "$BASE/"; then
  echo "run_load.sh: something already answers on $BASE; stop it or set PORT." >&2
  exit 1
fi

echo "== Database $BENCH_DB (fresh), static files in $BENCH_STATIC_ROOT"
rm -f "$BENCH_DB" "$BENCH_DB-wal" "$BENCH_DB-shm"
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py seed_demo >/dev/null
# prod stores static files with a manifest; pages cannot render without it.
"$PY" manage.py collectstatic --noinput --clear -v0
PK="$("$PY" -c "import django; django.setup(); from scenarios.models import Scenario; \
print(Scenario.objects.get(owner__username='demo', name='Article baseline').pk)")"
[[ "$PK" =~ ^[0-9]+$ ]] || { echo "run_load.sh: no scenario \"Article baseline\" for demo" >&2; exit 1; }

echo "== gunicorn on $BASE (2 sync workers), log in $GUNICORN_LOG"
"$GUNICORN" config.wsgi:application --chdir "$ROOT" --workers 2 --worker-class sync --no-control-socket \
  --bind "127.0.0.1:$PORT" --error-logfile "$GUNICORN_LOG" --log-level info &
GUNICORN_PID=$!
for _ in $(seq 1 150); do
  kill -0 "$GUNICORN_PID" 2>/dev/null || { echo "run_load.sh: gunicorn exited; see $GUNICORN_LOG" >&2; exit 1; }
  [[ "$(curl -s -o /dev/null --max-time 2 -w '%{http_code}' "$BASE/login/" || true)" == 200 ]] && break
  sleep 0.2
done
[[ "$(curl -s -o /dev/null --max-time 2 -w '%{http_code}' "$BASE/login/" || true)" == 200 ]] \
  || { echo "run_load.sh: gunicorn did not answer /login/ with 200 within 30 s" >&2; exit 1; }

echo "== Logging in as demo; scenario \"Article baseline\" is #$PK"
SESSION_VARS="$("$PY" bench/session.py login "$BASE" demo partnership-demo "$PK")"
eval "$SESSION_VARS"
export SESSIONID CSRFTOKEN FORM_BODY
echo "   editor form: $FORM_FIELDS fields, ${#FORM_BODY} bytes"

CEILING_PATH="/bench/ok"
DETAIL_PATH="/scenarios/$PK/"
PREVIEW_PATH="/scenarios/$PK/preview/"

echo "== Checking each endpoint answers 200 to the session (no redirects followed)"
"$PY" bench/session.py check "$BASE" "$CEILING_PATH" --expect ok
"$PY" bench/session.py check "$BASE" "$DETAIL_PATH" --expect "Article baseline"
"$PY" bench/session.py check "$BASE" "$PREVIEW_PATH" --post --expect 'id="results"'

# run_wrk NAME PATH METHOD THREADS CONNECTIONS DURATION
run_wrk() {
  local method="$3" hx=""
  if [[ "$method" == POST ]]; then hx=true; fi
  BENCH_COOKIE="sessionid=$SESSIONID; csrftoken=$CSRFTOKEN" BENCH_METHOD="$method" \
    BENCH_BODY="$FORM_BODY" BENCH_CSRF="$CSRFTOKEN" BENCH_HX="$hx" \
    "$WRK" -t"$4" -c"$5" -d"$6" --timeout 5s --latency -s "$ROOT/bench/request.lua" "$BASE$2"
}

ENDPOINTS=("ceiling|$CEILING_PATH|GET" "detail|$DETAIL_PATH|GET" "preview|$PREVIEW_PATH|POST")

echo "== Warm-up, $WARMUP per endpoint"
for spec in "${ENDPOINTS[@]}"; do
  IFS='|' read -r name path method <<<"$spec"
  run_wrk "$name" "$path" "$method" 1 2 "$WARMUP" >"$OUT/$name.warmup.txt"
done

# load_pass SUFFIX CONNECTIONS: each endpoint in turn, raw output to NAME{SUFFIX}.wrk.txt
load_pass() {
  local threads="$THREADS"
  if ((threads > $2)); then threads="$2"; fi
  echo "== Load: wrk -t$threads -c$2 -d$DURATION --latency"
  for spec in "${ENDPOINTS[@]}"; do
    IFS='|' read -r name path method <<<"$spec"
    echo "-- $name: $method $path"
    run_wrk "$name" "$path" "$method" "$threads" "$2" "$DURATION" | tee "$OUT/$name$1.wrk.txt"
  done
}
load_pass "" "$CONNECTIONS"
if ((LOW_CONNECTIONS > 0)); then
  load_pass "-c$LOW_CONNECTIONS" "$LOW_CONNECTIONS"
fi

stop_gunicorn

if grep -E -n "Traceback|ERROR|WORKER TIMEOUT|Internal Server Error|Forbidden|Not Found|Bad Request" \
  "$GUNICORN_LOG" >"$OUT/gunicorn-problems.txt"; then
  echo "== WARNING: problems in gunicorn's log ($(wc -l <"$OUT/gunicorn-problems.txt") lines, first ones):"
  head -n 20 "$OUT/gunicorn-problems.txt"
else
  rm -f "$OUT/gunicorn-problems.txt"
fi

ABOUT="$(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), \
$(nproc) cores, gunicorn 2 sync workers, wrk on the same machine, \
Python $("$PY" -c 'import platform; print(platform.python_version())'), SQLite."
LABELS=("ceiling=trivial view (GET $CEILING_PATH)" "detail=scenario detail (GET /scenarios/<pk>/)"
  "preview=htmx preview (POST /scenarios/<pk>/preview/)")
status=0
{
  echo "## Load benchmark: wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
  echo
  "$PY" bench/summarize.py "$OUT" "${LABELS[@]}" --note "$ABOUT" --connections "$CONNECTIONS" || status=$?
  if ((LOW_CONNECTIONS > 0)); then
    echo
    echo "## Same, at -c$LOW_CONNECTIONS (one connection per worker: latency without queueing)"
    echo
    "$PY" bench/summarize.py "$OUT" "${LABELS[@]}" --suffix "-c$LOW_CONNECTIONS" \
      --connections "$LOW_CONNECTIONS" || status=$?
  fi
} >"$OUT/summary.md"
ln -sfn "$(basename "$OUT")" "$ROOT/bench/results/load-latest"
echo
echo "== Summary (also in $OUT/summary.md)"
cat "$OUT/summary.md"
if ((status != 0)); then
  echo "run_load.sh: some requests failed (see the errors column); the figures are not valid." >&2
fi
exit "$status"
