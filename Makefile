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

# The tests load real eBPF programs: run as root.
test: all
	$(GO) vet ./...
	$(GO) test -count=1 ./...
	$(MAKE) fuzz

# A short, fixed-time fuzz run of the front end; the corpus lives in testdata/fuzz.
FUZZTIME ?= 10s
fuzz:
	@if ls dlang/parser/*_test.go >/dev/null 2>&1 && grep -q 'func FuzzParse' dlang/parser/*_test.go; then \
		$(GO) test -run='^$$' -fuzz='^FuzzParse$$' -fuzztime=$(FUZZTIME) ./dlang/parser; \
	else echo "fuzz: no FuzzParse target yet"; fi

# The lab's main job: build, create the data file, trace io-static with the lab's script.
lab: all
	bash scripts/lab1.sh

bench: all
	$(GO) test -run='^$$' -bench=. -benchtime=1x ./bench/...

clean:
	rm -rf bin iofile
