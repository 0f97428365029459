-- Password logins over a list of users, one user after the other (each thread starts at its own
-- offset). env: BENCH_USERS (file, one email a line), BENCH_PASSWORD, BENCH_MODE threshold|keycloak,
-- BENCH_REGION (X-Region, through the gateway), BENCH_CLIENT_ID/BENCH_CLIENT_SECRET (keycloak).
-- A login counts as ok on 200 with an access token (Threshold: status AUTHENTICATED).
local lib = dofile(os.getenv("BENCH_LUA") .. "/lib.lua")
local mode = lib.env("BENCH_MODE", "threshold")
local users, password, next_user, headers

function setup(thread) lib.setup(thread) end

function init(args)
  users = lib.lines(lib.env("BENCH_USERS"))
  password = lib.env("BENCH_PASSWORD")
  next_user = ((thread_id or 1) - 1) * 7919 % #users
  headers = {}
  if mode == "keycloak" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
  else
    headers["Content-Type"] = "application/json"
    local region = os.getenv("BENCH_REGION")
    if region and region ~= "" then headers["X-Region"] = region end
  end
end

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", c:byte()) end))
end

function request()
  next_user = next_user % #users + 1
  local email = users[next_user]
  local body
  if mode == "keycloak" then
    body = "grant_type=password&scope=openid&client_id=" .. urlencode(lib.env("BENCH_CLIENT_ID")) ..
      "&client_secret=" .. urlencode(lib.env("BENCH_CLIENT_SECRET")) ..
      "&username=" .. urlencode(email) .. "&password=" .. urlencode(password)
  else
    body = '{"email":"' .. email .. '","password":"' .. password .. '","cookie":false}'
  end
  return wrk.format("POST", nil, headers, body)
end

function response(status, hdrs, body)
  lib.count_status(status)
  if status == 200 and (body:find('"accessToken"', 1, true) or body:find('"access_token"', 1, true)) then
    stats.ok = stats.ok + 1
  else
    stats.failed = stats.failed + 1
  end
end

function done(summary, latency, requests) lib.report(summary, latency) end
