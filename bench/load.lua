-- Requests for wrk from bench/load.py's URL list, each from one of N client addresses behind
-- the proxy (X-Real-IP), as HTTPS there (X-Forwarded-Proto); 503 answers are counted apart.
local urls = {}
local addresses = 1
busy = 0  -- a global: done() reads each thread's with thread:get
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    urls[#urls + 1] = line
  end
  addresses = tonumber(args[2])
end

function request()
  local address = math.random(addresses)
  local headers = {
    ["X-Real-IP"] = string.format("198.18.%d.%d", math.floor(address / 256), address % 256),
    ["X-Forwarded-Proto"] = "https",
  }
  return wrk.format("GET", urls[math.random(#urls)], headers)
end

function response(status, headers, body)
  if status == 503 then
    busy = busy + 1
  end
end

function done(summary, latency, requests)
  local total_busy = 0
  for _, thread in ipairs(threads) do
    total_busy = total_busy + thread:get("busy")
  end
  local errors = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, ' ..
    '"non_2xx_3xx": %d, "busy": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, errors.status, total_busy, errors.connect, errors.read, errors.write,
    errors.timeout))
end
