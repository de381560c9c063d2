// Package report writes a computation's profile as one self-contained
// HTML page: the task stream (a lane per worker, a bar per task coloured
// by operation, zoomable with the mouse wheel), memory and CPU over
// time, a table per operation, the graph of operations and each array's
// chunk grid, all inline SVG, CSS and script: the page needs no network.
package report
