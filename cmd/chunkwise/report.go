package main

import (
	"context"
	"fmt"
	"os"
	"sync"

	"github.com/spf13/cobra"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/diagnostics"
	"github.com/chunkwise/chunkwise/diagnostics/picture"
	"github.com/chunkwise/chunkwise/diagnostics/report"
)

// The --report flag: every command that computes profiles its work into
// one profiler, and the report is written when the command succeeds.
var (
	reportPath string

	reportMu     sync.Mutex
	reportProf   *diagnostics.Profiler // guarded by reportMu; nil until work starts
	reportArrays []*array.Array        // guarded by reportMu
)

func init() {
	rootCmd.PersistentFlags().StringVar(&reportPath, "report", "",
		"write an HTML report of the work (task stream, memory and CPU, operations, graph, chunk grids) to `FILE`")
	rootCmd.PersistentPostRunE = func(cmd *cobra.Command, _ []string) error {
		return writeReport(cmd.Context())
	}
}

// reporting returns the profiler of --report (nil without it), started
// on first use, and notes arrays for the report's pictures.
func reporting(arrays ...*array.Array) *diagnostics.Profiler {
	if reportPath == "" {
		return nil
	}
	reportMu.Lock()
	defer reportMu.Unlock()
	if reportProf == nil {
		reportProf = diagnostics.StartProfiler(0)
	}
	reportArrays = append(reportArrays, arrays...)
	return reportProf
}

// writeReport writes the --report file, if asked for.
func writeReport(ctx context.Context) error {
	if reportPath == "" {
		return nil
	}
	if ctx == nil {
		ctx = context.Background()
	}
	reportMu.Lock()
	defer reportMu.Unlock()
	var prof *diagnostics.Profile
	if reportProf != nil {
		prof = reportProf.Stop()
	}
	f, err := os.Create(reportPath)
	if err != nil {
		return fmt.Errorf("--report: %w", err)
	}
	if err := report.WriteHTML(ctx, f, prof, reportArrays...); err != nil {
		f.Close()
		return fmt.Errorf("--report: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("--report: %w", err)
	}
	fmt.Fprintf(os.Stderr, "report written to %s\n", reportPath)
	return nil
}

// writeChunkSVG writes the chunk grid of the array name in path to file
// (info --svg).
func writeChunkSVG(ctx context.Context, path, name, file string) error {
	src, err := openSource(ctx, path, name, nil)
	if err != nil {
		return err
	}
	f, err := os.Create(file)
	if err != nil {
		return fmt.Errorf("--svg: %w", err)
	}
	if err := picture.Chunks(f, src.x); err != nil {
		f.Close()
		return fmt.Errorf("--svg: %w", err)
	}
	return f.Close()
}
