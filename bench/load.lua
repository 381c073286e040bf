-- A mix of browse and search requests for wrk; the URL list comes from bench/load.py.
local urls = {}

function init(args)
  for line in io.lines(args[1]) do
    urls[#urls + 1] = line
  end
end

function request()
  return wrk.format("GET", urls[math.random(#urls)])
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, ' ..
    '"non_2xx_3xx": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, errors.status, errors.connect, errors.read, errors.write, errors.timeout))
end
