# The two commands of the README: `make run` and `make test`. Everything else is a step they take.
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bootstrap lint messages

run:
	scripts/bootstrap.sh
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_demo
	@echo "==> 双工学苑 http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test:
	scripts/bootstrap.sh --test
	scripts/test.sh

lint:
	.venv/bin/ruff check .

# Refresh the English catalogue after changing user-facing text (run by developers, not by the set-up).
messages:
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=media --ignore=benchmarks
