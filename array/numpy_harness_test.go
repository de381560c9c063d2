package array

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/testcorpus"
)

// npCheck is one comparison with NumPy: expr is Python run with the
// inputs bound to a, b, c, … and numpy as np; its value is an array (or
// a tuple or list of arrays, compared with got in order). When NumPy
// raises, got must carry an error instead.
type npCheck struct {
	what string
	expr string
	in   []*chunk.Dense
	got  []*Array
	tol  float64 // 0: tolFor the result's dtype
}

const npScript = `
import sys, json, base64, warnings, numpy as np
warnings.simplefilter("ignore")
cases = json.load(open(sys.argv[1]))
out = []
def enc(r):
    r = np.array(r, order="C")
    return {"dtype": r.dtype.name, "shape": list(r.shape), "data": base64.b64encode(r.astype(r.dtype.newbyteorder("<")).tobytes()).decode()}
def coarsen(fn, a, fs):
    # Dask's coarsen by its definition: fn over each window, trimmed.
    shape = tuple(n // f for n, f in zip(a.shape, fs))
    dt = fn(np.zeros(fs, a.dtype)).dtype
    v = [fn(a[tuple(slice(i * f, (i + 1) * f) for i, f in zip(ix, fs))]) for ix in np.ndindex(shape)]
    return np.array(v, dtype=dt).reshape(shape)
def setitem(a, key, v):
    a = a.copy()
    a[key] = v
    return a
def vindex(a, k):
    # Dask's vindex: NumPy's advanced indexing with the broadcast axes first.
    r = a[k]
    adv = [i for i, v in enumerate(k) if not isinstance(v, slice)]
    nb = np.broadcast(*[k[i] for i in adv]).ndim
    if all(not isinstance(v, slice) for v in k[adv[0]:adv[-1] + 1]):
        r = np.moveaxis(r, list(range(adv[0], adv[0] + nb)), list(range(nb)))
    return r
for c in cases:
    env = {"np": np, "coarsen": coarsen, "setitem": setitem, "vindex": vindex}
    for i, x in enumerate(c["in"]):
        env["abcdefgh"[i]] = np.frombuffer(base64.b64decode(x["data"]), dtype=np.dtype(x["dtype"]).newbyteorder("<")).astype(x["dtype"]).reshape(x["shape"])
    try:
        with np.errstate(all="ignore"):
            r = eval(c["expr"], env)
        rs = list(r) if isinstance(r, (tuple, list)) else [r]
        out.append({"results": [enc(x) for x in rs]})
    except Exception as e:
        out.append({"error": type(e).__name__ + ": " + str(e)})
print(json.dumps(out))
`

type npArray struct {
	DType string `json:"dtype"`
	Shape []int  `json:"shape"`
	Data  string `json:"data"`
}

// runNumPy evaluates every check's expression in one python3 run and
// compares the results with the checks' arrays.
func runNumPy(t *testing.T, checks []npCheck) {
	t.Helper()
	testcorpus.RequirePython(t, "numpy")
	type npCase struct {
		Expr string    `json:"expr"`
		In   []npArray `json:"in"`
	}
	cases := make([]npCase, len(checks))
	for i, c := range checks {
		cases[i].Expr = c.expr
		cases[i].In = []npArray{}
		for _, d := range c.in {
			cases[i].In = append(cases[i].In, npArray{DType: d.DType().String(), Shape: append([]int{}, d.Shape()...), Data: base64.StdEncoding.EncodeToString(d.Bytes())})
		}
	}
	b, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "cases.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out := testcorpus.RunPython(t, npScript, path)
	var res []struct {
		Results []npArray `json:"results"`
		Error   string    `json:"error"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res) != len(checks) {
		t.Fatalf("numpy output: %v (%d results for %d checks)\n%.500s", err, len(res), len(checks), out)
	}
	for i, c := range checks {
		what := fmt.Sprintf("%s [np: %s]", c.what, c.expr)
		if e := res[i].Error; strings.HasPrefix(e, "SyntaxError") || strings.HasPrefix(e, "NameError") {
			t.Errorf("%s: the test's expression is wrong: %s", what, e)
			continue
		}
		if res[i].Error != "" {
			for _, g := range c.got {
				if g.Err() == nil {
					if _, err := g.Compute(bg); err == nil {
						t.Errorf("%s: numpy raises %s; got no error", what, res[i].Error)
					}
				}
			}
			continue
		}
		if len(res[i].Results) != len(c.got) {
			t.Errorf("%s: numpy gives %d arrays, got %d", what, len(res[i].Results), len(c.got))
			continue
		}
		for k, r := range res[i].Results {
			want, err := decodeNumPy(r)
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			g := c.got[k]
			if g.Err() != nil {
				t.Errorf("%s: %v", what, g.Err())
				continue
			}
			got, err := g.Compute(bg)
			if err != nil {
				t.Errorf("%s: %v", what, err)
				continue
			}
			tol := c.tol
			if tol == 0 {
				tol = tolFor(want.DType())
			}
			if err := diffDense(got, want, tol); err != nil {
				t.Errorf("%s: result %d: %v", what, k, err)
			}
		}
	}
}

func decodeNumPy(r npArray) (*chunk.Dense, error) {
	dt, err := chunk.ParseDType(r.DType)
	if err != nil {
		return nil, fmt.Errorf("numpy result dtype %s: %v", r.DType, err)
	}
	b, err := base64.StdEncoding.DecodeString(r.Data)
	if err != nil {
		return nil, err
	}
	return chunk.FromBytes(dt, r.Shape, b)
}

// errCase is a bad input whose error must mention every string of want
// on one line.
type errCase struct {
	name string
	a    *Array
	want []string
}

func checkErrCases(t *testing.T, cases []errCase) {
	t.Helper()
	for _, c := range cases {
		err := c.a.Err()
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) || strings.Contains(err.Error(), "\n") {
				t.Errorf("%s: error %q does not mention %q on one line", c.name, err, w)
			}
		}
	}
}
