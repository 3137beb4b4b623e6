-- wrk script: POST /api/v1/tickets with a request id unique per thread, request and run
-- (wrk ... -s issue.lua URL -- RUN_TAG SERVICES), rotating over the comma-separated services.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  tag = args[1] or "run"
  services = {}
  for s in string.gmatch(args[2] or "id-card", "[^,]+") do table.insert(services, s) end
  n = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end
function request()
  n = n + 1
  local s = services[(n % #services) + 1]
  return wrk.format(nil, "/api/v1/tickets", nil,
    '{"service":"' .. s .. '","requestId":"' .. tag .. '-' .. tid .. '-' .. n .. '"}')
end
