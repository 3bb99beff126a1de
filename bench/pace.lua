-- Pacing for wrk scripts (bench/insight-events.lua, bench/insight-checkout.lua), loaded with dofile:
-- RATE requests/s over THREADS threads, each thread on its own open schedule (the next request is due
-- at start + k x interval, whether or not the last was answered late; LuaJIT's ffi clock). RATE unset
-- or 0: no pacing, each connection sends its next request as soon as the last was answered.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_usec; } bench_timeval;
  int gettimeofday(bench_timeval *tv, void *tz);
]]
local tv = ffi.new("bench_timeval")
local function now_ms()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000 + tonumber(tv.tv_usec) / 1000
end
local interval, started, sent

function delay()
  if interval == nil then
    local rate = tonumber(os.getenv("RATE") or "0")
    interval = rate > 0 and tonumber(os.getenv("THREADS") or "2") / rate * 1000 or 0
    sent = 0
  end
  if interval == 0 then return 0 end
  local now = now_ms()
  started = started or now
  local due = started + sent * interval
  sent = sent + 1
  return due > now and math.floor(due - now) or 0
end
