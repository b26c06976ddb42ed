// Package fingerprint hashes values built of structs, pointers, slices, arrays, maps,
// interfaces, strings, booleans and numbers into 64 bits: the fingerprints by which a
// build knows that a page's view has not changed since the last build.
//
// Struct fields tagged `hash:"ignore"` are left out, and so are unexported ones, as
// github.com/gohugoio/hashstructure does. Unlike hashstructure, the walk of each type is
// planned once and kept (as encoding/json does with its encoders), and the value is
// written into one buffer that is hashed at the end: thousands of page views cost a
// fraction of the time and none of the allocations.
//
// The fingerprint depends on the value's type, so that two different views with the
// same fields differ, and tells a nil slice, map or pointer from an empty or zero one.
// It is deterministic across runs (the hash is unseeded) but not across versions of this
// package: callers fold their generator's version in.
package fingerprint

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sync"

	"github.com/cespare/xxhash/v2"
)

// Of returns the fingerprint of v. It fails for a value holding a channel, a function
// or an unsafe pointer, which have no content to hash.
func Of(v any) (sum uint64, err error) {
	defer func() {
		if r := recover(); r != nil {
			u, ok := r.(unhashable)
			if !ok {
				panic(r)
			}
			sum, err = 0, u.err
		}
	}()
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return xxhash.Sum64String("nil"), nil
	}
	enc, err := encoderOf(rv.Type())
	if err != nil {
		return 0, err
	}
	bp := buffers.Get().(*[]byte)
	b := append((*bp)[:0], rv.Type().String()...)
	b = enc(b, rv)
	sum = xxhash.Sum64(b)
	*bp = b
	buffers.Put(bp)
	return sum, nil
}

// unhashable carries the error of a value found in an interface that cannot be hashed.
type unhashable struct{ err error }

var buffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// An encoder appends the canonical bytes of a value of its type.
type encoder func(b []byte, v reflect.Value) []byte

var (
	encoders sync.Map   // reflect.Type -> encoder, planned
	planning sync.Mutex // held while planning, which is rare
)

func encoderOf(t reflect.Type) (encoder, error) {
	if e, ok := encoders.Load(t); ok {
		return e.(encoder), nil
	}
	planning.Lock()
	defer planning.Unlock()
	// The encoders of a plan are kept only once the whole plan succeeded: a type that
	// fails leaves none behind that refer to it.
	p := planner{done: map[reflect.Type]encoder{}, open: map[reflect.Type]*encoder{}}
	e, err := p.plan(t)
	if err != nil {
		return nil, err
	}
	for t, e := range p.done {
		encoders.Store(t, e)
	}
	return e, nil
}

// planner plans the encoders of a type and of those it reaches.
type planner struct {
	done map[reflect.Type]encoder  // planned in this plan
	open map[reflect.Type]*encoder // being planned: a type that contains itself
}

func (p *planner) plan(t reflect.Type) (encoder, error) {
	if e, ok := encoders.Load(t); ok {
		return e.(encoder), nil
	}
	if e, ok := p.done[t]; ok {
		return e, nil
	}
	// A type that contains itself (through a pointer, slice or map): while it is
	// planned, its own encoder is reached through the final one, set below.
	if final, ok := p.open[t]; ok {
		return func(b []byte, v reflect.Value) []byte { return (*final)(b, v) }, nil
	}
	final := new(encoder)
	p.open[t] = final
	defer delete(p.open, t)
	e, err := p.fill(t)
	if err != nil {
		return nil, err
	}
	*final = e
	p.done[t] = e
	return e, nil
}

func (p *planner) fill(t reflect.Type) (encoder, error) {
	switch t.Kind() {
	case reflect.String:
		return func(b []byte, v reflect.Value) []byte { return appendString(b, v.String()) }, nil
	case reflect.Bool:
		return func(b []byte, v reflect.Value) []byte {
			if v.Bool() {
				return append(b, 1)
			}
			return append(b, 0)
		}, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(b []byte, v reflect.Value) []byte { return binary.LittleEndian.AppendUint64(b, uint64(v.Int())) }, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(b []byte, v reflect.Value) []byte { return binary.LittleEndian.AppendUint64(b, v.Uint()) }, nil
	case reflect.Float32, reflect.Float64:
		return func(b []byte, v reflect.Value) []byte {
			return binary.LittleEndian.AppendUint64(b, math.Float64bits(v.Float()))
		}, nil
	case reflect.Complex64, reflect.Complex128:
		return func(b []byte, v reflect.Value) []byte {
			c := v.Complex()
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(real(c)))
			return binary.LittleEndian.AppendUint64(b, math.Float64bits(imag(c)))
		}, nil
	case reflect.Pointer:
		elem, err := p.plan(t.Elem())
		if err != nil {
			return nil, err
		}
		return func(b []byte, v reflect.Value) []byte {
			if v.IsNil() {
				return append(b, 0)
			}
			return elem(append(b, 1), v.Elem())
		}, nil
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 && t.Kind() == reflect.Slice {
			return func(b []byte, v reflect.Value) []byte {
				if v.IsNil() {
					return append(b, 0)
				}
				return appendString(append(b, 1), string(v.Bytes()))
			}, nil
		}
		elem, err := p.plan(t.Elem())
		if err != nil {
			return nil, err
		}
		nilable := t.Kind() == reflect.Slice
		return func(b []byte, v reflect.Value) []byte {
			if nilable && v.IsNil() {
				return append(b, 0)
			}
			b = binary.AppendUvarint(append(b, 1), uint64(v.Len()))
			for i := range v.Len() {
				b = elem(b, v.Index(i))
			}
			return b
		}, nil
	case reflect.Map:
		key, err1 := p.plan(t.Key())
		elem, err2 := p.plan(t.Elem())
		if err1 != nil || err2 != nil {
			return nil, cmp.Or(err1, err2)
		}
		// In the order of the entries' own bytes: a map has no order of its own.
		return func(b []byte, v reflect.Value) []byte {
			if v.IsNil() {
				return append(b, 0)
			}
			entries := make([][]byte, 0, v.Len())
			for it := v.MapRange(); it.Next(); {
				e := key(nil, it.Key())
				entries = append(entries, elem(e, it.Value()))
			}
			slices.SortFunc(entries, func(x, y []byte) int { return cmp.Compare(string(x), string(y)) })
			b = binary.AppendUvarint(append(b, 1), uint64(len(entries)))
			for _, e := range entries {
				b = appendString(b, string(e))
			}
			return b
		}, nil
	case reflect.Interface:
		return func(b []byte, v reflect.Value) []byte {
			if v.IsNil() {
				return append(b, 0)
			}
			e := v.Elem()
			enc, err := encoderOf(e.Type())
			if err != nil {
				panic(unhashable{err}) // recovered by Of
			}
			return enc(appendString(append(b, 1), e.Type().String()), e)
		}, nil
	case reflect.Struct:
		type field struct {
			index int
			enc   encoder
		}
		var fields []field
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() || f.Tag.Get("hash") == "ignore" {
				continue
			}
			enc, err := p.plan(f.Type)
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", t, f.Name, err)
			}
			fields = append(fields, field{i, enc})
		}
		return func(b []byte, v reflect.Value) []byte {
			for _, f := range fields {
				b = f.enc(b, v.Field(f.index))
			}
			return b
		}, nil
	}
	return nil, fmt.Errorf("fingerprint: cannot hash a %s", t)
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}
