//go:build !linux

package chunk

func adviseHugePages([]byte) {}
