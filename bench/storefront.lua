-- wrk script: storefront requests spread over the benchmark's tenants (Host b<n>.bench.localhost).
-- MODE (env): list | detail | search | store | ping. TENANTS, PRODUCTS (env) as seeded; TENANT (env): that
-- tenant's store only (bench/fairness.sh). LIST_SIZE (env, default 20): products per list page; lists ask
-- for one of the first pages that hold products (at most 5), so a small store is not asked for empty ones.
local mode = os.getenv("MODE") or "list"
local only = os.getenv("TENANT")
local tenants = tonumber(os.getenv("TENANTS") or "100")
local products = tonumber(os.getenv("PRODUCTS") or "1000")
local words = { "kikoi", "kiondo", "shuka", "sukuma", "chai", "kitenge", "sandals", "sufuria", "jiko", "mkeka",
	"kazuri", "bata", "ketepa", "nairobi", "quality" }
local sorts = { "newest", "price_asc", "price_desc" }
local size = tonumber(os.getenv("LIST_SIZE") or "20")
local pages = math.max(1, math.min(5, math.ceil(products / size)))

request = function()
	local host = "b" .. (only or math.random(1, tenants)) .. ".bench.localhost"
	local path
	if mode == "list" then
		path = "/storefront/v1/products?size=" .. size .. "&page=" .. math.random(1, pages) .. "&sort="
			.. sorts[math.random(#sorts)]
	elseif mode == "detail" then
		path = "/storefront/v1/products/product-" .. math.random(1, products)
	elseif mode == "search" then
		path = "/storefront/v1/search?q=" .. words[math.random(#words)] .. "&size=20"
	elseif mode == "store" then
		path = "/storefront/v1/store" -- the store's profile: host resolution and one primary-key read, uncached
	else
		path = "/ping"
	end
	return wrk.format("GET", path, { ["Host"] = host })
end

done = function(summary, latency, requests)
	local seconds = summary.duration / 1e6
	local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
	io.write(string.format("RESULT %s requests=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f non2xx=%d socket_errors=%d\n",
		mode, summary.requests, summary.requests / seconds, latency:percentile(50) / 1000,
		latency:percentile(99) / 1000, summary.errors.status, errors))
end

-- RATE (env) set: requests at that rate over THREADS threads (bench/pace.lua), else as fast as answered.
if tonumber(os.getenv("RATE") or "0") > 0 then dofile("bench/pace.lua") end
