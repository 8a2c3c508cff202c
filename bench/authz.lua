-- wrk script for POST /authorize: a realistic mix over NAMESPACES group namespaces owned by GROUPS groups
-- (namespace ns-i belongs to group-(i mod GROUPS)): 70 % reads in the caller's own namespace, 20 % writes
-- there, 10 % reads in another group's namespace (clearance has no opinion; RBAC would decide).
local groups = tonumber(os.getenv("NS_GROUPS") or "200")
local namespaces = tonumber(os.getenv("NAMESPACES") or "1000")
local bodies = {}
local threads = {}

local function body(ns, verb, group, resource, user, g)
  local api_group = group and string.format('"group":"%s",', group) or ""
  return string.format('{"kind":"SubjectAccessReview","apiVersion":"authorization.k8s.io/v1","metadata":{},'
    .. '"spec":{"resourceAttributes":{"namespace":"%s","verb":"%s",%s"version":"v1","resource":"%s"},'
    .. '"user":"oidc:user:u%d","groups":["oidc:group-%d","oidc:cluster-scope","system:authenticated"]},'
    .. '"status":{"allowed":false}}', ns, verb, api_group, resource, user, g)
end

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + #threads * 7919 + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0) % 100000)
  local per_group = math.max(1, math.floor(namespaces / groups))
  for i = 1, 4000 do
    local g = math.random(0, groups - 1)
    local own = "ns-" .. (g + math.random(0, per_group - 1) * groups)
    local r = math.random()
    if r < 0.7 then
      bodies[i] = body(own, (r < 0.35) and "get" or "list", nil, "pods", i, g)
    elseif r < 0.9 then
      bodies[i] = body(own, "update", "apps", "deployments", i, g)
    else
      bodies[i] = body("ns-" .. ((g + 1) % groups), "get", nil, "pods", i, g)
    end
  end
  allowed = 0
  notallowed = 0
  errors = 0
end

function request()
  return wrk.format("POST", "/authorize", { ["Content-Type"] = "application/json" }, bodies[math.random(1, #bodies)])
end

function response(status, headers, resp)
  if status ~= 200 then
    errors = errors + 1
    return
  end
  if resp:find('"allowed":true', 1, true) then
    allowed = allowed + 1
  else
    notallowed = notallowed + 1
  end
end

function done(summary, latency, requests)
  local a, n, e = 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + (t:get("allowed") or 0)
    n = n + (t:get("notallowed") or 0)
    e = e + (t:get("errors") or 0)
  end
  io.write(string.format("RESULT rps=%.0f p50_ms=%.3f p99_ms=%.3f allowed=%d noopinion=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000, a, n, e))
end
