# chunkwise — the two set-up commands of the README, and the rest.
#
#   make demo    run examples/quickstart, a real pipeline on random data
#   make test    go vet, the whole suite, -race on the scheduler, the
#                pure-Go kernels (-tags noasm), pooled buffers poisoned
#   make bench   the core benchmark workloads (JSON lines, see bench/)

GO ?= go

.PHONY: demo test bench deps fuzz

demo:
	$(GO) run ./examples/quickstart

test:
	$(GO) vet ./...
	$(GO) test -count=1 ./...
	$(GO) test -count=1 -race ./scheduler/... ./delayed/... ./store/cache/...
	$(GO) test -count=1 -tags noasm ./internal/vec/... ./reductions/... ./blockwise/... ./array/...
	CHUNKWISE_POOL_POISON=1 $(GO) test -count=1 ./chunk/... ./array/... ./reductions/... ./store/zarr/... ./store/hdf5/... ./store/npy/... ./cmd/...

bench:
	@for w in many-chunks-sum sum-persisted fused-elementwise transpose-add random-sum; do \
		$(GO) run ./bench $$w --repeat 1 || exit 1; \
	done

# deps installs what a fresh Debian machine lacks for the test suite: the
# HDF5 C library for store/hdf5, and NumPy, zarr-python, numcodecs and
# h5py to check our files against the reference implementations.
deps:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libhdf5-dev python3-numpy python3-zarr python3-numcodecs python3-h5py >/dev/null

fuzz:
	$(GO) test ./chunk -run '^$$' -fuzz FuzzUnmarshalDense -fuzztime 30s
