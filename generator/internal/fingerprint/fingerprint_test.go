package fingerprint

import (
	"strings"
	"testing"
)

type inner struct {
	S  string
	F  float64
	Xs []int
}

type outer struct {
	A       string
	B       bool
	I       int
	U       uint64
	P       *inner
	L       []inner
	M       map[string]int
	Any     any
	Ignored string `hash:"ignore"`
	private string
}

type tree struct {
	Name string
	Kids []*tree
}

func must(t *testing.T, v any) uint64 {
	t.Helper()
	h, err := Of(v)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestChanges checks that a change of any hashed field changes the fingerprint, and that
// an ignored or unexported field does not.
func TestChanges(t *testing.T) {
	base := func() outer {
		return outer{A: "a", B: true, I: -3, U: 7, P: &inner{S: "s", F: 1.5, Xs: []int{1, 2}},
			L: []inner{{S: "x"}}, M: map[string]int{"k": 1, "l": 2}, Any: "v", Ignored: "i", private: "p"}
	}
	want := must(t, base())
	for name, change := range map[string]func(o *outer){
		"string":            func(o *outer) { o.A = "b" },
		"bool":              func(o *outer) { o.B = false },
		"int":               func(o *outer) { o.I = 3 },
		"uint":              func(o *outer) { o.U = 8 },
		"pointer to nil":    func(o *outer) { o.P = nil },
		"through a pointer": func(o *outer) { o.P.F = 2.5 },
		"slice in pointer":  func(o *outer) { o.P.Xs = append(o.P.Xs, 3) },
		"slice element":     func(o *outer) { o.L[0].S = "y" },
		"slice to nil":      func(o *outer) { o.L = nil },
		"slice to empty":    func(o *outer) { o.L = []inner{} },
		"map value":         func(o *outer) { o.M["k"] = 5 },
		"map key":           func(o *outer) { delete(o.M, "l"); o.M["m"] = 2 },
		"interface value":   func(o *outer) { o.Any = "w" },
		"interface type":    func(o *outer) { o.Any = 1 },
		"interface to nil":  func(o *outer) { o.Any = nil },
		"moved text":        func(o *outer) { o.A, o.P.S = "as", "" },
	} {
		o := base()
		change(&o)
		if must(t, o) == want {
			t.Errorf("%s: fingerprint unchanged", name)
		}
	}
	o := base()
	o.Ignored, o.private = "other", "other"
	if must(t, o) != want {
		t.Error("an ignored or unexported field changed the fingerprint")
	}
}

// TestStable checks that equal values have equal fingerprints, whatever the order in
// which their maps were filled, and that the type counts.
func TestStable(t *testing.T) {
	a, b := map[string]int{}, map[string]int{}
	for i := range 100 {
		a[strings.Repeat("k", i)] = i
		b[strings.Repeat("k", 99-i)] = 99 - i
	}
	if must(t, outer{M: a}) != must(t, outer{M: b}) {
		t.Error("the same map filled in another order hashes differently")
	}
	if must(t, inner{S: "x"}) == must(t, struct {
		S  string
		F  float64
		Xs []int
	}{S: "x"}) {
		t.Error("two types with the same fields hash the same")
	}
	if must(t, nil) != must(t, nil) {
		t.Error("nil is not stable")
	}
}

// TestRecursive checks a type that contains itself.
func TestRecursive(t *testing.T) {
	mk := func(leaf string) *tree {
		return &tree{Name: "root", Kids: []*tree{{Name: "a"}, {Name: leaf, Kids: []*tree{}}}}
	}
	if must(t, mk("b")) != must(t, mk("b")) || must(t, mk("b")) == must(t, mk("c")) {
		t.Error("a recursive value hashes wrongly")
	}
}

// TestUnhashable checks that functions and channels are refused with an error, also
// inside an interface, and that the error names the field.
func TestUnhashable(t *testing.T) {
	type withFunc struct{ F func() }
	if _, err := Of(withFunc{}); err == nil || !strings.Contains(err.Error(), ".F") {
		t.Errorf("a func field: %v", err)
	}
	if _, err := Of(outer{Any: make(chan int)}); err == nil {
		t.Error("a channel in an interface was hashed")
	}
}

func BenchmarkOf(b *testing.B) {
	o := outer{A: strings.Repeat("a", 100), P: &inner{S: "s", Xs: make([]int, 50)}, L: make([]inner, 20), M: map[string]int{"k": 1}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Of(o); err != nil {
			b.Fatal(err)
		}
	}
}

type loop struct {
	Next *loop
	Bad  func()
}

type holdsLoop struct {
	L *loop
}

type okLoop struct {
	Next *okLoop
	S    string
}

// TestFailedPlan checks that a type that cannot be hashed leaves nothing behind that
// breaks the next value: here, one that reaches the refused type again.
func TestFailedPlan(t *testing.T) {
	if _, err := Of(loop{}); err == nil {
		t.Fatal("a func field was hashed")
	}
	if _, err := Of(holdsLoop{L: &loop{}}); err == nil {
		t.Fatal("a func field was hashed, the second time")
	}
	if _, err := Of(okLoop{Next: &okLoop{S: "x"}}); err != nil {
		t.Fatal(err)
	}
}
