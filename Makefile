# godtrace build. Go comes from /usr/local/go on a fresh machine; sudo's PATH may lack it.
export PATH := /usr/local/go/bin:$(PATH)
GO ?= go

BINS := bin/godtrace bin/io-static bin/io-dynamic bin/l41-lab

.PHONY: all test lab bench fuzz clean FORCE

all: $(BINS)

bin/godtrace: FORCE
	$(GO) build -o $@ ./cmd/godtrace

# One source, two link modes, as the original built io.c twice.
bin/io-static: FORCE
	CGO_ENABLED=0 $(GO) build -o $@ ./cmd/io-static

bin/io-dynamic: FORCE
	CGO_ENABLED=1 $(GO) build -o $@ ./cmd/io-dynamic

bin/l41-lab: FORCE
	$(GO) build -o $@ ./cmd/l41-lab

# The tests load real eBPF programs: run as root. Probes are system-wide, so test packages run
# one at a time (-p 1): a lab test tracing every io-static must not see another package's runs.
# GODTRACE_TEST_REQUIRE_ROOT: a test that needs root fails, not skips, when not run as root.
test: all
	$(GO) vet ./...
	GODTRACE_TEST_REQUIRE_ROOT=1 $(GO) test -p 1 -count=1 ./...
	$(MAKE) fuzz

# Short, fixed-time fuzz runs of the front end and the formatter; each corpus lives in the
# package's testdata/fuzz. `go test -fuzz` takes one target per run.
FUZZTIME ?= 8s
FUZZ_TARGETS := FuzzParse:./dlang/parser FuzzCheck:./dlang/types FuzzParse:./dlang/printf FuzzPrintf:./runtime/format
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		echo "fuzz $${t%%:*} in $${t#*:} for $(FUZZTIME)"; \
		$(GO) test -run='^$$' -fuzz="^$${t%%:*}$$" -fuzztime=$(FUZZTIME) $${t#*:}; \
	done

# The lab's main job: build, create the data file, trace io-static with the lab's script.
lab: all
	bash scripts/lab1.sh

bench: all
	$(GO) test -timeout=60m -run='^$$' -bench=. -benchtime=1x ./bench/...

clean:
	rm -rf bin iofile
