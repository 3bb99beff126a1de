-- wrk load for bench/whatsapp.sh: posts each line of the DELIVERIES file ("signature<TAB>body") once to
-- /webhooks/whatsapp with its X-Hub-Signature-256. Each thread takes its own share of the lines and stops
-- when out of them. DELAY_MS (optional) makes each connection wait that long between its requests (a
-- paced rate: connections x 1000 / DELAY_MS per second at most); RATE (optional) paces all of them
-- together on an open schedule (bench/pace.lua). Prints answers by status and p50/p90/p99/p99.9/max
-- like bench/payment-load.lua.
dofile("bench/load-common.lua") -- setup, lines, response, done (the RESULT line)
dofile("bench/pace.lua") -- delay(): RATE requests/s over THREADS threads
local paced = delay

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
  if pause > 0 then return pause end
  return paced()
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
