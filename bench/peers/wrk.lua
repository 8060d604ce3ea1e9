-- wrk script for the peer benchmark (bench/peers/run.sh).
--
--   wrk -t1 -cN -dS -s wrk.lua BASE_URL -- PATHS_FILE [START]
--
-- Asks for the paths in PATHS_FILE (one a line) one after another, starting at line START + 1
-- and wrapping round: in order rather than at random, so a list longer than a server's cache
-- never finds a tile still cached (the cache drops its oldest first), and a run can go on where
-- the warm-up stopped. It counts our server's `x-tile-cache` (or `x-items-cache`) `hit` and
-- `miss` headers, and for pages read anew whether their features were kept (`x-features-cache`:
-- `hit`, `part` or `miss`). Reading every answer's headers and body costs wrk time, so it reads
-- every server's answers the same way: the client's cost per answer is the same for all. (Until
-- 6 December 2026 this was meant for our server only, but an empty WRK_COUNT_CACHE is true in
-- Lua, so every case was read this way already.)
-- At the end it prints one line, "WRK_JSON {...}", that peers.py reads.

local paths = {}
local next_index = 0
hits, misses = 0, 0
features_hit, features_part, features_miss = 0, 0, 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  next_index = tonumber(args[2] or "0") or 0
end

function request()
  local path = paths[next_index % #paths + 1]
  next_index = next_index + 1
  return wrk.format("GET", path)
end

function response(status, headers, body)
  local cache = headers["x-tile-cache"] or headers["X-Tile-Cache"]
    or headers["x-items-cache"] or headers["X-Items-Cache"]
  if cache == "hit" then
    hits = hits + 1
  elseif cache == "miss" then
    misses = misses + 1
  end
  local features = headers["x-features-cache"] or headers["X-Features-Cache"]
  if features == "hit" then
    features_hit = features_hit + 1
  elseif features == "part" then
    features_part = features_part + 1
  elseif features == "miss" then
    features_miss = features_miss + 1
  end
end

function done(summary, latency, requests)
  local h, m, fh, fp, fm = 0, 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    h = h + (thread:get("hits") or 0)
    m = m + (thread:get("misses") or 0)
    fh = fh + (thread:get("features_hit") or 0)
    fp = fp + (thread:get("features_part") or 0)
    fm = fm + (thread:get("features_miss") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"rps":%.3f,"bytes":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"errors_connect":%d,"errors_read":%d,"errors_write":%d,"errors_status":%d,"errors_timeout":%d,' ..
    '"hits":%d,"misses":%d,"features_hit":%d,"features_part":%d,"features_miss":%d}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6), summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout, h, m, fh, fp, fm))
end
