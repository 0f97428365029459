-- wrk script: per-request latency of the admitted (2xx) answers, and counts of refused (503/429) ones and of
-- refusals carrying Retry-After. Needs one connection per wrk thread (-tN -cN): then request and response
-- strictly alternate in a thread, and the time between them is that request's latency.
-- Prints one line at the end: ADMITTED ok=<n> refused=<n> retry_after=<n> other=<n> p50_ms=<x> p99_ms=<x> secs=<x>
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000000 + tonumber(ts.tv_nsec) / 1000
end

local threads = {}
function setup(thread) table.insert(threads, thread) end

local req, t0
hist = {}
ok, refused, retry, other = 0, 0, 0, 0

function init(args) req = wrk.format() end

function request()
  t0 = now_us()
  return req
end

-- 10 us buckets below 10 ms, 1 ms buckets below 1 s, 100 ms buckets above
local function bucket(us)
  if us < 10000 then return math.floor(us / 10) end
  if us < 1000000 then return 1000 + math.floor(us / 1000) end
  return 2000 + math.floor(us / 100000)
end
local function upper_ms(b)
  if b < 1000 then return (b + 1) * 0.01 end
  if b < 2000 then return (b - 1000 + 1) end
  return (b - 2000 + 1) * 100
end

function response(status, headers, body)
  local us = now_us() - t0
  if status >= 200 and status < 300 then
    ok = ok + 1
    local b = bucket(us)
    hist[b] = (hist[b] or 0) + 1
  elseif status == 503 or status == 429 then
    refused = refused + 1
    if headers["Retry-After"] or headers["retry-after"] then retry = retry + 1 end
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local total, counts = { ok = 0, refused = 0, retry = 0, other = 0 }, {}
  for _, t in ipairs(threads) do
    total.ok = total.ok + t:get("ok")
    total.refused = total.refused + t:get("refused")
    total.retry = total.retry + t:get("retry")
    total.other = total.other + t:get("other")
    for b, n in pairs(t:get("hist")) do counts[b] = (counts[b] or 0) + n end
  end
  local keys = {}
  for b in pairs(counts) do table.insert(keys, b) end
  table.sort(keys)
  local function pct(p)
    local want, seen = total.ok * p, 0
    for _, b in ipairs(keys) do
      seen = seen + counts[b]
      if seen >= want then return upper_ms(b) end
    end
    return 0
  end
  io.write(string.format("ADMITTED ok=%d refused=%d retry_after=%d other=%d p50_ms=%.2f p99_ms=%.2f secs=%.2f\n",
    total.ok, total.refused, total.retry, total.other + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout, pct(0.5), pct(0.99),
    summary.duration / 1000000))
end
