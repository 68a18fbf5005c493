-- wrk script: the same path with a counter appended to the query (…&n=1, &n=2 …), so each request has a URL of
-- its own and none is a page-cache hit: what a search costs when every visitor types something new.
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", wrk.path .. "&n=" .. counter)
end
