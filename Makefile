# chunkwise — the two set-up commands of the README, and the rest.
#
#   make demo    run examples/quickstart, a real pipeline on random data
#   make test    go vet (with and without cgo), the whole suite, -race on
#                the scheduler and the cluster, the pure-Go kernels
#                (-tags noasm; the minutes-long cgroup test, which checks
#                memory, not kernels, runs in the other passes), pooled
#                buffers poisoned
#   make bench   the core benchmark workloads (JSON lines, see bench/)

GO ?= go

.PHONY: demo test bench deps setup fuzz versitygw

# DEPS are the Debian packages the suite needs: the HDF5 C library for
# store/hdf5, and NumPy, zarr-python, numcodecs and h5py to check our
# files against the reference implementations (fsspec and aiohttp: zarr-python
# reading a store over HTTP from the S3 server).
DEPS = libhdf5-dev python3-numpy python3-zarr python3-numcodecs python3-h5py python3-fsspec python3-aiohttp
# zstd: the zstd command's frames (checksums, long windows, no content
# size) check our Zstandard decoder (store/codec).
DEPS += zstd
# chromium: the report, pictures and dashboard are tested in a real
# headless browser (internal/browsertest; under CI=true they fail without it).
DEPS += chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# VERSITYGW is the S3 server (the Versity S3 Gateway) that the object
# store tests start on 127.0.0.1; setup builds it once (about 2.5 minutes)
# into the user cache, where internal/s3test finds it.
VERSITYGW_VERSION = v1.8.0
VERSITYGW = $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/chunkwise/versitygw-$(VERSITYGW_VERSION)/versitygw

demo: setup
	$(GO) run ./examples/quickstart -report chunkwise-report.html

test: setup
	$(GO) vet ./...
	CGO_ENABLED=0 $(GO) vet ./...
	$(GO) test -count=1 ./...
	$(GO) test -count=1 -race ./scheduler/... ./delayed/... ./store/cache/... ./distributed/...
	$(GO) test -count=1 -tags noasm -skip 'TestOutOfCoreInCgroup' ./internal/vec/... ./store/codec/... ./reductions/... ./blockwise/... ./array/...
	CHUNKWISE_POOL_POISON=1 $(GO) test -count=1 ./chunk/... ./array/... ./reductions/... ./store/zarr/... ./store/hdf5/... ./store/npy/... ./cmd/...
	CHUNKWISE_MADVISE_HUGEPAGE=0 $(GO) test -count=1 -run 'AdvisedHuge' ./chunk/... ./store/npy/...

bench:
	@for w in many-chunks-sum sum-persisted fused-elementwise transpose-add random-sum; do \
		$(GO) run ./bench $$w --repeat 1 || exit 1; \
	done

# setup installs DEPS when any is missing (demo and test run it first);
# deps installs them unconditionally.
setup:
	@if ! command -v dpkg >/dev/null; then \
		echo "note: not a Debian machine; install the HDF5 library, NumPy, zarr, numcodecs and h5py by hand" >&2; \
	elif ! dpkg -s $(DEPS) >/dev/null 2>&1; then \
		$(MAKE) deps; \
	fi
	@[ -x $(VERSITYGW) ] || $(MAKE) versitygw

deps:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(DEPS) >/dev/null
	$(MAKE) versitygw

versitygw:
	cd / && GOBIN=$(dir $(VERSITYGW)) GOFLAGS= CGO_ENABLED=0 $(GO) install github.com/versity/versitygw/cmd/versitygw@$(VERSITYGW_VERSION)

# fuzz runs every fuzz target of the decoders and parsers for FUZZTIME
# each (about 4 minutes in all with the default); a failing input is
# saved under the package's testdata/fuzz and then runs in `make test`.
FUZZTIME ?= 15s
STORE_FUZZ = store/codec:FuzzBloscDecode store/codec:FuzzLZ4Decode store/codec:FuzzBlosclz \
	store/codec:FuzzZstdDecode store/codec:FuzzGzipDecode store/codec:FuzzZlibDecode \
	store/zarr:FuzzParseV2Metadata store/zarr:FuzzParseV3Metadata store/zarr:FuzzReadChunk \
	store/zarr:FuzzShardIndex store/npy:FuzzReadHeader store/hdf5:FuzzDamagedFile

fuzz:
	$(GO) test ./chunk -run '^$$' -fuzz FuzzUnmarshalDense -fuzztime 30s
	@failed=""; for t in $(STORE_FUZZ); do \
		echo "== $$t"; \
		$(GO) test ./$${t%%:*} -run '^$$' -fuzz "^$${t##*:}$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 1s || failed="$$failed $$t"; \
	done; if [ -n "$$failed" ]; then echo "fuzz failed:$$failed"; exit 1; fi
