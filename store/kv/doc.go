// Package kv holds key/value backends that implement store.Store: Dir, a
// directory on the local file system, and Memory, a map in memory.
//
// # Keys
//
// Keys are slash-separated relative paths such as "a/b/.zarray" or
// "temp/c/0/1". A key must not be empty, start or end with a slash,
// contain an empty, "." or ".." segment, a backslash or a NUL byte; such a
// key is rejected with an error wrapping ErrInvalidKey, so no key can name
// a file outside a Dir's root.
//
// # Concurrency
//
// Both backends are safe for concurrent use by multiple goroutines. Dir
// writes atomically: Set writes a temporary file beside the target and
// renames it into place, so a concurrent Get sees either the old value or
// the new one, never a partial file, and a crash leaves at most a stray
// temporary file (named with the prefix ".kv-tmp-", which List skips).
//
// # Ownership
//
// Get returns a slice the caller owns and may modify; Set copies (Memory)
// or writes out (Dir) its value before returning and does not retain it.
//
// # Optional methods
//
// Beyond store.Store, both backends implement GetRange, to read part of a
// value (used by store/zarr to read one inner chunk of a shard), and
// ListDir, to list the immediate children of a prefix without walking the
// whole subtree.
package kv
