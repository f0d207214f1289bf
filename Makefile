# gokit — `make` builds dist/gokit and shows its help; `make test` typechecks and runs every test.
# Needs only node and npm: Bun is installed from npm (pinned) when it is missing.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := all

BUN_VERSION := $(shell node -p "require('./package.json').devDependencies.bun")
BOOT_BUN    := .tools/node_modules/.bin/bun
BUN         := node_modules/.bin/bun
TSC         := node_modules/.bin/tsc
COMMIT      := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
SOURCES     := $(shell find cmd src proto -type f 2>/dev/null) package.json Makefile
PREFIX      ?= /usr/local

.PHONY: all deps build test typecheck bench release install clean

all: dist/gokit
	@./dist/gokit --help

# Bootstrap Bun through npm into .tools/, then install every dependency from bun.lock.
$(BOOT_BUN):
	@command -v node >/dev/null || { echo "make: node is required (https://nodejs.org)"; exit 1; }
	npm install --silent --no-audit --no-fund --no-save --no-package-lock --prefix .tools bun@$(BUN_VERSION)

node_modules/.installed: package.json bun.lock | $(BOOT_BUN)
	$(BOOT_BUN) install --frozen-lockfile
	@touch $@

deps: node_modules/.installed

dist/gokit: node_modules/.installed $(SOURCES)
	$(BUN) build --compile --splitting --bytecode --format=esm --minify --sourcemap=none --no-compile-autoload-dotenv --no-compile-autoload-bunfig --define 'GOKIT_COMMIT="$(COMMIT)"' cmd/gokit.ts src/git/stat-worker.ts --outfile dist/gokit

build: dist/gokit

typecheck: node_modules/.installed
	$(TSC) --noEmit -p .

test: typecheck dist/gokit
	GOKIT_BIN=dist/gokit $(BUN) test --timeout 60000

bench: dist/gokit
	@for b in bench/*.ts; do [ "$$b" = bench/support.ts ] && continue; echo "== $$b"; $(BUN) "$$b"; done

release: node_modules/.installed
	$(BUN) scripts/release.ts --commit $(COMMIT)

install: dist/gokit
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 0755 dist/gokit "$(DESTDIR)$(PREFIX)/bin/gokit"

clean:
	rm -rf dist .tools node_modules/.installed
