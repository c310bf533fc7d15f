# flowspec: build, test, benchmark. `make test` installs what the tests need
# (Python venvs with pinned distributed) and the tests start and stop their own
# Dask schedulers and workers on loopback.
GO      ?= go
BIN     := bin/flowspec
export FLOWSPEC_VENVS := $(CURDIR)/.venv

.PHONY: build test test-go venv image bench fuzz lint fmt dask-up dask-down clean

build:
	$(GO) build -o $(BIN) ./cmd/flowspec
	$(GO) build -o bin/flowspec-draw ./cmd/flowspec-draw

venv:
	scripts/venv.sh current legacy oldest kubernetes gateway schema precommit postgres

# The container image test starts its own dockerd (Debian's docker.io).
test: venv
	scripts/docker.sh
	FLOWSPEC_REQUIRE_DASK=1 scripts/gotest.sh ./...

# image builds the flowspec container image (deploy/container/Dockerfile)
# offline: the static binary is built here and copied into a FROM-scratch image.
IMAGE ?= flowspec:latest
image:
	scripts/image.sh $(IMAGE)

bench: build
	scripts/bench.sh

# fuzz runs every fuzz target for FUZZTIME each (not part of test) and keeps
# the corpus entries it finds under each package's testdata/fuzz.
FUZZTIME ?= 60s
fuzz:
	FUZZTIME=$(FUZZTIME) scripts/fuzz.sh

lint:
	$(GO) vet ./...
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

fmt:
	gofmt -w .

dask-up: venv
	scripts/dask-cluster.sh up

dask-down:
	scripts/dask-cluster.sh down

clean:
	rm -rf bin .dask
