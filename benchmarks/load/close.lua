-- wrk script: every request on a new connection ("Connection: close"), as nginx talks to its upstream without
-- keepalive; gunicorn's workers then take the requests in turn from the accept queue.
wrk.headers["Connection"] = "close"
