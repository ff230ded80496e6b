-- wrk script: POSTs search queries through the GraphQL endpoint, cycling through the terms in
-- queries.txt (each thread starts at a different term), and prints p50/p95/p99 and req/s.
local terms = {}
for line in io.lines(os.getenv("QUERIES") or "bench/search/queries.txt") do
  if #line > 0 then terms[#terms + 1] = line end
end

local counter = 0
local document = "query Search($q: String!) { search(query: $q, first: 10) { edges { score type "
  .. "node { id } highlights { field snippet matches { start end } } } } }"

local function json_string(s)
  return '"' .. s:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"'
end

local threads = {}
function setup(thread)
  thread:set("offset", #threads * 7919)
  threads[#threads + 1] = thread
end

function init(args)
  counter = offset or 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local term = terms[(counter % #terms) + 1]
  local body = '{"query":' .. json_string(document) .. ',"variables":{"q":' .. json_string(term) .. '}}'
  return wrk.format(nil, "/graphql", nil, body)
end

errors = 0
function response(status, headers, body)
  if status ~= 200 or body:find('"errors"', 1, true) then
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  io.write(string.format("requests %d in %.1f s: %.1f req/s\n", summary.requests,
    summary.duration / 1e6, summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
  io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d; non-2xx %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    summary.errors.status))
  local graphql = 0
  for _, thread in ipairs(threads) do graphql = graphql + thread:get("errors") end
  io.write(string.format("responses with GraphQL errors or non-200: %d\n", graphql))
end
