//go:build !linux

package chunk

// Prefault does nothing where madvise(MADV_POPULATE_WRITE) does not
// exist: the writes fault the pages in.
func Prefault(b []byte, n int) {}
