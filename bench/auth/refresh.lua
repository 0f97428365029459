-- One connection per wrk thread, each chaining its own session: a refresh token is good once.
local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("token", tokens[counter])
end
function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end
function request()
  return wrk.format(nil, nil, nil, '{"refreshToken":"' .. token .. '"}')
end
function response(status, headers, body)
  local next = body:match('"refreshToken":"([^"]+)"')
  if next then token = next end
end
