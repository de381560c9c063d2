// Package kv holds key/value backends that implement store.Store: Dir, a
// directory on the local file system, Memory, a map in memory, S3, the
// objects of an S3 (or S3-compatible) bucket under a prefix, and HTTP, a
// read-only store served by a web server. Open turns a location
// ("s3://bucket/prefix", "https://host/path", a directory) into its store.
//
// # Remote stores
//
// S3 and HTTP bound their requests in flight and the bytes of the
// values they read at once (Remote.ReadBytes), retry 5xx, throttling,
// dropped connections and truncated or stalled bodies with backoff a
// bounded number of times (Remote), and return errors naming the
// object's URL. A value is returned only when every byte the server
// announced has arrived.
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
// All backends are safe for concurrent use by multiple goroutines. Dir
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
// Beyond store.Store, the backends implement GetRange, to read part of a
// value (used by store/zarr to read one inner chunk of a shard), ListDir
// (all but HTTP), to list the immediate children of a prefix without
// walking the whole subtree, and store.Opener, for positioned reads into
// the caller's buffers: S3 and HTTP make one GET per Open and hand its
// body to reads that follow each other, so a chunk stored verbatim goes
// from the socket straight into the decoded chunk.
package kv
