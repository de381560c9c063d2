package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
)

func init() {
	var axis int
	var axisSet bool
	var chunks, name string
	cmd := &cobra.Command{
		Use:   "stats PATH [--array NAME] [--axis N] [--chunks C]",
		Short: "Print sum, mean, std, min, max, argmin, argmax, nansum and nanmean of an array as JSON",
		Long: `stats reads an array (a NumPy .npy file, a Zarr store or an HDF5 file;
--array names one inside a group or file holding several) lazily into a
chunked array and prints one JSON object with its sum, mean, std, min,
max, argmin, argmax, nansum and nanmean, computed chunk-parallel in one
pass over the data. Without --axis
each is a number (argmin and argmax are flat C-order indices); with
--axis N each is an array of the values along the other axes. NaN and
infinities are written as the strings "NaN", "Infinity" and "-Infinity";
min, max, argmin and argmax of an empty reduction are null.

--chunks sets the chunk shape: one value for every axis or one per axis,
comma-separated, each a positive size, -1 for the whole axis or "auto".
By default a .npy file's slowest axis is split into ~128 MiB chunks, and
Zarr and HDF5 arrays keep their stored chunks.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			axisSet = cmd.Flags().Changed("axis")
			var ax *int
			if axisSet {
				ax = &axis
			}
			return runStats(cmd.Context(), cmd.OutOrStdout(), args[0], name, ax, chunks)
		},
	}
	cmd.Flags().IntVar(&axis, "axis", 0, "reduce along this axis only (negative counts from the end)")
	cmd.Flags().StringVar(&chunks, "chunks", "", `chunk shape, e.g. "1000,1000", "-1,100" or "auto"`)
	cmd.Flags().StringVar(&name, "array", "", "the array inside a Zarr group or HDF5 file")
	rootCmd.AddCommand(cmd)
}

// statNames are the statistics stats prints, in order.
var statNames = []string{"sum", "mean", "std", "min", "max", "argmin", "argmax", "nansum", "nanmean"}

// runStats computes the statistics of the array name in path and writes
// them to w as one JSON object.
func runStats(ctx context.Context, w io.Writer, path, name string, axis *int, chunks string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	src, err := openSource(ctx, path, name, nil)
	if err != nil {
		return err
	}
	x := src.x
	if chunks != "" {
		spec, err := parseStatsChunks(chunks, x.NDim())
		if err != nil {
			return err
		}
		if src, err = openSource(ctx, path, src.name, spec); err != nil {
			return err
		}
		x = src.x
	}
	if err := x.Err(); err != nil {
		return err
	}
	var opts []array.ReduceOption
	if axis != nil {
		nd := x.NDim()
		if *axis < -nd || *axis >= nd {
			return fmt.Errorf("--axis %d is out of bounds for an array of %d axes", *axis, nd)
		}
		opts = append(opts, array.Axis(*axis))
	}
	// Min, max and their positions have no value over nothing (NumPy
	// raises); they are printed as null when the reduction is empty.
	empty := x.Size() == 0
	if axis != nil {
		a := (*axis + x.NDim()) % x.NDim()
		empty = x.Shape()[a] == 0
	}
	results := []*array.Array{x.Sum(opts...), x.Mean(opts...), x.Std(opts...)}
	if !empty {
		results = append(results, x.Min(opts...), x.Max(opts...), x.ArgMin(opts...), x.ArgMax(opts...))
	}
	results = append(results, x.NanSum(opts...), x.NanMean(opts...))
	vals, err := array.ComputeAll(ctx, results, progress(x)...)
	if err != nil {
		return err
	}
	if empty {
		vals = append(vals[:3], append([]*chunk.Dense{nil, nil, nil, nil}, vals[3:]...)...)
	}
	var b strings.Builder
	b.WriteString("{")
	fmt.Fprintf(&b, "%q:%s,%q:%s,%q:%q,%q:%s,", "path", jsonString(path), "shape", jsonInts(x.Shape()),
		"dtype", x.DType().String(), "chunks", jsonChunks(x.Chunks()))
	if axis != nil {
		fmt.Fprintf(&b, "%q:%d,", "axis", *axis)
	} else {
		fmt.Fprintf(&b, "%q:null,", "axis")
	}
	for i, name := range statNames {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "%q:", name)
		if vals[i] == nil {
			b.WriteString("null")
			continue
		}
		writeDense(&b, vals[i])
	}
	b.WriteString("}\n")
	_, err = io.WriteString(w, b.String())
	return err
}

// parseStatsChunks parses --chunks: empty for the file's chunks, else one
// entry for every axis or one per axis.
func parseStatsChunks(s string, ndim int) (chunk.Spec, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	if len(parts) != 1 && len(parts) != ndim {
		return nil, fmt.Errorf("--chunks %q: %d values for an array of %d axes (give one, or one per axis)", s, len(parts), ndim)
	}
	spec := make(chunk.Spec, ndim)
	for a := range spec {
		p := strings.TrimSpace(parts[min(a, len(parts)-1)])
		switch p {
		case "auto":
			spec[a] = chunk.Auto()
			continue
		case "-1":
			spec[a] = chunk.Whole()
			continue
		}
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("--chunks %q: %q is not a positive size, -1 or auto", s, p)
		}
		spec[a] = chunk.Size(n)
	}
	return spec, nil
}

// writeDense writes d as a JSON number (0-d) or nested arrays.
func writeDense(b *strings.Builder, d *chunk.Dense) {
	shape := d.Shape()
	var rec func(axis, off int)
	rec = func(axis, off int) {
		if axis == len(shape) {
			b.WriteString(jsonElem(d, off))
			return
		}
		stride := chunk.Prod(shape[axis+1:])
		b.WriteString("[")
		for i := 0; i < shape[axis]; i++ {
			if i > 0 {
				b.WriteString(",")
			}
			rec(axis+1, off+i*stride)
		}
		b.WriteString("]")
	}
	rec(0, 0)
}

// jsonElem formats element p of d exactly: integers as integers, floats
// with the shortest representation that round-trips.
func jsonElem(d *chunk.Dense, p int) string {
	switch v := d.Data().(type) {
	case []bool:
		return strconv.FormatBool(v[p])
	case []int8:
		return strconv.FormatInt(int64(v[p]), 10)
	case []int16:
		return strconv.FormatInt(int64(v[p]), 10)
	case []int32:
		return strconv.FormatInt(int64(v[p]), 10)
	case []int64:
		return strconv.FormatInt(v[p], 10)
	case []uint8:
		return strconv.FormatUint(uint64(v[p]), 10)
	case []uint16:
		return strconv.FormatUint(uint64(v[p]), 10)
	case []uint32:
		return strconv.FormatUint(uint64(v[p]), 10)
	case []uint64:
		return strconv.FormatUint(v[p], 10)
	case []float32:
		return jsonFloat(float64(v[p]), 32)
	}
	return jsonFloat(d.Float(p), 64)
}

func jsonFloat(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return `"NaN"`
	case math.IsInf(f, 1):
		return `"Infinity"`
	case math.IsInf(f, -1):
		return `"-Infinity"`
	}
	return strconv.FormatFloat(f, 'g', -1, bits)
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func jsonInts(v []int) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func jsonChunks(cs [][]int) string {
	b, _ := json.Marshal(cs)
	return string(b)
}
