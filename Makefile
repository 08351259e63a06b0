# Two commands do everything: `make run` and `make test` (see README.md).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000
# Local runs: a secret key kept in instance/, cookies without the Secure flag on plain http.
export LOGBOG_ENV ?= development
export PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)
FLASK := $(BIN)/flask --app app

.PHONY: run serve test install translations messages demo-code

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

translations: install
	$(FLASK) i18n compile

# After changing user-facing text: refresh messages.pot and merge it into the catalogs.
messages: install
	$(FLASK) i18n update

run: translations
	$(FLASK) db upgrade
	$(FLASK) demo
	@echo ""
	@echo "Open $(PUBLIC_BASE_URL)/ on this machine, or one of the links above to sign in as a demo citizen."
	@echo "Stop the server with Ctrl+C."
	$(FLASK) run --host $(HOST) --port $(PORT)

# Like `run`, but served by gunicorn with several workers, as in production (docs/deploy.md).
WORKERS ?= 3
serve: translations
	$(FLASK) db upgrade
	$(FLASK) demo
	@echo ""
	@echo "Open $(PUBLIC_BASE_URL)/ ($(WORKERS) gunicorn workers). Stop with Ctrl+C."
	$(BIN)/gunicorn --workers $(WORKERS) --bind $(HOST):$(PORT) 'app:create_app()'

# The current authenticator codes of the demo's staff accounts.
demo-code: install
	@$(FLASK) demo-code

# The suite on every core, each test file on one worker (files that walk every page keep their order);
# then the browser tests on their own, since a loaded machine makes a real browser's timing flaky.
TEST_WORKERS ?= auto
test: translations
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --ignore=tests/browser
	$(BIN)/python -m pytest tests/browser
