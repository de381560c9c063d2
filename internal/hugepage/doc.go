// Package hugepage asks the kernel to back large buffers with transparent
// huge pages, as NumPy does for large arrays. On a virtual machine a 4 KiB
// page fault can cost microseconds, so a fresh 8 MiB chunk buffer would
// spend longer faulting in than being filled; with 2 MiB pages it takes a
// handful of faults, and streaming kernels miss the TLB far less often.
package hugepage

// Min is the size from which Make asks for huge pages.
const Min = 4 << 20

const huge = 2 << 20
