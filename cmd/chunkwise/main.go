// Command chunkwise inspects and converts chunked arrays in Zarr (v2 and
// v3), HDF5 and .npy files.
//
//	chunkwise info PATH
//	chunkwise export PATH [--array NAME] -o OUT.npy
//	chunkwise import IN.npy PATH --format zarr2|zarr3|hdf5 [--array NAME] [--chunks 100,100] [--codec …] [--shard 4,4]
//	chunkwise convert SRC DST --format zarr2|zarr3|hdf5|npy [--array NAME] [--chunks …] [--codec …]
//
// It also runs the processes of a cluster of machines (the README's
// cluster section):
//
//	chunkwise scheduler --listen HOST:PORT [--store DIR]
//	chunkwise worker --scheduler nats://HOST:PORT [--nthreads N] [--memory-limit BYTES] [--listen HOST:PORT] [--advertise HOST]
//
// Formats are detected from the content of PATH or SRC. Bad input (a
// missing file, an unknown format or codec, bad --chunks) prints one
// line, "chunkwise: …", and exits with status 1.
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// rootCmd is the chunkwise command; subcommands add themselves to it in
// their files' init functions.
var rootCmd = &cobra.Command{
	Use:           "chunkwise",
	Short:         "Inspect and convert chunked arrays (Zarr v2/v3, HDF5, .npy); run a cluster's scheduler and workers",
	SilenceUsage:  true,
	SilenceErrors: true,
}

func main() {
	if err := rootCmd.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "chunkwise: "+oneLine(err.Error()))
		os.Exit(1)
	}
}

// oneLine joins a multi-line message (cobra's "Did you mean this?"
// suggestions) into one line: blank lines dropped, a line after a
// question following it after a space, others after "; ".
func oneLine(msg string) string {
	var b strings.Builder
	for _, l := range strings.Split(msg, "\n") {
		if l = strings.TrimSpace(l); l == "" {
			continue
		}
		if b.Len() > 0 {
			if strings.HasSuffix(b.String(), "?") {
				b.WriteString(" ")
			} else {
				b.WriteString("; ")
			}
		}
		b.WriteString(l)
	}
	return b.String()
}
