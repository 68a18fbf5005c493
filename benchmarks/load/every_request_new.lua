-- wrk script: the same path with a counter appended to the query (…&n=<run>-<thread>-1, …-2 …), so each request has
-- a URL of its own and none is a page-cache hit: what a search costs when every visitor types something new.
--   wrk -s every_request_new.lua URL -- <run token> [close|keep] [file of URL-encoded queries, one a line]
-- The run token (any string unique to this run; the time by default) and the thread number keep the URLs of two
-- threads, and of an earlier run, apart: with a bare counter both threads sent n=1, n=2 … and a second run repeated
-- the first's URLs, so many "new" requests were page-cache hits. "close": a new connection per request (see
-- close.lua). With a file of queries (ratio.sh writes the recall benchmark's 200 seeded ones), the requests are
-- /search/?q=<each query in turn>, as visitors' words change. Every answer's X-Page-Cache header is counted, and
-- the run ends with the number of hits on stdout ("page-cache hits: N"), which must be 0.
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  prefix = (args[1] or tostring(os.time())) .. "-" .. id .. "-"
  if args[2] == "close" then
    wrk.headers["Connection"] = "close"
  end
  queries = {}
  if args[3] then
    for line in io.lines(args[3]) do
      table.insert(queries, line)
    end
  end
  counter = 0
  hits = 0
end

function request()
  counter = counter + 1
  if #queries > 0 then
    local q = queries[(counter + id * 37) % #queries + 1]  -- the two threads start at different queries
    return wrk.format("GET", "/search/?q=" .. q .. "&n=" .. prefix .. counter)
  end
  return wrk.format("GET", wrk.path .. "&n=" .. prefix .. counter)
end

function response(status, headers, body)
  if headers["X-Page-Cache"] == "hit" then
    hits = hits + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("hits")
  end
  io.write(string.format("page-cache hits: %d\n", total))
end
