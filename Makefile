# The two commands a newcomer needs: `make` builds public/, `make test` runs the tests.
GO ?= go

.PHONY: all build check test e2e serve bench
all: build

build:
	$(GO) run ./generator build

check:
	$(GO) run ./generator check

# Local preview with live reload on http://127.0.0.1:1313/ (ADDR=host:port to change).
ADDR ?= 127.0.0.1:1313
serve:
	$(GO) run ./generator serve -addr $(ADDR)

test:
	$(GO) vet ./... ./.ci/bench/...
	@out=$$(gofmt -l generator .ci/bench); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) test ./... ./.ci/bench/...

# Browser checks (Nu Html Checker, axe-core, Chromium over file://) of a fresh build.
# Installs what it needs, once: Debian's chromium, fonts-noto-cjk and a Java runtime,
# and the npm packages pinned in .ci/e2e/package-lock.json.
E2E_DEBS = chromium fonts-noto-cjk default-jre-headless
e2e: build
	@missing=$$(for p in $(E2E_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing $$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	cd .ci/e2e && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	cd .ci/e2e && node check.mjs ../../public ../artifacts

# Performance on synthetic corpora (N = 25, 1000, 10000), side by side with Hugo and with
# the floor (goldmark alone plus writing the same bytes). Installs hugo with apt-get.
# BENCH_NS="25 1000" and BENCH_RUNS=3 shorten it; the table goes to .ci/artifacts/bench.md.
bench:
	GO=$(GO) bash .ci/bench/run.sh
