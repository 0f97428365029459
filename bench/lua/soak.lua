-- The soak's mixed workload through the gateway, one connection per thread (-t N -c N):
-- logins, refreshes, /users/me, admin lists (users, invitations), single invitations and the
-- MFA device list, chosen at random with the weights of BENCH_MIX. Each thread keeps one session
-- (a login's or refresh's tokens); without one, its next request is a login.
-- Pacing: BENCH_RATE requests/s in total (0 = as fast as it goes, to measure the maximum),
-- spread over the threads with delay(); a thread that falls more than a second behind drops the
-- backlog instead of bursting.
-- Per thread it writes BENCH_EVENTS/thread-<id>.log: "B <second> <ok> <errors>" once per
-- second, and "E <epoch ms> <op> <status> <detail>" for every error (status 0: socket error or
-- timeout is counted by wrk only).
-- env: BENCH_USERS (emails), BENCH_SESSIONS (optional), BENCH_PASSWORD, BENCH_REGION, BENCH_RATE, BENCH_THREADS,
--      BENCH_MIX ("login:5,refresh:25,..."), BENCH_EVENTS (directory), BENCH_RUN (unique tag)
local lib = dofile(os.getenv("BENCH_LUA") .. "/lib.lua")
local users, password, region, run_tag
local ops, total_weight = {}, 0
local access, refresh, op, interval, next_at, invites = nil, nil, nil, 0, 0, 0
local log, bucket, bucket_ok, bucket_err = nil, 0, 0, 0

function setup(thread) lib.setup(thread) end

function init(args)
  users = lib.lines(lib.env("BENCH_USERS"))
  password = lib.env("BENCH_PASSWORD")
  region = lib.env("BENCH_REGION")
  run_tag = lib.env("BENCH_RUN")
  for _, part in ipairs(lib.split(lib.env("BENCH_MIX"), ",")) do
    local name, weight = part:match("([%w_]+):(%d+)")
    total_weight = total_weight + tonumber(weight)
    ops[#ops + 1] = { name = name, upto = total_weight }
  end
  local rate = tonumber(lib.env("BENCH_RATE", "0"))
  local threads = tonumber(lib.env("BENCH_THREADS", "1"))
  interval = rate > 0 and (1000 * threads / rate) or 0
  math.randomseed(thread_id * 7919 + os.time())
  next_at = lib.now_ms() + math.random() * interval
  -- a session to start with (BENCH_SESSIONS: "access<TAB>refresh" per thread), so that the
  -- threads do not all begin with a login
  local sessions = os.getenv("BENCH_SESSIONS")
  if sessions and sessions ~= "" then
    local line = lib.lines(sessions)[thread_id]
    if line then
      local f = lib.split(line, "\t")
      access, refresh = f[1], f[2]
    end
  end
  log = assert(io.open(lib.env("BENCH_EVENTS") .. "/thread-" .. thread_id .. ".log", "a"))
  log:setvbuf("line")
end

function delay()
  if interval <= 0 then return 0 end
  local now = lib.now_ms()
  next_at = next_at + interval
  if next_at < now - 1000 then next_at = now end
  return math.max(0, next_at - now)
end

local function pick()
  if access == nil then return "login" end
  local r = math.random() * total_weight
  for _, o in ipairs(ops) do
    if r < o.upto then return o.name end
  end
  return ops[#ops].name
end

local function headers(bearer)
  local h = { ["Content-Type"] = "application/json", ["X-Region"] = region or "none" }
  if bearer then h["Authorization"] = "Bearer " .. bearer end
  return h
end

function request()
  if users == nil then return wrk.format("GET", "/api/v2/regions") end  -- wrk's check in its main state
  op = pick()
  if op == "login" then
    local email = users[math.random(#users)]
    return wrk.format("POST", "/api/v2/auth/login", headers(nil),
      '{"email":"' .. email .. '","password":"' .. password .. '","cookie":false}')
  elseif op == "refresh" then
    return wrk.format("POST", "/api/v2/auth/refresh", headers(nil), '{"refreshToken":"' .. refresh .. '"}')
  elseif op == "me" then
    return wrk.format("GET", "/api/v2/users/me", headers(access))
  elseif op == "users" then
    return wrk.format("GET", "/api/v2/users?pageSize=20", headers(access))
  elseif op == "invitations" then
    return wrk.format("GET", "/api/v2/invitations?status=PENDING&pageSize=20", headers(access))
  elseif op == "devices" then
    return wrk.format("GET", "/api/v2/mfa/devices", headers(access))
  else -- invite
    invites = invites + 1
    return wrk.format("POST", "/api/v2/invitations", headers(access), string.format(
      '{"email":"soak-%s-%d-%d@soak.test","name":"Soak %d","roles":["user"],"locale":"en"}',
      run_tag, thread_id, invites, invites))
  end
end

function response(status, hdrs, body)
  lib.count_status(status)
  local now = lib.now_ms()
  local ok = status >= 200 and status < 300
  if ok and (op == "login" or op == "refresh") then
    local a = body:match('"accessToken":"([^"]+)"')
    local r = body:match('"refreshToken":"([^"]+)"')
    if a and r then access, refresh = a, r else ok = false end
  end
  if not ok and (op == "refresh" or status == 401) then access = nil end
  local second = math.floor(now / 1000)
  if second ~= bucket then
    if bucket > 0 then log:write(string.format("B %d %d %d\n", bucket, bucket_ok, bucket_err)) end
    bucket, bucket_ok, bucket_err = second, 0, 0
  end
  if ok then
    bucket_ok = bucket_ok + 1
    stats.ok = stats.ok + 1
  else
    bucket_err = bucket_err + 1
    stats.failed = stats.failed + 1
    stats["fail_" .. op] = (stats["fail_" .. op] or 0) + 1
    log:write(string.format("E %d %s %d %s\n", now, op, status, (body or ""):sub(1, 160):gsub("%s+", " ")))
  end
  stats["op_" .. op] = (stats["op_" .. op] or 0) + 1
end

function done(summary, latency, requests) lib.report(summary, latency) end
