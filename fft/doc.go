// Package fft is NumPy's numpy.fft over chunked arrays: discrete Fourier
// transforms (FFT, IFFT, RFFT, IRFFT, HFFT, IHFFT), their 2-d and N-d
// forms, and the helpers FFTFreq, RFFTFreq, FFTShift and IFFTShift.
//
// # Chunks
//
// As in Dask, a transformed axis must be one chunk: each transform first
// rechunks its axis to a single chunk (the other axes keep theirs), so
// the work is one task per block of the other axes. An N-d transform
// does this for each axis in turn. Lanes along the last axis are
// transformed in place; along another axis, eight adjacent lanes at a
// time are gathered into contiguous buffers by a tiled transpose and
// their results scattered back the same way.
//
// # Options and dtypes
//
// N gives the transform lengths (NumPy's n and s: input cropped or
// zero-padded), Axes the axes, and WithNorm the scaling ("backward",
// "ortho", "forward"; NumPy's default "backward" scales the inverse by
// 1/n). Results are complex128 (float64 for IRFFT and HFFT), whatever the
// input, as in NumPy 1.24; real inputs of RFFT keep only the real part of
// complex ones. The 1-d kernels (package internal/kernel) are mixed-radix
// Stockham FFTs with Bluestein's algorithm for lengths with a large prime
// factor, so every length is O(n log n), in AVX assembly on amd64. FFT
// and IFFT of real input use the real transform and the conjugate
// symmetry of its result, about half the work of a complex transform.
package fft
