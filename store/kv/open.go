package kv

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/chunkwise/chunkwise/store"
)

// IsURL reports whether location is a URL Open opens as a remote store
// (s3://, http:// or https://) rather than a local path.
func IsURL(location string) bool {
	for _, p := range []string{"s3://", "http://", "https://"} {
		if len(location) >= len(p) && strings.EqualFold(location[:len(p)], p) {
			return true
		}
	}
	return false
}

// Open returns the store location names:
//
//   - "s3://bucket/prefix": an S3 store (NewS3) with the options of the
//     environment and the shared AWS config (S3OptionsFromEnv);
//   - "http://host/path" or "https://host/path": a read-only HTTP store
//     (NewHTTP);
//   - "file:///path" or any other string: the directory at that path
//     (NewDir).
//
// It makes no request and creates nothing. A malformed URL or an
// unsupported scheme ("gs://") is an error naming it.
func Open(location string) (store.Store, error) {
	if !strings.Contains(location, "://") {
		return NewDir(location), nil
	}
	u, err := url.Parse(location)
	if err != nil {
		return nil, fmt.Errorf("kv: bad URL %q: %v", location, err)
	}
	switch strings.ToLower(u.Scheme) {
	case "s3":
		if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return nil, fmt.Errorf("kv: %q: an s3:// URL takes no user, query or fragment", location)
		}
		o, err := S3OptionsFromEnv()
		if err != nil {
			return nil, err
		}
		return NewS3(u.Host, u.Path, o)
	case "http", "https":
		return NewHTTP(location, Remote{})
	case "file":
		if u.Host != "" && u.Host != "localhost" {
			return nil, fmt.Errorf("kv: %q: a file:// URL names a local path (file:///path)", location)
		}
		return NewDir(u.Path), nil
	}
	return nil, fmt.Errorf("kv: %q: unsupported scheme %q (s3, http, https or file)", location, u.Scheme)
}
