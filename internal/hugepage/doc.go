// Package hugepage is where chunkwise allocates its large buffers (chunk
// buffers, store read buffers). It no longer asks the kernel for
// transparent huge pages (MADV_HUGEPAGE), as NumPy does: on the virtual
// machines chunkwise is measured on, first touching memory the host no
// longer backs (any memory freed more than a few seconds earlier) costs
// 1.8–2.6 ms per MB in 2 MiB pages against 0.4–0.7 ms in 4 KiB pages.
// Huge pages won only on memory freed just before (0.12–0.15 against
// 0.5–0.6 ms per MB), so they made fault costs bimodal.
package hugepage

// Make returns a zeroed slice of n Ts, in ordinary pages.
func Make[T any](n int) []T { return make([]T, n) }
