-- GET (or a fixed POST) with fixed headers: no response callback, so wrk runs at full speed.
-- env: BENCH_AUTH (Authorization value), BENCH_REGION (X-Region), BENCH_METHOD, BENCH_BODY,
--      BENCH_CTYPE (Content-Type)
local lib = dofile(os.getenv("BENCH_LUA") .. "/lib.lua")
wrk.method = lib.env("BENCH_METHOD", "GET")
local auth = os.getenv("BENCH_AUTH")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
local region = os.getenv("BENCH_REGION")
if region and region ~= "" then wrk.headers["X-Region"] = region end
local body = os.getenv("BENCH_BODY")
if body and body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = lib.env("BENCH_CTYPE", "application/json")
end
function setup(thread) lib.setup(thread) end
-- BENCH_COUNT_STATUS=1: count answers by status (costs wrk some CPU per response, so the
-- highest-rate scenarios leave it off and rely on wrk's own count of answers >= 400)
if os.getenv("BENCH_COUNT_STATUS") == "1" then
  function response(status, headers, body)
    lib.count_status(status)
    if status >= 200 and status < 300 then stats.ok = stats.ok + 1 else stats.failed = stats.failed + 1 end
  end
end
function done(summary, latency, requests) lib.report(summary, latency) end
