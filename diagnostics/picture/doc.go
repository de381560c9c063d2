// Package picture draws what a computation is made of: the graph of an
// array's or a delayed value's operations, rendered by Graphviz
// (compiled to WebAssembly: no C library needed) as SVG, PNG or DOT
// text, and an array's chunk grid as SVG, the picture Dask shows for an
// array in a notebook.
//
// Visualize draws the graph of layers (one node per operation, labelled
// with its kernel and block grid) by default, and with Tasks the graph
// of every task, for graphs of at most MaxTasks tasks. Chunks draws the
// grid of chunks of a 1-, 2- or 3-d array (higher dimensions show their
// last three axes) beside its shape, chunk shape, dtype, bytes and task
// count.
package picture
