-- Password + TOTP logins through the gateway, three requests each: POST /api/v2/auth/login
-- (-> MFA_REQUIRED with an mfaToken), POST /api/v2/mfa/challenge {code} with the mfaToken
-- (-> mfaProof), POST /api/v2/auth/login/mfa (-> AUTHENTICATED). Run with one connection per
-- thread (-t N -c N): a thread walks through the steps of one login at a time.
-- A TOTP time step is accepted once per device, so each user logs in at most once per step; the
-- harness gives every user its codes for the steps ahead (BENCH_TOTP: lines
-- "email<TAB>first step<TAB>code,code,..."), and a user is used for the current step or the next
-- (both stay valid while the request travels). With no user left for now, the thread waits for
-- the next step (counted as "stall_ms").
-- env: BENCH_TOTP, BENCH_PASSWORD, BENCH_REGION, BENCH_THREADS
local lib = dofile(os.getenv("BENCH_LUA") .. "/lib.lua")
local users = {}          -- {email, first, codes, next}
local password, region, cursor
local phase, user, step, mfa_token, mfa_proof, started

function setup(thread) lib.setup(thread) end

function init(args)
  password = lib.env("BENCH_PASSWORD")
  region = lib.env("BENCH_REGION")
  local n = tonumber(lib.env("BENCH_THREADS", "1"))
  local i = 0
  for line in io.lines(lib.env("BENCH_TOTP")) do
    i = i + 1
    if line ~= "" and (i - 1) % n == thread_id - 1 then
      local f = lib.split(line, "\t")
      local first = tonumber(f[2])
      users[#users + 1] = { email = f[1], first = first, codes = lib.split(f[3], ","), next = first }
    end
  end
  cursor = 0
  phase = "login"
  stats.stall_ms = 0
end

local function current_step() return math.floor(lib.now_ms() / 30000) end

-- a user with an unused step among {now, now+1}; sets user/step
local function pick()
  local now = current_step()
  for k = 1, #users do
    cursor = cursor % #users + 1
    local u = users[cursor]
    local s = math.max(u.next, now)
    if s <= now + 1 and (s - u.first + 1) <= #u.codes then
      user, step = u, s
      u.next = s + 1
      return true
    end
  end
  return false
end

function delay()
  if phase ~= "login" or pick() then return 0 end
  local wait = 30000 - (lib.now_ms() % 30000) + 50
  stats.stall_ms = stats.stall_ms + wait
  phase = "retry"
  return wait
end

local function json_headers(bearer)
  local h = { ["Content-Type"] = "application/json", ["X-Region"] = region or "none" }
  if bearer then h["Authorization"] = "Bearer " .. bearer end
  return h
end

function request()
  if users == nil or #users == 0 or (phase == "login" and user == nil) then
    -- wrk calls request() once in its main state to check the script (no init there)
    if phase == "login" and users and #users > 0 then pick() end
    if user == nil then return wrk.format("POST", "/api/v2/auth/login", json_headers(nil), "{}") end
  end
  if phase == "retry" then
    phase = "login"
    if not pick() then
      -- still nothing (more threads than users): try the login anyway, it will be a failure
      user, step = users[1], current_step()
    end
  end
  if phase == "login" then
    started = lib.now_ms()
    return wrk.format("POST", "/api/v2/auth/login", json_headers(nil),
      '{"email":"' .. user.email .. '","password":"' .. password .. '","cookie":false}')
  elseif phase == "challenge" then
    local code = user.codes[step - user.first + 1]
    return wrk.format("POST", "/api/v2/mfa/challenge", json_headers(mfa_token), '{"code":"' .. code .. '"}')
  else
    return wrk.format("POST", "/api/v2/auth/login/mfa", json_headers(nil),
      '{"mfaToken":"' .. mfa_token .. '","mfaProof":"' .. mfa_proof .. '"}')
  end
end

function response(status, hdrs, body)
  lib.count_status(status)
  if phase == "login" then
    mfa_token = status == 200 and body:match('"mfaToken":"([^"]+)"')
    if mfa_token then phase = "challenge" return end
  elseif phase == "challenge" then
    mfa_proof = status == 200 and body:match('"mfaProof":"([^"]+)"')
    if mfa_proof then phase = "complete" return end
  elseif phase == "complete" then
    if status == 200 and body:find('"accessToken"', 1, true) then
      stats.ok = stats.ok + 1
      chain_ms[#chain_ms + 1] = lib.now_ms() - started
      phase = "login"
      return
    end
  end
  stats.failed = stats.failed + 1
  stats["fail_" .. phase] = (stats["fail_" .. phase] or 0) + 1
  phase = "login"
end

function done(summary, latency, requests) lib.report(summary, latency) end
