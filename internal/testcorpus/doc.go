// Package testcorpus finds what the store tests check themselves
// against: the interop corpus in ../shared/testdata (files written by
// zarr-python, zarrita, h5py and NumPy) and Debian's Python with the
// reference libraries (/usr/bin/python3 with numpy, zarr, numcodecs,
// h5py).
//
// Both are optional on a developer's machine, where a test that needs a
// missing one is skipped with a message saying how to get it, and
// required in CI: when the environment variable CI is "true", a missing
// corpus or module fails the test instead, so that CI never passes by
// skipping.
//
// The corpus is $CHUNKWISE_TESTDATA when set, and otherwise the first
// shared/testdata found beside the module root or one of its parents
// (the project keeps it at ../shared/testdata; a git worktree may sit
// deeper).
package testcorpus
