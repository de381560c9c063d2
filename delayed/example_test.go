package delayed_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/chunkwise/chunkwise/delayed"
	"github.com/chunkwise/chunkwise/scheduler"
)

func Example() {
	inc := delayed.Func1("example.inc", func(x int) int { return x + 1 })
	add := delayed.Func2("example.add", func(a, b int) int { return a + b })

	v := add(inc(delayed.Lit(1)), inc(delayed.Lit(2)))
	n, err := v.Compute(context.Background())
	fmt.Println(n, err)
	// Output: 5 <nil>
}

func ExampleFuncN() {
	inc := delayed.Func1("example.inc1", func(x int) int { return x + 1 })
	sum := delayed.FuncN("example.sum", func(xs ...int) int {
		s := 0
		for _, x := range xs {
			s += x
		}
		return s
	})
	var incs []*delayed.Value[int]
	for i := range 10 {
		incs = append(incs, inc(delayed.Lit(i)))
	}
	total := sum(incs...)
	n, _ := delayed.NumTasks(total)
	got, err := total.Compute(context.Background())
	fmt.Println(n, "tasks:", got, err)
	// Output: 11 tasks: 55 <nil>
}

func ExampleCall() {
	// Call takes plain values, delayed values, and containers of them.
	one := delayed.Func0("example.one", func() int { return 1 })
	v := delayed.Call("example.join", func(sep string, parts map[string]int) string {
		return fmt.Sprint(parts["a"], sep, parts["b"])
	}, "+", map[string]*delayed.Value[int]{"a": one(), "b": delayed.Lit(2)})
	s, err := v.Compute(context.Background())
	fmt.Println(s, err)
	// Output: 1+2 <nil>
}

func ExampleFunction_Results() {
	divmod := delayed.Wrap("example.divmod", func(a, b int) (int, int) { return a / b, a % b })
	qr := divmod.Results(17, 5)
	got, err := delayed.Compute(context.Background(), []delayed.Lazy{qr[0], qr[1]})
	fmt.Println(got, err)
	// Output: [3 2] <nil>
}

func ExampleCompute() {
	var calls int
	load := delayed.Func1("example.load", func(n int) []int {
		calls++ // one worker below, so no race
		return make([]int, n)
	})
	length := delayed.Func1("example.len", func(xs []int) int { return len(xs) })
	data := load(delayed.Lit(4))
	got, err := delayed.Compute(context.Background(),
		[]delayed.Lazy{length(data), length(load(delayed.Lit(4)))}, delayed.WithWorkers(1))
	fmt.Println(got, err, "load ran", calls, "time")
	// Output: [4 4] <nil> load ran 1 time
}

func ExampleFunc1E() {
	parse := delayed.Func1E("example.parse", func(s string) (int, error) {
		if s == "" {
			return 0, errors.New("empty input")
		}
		return len(s), nil
	})
	_, err := parse(delayed.Lit("")).Compute(context.Background())
	var te *scheduler.TaskError
	fmt.Println(errors.As(err, &te), strings.HasPrefix(te.Key.Name, "example.parse-"))
	var ce *delayed.CallError
	fmt.Println(errors.As(err, &ce), ce)
	// Output:
	// true true
	// true example.parse: empty input
}
