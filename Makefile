# The two commands of the README. Each does all its own set-up first.
#   make preview   build the sample portal from data/ into build/ and serve it on http://127.0.0.1:8000/
#   make intake    start the back office (报送与审核) on http://127.0.0.1:8001/ over the sample data/, with one
#                  填报人 and one 审核人 per sample agency and their passwords printed (development only), and
#                  beside it the build queue's worker, which builds build/ after each approval
#   make bundle    the offline install: bundle/ holds every wheel the portal needs at run time and its own, with
#                  SHA256SUMS and 安装说明.txt (downloaded from PyPI; for another Python or platform:
#                  make bundle BUNDLE_TARGET="--python-version 3.12 --platform manylinux2014_x86_64")
#   make test      run the whole test suite (its browser tests also need chromium and axe-core: browser-setup;
#                  its deploy tests Debian's sshd, rsync and nginx: deploy-setup)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM := /usr/bin/chromium
AXE := node_modules/axe-core/axe.min.js
SSHD := /usr/sbin/sshd
NGINX := /usr/sbin/nginx

INTAKE_PORT ?= 8001

.PHONY: preview intake test lint build bundle setup browser-setup deploy-setup clean

preview: setup
	$(PY) publish.py preview

# Its database and staged uploads go to .intake/ (INTAKE_STATE_DIR); each run gives the sample accounts new passwords.
# The worker runs in the background while the server runs, and is stopped with it (Ctrl+C).
intake: setup
	$(PY) -m intake migrate --verbosity 0
	$(PY) -m intake seed_sample
	@$(PY) -m intake qcluster & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	  $(PY) -m intake runserver 127.0.0.1:$(INTAKE_PORT)

build: setup
	$(PY) publish.py build

BUNDLE ?= bundle
BUNDLE_TARGET ?=
bundle: setup
	$(PY) -m tools.bundle $(BUNDLE) $(BUNDLE_TARGET)

test: setup browser-setup deploy-setup lint
	$(PY) -m pytest

# The linter and the stages' import contracts (pyproject.toml), before any test runs.
lint: setup
	$(VENV)/bin/ruff check --quiet .
	$(VENV)/bin/lint-imports --no-cache --no-logo

setup: $(VENV)/.installed

# requirements-dev.txt: the run-time pins (requirements.txt, all `pip install .` installs) and the tests' own.
$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	@$(PYTHON) -m venv $(VENV) || { \
	  echo "无法创建 Python 虚拟环境。Debian/Ubuntu 请先安装：sudo apt-get install python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

# The browser tests (tests/browser.py) drive Debian's chromium, with CJK fonts for the screenshots, and inject
# axe-core from npm. As root (CI) this installs what is missing; otherwise it says what to run and stops.
browser-setup: $(AXE)
	@missing=""; \
	[ -x $(CHROMIUM) ] || missing="chromium"; \
	if command -v dpkg-query >/dev/null 2>&1 && \
	   ! dpkg-query -W -f='$${Status}' fonts-noto-cjk 2>/dev/null | grep -q " installed$$"; then \
	  missing="$$missing fonts-noto-cjk"; \
	fi; \
	missing="$${missing# }"; \
	[ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "安装浏览器测试所需的 $$missing / Installing $$missing for the browser tests: apt-get install $$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq $$missing || { \
	    echo "apt-get 安装失败 / apt-get could not install: $$missing"; exit 1; }; \
	  [ -x $(CHROMIUM) ] || { echo "安装后仍缺少 $(CHROMIUM) / $(CHROMIUM) is still missing after the install"; exit 1; }; \
	else \
	  echo "浏览器测试需要 $$missing，请先运行："; \
	  echo "The browser tests need $$missing; first run:"; \
	  echo "  sudo apt-get install $$missing"; \
	  exit 1; \
	fi

# The deploy tests (tests/deploy/) start Debian's sshd and nginx on 127.0.0.1 and deploy
# with rsync. As root (CI) this installs what is missing; otherwise it says what to run and stops.
deploy-setup:
	@missing=""; \
	[ -x $(SSHD) ] || missing="openssh-server"; \
	command -v rsync >/dev/null 2>&1 || missing="$$missing rsync"; \
	[ -x $(NGINX) ] || missing="$$missing nginx"; \
	missing="$${missing# }"; \
	[ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "安装部署测试所需的 $$missing / Installing $$missing for the deploy tests: apt-get install $$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq $$missing || { \
	    echo "apt-get 安装失败 / apt-get could not install: $$missing"; exit 1; }; \
	else \
	  echo "部署测试需要 $$missing，请先运行："; \
	  echo "The deploy tests need $$missing; first run:"; \
	  echo "  sudo apt-get install $$missing"; \
	  exit 1; \
	fi

# npm ci gives the files a fixed old date, hence the touch: reinstalled only when package-lock.json changes.
$(AXE): package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "浏览器测试需要 npm 来安装 axe-core。Debian 请先运行：sudo apt-get install npm"; \
	  echo "The browser tests need npm to install axe-core. On Debian first run: sudo apt-get install npm"; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

clean:
	rm -rf build .cache reports test-output
