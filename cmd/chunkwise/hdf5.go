//go:build cgo

package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/array/h5array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store/hdf5"
)

func fromHDF5(path, name string, spec chunk.Spec) (*array.Array, error) {
	return h5array.FromHDF5(path, name, spec)
}

// toHDF5 writes x as dataset name of a new file dst, chunked as chunks,
// gzip level 4 with shuffle when compress is set.
func toHDF5(ctx context.Context, x *array.Array, dst, name string, chunks []int, compress bool, opts ...array.Option) error {
	h := h5array.Options{Chunks: chunks}
	if compress {
		h.Gzip = 4
		h.Shuffle = true
	}
	return h5array.ToHDF5(ctx, x, dst, name, h, opts...)
}

func onlyHDF5Dataset(path string) (string, error) {
	f, err := hdf5.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	objs, err := f.List()
	if err != nil {
		return "", err
	}
	var names []string
	for _, o := range objs {
		if o.Kind == hdf5.KindDataset {
			names = append(names, o.Path)
		}
	}
	return pickOne(path, names)
}

func infoHDF5(w io.Writer, path string) error {
	f, err := hdf5.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	objs, err := f.List()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: HDF5 file\n", path)
	for _, o := range objs {
		depth := strings.Count(strings.Trim(o.Path, "/"), "/")
		if o.Path != "/" {
			depth++
		}
		name := o.Path
		if i := strings.LastIndex(o.Path, "/"); i >= 0 && o.Path != "/" {
			name = o.Path[i+1:]
		}
		attrs := map[string]any{}
		for _, a := range o.Attrs {
			attrs[a.Name] = a.Value
		}
		switch o.Kind {
		case hdf5.KindGroup:
			if o.Path != "/" {
				name += "/"
			}
			fmt.Fprintf(w, "%s%s group%s\n", indent(depth), name, attrStr(attrs))
		case hdf5.KindDataset:
			chunks := "none"
			if o.Chunks != nil {
				chunks = shapeStr(o.Chunks)
			}
			var filters []string
			for _, fl := range o.Filters {
				s := fl.Name
				if s == "" {
					s = fmt.Sprintf("filter %d", fl.ID)
				}
				if len(fl.Params) > 0 {
					s += fmt.Sprint(fl.Params)
				}
				filters = append(filters, s)
			}
			fmt.Fprintf(w, "%s%s array dtype=%s shape=%s layout=%s chunks=%s filters=[%s]%s\n",
				indent(depth), name, o.DType, shapeStr(o.Shape), o.Layout, chunks, strings.Join(filters, ", "), attrStr(attrs))
		default:
			fmt.Fprintf(w, "%s%s %s\n", indent(depth), name, o.Kind)
		}
	}
	return nil
}
