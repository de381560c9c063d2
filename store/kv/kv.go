package kv

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidKey is wrapped by the errors returned for keys that are not
// valid relative slash-separated paths (see the package doc).
var ErrInvalidKey = errors.New("kv: invalid key")

// tmpPrefix starts the names of Dir's temporary files.
const tmpPrefix = ".kv-tmp-"

// CheckKey returns an error wrapping ErrInvalidKey when key is not a valid
// key (see the package doc), and nil otherwise.
func CheckKey(key string) error {
	if key == "" {
		return fmt.Errorf("%w: empty key", ErrInvalidKey)
	}
	if strings.ContainsAny(key, "\\\x00") {
		return fmt.Errorf("%w: %q contains a backslash or NUL", ErrInvalidKey, key)
	}
	for seg := range strings.SplitSeq(key, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return fmt.Errorf("%w: %q has an empty, \".\" or \"..\" segment", ErrInvalidKey, key)
		}
	}
	return nil
}

// checkPrefix validates a List prefix: empty, or a key optionally followed
// by a slash.
func checkPrefix(prefix string) error {
	p := strings.TrimSuffix(prefix, "/")
	if p == "" {
		if prefix == "/" {
			return fmt.Errorf("%w: prefix %q", ErrInvalidKey, prefix)
		}
		return nil
	}
	return CheckKey(p)
}

// childName returns the first path segment of key after prefix (a prefix
// ending in "/" or empty), and whether key lies under prefix.
func childName(key, prefix string) (string, bool) {
	if !strings.HasPrefix(key, prefix) {
		return "", false
	}
	rest := key[len(prefix):]
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		rest = rest[:i]
	}
	return rest, rest != ""
}

// dirPrefix returns prefix with a trailing slash unless it is empty.
func dirPrefix(prefix string) string {
	if prefix == "" || strings.HasSuffix(prefix, "/") {
		return prefix
	}
	return prefix + "/"
}

// rangeOf resolves a GetRange request against a value of length n: a
// negative offset counts from the end, a negative length reads to the end.
func rangeOf(n int, offset, length int64) (int, int, error) {
	if offset < 0 {
		offset += int64(n)
		if offset < 0 {
			return 0, 0, fmt.Errorf("kv: range starts %d bytes before the start of a %d-byte value", -offset, n)
		}
	}
	if offset > int64(n) {
		return 0, 0, fmt.Errorf("kv: range offset %d beyond a %d-byte value", offset, n)
	}
	end := int64(n)
	if length >= 0 {
		end = offset + length
		if end > int64(n) || end < offset {
			return 0, 0, fmt.Errorf("kv: range [%d, %d+%d) beyond a %d-byte value", offset, offset, length, n)
		}
	}
	return int(offset), int(end), nil
}
