//go:build !unix

package npy

import "os"

func mapFile(f *os.File, n int64, writable bool) []byte { return nil }
func unmapFile(b []byte)                                {}
