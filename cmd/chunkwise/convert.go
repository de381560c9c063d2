package main

import (
	"fmt"
	"strings"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/scheduler"

	"github.com/spf13/cobra"
)

// addWriteFlags adds the output flags; nameFlag names the flag of the
// output array's name.
func addWriteFlags(c *cobra.Command, o *writeOptions, nameFlag string) {
	c.Flags().StringVar(&o.format, "format", "", "output format: zarr2, zarr3, hdf5 or npy")
	c.Flags().StringVar(&o.name, nameFlag, "", "array path inside the output (Zarr group path or HDF5 dataset; default: the root, or \"data\" for HDF5)")
	c.Flags().StringVar(&o.chunks, "chunks", "", "output chunk shape, e.g. 100,100 (default: the input's chunks)")
	c.Flags().StringVar(&o.codec, "codec", "none", "compression: none, zlib, gzip, lz4 (zarr2), zstd, blosc-lz4 or blosc-zstd; for Zarr a blosc one may end in -shuffle, -noshuffle or -bitshuffle, and any in :LEVEL (zstd:5)")
	c.Flags().StringVar(&o.shard, "shard", "", "zarr3 only: inner chunks per shard along each axis, e.g. 4,4")
	c.Flags().BoolVar(&o.overwrite, "overwrite", false, "replace an existing Zarr array at the destination")
	c.Flags().BoolVar(&o.resume, "resume", false, "continue an interrupted Zarr write: DST's chunks already written (same dtype, shape, chunks and shards, at the root) are not written again")
	c.Flags().StringVar(&o.memory, "memory-limit", "", "memory budget of the process while writing, e.g. 512MiB, 2GB or 0.5 of the machine's memory (default: 3/4 of the cgroup limit or of physical memory)")
}

// withMemoryLimit appends the budget --memory-limit gives (see
// scheduler.ParseMemoryLimit) to opts; "" leaves the default.
func withMemoryLimit(s string, opts []array.Option) ([]array.Option, error) {
	if s == "" {
		return opts, nil
	}
	n, err := scheduler.ParseMemoryLimit(s)
	if err == nil && n <= 0 {
		err = fmt.Errorf("%q: want a positive size, e.g. 512MiB", s)
	}
	if err != nil {
		return nil, fmt.Errorf("--memory-limit %w", err)
	}
	return append(opts, array.WithMemoryLimit(n)), nil
}

func init() {
	var o writeOptions
	var srcName string
	convert := &cobra.Command{
		Use:   "convert SRC DST",
		Short: "Convert an array between Zarr v2, Zarr v3, HDF5 and .npy, rechunking on the way",
		Long: `convert reads the array in SRC (format detected from its content; --array
picks one when SRC holds several) and writes it to DST in --format, with
new chunks and codec: at the root of DST, or under the name --array
gave (--dst-array to change it); HDF5 output without a name is written
as the dataset "data". The copy is planned under the memory budget
(--memory-limit): each output chunk is assembled from the input chunks
it overlaps, directly or, when the chunkings cross (rows into columns),
through an intermediate file in the temporary directory, in
parallel. A progress bar is drawn when stderr is a terminal.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.format == "" {
				return fmt.Errorf("--format is required (zarr2, zarr3, hdf5 or npy)")
			}
			if err := o.check(); err != nil {
				return err
			}
			src, err := openSource(cmd.Context(), args[0], srcName, nil)
			if err != nil {
				return err
			}
			if o.name == "" && srcName != "" && o.format != "npy" {
				o.name = strings.TrimPrefix(srcName, "/")
			}
			return write(cmd.Context(), src.x, src.chunks, args[1], &o)
		},
	}
	addWriteFlags(convert, &o, "dst-array")
	convert.Flags().StringVar(&srcName, "array", "", "the array inside SRC when it holds several (Zarr path or HDF5 dataset); DST uses the same name unless --dst-array is given")
	rootCmd.AddCommand(convert)

	var impOpts writeOptions
	imp := &cobra.Command{
		Use:   "import IN.npy PATH",
		Short: "Write a .npy file as a Zarr v2, Zarr v3 or HDF5 array",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if impOpts.format == "" {
				return fmt.Errorf("--format is required (zarr2, zarr3 or hdf5)")
			}
			if impOpts.format == "npy" {
				return fmt.Errorf("--format npy: import writes zarr2, zarr3 or hdf5 (use convert to copy a .npy)")
			}
			if err := impOpts.check(); err != nil {
				return err
			}
			f, err := detect(args[0])
			if err != nil {
				return err
			}
			if f != fmtNPY {
				return fmt.Errorf("%s is not a .npy file (use convert for %s input)", args[0], f)
			}
			src, err := openSource(cmd.Context(), args[0], "", nil)
			if err != nil {
				return err
			}
			return write(cmd.Context(), src.x, src.chunks, args[1], &impOpts)
		},
	}
	addWriteFlags(imp, &impOpts, "array")
	rootCmd.AddCommand(imp)

	var name, out string
	export := &cobra.Command{
		Use:   "export PATH -o OUT.npy",
		Short: "Write an array of a Zarr store, HDF5 file or .npy file to a .npy file",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return fmt.Errorf("-o OUT.npy is required")
			}
			src, err := openSource(cmd.Context(), args[0], name, nil)
			if err != nil {
				return err
			}
			return write(cmd.Context(), src.x, src.chunks, out, &writeOptions{format: "npy", codec: "none"})
		},
	}
	export.Flags().StringVar(&name, "array", "", "the array inside PATH (Zarr path or HDF5 dataset) when it holds several")
	export.Flags().StringVarP(&out, "output", "o", "", "the .npy file to write")
	rootCmd.AddCommand(export)
}
