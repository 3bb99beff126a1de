-- wrk load for bench/whatsapp.sh: posts each line of the DELIVERIES file ("signature<TAB>body") once to
-- /webhooks/whatsapp with its X-Hub-Signature-256. Each thread takes its own share of the lines and stops
-- when out of them. DELAY_MS (optional) makes each connection wait that long between its requests (a
-- paced rate: connections x 1000 / DELAY_MS per second at most). Prints answers by status and
-- p50/p90/p99/p99.9/max like bench/payment-load.lua.
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
  table.insert(threads, thread)
end

function init(args)
  local share = tonumber(os.getenv("THREADS") or "2")
  mine = {}
  local i = 0
  for line in io.lines(os.getenv("DELIVERIES")) do
    i = i + 1
    if (i % share) + 1 == index then
      local tab = string.find(line, "\t", 1, true)
      mine[#mine + 1] = { string.sub(line, 1, tab - 1), string.sub(line, tab + 1) }
    end
  end
  next_line, statuses = 0, {}
  pause = tonumber(os.getenv("DELAY_MS") or "0")
end

function delay()
  return pause
end

function request()
  next_line = next_line + 1
  if next_line > #mine then
    wrk.thread:stop()
    next_line = #mine
  end
  local l = mine[next_line]
  return wrk.format("POST", "/webhooks/whatsapp",
    { ["Content-Type"] = "application/json", ["X-Hub-Signature-256"] = l[1] }, l[2])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for status, n in pairs(s) do total[status] = (total[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(total) do parts[#parts + 1] = status .. "=" .. n end
  table.sort(parts)
  io.write(string.format("RESULT %s requests=%d in %.1f s: %.0f req/s p50=%.1f ms p90=%.1f ms p99=%.1f ms "
    .. "p99.9=%.1f ms max=%.1f ms statuses={%s} errors=%d\n",
    os.getenv("LABEL"), summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000, table.concat(parts, ","),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
