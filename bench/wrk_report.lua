-- wrk script: optional request body from WRK_BODY_FILE (a POST), and at the end one JSON line with
-- requests, duration, latency percentiles (microseconds) and errors, for bench/bench_site.py.
local body_template = nil
local method = os.getenv("WRK_METHOD") or "GET"
local content_type = os.getenv("WRK_CONTENT_TYPE")

init = function(args)
  local name = os.getenv("WRK_BODY_FILE")
  if name then
    local f = assert(io.open(name, "rb"))
    body_template = f:read("*a")
    f:close()
  end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

local function uuid4()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end

request = function()
  if body_template then
    -- A fresh double-submit token each time: every POST is a new consultation request.
    local body = string.gsub(body_template, "@FORM_TOKEN@", uuid4())
    -- wrk.format replaces wrk.headers (the -H options: cookie, Accept-Encoding) with this table.
    local headers = {}
    for name, value in pairs(wrk.headers) do headers[name] = value end
    headers["Content-Type"] = content_type
    return wrk.format(method, nil, headers, body)
  end
  return wrk.format(method)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nWRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50": %d, "p95": %d, "p99": %d, "max": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
