//go:build !linux

package chunk

// prefault does nothing here: pages fault on first write.
func prefault([]byte) {}
