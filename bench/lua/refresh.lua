-- Refresh grants, each session chaining its own rotated refresh token. A thread keeps a pool of
-- refresh tokens: a request takes one, its answer puts the successor back, so any number of
-- connections per thread works (at most one request per token in flight).
-- env: BENCH_TOKENS (file, one refresh token a line, at least one per connection),
--      BENCH_MODE body|cookie|keycloak, BENCH_COOKIE (cookie name, mode cookie),
--      BENCH_CLIENT_ID/BENCH_CLIENT_SECRET (keycloak), BENCH_REGION (X-Region, optional)
local lib = dofile(os.getenv("BENCH_LUA") .. "/lib.lua")
local mode = lib.env("BENCH_MODE", "body")
local pool, headers, cookie_name, client_id, client_secret

function setup(thread) lib.setup(thread) end

function init(args)
  local all = lib.lines(lib.env("BENCH_TOKENS"))
  local n = tonumber(lib.env("BENCH_THREADS", "1"))
  pool = {}
  -- thread k takes tokens k, k+n, k+2n, ...
  for i = thread_id, #all, n do pool[#pool + 1] = all[i] end
  headers = {}
  local region = os.getenv("BENCH_REGION")
  if region and region ~= "" then headers["X-Region"] = region end
  if mode == "keycloak" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    client_id = lib.env("BENCH_CLIENT_ID")
    client_secret = lib.env("BENCH_CLIENT_SECRET")
  elseif mode == "cookie" then
    cookie_name = lib.env("BENCH_COOKIE")
    headers["X-Requested-With"] = "bench"
  else
    headers["Content-Type"] = "application/json"
  end
end

function request()
  local token = table.remove(pool)
  if token == nil then
    -- every token of this thread was lost to failures: this request fails visibly
    token = "exhausted"
  end
  if mode == "keycloak" then
    return wrk.format("POST", nil, headers, "grant_type=refresh_token&client_id=" .. client_id ..
      "&client_secret=" .. client_secret .. "&refresh_token=" .. token)
  elseif mode == "cookie" then
    headers["Cookie"] = cookie_name .. "=" .. token
    return wrk.format("POST", nil, headers, nil)
  else
    return wrk.format("POST", nil, headers, '{"refreshToken":"' .. token .. '"}')
  end
end

function response(status, hdrs, body)
  lib.count_status(status)
  local next
  if status == 200 then
    if mode == "cookie" then
      local set = hdrs["Set-Cookie"] or hdrs["set-cookie"] or ""
      next = set:match(cookie_name:gsub("%-", "%%-") .. "=([^;]+)")
    elseif mode == "keycloak" then
      next = body:match('"refresh_token":"([^"]+)"')
    else
      next = body:match('"refreshToken":"([^"]+)"')
    end
  end
  if next then
    pool[#pool + 1] = next
    stats.ok = stats.ok + 1
  else
    stats.failed = stats.failed + 1
  end
end

function done(summary, latency, requests) lib.report(summary, latency) end
