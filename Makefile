# godtrace build. Go comes from /usr/local/go on a fresh machine; sudo's PATH may lack it.
export PATH := /usr/local/go/bin:$(PATH)
GO ?= go

BINS := bin/godtrace bin/io-static bin/io-dynamic bin/l41-lab

.PHONY: all test guest lab bench fuzz clean FORCE

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
# Then the fuzzers, then the guest stage: the kernel-facing tests again, on a Debian kernel
# booted under QEMU (docs/testing.md).
# GODTRACE_TEST_REQUIRE_ROOT: a test that needs root fails, not skips, when not run as root.
test: all
	$(GO) vet ./...
	$(GO) vet -tags guest ./internal/guest/...
	GODTRACE_TEST_REQUIRE_ROOT=1 $(GO) test -p 1 -count=1 $$($(GO) list ./... | grep -v '/internal/guest$$')
	$(MAKE) fuzz
	$(MAKE) guest

# The guest stage alone (GODTRACE_GUEST_PKGS, _RUN, _KERNEL … narrow it: docs/testing.md).
# guest-kernel.sh installs QEMU and busybox and caches the kernel; when it cannot, the stage
# skips, loudly, with its reason.
guest: all
	-bash scripts/guest-kernel.sh
	$(GO) test -count=1 -v -timeout=60m ./internal/guest

# Fuzz runs of the front end and the formatter, each with an execution budget (about 8 s
# each on this 2-core machine): a budget in executions has no deadline, so it cannot trip
# Go 1.26's fuzz coordinator race at a -fuzztime deadline (golang/go#75804), while a real
# crasher still fails the run and is written to the package's testdata/fuzz.
# `go test -fuzz` takes one target per run: target:package:executions.
FUZZ_TARGETS := FuzzParse:./dlang/parser:25000 FuzzCheck:./dlang/types:50000 \
	FuzzParse:./dlang/printf:300000 FuzzPrintf:./runtime/format:150000 \
	FuzzPreprocess:./dlang/cpp:40000
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		name=$${t%%:*}; rest=$${t#*:}; pkg=$${rest%%:*}; n=$${rest#*:}; \
		echo "fuzz $$name in $$pkg for $${n} executions"; \
		$(GO) test -run='^$$' -fuzz="^$$name$$" -fuzztime=$${n}x $$pkg; \
	done

# The lab's main job: build, create the data file, trace io-static with the lab's script.
lab: all
	bash scripts/lab1.sh

bench: all
	$(GO) test -timeout=60m -run='^$$' -bench=. -benchtime=1x ./bench/...

clean:
	rm -rf bin iofile
