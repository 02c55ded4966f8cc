-- wrk script for load_mixed.sh: a mix of the app's endpoints, one picked at
-- random for every request, with a logged-in session; counts every answer by
-- status, by status class and by endpoint, and prints them in done().
--
--   BENCH_COOKIE    Cookie header (sessionid and csrftoken)
--   BENCH_CSRF      X-CSRFToken header for the preview POST
--   BENCH_BODY      urlencoded editor form for the preview POST
--   BENCH_PK        the scenario to show, preview and export
--   BENCH_PK2       a second scenario visible to the session, for compare
--   BENCH_WEIGHTS   "list=25,detail=30,preview=25,compare=10,export=10"
--   BENCH_EXACT     "1" when every wrk thread has exactly one connection
--                   (wrk -tN -cN): each answer is then known to belong to the
--                   last request that thread sent. With several connections
--                   per thread wrk does not say which request an answer is
--                   for, so 2xx answers are told apart by their content
--                   (CSV, page title, htmx fragment) and any other answer is
--                   counted under "unattributed".
--
-- Output lines (parsed by bench/mixed_report.py):
--   MIXED sent <endpoint> <n>
--   MIXED status <code> <n>
--   MIXED endpoint <endpoint> <class> <n>      class: 2xx 3xx 4xx 5xx
--   MIXED first <endpoint> <code>              first non-2xx answer seen

local ENDPOINTS = { "list", "detail", "preview", "compare", "export" }
local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
  table.insert(threads, thread)
end

local function parse_weights(text)
  local weights, total = {}, 0
  for name, weight in string.gmatch(text, "(%a+)=(%d+)") do
    weights[name] = tonumber(weight)
  end
  local table_ = {}
  for _, name in ipairs(ENDPOINTS) do
    local w = weights[name] or 0
    if w > 0 then
      total = total + w
      table.insert(table_, { name = name, upto = total })
    end
  end
  return table_, total
end

function init(args)
  local pk = os.getenv("BENCH_PK") or "1"
  local pk2 = os.getenv("BENCH_PK2") or pk
  local cookie = os.getenv("BENCH_COOKIE") or ""
  local get_headers = { ["Cookie"] = cookie }
  local post_headers = {
    ["Cookie"] = cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-CSRFToken"] = os.getenv("BENCH_CSRF") or "",
    ["HX-Request"] = "true",
  }
  requests = {
    list = wrk.format("GET", "/scenarios/", get_headers),
    detail = wrk.format("GET", "/scenarios/" .. pk .. "/", get_headers),
    preview = wrk.format("POST", "/scenarios/" .. pk .. "/preview/", post_headers, os.getenv("BENCH_BODY") or ""),
    compare = wrk.format("GET", "/scenarios/compare/?ids=" .. pk .. "," .. pk2, get_headers),
    export = wrk.format("GET", "/scenarios/" .. pk .. "/export.csv", get_headers),
  }
  choices, total_weight = parse_weights(os.getenv("BENCH_WEIGHTS") or
    "list=25,detail=30,preview=25,compare=10,export=10")
  exact = os.getenv("BENCH_EXACT") == "1"
  math.randomseed(os.time() * 1000 + (thread_number or 0) * 7919)
  counts = {}
  firsts = {}
  pending = nil
end

local function bump(key)
  counts[key] = (counts[key] or 0) + 1
end

function request()
  local r = math.random(total_weight)
  local name = choices[#choices].name
  for _, choice in ipairs(choices) do
    if r <= choice.upto then
      name = choice.name
      break
    end
  end
  pending = name
  bump("sent " .. name)
  return requests[name]
end

-- Which endpoint a 2xx answer came from, from its content alone.
local function recognise(status, headers, body)
  if status < 200 or status > 299 then
    return "unattributed"
  end
  local ctype = headers["Content-Type"] or headers["content-type"] or ""
  if string.find(ctype, "text/csv", 1, true) then return "export" end
  body = body or ""
  if string.find(body, "<title>Scenarios ", 1, true) then return "list" end
  if string.find(body, "<title>Compare scenarios", 1, true) then return "compare" end
  if string.find(body, "<title>", 1, true) then return "detail" end
  return "preview"
end

function response(status, headers, body)
  local name
  if exact and pending then
    name = pending
  else
    name = recognise(status, headers, body)
  end
  pending = nil
  local class = tostring(math.floor(status / 100)) .. "xx"
  bump("status " .. status)
  bump("endpoint " .. name .. " " .. class)
  if (status < 200 or status > 299) and firsts[name] == nil then
    firsts[name] = status
  end
end

function done(summary, latency, requests_)
  local totals, first = {}, {}
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("counts") or {}) do
      totals[key] = (totals[key] or 0) + n
    end
    for name, status in pairs(thread:get("firsts") or {}) do
      if first[name] == nil then first[name] = status end
    end
  end
  local keys = {}
  for key in pairs(totals) do table.insert(keys, key) end
  table.sort(keys)
  for _, key in ipairs(keys) do
    io.write(string.format("MIXED %s %d\n", key, totals[key]))
  end
  for name, status in pairs(first) do
    io.write(string.format("MIXED first %s %d\n", name, status))
  end
  io.write(string.format("MIXED completed %d\n", summary.requests))
  io.write(string.format("MIXED errors connect=%d read=%d write=%d timeout=%d status=%d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status))
end
