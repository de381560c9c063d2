package zstdec

// seqCell is one state of a sequence decoding table, with its symbol
// already turned into a value: the value is base plus the next extra
// bits, and the next state is next plus the nb bits after those.
type seqCell struct {
	base  uint32
	next  uint16
	nb    uint8
	extra uint8
}

// The code tables of RFC 8878 section 3.1.1.3.2.1.1: each literals
// length and match length code's baseline and extra bits.
var (
	llBase = [36]uint32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
		16, 18, 20, 22, 24, 28, 32, 40, 48, 64, 128, 256, 512, 1024, 2048, 4096,
		8192, 16384, 32768, 65536}
	llExtra = [36]uint8{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		1, 1, 1, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 10, 11, 12,
		13, 14, 15, 16}
	mlBase = [53]uint32{3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
		19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34,
		35, 37, 39, 41, 43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027, 2051,
		4099, 8195, 16387, 32771, 65539}
	mlExtra = [53]uint8{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11,
		12, 13, 14, 15, 16}
)

// The predefined distributions of RFC 8878 section 3.1.1.3.2.2.
var (
	llDefault = []int16{4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1,
		2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1,
		-1, -1, -1, -1}
	mlDefault = []int16{1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1,
		-1, -1, -1, -1, -1}
	ofDefault = []int16{1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
		1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1}
)

// The kinds of sequence table, and the largest symbol and accuracy log
// each allows.
const (
	kindLL = iota
	kindOF
	kindML
)

var (
	maxSymbol = [3]int{35, 31, 52}
	maxLog    = [3]uint{9, 8, 9}
)

// seqTable is the decoding table of one kind of sequence code, kept
// from block to block for the "repeat" mode.
type seqTable struct {
	cells []seqCell // own[:1<<log], nil before the frame's first
	log   uint8
	own   [512]seqCell
}

// toSeq turns an FSE table over codes of kind into sequence cells.
func toSeq(dst []seqCell, t []fseCell, kind int) {
	var vals [64]seqCell // each code's base and extra bits
	for sym := 0; sym <= maxSymbol[kind]; sym++ {
		vals[sym].base, vals[sym].extra = codeValue(kind, uint8(sym))
	}
	dst = dst[:len(t)]
	for i, c := range t {
		v := vals[c.sym&63]
		dst[i] = seqCell{base: v.base, next: c.next, nb: c.nb, extra: v.extra}
	}
}

// codeValue returns the baseline and extra bits of code sym of kind;
// an offset code's value is 1<<code plus code extra bits.
func codeValue(kind int, sym uint8) (uint32, uint8) {
	switch kind {
	case kindLL:
		return llBase[sym], llExtra[sym]
	case kindML:
		return mlBase[sym], mlExtra[sym]
	}
	return 1 << sym, sym
}

var predefined [3][]seqCell

func init() {
	for kind, norm := range [3][]int16{llDefault, ofDefault, mlDefault} {
		log := uint(6)
		if kind == kindOF {
			log = 5
		}
		var t [64]fseCell
		if err := buildFSE(t[:1<<log], norm, log); err != nil {
			panic("zstdec: predefined table: " + err.Error())
		}
		predefined[kind] = make([]seqCell, 1<<log)
		toSeq(predefined[kind], t[:1<<log], kind)
	}
}

// read sets up t for mode (RFC 8878 section 3.1.1.3.2.1: predefined,
// RLE, FSE-compressed or repeat) from in, and returns the bytes used.
func (t *seqTable) read(mode byte, kind int, in []byte) (int, error) {
	switch mode {
	case 0:
		t.cells = t.own[:copy(t.own[:], predefined[kind])]
		t.log = 6
		if kind == kindOF {
			t.log = 5
		}
		return 0, nil
	case 1:
		if len(in) == 0 {
			return 0, errf("RLE sequence code missing")
		}
		if int(in[0]) > maxSymbol[kind] {
			return 0, errf("RLE sequence code %d", in[0])
		}
		t.own[0] = seqCell{}
		t.own[0].base, t.own[0].extra = codeValue(kind, in[0])
		t.cells = t.own[:1]
		t.log = 0
		return 1, nil
	case 2:
		var norm [256]int16
		nsym, log, used, err := readNorm(in, &norm, maxSymbol[kind], maxLog[kind])
		if err != nil {
			return 0, err
		}
		var f [512]fseCell
		if err := buildFSE(f[:1<<log], norm[:nsym], log); err != nil {
			return 0, err
		}
		toSeq(t.own[:1<<log], f[:1<<log], kind)
		t.cells = t.own[:1<<log]
		t.log = uint8(log)
		return used, nil
	}
	if t.cells == nil {
		return 0, errf("repeated sequence table without a previous one")
	}
	return 0, nil
}
