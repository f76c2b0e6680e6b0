-- wrk script: GET a list of paths in turn, with one Cookie header (a logged-in
-- admin's session), for the admin pages and reports.
--
--   wrk ... -s bench/paths.lua URL -- "COOKIE" PATH [PATH ...]
--
-- done() prints one line "WRK_JSON {...}" (latencies in microseconds) for run.sh,
-- in the same shape as slots.lua's.

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
  wrk.headers["Cookie"] = args[1]
  for i = 2, #args do
    paths[#paths + 1] = args[i]
  end
  position = ((id or 1) - 1) * math.floor(#paths / 2)
end

local not_ok = 0

-- Counts answers other than 200: a session that ended would answer 303 to the
-- login page, which wrk itself counts as a success.
function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
    wrk.thread:set("not_ok", not_ok)
  end
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end

function done(summary, latency, requests)
  local e = summary.errors
  local refused = 0
  for _, thread in ipairs(threads) do
    refused = refused + (tonumber(thread:get("not_ok")) or 0)
  end
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, "non_2xx_3xx": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d, "not_200": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.status, e.connect, e.read, e.write, e.timeout, refused))
end
