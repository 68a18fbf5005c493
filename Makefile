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

# Refresh the English catalogues after changing user-facing text (run by developers, not by the set-up).
# Run from the project root, makemessages writes every string into the first LOCALE_PATHS entry (site/locale), so
# each app with its own locale/ folder is run from inside that folder; the root run then covers the site shell
# (site/, accounts/, config/) and leaves those apps out. zh_Hans is written by hand: never run makemessages for it.
LOCALE_APPS := $(filter-out site,$(patsubst %/locale,%,$(wildcard */locale)))
messages:
	@for app in $(LOCALE_APPS); do \
		echo "==> $$app/locale"; \
		(cd $$app && ../$(PY) ../manage.py makemessages -l en) || exit 1; \
	done
	@echo "==> site/locale"
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=media --ignore=benchmarks \
		--ignore=tests --ignore=docs --ignore=scripts $(foreach app,$(LOCALE_APPS),--ignore='$(app)/*')
