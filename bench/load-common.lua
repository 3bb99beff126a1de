-- Shared by the wrk scripts of the benchmarks (bench/cart-load.lua, bench/payment-load.lua,
-- bench/whatsapp-load.lua), loaded with dofile from the repository's root, where the scripts run: threads
-- numbered for their share of the input, CSV lines read, answers counted by status, and the RESULT line
-- (requests, rate, p50/p90/p99/p99.9/max, statuses, errors) labelled LABEL, else MODE.
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
  table.insert(threads, thread)
end

-- The lines of a CSV file (no quoting), each as a table of its fields.
function lines(path)
  local out = {}
  for line in io.lines(path) do
    local fields = {}
    for f in string.gmatch(line, "[^,]+") do fields[#fields + 1] = f end
    out[#out + 1] = fields
  end
  return out
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
    os.getenv("LABEL") or os.getenv("MODE"), summary.requests, summary.duration / 1e6,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000, table.concat(parts, ","),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
