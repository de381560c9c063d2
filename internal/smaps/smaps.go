// Package smaps reads the kernel's account of this process's mappings
// (/proc/self/smaps, Linux) for tests that check how memory is mapped.
package smaps

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// VmFlags returns the VmFlags line of the mapping that holds address a:
// " hg" in it means the mapping is advised for huge pages.
func VmFlags(a uintptr) (string, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return "", err
	}
	defer f.Close()
	in := false
	for sc := bufio.NewScanner(f); sc.Scan(); {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x ", &lo, &hi); n == 2 && strings.Contains(strings.Fields(line)[0], "-") {
			in = lo <= a && a < hi
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return line, nil
		}
	}
	return "", fmt.Errorf("smaps: no mapping holds %#x", a)
}
