-- wrk script for clearance's POST /authenticate.
--
-- Usage: [BENCH_RATE=R] wrk [options] -s bench/authn.lua http://127.0.0.1:PORT -- TOKEN_FILE
--
-- Every request is a TokenReview carrying the next token of TOKEN_FILE (one JWT per line); each wrk
-- thread cycles through all tokens, starting at its own offset. A response counts as good only if it
-- is HTTP 200 and its body contains "authenticated":true; everything else is counted as bad, because
-- a benchmark that measures refusals measures nothing. done() prints one machine-readable line:
--
--   BENCH requests=<n> duration_us=<n> rps=<x> p50_us=<n> p90_us=<n> p99_us=<n> max_us=<n>
--         good=<n> bad=<n> bad_status=<n> socket_errors=<n>
--
-- (latencies in microseconds, from wrk's own histogram; bad_status = bad answers that were not 200).
--
-- With BENCH_RATE=R in the environment (requests per second per wrk thread) requests are paced: each thread
-- keeps a schedule of one request every 1/R seconds and delays a connection's next request until its slot, so
-- the offered load is R whatever the latency, as long as enough connections are open (wrk has no constant-rate
-- mode). Latency is then measured from the paced send: a stall longer than connections/R hides some waiting
-- (coordinated omission), which shows as an achieved rate below R. Without it, each connection sends its next
-- request at once.

local AUDIENCES = '["https://kubernetes.default.svc.cluster.local"]'
local threads = {}

function setup(thread)
   thread:set("id", #threads)
   table.insert(threads, thread)
end

local ffi = require("ffi")
ffi.cdef [[
   typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
   int clock_gettime(int clock, bench_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local now_ts = ffi.new("bench_timespec")
local function now_ms()
   ffi.C.clock_gettime(CLOCK_MONOTONIC, now_ts)
   return tonumber(now_ts.tv_sec) * 1000 + tonumber(now_ts.tv_nsec) / 1e6
end

local rate = tonumber(os.getenv("BENCH_RATE") or "")
local next_slot = nil

local requests_pool = {}
local count = 0
local index = 0
good = 0
bad = 0
bad_status = 0

function init(args)
   local file = args[1]
   if file == nil then
      error("usage: wrk ... -s authn.lua URL -- TOKEN_FILE")
   end
   local headers = { ["Content-Type"] = "application/json" }
   for line in io.lines(file) do
      local token = line:gsub("%s+$", "")
      if token ~= "" then
         count = count + 1
         local body = '{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"'
            .. token .. '","audiences":' .. AUDIENCES .. '}}'
         requests_pool[count] = wrk.format("POST", "/authenticate", headers, body)
      end
   end
   if count == 0 then
      error("no tokens in " .. file)
   end
   -- spread threads over the token list so they do not send the same token at the same moment
   index = (id * math.floor(count / 7 + 1)) % count
end

-- defined only when pacing: wrk calls delay() for every request once the script has one
if rate ~= nil then
   local interval_ms = 1000 / rate
   function delay()
      local now = now_ms()
      next_slot = (next_slot or now) + interval_ms
      local wait = next_slot - interval_ms - now
      return wait > 0 and math.floor(wait) or 0
   end
end

function request()
   index = index % count + 1
   return requests_pool[index]
end

function response(status, headers, body)
   if status == 200 and body ~= nil and body:find('"authenticated":true', 1, true) then
      good = good + 1
   else
      bad = bad + 1
      if status ~= 200 then
         bad_status = bad_status + 1
      end
   end
end

function done(summary, latency, requests)
   local total_good, total_bad, total_bad_status = 0, 0, 0
   for _, thread in ipairs(threads) do
      total_good = total_good + thread:get("good")
      total_bad = total_bad + thread:get("bad")
      total_bad_status = total_bad_status + thread:get("bad_status")
   end
   local e = summary.errors
   local socket_errors = e.connect + e.read + e.write + e.timeout
   local seconds = summary.duration / 1e6
   io.write(string.format(
      "BENCH requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
      "good=%d bad=%d bad_status=%d socket_errors=%d\n",
      summary.requests, summary.duration, summary.requests / seconds,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      total_good, total_bad, total_bad_status, socket_errors))
end
