-- Shared helpers of the wrk scripts of bench/run.sh and bench/soak/run.sh (wrk 4.x, LuaJIT).
-- Each script does:  local lib = dofile(os.getenv("BENCH_LUA") .. "/lib.lua")
-- wrk runs a script in one Lua state per thread plus a main state (setup/done), so per-thread
-- counters are gathered in done() through the thread objects kept by lib.setup.
local lib = {}

local ffi = require("ffi")
pcall(ffi.cdef, [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clk_id, bench_timespec *tp);
]])
local ts = ffi.new("bench_timespec")

-- wall clock in milliseconds (CLOCK_REALTIME, comparable with the harness's time.time())
function lib.now_ms()
  ffi.C.clock_gettime(0, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

function lib.env(name, default)
  local v = os.getenv(name)
  if v == nil or v == "" then
    if default == nil then error("environment variable " .. name .. " is required") end
    return default
  end
  return v
end

function lib.lines(path)
  local out = {}
  for line in io.lines(path) do
    if line ~= "" then out[#out + 1] = line end
  end
  return out
end

function lib.split(s, sep)
  local out = {}
  for part in string.gmatch(s, "([^" .. sep .. "]+)") do out[#out + 1] = part end
  return out
end

-- thread bookkeeping (main state)
lib.threads = {}
function lib.setup(thread)
  lib.threads[#lib.threads + 1] = thread
  thread:set("thread_id", #lib.threads)
  thread:set("thread_count_hint", tonumber(os.getenv("BENCH_THREADS") or "1"))
end

-- per-thread counters (thread states), globals so the main state can read them in done().
-- Flat tables only: wrk 4.1 crashes copying nested tables between states.
stats = { ok = 0, failed = 0 }   -- plus "http<status>" = count, and any other counters
chain_ms = {}                    -- durations of multi-request operations (ms)
function lib.count_status(status)
  local key = "http" .. status
  stats[key] = (stats[key] or 0) + 1
end

local function json_string(s)
  return '"' .. tostring(s):gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

-- done(): writes one JSON object to $BENCH_OUT for the harness
function lib.report(summary, latency, extra)
  local ok, failed, status, chain, counters = 0, 0, {}, {}, {}
  for _, t in ipairs(lib.threads) do
    local s = t:get("stats")
    if s then
      for k, v in pairs(s) do
        if k == "ok" then ok = ok + v
        elseif k == "failed" then failed = failed + v
        elseif k:sub(1, 4) == "http" then status[k:sub(5)] = (status[k:sub(5)] or 0) + v
        else counters[k] = (counters[k] or 0) + v end
      end
    end
    local c = t:get("chain_ms")
    if c then for _, v in ipairs(c) do chain[#chain + 1] = v end end
  end
  table.sort(chain)
  local function pct(p)
    if #chain == 0 then return -1 end
    local i = math.max(1, math.min(#chain, math.ceil(#chain * p / 100)))
    return chain[i]
  end
  local parts, cparts = {}, {}
  for k, v in pairs(status) do parts[#parts + 1] = json_string(k) .. ":" .. v end
  for k, v in pairs(counters) do cparts[#cparts + 1] = json_string(k) .. ":" .. string.format("%d", v) end
  local e = summary.errors
  local out = string.format(
    '{"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f},' ..
    '"ok":%d,"failed":%d,"status":{%s},"counters":{%s},"chains":%d,"chain_ms":{"p50":%.2f,"p99":%.2f}%s}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    ok, failed, table.concat(parts, ","), table.concat(cparts, ","), #chain, pct(50), pct(99), extra and ("," .. extra) or "")
  local path = os.getenv("BENCH_OUT")
  if path and path ~= "" then
    local f = assert(io.open(path, "w"))
    f:write(out)
    f:close()
  else
    io.write(out)
  end
end

return lib
