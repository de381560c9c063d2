package zstdec

import (
	"testing"
	"unsafe"
)

// TestSeqStateLayout checks the field offsets seq_amd64.s uses.
func TestSeqStateLayout(t *testing.T) {
	var s seqState
	for _, f := range []struct {
		name string
		got  uintptr
		want uintptr
	}{
		{"word", unsafe.Offsetof(s.word), 0}, {"used", unsafe.Offsetof(s.used), 8},
		{"ptr", unsafe.Offsetof(s.ptr), 16}, {"in", unsafe.Offsetof(s.in), 24},
		{"llT", unsafe.Offsetof(s.llT), 32}, {"ofT", unsafe.Offsetof(s.ofT), 40},
		{"mlT", unsafe.Offsetof(s.mlT), 48}, {"llS", unsafe.Offsetof(s.llS), 56},
		{"ofS", unsafe.Offsetof(s.ofS), 64}, {"mlS", unsafe.Offsetof(s.mlS), 72},
		{"out", unsafe.Offsetof(s.out), 80}, {"op", unsafe.Offsetof(s.op), 88},
		{"limit", unsafe.Offsetof(s.limit), 96}, {"lits", unsafe.Offsetof(s.lits), 104},
		{"lp", unsafe.Offsetof(s.lp), 112}, {"nlit", unsafe.Offsetof(s.nlit), 120},
		{"start", unsafe.Offsetof(s.start), 128}, {"window", unsafe.Offsetof(s.window), 136},
		{"rep", unsafe.Offsetof(s.rep), 144}, {"i", unsafe.Offsetof(s.i), 168},
		{"ll", unsafe.Offsetof(s.ll), 176}, {"ml", unsafe.Offsetof(s.ml), 184},
		{"off", unsafe.Offsetof(s.off), 192},
	} {
		if f.got != f.want {
			t.Errorf("seqState.%s at %d, the assembly reads %d", f.name, f.got, f.want)
		}
	}
	var c seqCell
	if unsafe.Offsetof(c.next) != 4 || unsafe.Offsetof(c.nb) != 6 || unsafe.Offsetof(c.extra) != 7 || unsafe.Sizeof(c) != 8 {
		t.Errorf("seqCell layout differs from the assembly's")
	}
}
