-- wrk script: GET /api/doctors/{id}/slots?from=..&to=.. rotated over doctors
-- and date windows, so no two consecutive requests of a connection ask the same.
--
--   wrk ... -s bench/slots.lua URL -- DOCTORS FIRST_DAY_EPOCH WINDOWS SPAN_DAYS
--
-- FIRST_DAY_EPOCH: Unix seconds of the first window's start day (UTC midnight);
-- WINDOWS consecutive start days; each window covers SPAN_DAYS days.
-- done() prints one line "WRK_JSON {...}" (latencies in microseconds) for run.sh.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local paths = {}
local position = 0

function init(args)
  local doctors = tonumber(args[1]) or 50
  local first = tonumber(args[2]) or os.time()
  local windows = tonumber(args[3]) or 28
  local span = tonumber(args[4]) or 7
  for w = 0, windows - 1 do
    local from = first + w * 86400
    local to = from + (span - 1) * 86400
    local range = "?from=" .. os.date("!%Y-%m-%d", from) .. "&to=" .. os.date("!%Y-%m-%d", to)
    for d = 1, doctors do
      paths[#paths + 1] = "/api/doctors/" .. d .. "/slots" .. range
    end
  end
  -- Threads start at different places in the rotation.
  position = ((id or 1) - 1) * math.floor(#paths / 2)
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, "non_2xx_3xx": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.status, e.connect, e.read, e.write, e.timeout))
end
