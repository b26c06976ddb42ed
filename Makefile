# The two commands a newcomer needs: `make` builds public/, `make test` runs the tests.
GO ?= go

.PHONY: all build check test e2e bench serve fmt vet
all: build

build:
	$(GO) run ./generator build

check:
	$(GO) run ./generator check

test:
	$(GO) vet ./...
	@out=$$(gofmt -l generator); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) test ./...
