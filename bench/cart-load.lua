-- wrk load for bench/checkout.sh. MODE=add: add random items (VARIANTS file: host,variantId) to the
-- empty carts of the CARTS file (kind,host,token) as independent shoppers do: each thread fills a window
-- of 64 carts in turn, one item per cart per round, so requests in flight at once are for different
-- carts; a cart with 10 items is replaced by the next empty one; a thread out of carts stops;
-- MODE=checkout: check out each cart of the CARTS file once (Idempotency-Key: the token); a thread whose
-- carts are all tried stops (wrk still runs for its whole -d).
-- Each thread takes its own share of the carts. Prints answers by status and p50/p90/p99/p99.9/max.
dofile("bench/load-common.lua") -- setup, lines, response, done (the RESULT line)

function init(args)
  mode = os.getenv("MODE")
  local share = tonumber(os.getenv("THREADS") or "2")
  carts, mine = lines(os.getenv("CARTS")), {}
  for i, c in ipairs(carts) do
    if (i % share) + 1 == index then mine[#mine + 1] = c end
  end
  if mode == "add" then
    variants = {}
    for _, v in ipairs(lines(os.getenv("VARIANTS"))) do
      variants[v[1]] = variants[v[1]] or {}
      table.insert(variants[v[1]], v[2])
    end
  end
  next_cart, statuses = 0, {}
  window, filled, slot = {}, {}, 0 -- add mode: the carts being filled and how many items each holds
  math.randomseed(os.time() + index)
end

function request()
  if mode == "add" then
    slot = slot % 64 + 1
    if window[slot] == nil or filled[slot] >= 10 then -- 10 items: a real cart rarely holds more
      next_cart = next_cart + 1
      if next_cart > #mine then
        wrk.thread:stop()
        next_cart = #mine
      end
      window[slot], filled[slot] = mine[next_cart], 0
    end
    filled[slot] = filled[slot] + 1
    local cart = window[slot]
    local pool = variants[cart[2]]
    return wrk.format("POST", "/storefront/v1/carts/" .. cart[3] .. "/items",
      { ["Host"] = cart[2], ["Content-Type"] = "application/json" },
      '{"variantId":"' .. pool[math.random(#pool)] .. '","quantity":1}')
  end
  next_cart = next_cart + 1
  if next_cart > #mine then
    wrk.thread:stop()
    next_cart = #mine
  end
  local cart = mine[next_cart]
  local method = (next_cart % 2 == 0) and "mpesa" or "cod"
  return wrk.format("POST", "/storefront/v1/carts/" .. cart[3] .. "/checkout",
    { ["Host"] = cart[2], ["Content-Type"] = "application/json", ["Idempotency-Key"] = cart[3] },
    string.format('{"customer":{"phone":"07%08d","name":"Bench Shopper"},"delivery":{"cityArea":"Westlands",'
      .. '"streetAddress":"Waiyaki Way"},"paymentMethod":"%s"}', math.random(0, 99999999), method))
end

-- RATE (env) set: requests at that rate over THREADS threads (bench/pace.lua), else as fast as answered.
if tonumber(os.getenv("RATE") or "0") > 0 then dofile("bench/pace.lua") end
