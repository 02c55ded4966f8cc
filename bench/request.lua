-- wrk script for run_load.sh: the request comes from the environment, and
-- every answer that is not exactly 200 is counted (wrk's own "Non-2xx or 3xx"
-- line lets redirects through, and a redirect to /login/ would be a silent
-- failure here).
--
--   BENCH_COOKIE   Cookie header (sessionid and csrftoken)
--   BENCH_METHOD   GET (default) or POST
--   BENCH_BODY     urlencoded form body for POST
--   BENCH_CSRF     X-CSRFToken header for POST
--   BENCH_HX       "true" to send HX-Request: true

wrk.method = os.getenv("BENCH_METHOD") or "GET"
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE") or ""
if wrk.method == "POST" then
  wrk.body = os.getenv("BENCH_BODY") or ""
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["X-CSRFToken"] = os.getenv("BENCH_CSRF") or ""
end
if os.getenv("BENCH_HX") == "true" then
  wrk.headers["HX-Request"] = "true"
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non200 = 0
  first_bad = 0
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    if first_bad == 0 then first_bad = status end
  end
end

function done(summary, latency, requests)
  local total, bad = 0, 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("non200")
    if bad == 0 then bad = thread:get("first_bad") end
  end
  io.write(string.format("Non-200 responses: %d (first status %d)\n", total, bad))
  io.write(string.format("Completed requests: %d\n", summary.requests))
end
