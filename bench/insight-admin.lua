-- wrk load for bench/insight.sh: merchant admin insight requests (GET PATHS, a space-separated list of
-- paths taken in turn) with the owner JWTs of the TOKENS file (one per line, one tenant each), each
-- request with the next token, so consecutive requests are for different tenants. Prints answers by
-- status and p50/p90/p99/p99.9/max as bench/cart-load.lua does.
dofile("bench/load-common.lua") -- setup, lines, response, done (the RESULT line)

function init(args)
  tokens = {}
  for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
  paths = {}
  for p in string.gmatch(os.getenv("PATHS"), "%S+") do paths[#paths + 1] = p end
  n, statuses = index * 7919, {}
end

function request()
  n = n + 1
  return wrk.format("GET", paths[1 + n % #paths], { ["Authorization"] = "Bearer " .. tokens[1 + n % #tokens] })
end
