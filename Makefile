# The two commands of the README. Each does all its own set-up first.
#   make preview   build the sample portal from data/ into build/ and serve it on http://127.0.0.1:8000/
#   make test      run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: preview test build setup clean

preview: setup
	$(PY) publish.py preview

build: setup
	$(PY) publish.py build

test: setup
	$(PY) -m pytest

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -m venv $(VENV) || { \
	  echo "无法创建 Python 虚拟环境。Debian/Ubuntu 请先安装：sudo apt-get install python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

clean:
	rm -rf build .cache reports test-output
