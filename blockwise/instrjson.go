package blockwise

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/chunkwise/chunkwise/chunk"
)

// JSON cannot spell NaN or ±Inf, yet constants such as x.Maximum(-Inf),
// Full(shape, NaN) or a linspace step are common. Instructions therefore
// encode a non-finite F or G as the string "NaN", "+Inf" or "-Inf";
// finite values keep encoding/json's number form, so names stay stable.

type instrJSON struct {
	Op      Op
	DType   chunk.DType
	A, B, C int32
	K       int64
	F, G    jsonFloat
}

type jsonFloat float64

func (f jsonFloat) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte(strconv.Quote(strconv.FormatFloat(v, 'g', -1, 64))), nil
	}
	return json.Marshal(v)
}

func (f *jsonFloat) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		s, err := strconv.Unquote(string(b))
		if err != nil {
			return err
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return err
		}
		*f = jsonFloat(v)
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*f = jsonFloat(v)
	return nil
}

// MarshalJSON encodes in, spelling non-finite constants as strings.
func (in Instr) MarshalJSON() ([]byte, error) {
	return json.Marshal(instrJSON{in.Op, in.DType, in.A, in.B, in.C, in.K, jsonFloat(in.F), jsonFloat(in.G)})
}

// UnmarshalJSON decodes the output of MarshalJSON.
func (in *Instr) UnmarshalJSON(b []byte) error {
	var j instrJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*in = Instr{Op: j.Op, DType: j.DType, A: j.A, B: j.B, C: j.C, K: j.K, F: float64(j.F), G: float64(j.G)}
	return nil
}
