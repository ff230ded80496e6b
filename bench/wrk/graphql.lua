-- wrk script: sends one GraphQL operation, each request one line drawn at random from a file that
-- bench.py prepared (one request a line: the path and query string, a tab, the POST body or nothing
-- for GET), and counts responses that are not HTTP 200 or that carry "errors". At the end it
-- prints one line "BENCH_RESULT {json}".
--
-- Environment: BENCH_REQUESTS (the file of requests), BENCH_METHOD (POST or GET), BENCH_SEED
-- (optional), BENCH_HEADERS (optional extra request headers, "Name: value" a line), BENCH_CLIENTS
-- (optional: each request carries X-Forwarded-For with one of that many addresses in
-- 198.18.0.0/15, the benchmarking range, as if that many readers came through an ingress; the rate
-- limits then see that many callers).

local function json_string(s)
  s = s:gsub('\\', '\\\\'):gsub('"', '\\"'):gsub('\n', '\\n'):gsub('\r', '\\r'):gsub('\t', '\\t')
  return '"' .. s .. '"'
end

local threads = {}
local thread_no = 0

function setup(thread)
  thread_no = thread_no + 1
  thread:set("id", thread_no)
  table.insert(threads, thread)
end

local requests = {}
-- Globals, not locals: done() reads them from each thread's state with thread:get, which sees only
-- globals (as locals they read as nil, and no failure was ever counted).
failures = 0
first_failure = nil

local method = os.getenv("BENCH_METHOD") or "POST"

function init(args)
  for line in io.lines(os.getenv("BENCH_REQUESTS")) do
    local path, body = line:match("^([^\t]+)\t(.*)$")
    if path then
      table.insert(requests, { path = path, body = body ~= "" and body or nil })
    end
  end
  assert(#requests > 0, "no requests")
  math.randomseed(tonumber(os.getenv("BENCH_SEED") or "7") * 1000 + (id or 0))
  wrk.method = method
  if method == "POST" then
    wrk.headers["Content-Type"] = "application/json"
  end
  wrk.headers["Accept"] = "application/json"
  for name, value in (os.getenv("BENCH_HEADERS") or ""):gmatch("([^:\n]+):%s*([^\n]+)") do
    wrk.headers[name] = value
  end
end

local clients = tonumber(os.getenv("BENCH_CLIENTS") or "0")

function request()
  if clients > 0 then
    local n = math.random(clients) - 1
    wrk.headers["X-Forwarded-For"] = string.format("198.%d.%d.%d", 18 + math.floor(n / 65536) % 2, math.floor(n / 256) % 256, n % 256)
  end
  local r = requests[math.random(#requests)]
  return wrk.format(method, r.path, nil, r.body)
end

function response(status, headers, body)
  if status ~= 200 or body:find('"errors"', 1, true) then
    failures = failures + 1
    if first_failure == nil then
      first_failure = tostring(status) .. " " .. body:sub(1, 300)
    end
  end
end

function done(summary, latency, requests)
  local failed = 0
  local sample = ""
  for _, thread in ipairs(threads) do
    failed = failed + (thread:get("failures") or 0)
    local f = thread:get("first_failure")
    if f and sample == "" then sample = f end
  end
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,'
      .. '"mean_us":%.1f,"socket_errors":%d,"non_2xx":%d,"failures":%d,"first_failure":%s}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, failed, json_string(sample)))
end
