package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/chunkwise/chunkwise/store/kv"
	"github.com/chunkwise/chunkwise/store/npy"
	"github.com/chunkwise/chunkwise/store/zarr"
	"github.com/spf13/cobra"
)

func init() {
	var svg, name string
	cmd := &cobra.Command{
		Use:   "info PATH [--svg FILE [--array NAME]]",
		Short: "Print the tree of groups and arrays with dtype, shape, chunks, codecs and attributes",
		Long: `info prints what PATH holds: a Zarr v2 or v3 store (an array or a group
tree), an HDF5 file or a .npy file, detected from its content. Each array
is listed with its dtype, shape, chunk shape, codecs and attributes.
--svg FILE also draws the array's chunk grid (--array names one inside
a group or file holding several) as an SVG picture.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := info(cmd.Context(), cmd.OutOrStdout(), args[0]); err != nil || svg == "" {
				return err
			}
			return writeChunkSVG(cmd.Context(), args[0], name, svg)
		},
	}
	cmd.Flags().StringVar(&svg, "svg", "", "also write the array's chunk grid as SVG to `FILE`")
	cmd.Flags().StringVar(&name, "array", "", "the array inside a Zarr group or HDF5 file (for --svg)")
	rootCmd.AddCommand(cmd)
}

func info(ctx context.Context, w io.Writer, path string) error {
	format, err := detect(path)
	if err != nil {
		return err
	}
	switch format {
	case fmtNPY:
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		h, err := npy.ReadHeader(f)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		order := "C"
		if h.Fortran {
			order = "F"
		}
		fmt.Fprintf(w, "%s: .npy version %d.%d\n", path, h.Major, h.Minor)
		fmt.Fprintf(w, "/ array dtype=%s (%s) shape=%s order=%s\n", h.DType, h.Descr, shapeStr(h.Shape), order)
		return nil
	case fmtHDF5:
		return infoHDF5(w, path)
	}
	return infoZarr(ctx, w, path)
}

func infoZarr(ctx context.Context, w io.Writer, path string) error {
	s, err := kv.Open(path)
	if err != nil {
		return err
	}
	a, g, err := zarr.OpenNode(ctx, s, "")
	if err != nil {
		return err
	}
	if a != nil {
		fmt.Fprintf(w, "%s: Zarr v%d array\n", path, a.Format())
		printZarrArray(w, "/", 0, a)
		return nil
	}
	cons := ""
	if g.Consolidated() {
		cons = ", consolidated metadata"
	}
	fmt.Fprintf(w, "%s: Zarr v%d group%s\n", path, g.Format(), cons)
	fmt.Fprintf(w, "/ group%s\n", attrStr(g.Attrs()))
	var walk func(g *zarr.Group, depth int) error
	walk = func(g *zarr.Group, depth int) error {
		ms, err := g.Members(ctx)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.Array != nil {
				printZarrArray(w, m.Name, depth, m.Array)
				continue
			}
			fmt.Fprintf(w, "%s%s/ group%s\n", indent(depth), m.Name, attrStr(m.Group.Attrs()))
			if err := walk(m.Group, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(g, 1)
}

func printZarrArray(w io.Writer, name string, depth int, a *zarr.Array) {
	m := a.Meta()
	shard := ""
	if s := a.ShardShape(); s != nil {
		shard = " shards=" + shapeStr(s)
	}
	codecs, _ := json.Marshal(a.Codecs())
	fmt.Fprintf(w, "%s%s array dtype=%s shape=%s chunks=%s%s fill=%v codecs=%s%s\n",
		indent(depth), name, m.DType, shapeStr(m.Shape), shapeStr(m.Chunks), shard, a.FillValue(), codecs, attrStr(a.Attrs()))
}

func indent(depth int) string { return strings.Repeat("  ", depth) }

func shapeStr(s []int) string {
	parts := make([]string, len(s))
	for i, n := range s {
		parts[i] = fmt.Sprint(n)
	}
	if len(parts) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// attrStr formats attributes as " attrs={…}" in key order, or "".
func attrStr(a map[string]any) string {
	if len(a) == 0 {
		return ""
	}
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var sb strings.Builder
	sb.WriteString(" attrs={")
	for i, k := range keys {
		if i > 0 {
			sb.WriteString(", ")
		}
		v, err := json.Marshal(a[k])
		if err != nil {
			v = []byte(fmt.Sprint(a[k]))
		}
		fmt.Fprintf(&sb, "%q: %s", k, v)
	}
	sb.WriteString("}")
	return sb.String()
}
