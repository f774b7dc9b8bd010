-- wrk script for bench/api/run.py: cycles over request bodies read from a file (one JSON body a line),
-- sends them with an optional API key, and prints one JSON line of results when done.
local bodies = {}
local headers = {}
local method = "POST"
local index = 0

function init(args)
  method = args[1]
  local bodies_path = args[2]
  if args[3] and args[3] ~= "" then
    headers["Authorization"] = "Api-Key " .. args[3]
  end
  headers["Content-Type"] = "application/json"
  if bodies_path and bodies_path ~= "" then
    for line in io.lines(bodies_path) do
      bodies[#bodies + 1] = line
    end
  end
  index = math.random(1, math.max(#bodies, 1))
end

function request()
  if #bodies == 0 then
    return wrk.format(method, nil, headers, nil)
  end
  index = index % #bodies + 1
  return wrk.format(method, nil, headers, bodies[index])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "mean_us": %.1f, "max_us": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d, "non_2xx": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max, e.connect, e.read, e.write, e.timeout, e.status))
end
