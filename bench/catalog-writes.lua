-- wrk load for bench/SyncLag.java: renames products of the lag tenant through the admin API, each
-- connection one request then DELAY_MS of pause, so CONNECTIONS x 1000 / DELAY_MS changes/s at most.
-- PRODUCTS file: one "id,version" line per product; each thread renames its own share in turn and
-- keeps their versions from the answers (optimistic locking). TOKEN: the staff bearer token.
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
end

function init(args)
  local share = tonumber(os.getenv("THREADS") or "2")
  ids, versions, n = {}, {}, 0
  local i = 0
  for line in io.lines(os.getenv("PRODUCTS")) do
    i = i + 1
    local id, version = line:match("([^,]+),(%d+)")
    if (i % share) + 1 == index then
      ids[#ids + 1] = id
      versions[id] = tonumber(version)
    end
  end
  token, pause, statuses = os.getenv("TOKEN"), tonumber(os.getenv("DELAY_MS")), {}
end

function delay()
  return pause
end

function request()
  n = n + 1
  local id = ids[(n - 1) % #ids + 1]
  return wrk.format("PATCH", "/admin/v1/products/" .. id,
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" },
    string.format('{"version":%d,"name":"Load %d-%d"}', versions[id], index, n))
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local id, version = body:match('"id"%s*:%s*"([^"]+)".-"version"%s*:%s*(%d+)')
  if id and versions[id] then versions[id] = tonumber(version) end
end

done = function(summary, latency, requests)
  io.write(string.format("WRITES requests=%d rps=%.0f p50_ms=%.1f p99_ms=%.1f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
