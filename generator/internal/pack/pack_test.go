package pack

import (
	"bytes"
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
// to bytes that decode and encode back to themselves (the input itself may differ: a
// varint can be written longer than it needs; and a NaN is not equal to itself, so the
// bytes are compared, not the values).
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
		if _, err := Decode(string(again), &back); err != nil {
			t.Fatalf("%q: its encoding does not decode: %v", data[:len(data)-len(rest)], err)
		}
		if third, _ := Append(nil, back); !bytes.Equal(third, again) {
			t.Fatalf("%q: decoded, encoded and decoded again differently", data[:len(data)-len(rest)])
		}
	})
}
