-- wrk load for bench/insight.sh: storefront event batches (POST /storefront/v1/events) of BATCH events
-- each (default 20) to the stores of TENANTS tenants (Host b<n>.bench.localhost, rotating), each batch
-- from one of SESSIONS shopper sessions (rotating, a different one per request in flight), the events
-- of a browsing session: page views, product views (PRODUCTS products per store), searches (one in five
-- found nothing), add-to-carts, a checkout start, a WhatsApp click. RATE (batches/s over all threads)
-- paces the requests (bench/pace.lua); unset, each connection sends its next batch as soon as the last
-- was answered. Prints answers by status and p50/p90/p99/p99.9/max.
dofile("bench/load-common.lua") -- setup, lines, response, done (the RESULT line)
dofile("bench/pace.lua") -- delay(): RATE batches/s over THREADS threads

local types = { "page_view", "product_view", "product_view", "page_view", "search", "product_view",
  "add_to_cart", "page_view", "product_view", "search", "product_view", "add_to_cart", "page_view",
  "product_view", "checkout_start", "page_view", "product_view", "whatsapp_click", "product_view", "page_view" }
local areas = { "Westlands", "Kilimani", "Karen", "Embakasi", "Kasarani", "Ruaka", "Rongai", "Thika Road" }
local queries = { "kikoi", "kiondo basket", "maasai shuka", "chai masala", "kitenge", "sufuria", "jiko", "mkeka" }

function init(args)
  tenants = tonumber(os.getenv("TENANTS") or "100")
  sessions = tonumber(os.getenv("SESSIONS") or "100000")
  products = tonumber(os.getenv("PRODUCTS") or "50")
  batch = tonumber(os.getenv("BATCH") or "20")
  statuses = {}
  math.randomseed(os.time() + index * 7919)
  serial = index * 1000003
end

function request()
  serial = serial + 1
  local tenant = 1 + serial % tenants
  local session = string.format("bench-session-%08d", serial % sessions)
  local device = (serial % 3 == 0) and "desktop" or "mobile"
  local area = areas[1 + serial % #areas]
  local events = {}
  for i = 1, batch do
    local t = types[1 + (i - 1) % #types]
    local e = '{"type":"' .. t .. '","sessionId":"' .. session .. '","device":"' .. device .. '","cityArea":"' .. area .. '"'
    if t == "product_view" or t == "add_to_cart" then
      e = e .. string.format(',"productId":"00000000-0000-4000-a000-%012d"', tenant * 1000 + math.random(products))
    elseif t == "search" then
      e = e .. ',"query":"' .. queries[math.random(#queries)] .. '","resultCount":' .. ((math.random(5) == 1) and 0 or 12)
    end
    events[i] = e .. "}"
  end
  return wrk.format("POST", "/storefront/v1/events",
    { ["Host"] = "b" .. tenant .. ".bench.localhost", ["Content-Type"] = "application/json" },
    '{"events":[' .. table.concat(events, ",") .. ']}')
end
