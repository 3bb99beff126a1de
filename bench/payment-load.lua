-- wrk load for bench/payments.sh: posts one Daraja STK success callback for each line of the CALLBACKS
-- file (path,CheckoutRequestID,MerchantRequestID,amount,phone,receipt) to the tenant's callback URL, once.
-- Each thread takes its own share of the lines; a thread out of lines stops (wrk still runs for its whole
-- -d, so the script gives it more lines than it can post). Prints answers by status and
-- p50/p90/p99/p99.9/max as bench/cart-load.lua does.
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
  table.insert(threads, thread)
end

local function lines(path)
  local out = {}
  for line in io.lines(path) do
    local fields = {}
    for f in string.gmatch(line, "[^,]+") do fields[#fields + 1] = f end
    out[#out + 1] = fields
  end
  return out
end

function init(args)
  local share = tonumber(os.getenv("THREADS") or "2")
  local all = lines(os.getenv("CALLBACKS"))
  mine = {}
  for i, c in ipairs(all) do
    if (i % share) + 1 == index then mine[#mine + 1] = c end
  end
  next_line, statuses = 0, {}
end

local function take()
  next_line = next_line + 1
  if next_line > #mine then
    wrk.thread:stop()
    next_line = #mine
  end
  return mine[next_line]
end

function request()
  local l = take()
  return wrk.format("POST", l[1], { ["Content-Type"] = "application/json" },
    string.format('{"Body":{"stkCallback":{"MerchantRequestID":"%s","CheckoutRequestID":"%s","ResultCode":0,'
      .. '"ResultDesc":"The service request is processed successfully.","CallbackMetadata":{"Item":['
      .. '{"Name":"Amount","Value":%s},{"Name":"MpesaReceiptNumber","Value":"%s"},{"Name":"Balance"},'
      .. '{"Name":"TransactionDate","Value":20261206120000},{"Name":"PhoneNumber","Value":%s}]}}}}',
      l[3], l[2], l[4], l[6], l[5]))
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
