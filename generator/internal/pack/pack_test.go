package pack

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

type name string

type leaf struct {
	S    name
	Note *leaf
}

type card struct {
	ID      name
	N       int
	Neg     int32
	U       uint64
	F       float64
	B       bool
	Tags    []name
	Empty   []string
	Nil     []string
	Bytes   []byte
	NoBytes []byte
	Arr     [2]uint8
	Ptr     *leaf
	NilPtr  *leaf
	Leaves  []leaf
	Skipped string `pack:"-"`
	hidden  string
}

func sample() card {
	return card{
		ID: "ismap", N: 1 << 40, Neg: -7, U: math.MaxUint64, F: -2.5, B: true,
		Tags: []name{"a", "", "日本語"}, Empty: []string{}, Bytes: []byte("{\n  \"x\": 1\n}"),
		Arr: [2]uint8{3, 255}, Ptr: &leaf{S: "p", Note: &leaf{S: "deep"}},
		Leaves: []leaf{{S: "l1"}, {S: "l2", Note: &leaf{}}}, Skipped: "not kept", hidden: "not kept",
	}
}

// TestRoundTrip checks that what Append writes Decode reads back equal, field for field
// (nil and empty slices told apart), leaving out the skipped and unexported fields, and
// several values one after another.
func TestRoundTrip(t *testing.T) {
	in := sample()
	b, err := Append(nil, &in)
	if err != nil {
		t.Fatal(err)
	}
	b, _ = Append(b, in)
	rest := string(b)
	for i := range 2 {
		var out card
		if rest, err = Decode(rest, &out); err != nil {
			t.Fatalf("value %d: %v", i, err)
		}
		want := in
		want.Skipped, want.hidden = "", ""
		if !reflect.DeepEqual(out, want) {
			t.Errorf("value %d:\n got %+v\nwant %+v", i, out, want)
		}
		if out.Empty == nil || out.Nil != nil || out.NoBytes != nil {
			t.Errorf("value %d: nil and empty slices were not told apart", i)
		}
	}
	if rest != "" {
		t.Errorf("%d bytes left", len(rest))
	}
}

// TestCorrupt checks that every truncation of an encoding, and a few bad bytes, are
// refused with ErrCorrupt, never a panic or a silent success.
func TestCorrupt(t *testing.T) {
	in := sample()
	b, _ := Append(nil, in)
	for n := range len(b) {
		var out card
		if _, err := Decode(string(b[:n]), &out); err != ErrCorrupt {
			t.Fatalf("cut at %d of %d: %v", n, len(b), err)
		}
	}
	bad := append([]byte{}, b...)
	bad[len(appendString(nil, "ismap"))+10] = 0xff // inside the varints: overlong or wrong
	for _, data := range []string{string(bad), "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", "\x05ab"} {
		var out card
		if _, err := Decode(data, &out); err == nil && data != string(bad) {
			t.Errorf("%q decoded", data)
		}
	}
}

// TestSignature checks that the signature tells layouts apart: a field added, renamed
// or retyped.
func TestSignature(t *testing.T) {
	type a struct {
		X string
		Y []int
	}
	type b struct {
		X string
		Y []int
		Z bool
	}
	type c struct {
		X string
		W []int
	}
	type d struct {
		X string
		Y []uint
	}
	sig := func(v any) string {
		s, err := Signature(reflect.TypeOf(v))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	seen := map[string]string{}
	for _, v := range []any{a{}, b{}, c{}, d{}, card{}} {
		s := sig(v)
		if other, ok := seen[s]; ok {
			t.Errorf("%T and %s have the same signature %q", v, other, s)
		}
		seen[s] = reflect.TypeOf(v).String()
	}
	if !strings.Contains(sig(card{}), "rec(") {
		t.Error("the recursive leaf is not marked as such")
	}
}

// TestRefused checks the types pack does not encode.
func TestRefused(t *testing.T) {
	for _, v := range []any{map[string]int{}, struct{ F func() }{}, struct{ I any }{}} {
		if _, err := Append(nil, v); err == nil {
			t.Errorf("%T was encoded", v)
		}
	}
	var c card
	if _, err := Decode("", c); err == nil {
		t.Error("Decode into a value, not a pointer")
	}
}

// FuzzDecode checks that no input makes Decode panic, and that what it accepts encodes
// back to the bytes it read.
func FuzzDecode(f *testing.F) {
	b, _ := Append(nil, sample())
	f.Add(string(b))
	f.Add("")
	f.Fuzz(func(t *testing.T, data string) {
		var out card
		rest, err := Decode(data, &out)
		if err != nil {
			return
		}
		again, err := Append(nil, out)
		if err != nil {
			t.Fatal(err)
		}
		var back card
		if _, err := Decode(string(again), &back); err != nil || !reflect.DeepEqual(back, out) {
			t.Fatalf("%q: decoded, encoded and decoded again differently (%v)", data[:len(data)-len(rest)], err)
		}
	})
}

type recA struct {
	B *recB
	X string
}

type recB struct {
	A *recA
	Y string
}

type recA2 struct {
	B *recB2
	X string
	Z int
}

type recB2 struct {
	A *recA2
	Y string
}

// TestSignatureOrder checks that a signature does not depend on which type was planned
// first, and shows a change in a type reached through another that contains it.
func TestSignatureOrder(t *testing.T) {
	b1, _ := Signature(reflect.TypeFor[recB]())
	a1, _ := Signature(reflect.TypeFor[recA]())
	a2, _ := Signature(reflect.TypeFor[recA2]())
	b2, _ := Signature(reflect.TypeFor[recB2]())
	if strings.ReplaceAll(b1, "recA", "recA2") == strings.ReplaceAll(b2, "recB2", "recB") {
		t.Errorf("a field added to recA does not show in recB's signature: %s", b2)
	}
	again, _ := Signature(reflect.TypeFor[recB]())
	if again != b1 || a1 == b1 || a2 == "" {
		t.Errorf("signatures %q, %q", b1, again)
	}
}

// TestRefusedShapes checks what cannot be encoded safely: a slice whose elements take no
// room (its length could not be checked against the data), and that a type that failed
// leaves nothing behind that breaks the next one.
func TestRefusedShapes(t *testing.T) {
	type empty struct{ hidden int }
	type bad struct {
		L []empty
		P *bad
	}
	type fine struct {
		P *bad
	}
	for _, v := range []any{[]struct{}{}, [][0]int{}, []empty{}, bad{}, fine{}} {
		if _, err := Append(nil, v); err == nil {
			t.Errorf("%T was encoded", v)
		}
	}
	type ok struct{ S []string }
	if b, err := Append(nil, ok{S: []string{"x"}}); err != nil || len(b) == 0 {
		t.Errorf("a plain type after refused ones: %v", err)
	}
}

// TestDepth checks that data nesting a type deeper than maxDepth is refused, not decoded
// until the stack overflows.
func TestDepth(t *testing.T) {
	// Each level: an empty name, then a Note pointer that is set; the last, none.
	nest := func(levels int) string {
		var b []byte
		for range levels {
			b = append(b, 0, 1)
		}
		return string(append(b, 0, 0))
	}
	shallow, deep := nest(10), nest(maxDepth+10)
	var l leaf
	if _, err := Decode(shallow, &l); err != nil {
		t.Fatalf("10 levels: %v", err)
	}
	if _, err := Decode(deep, &l); err != ErrCorrupt {
		t.Errorf("%d levels: %v", maxDepth+10, err)
	}
}
