-- wrk script: the search page with the queries of the recall benchmark (benchmarks/search/demo_corpus.py: words and
-- strings of the demo's pages, seed 17), one after another, each URL made new by a counter, so no request is a
-- page-cache hit and the words change as visitors' do (a word's postings are decoded the first time it is searched).
--   wrk -s sampled_queries.lua URL -- <run token> <file of URL-encoded queries, one a line> [close]
-- Every answer's X-Page-Cache header is counted; the run ends with "page-cache hits: N" (must be 0).
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  prefix = (args[1] or tostring(os.time())) .. "-" .. id .. "-"
  queries = {}
  for line in io.lines(args[2]) do
    table.insert(queries, line)
  end
  if args[3] == "close" then
    wrk.headers["Connection"] = "close"
  end
  counter = 0
  hits = 0
end

function request()
  counter = counter + 1
  local q = queries[(counter + id * 37) % #queries + 1]  -- the two threads start at different queries
  return wrk.format("GET", "/search/?q=" .. q .. "&n=" .. prefix .. counter)
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
