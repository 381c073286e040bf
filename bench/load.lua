-- Requests for wrk from bench/load.py's URL list, each from one of N client addresses behind
-- the proxy (X-Real-IP), as HTTPS there (X-Forwarded-Proto); 503 answers are counted apart.
--
-- Each wrk thread has one connection (bench/load.py runs as many threads as connections), so
-- a thread's response answers the request it sent last: each thread writes every answer's own
-- latency to its file in the samples folder, and bench/load.py takes the percentiles from them.
-- wrk's own percentiles add made-up samples for the requests a slow answer "held back"
-- (its correction for coordinated omission), which with a few slow exports in the mix and
-- other workers free to answer meanwhile describes no request that was made.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } legalkb_timespec;
  int clock_gettime(int clock, legalkb_timespec *now);
]]
local CLOCK_MONOTONIC = 1
local clock = ffi.new("legalkb_timespec")

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local urls = {}
local addresses = 1
local samples
local sent_at
busy = 0  -- globals: setup() sets id; done() reads busy with thread:get
id = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  for line in io.lines(args[1]) do
    urls[#urls + 1] = line
  end
  addresses = tonumber(args[2])
  samples = io.open(string.format("%s/thread-%d.txt", args[3], id), "w")
  math.randomseed(id)  -- each thread its own sequence of URLs
end

function request()
  local address = math.random(addresses)
  local headers = {
    ["X-Real-IP"] = string.format("198.18.%d.%d", math.floor(address / 256), address % 256),
    ["X-Forwarded-Proto"] = "https",
  }
  sent_at = now_ms()
  return wrk.format("GET", urls[math.random(#urls)], headers)
end

function response(status, headers, body)
  samples:write(string.format("%.3f\n", now_ms() - sent_at))
  samples:flush()
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
    'RESULT {"requests": %d, "seconds": %.3f, "wrk_corrected_p95_ms": %.2f, ' ..
    '"non_2xx_3xx": %d, "busy": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(95) / 1e3, errors.status,
    total_busy, errors.connect, errors.read, errors.write, errors.timeout))
end
