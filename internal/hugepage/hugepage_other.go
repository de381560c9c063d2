//go:build !linux

package hugepage

// Make returns make([]T, n): this system gets no huge-page hint.
func Make[T any](n int) []T { return make([]T, n) }
