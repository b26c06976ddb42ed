// Package pack encodes values of plain data types (structs, pointers, slices, arrays,
// strings, booleans, integers and floats) into a compact binary form and back, for the
// build's caches, where decoding with encoding/gob was the largest part of an edit: gob
// decodes message by message through reflection, copying every message and then every
// string.
//
// Here the walk of each type is planned once, and [Decode] reads from a string: every
// string it decodes is a part of that string, not a copy, so that decoding the cache of
// thousands of cards allocates little more than the cards' structs. The decoded values
// keep the whole input alive for as long as they hold any of its strings.
//
// The form has no field names and no types: a value must be decoded into the type it
// was encoded from. [Signature] describes a type's layout, so that a cache can refuse
// data written for another. Exported struct fields are encoded in order; unexported ones
// and fields tagged `pack:"-"` are left out (and left as they are by Decode). Maps,
// interfaces, channels and functions are refused, and so are slices of elements that
// encode to nothing.
//
// Decode refuses data that is not a whole encoding with [ErrCorrupt], without a panic or
// an allocation out of proportion: every length is checked against the room its elements
// need in what is left, and pointers and slices nest at most maxDepth deep.
//
// Encoding: a string or []byte is its length as a uvarint, then its bytes; a nil []byte
// is distinguished from an empty one by a uvarint of 0 before (else 1). A bool is one
// byte, an unsigned integer a uvarint, a signed one a zig-zag varint, a float its IEEE
// 754 bits in 8 bytes, little-endian. A pointer is a byte, 0 for nil, then what it points
// to; a slice is its length plus one as a uvarint (0 for nil), then its elements; an
// array its elements; a struct its fields.
package pack

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
)

// ErrCorrupt is returned by Decode for input that is not a whole encoding of the type.
var ErrCorrupt = errors.New("pack: corrupt data")

// Append appends the encoding of v (a value, or a pointer to one) to b.
func Append(b []byte, v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return b, errors.New("pack: cannot encode nil")
	}
	if rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	c, err := codecOf(rv.Type())
	if err != nil {
		return b, err
	}
	return c.enc(b, rv), nil
}

// Decode decodes one value from the start of data into v, which must be a non-nil
// pointer to the type Append was given (or to what its pointer pointed to, when it was
// given a pointer), and returns the rest of data.
func Decode(data string, v any) (rest string, err error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return data, fmt.Errorf("pack: Decode needs a non-nil pointer, not %T", v)
	}
	c, err := codecOf(rv.Type().Elem())
	if err != nil {
		return data, err
	}
	d := decoder{data: data}
	c.dec(&d, rv.Elem())
	if d.err != nil {
		return data, d.err
	}
	return d.data, nil
}

// Signature describes the layout of t's encoding: two types with the same signature
// encode alike. A cache keeps it, to refuse data written for another layout. It spells
// out every type t reaches, but for a type that contains itself, which it names where it
// recurs; it does not depend on what was encoded before.
func Signature(t reflect.Type) (string, error) {
	if _, err := codecOf(t); err != nil {
		return "", err
	}
	var b strings.Builder
	signature(&b, t, map[reflect.Type]bool{})
	return b.String(), nil
}

func signature(b *strings.Builder, t reflect.Type, open map[reflect.Type]bool) {
	if open[t] {
		b.WriteString("rec(" + t.String() + ")")
		return
	}
	open[t] = true
	defer delete(open, t)
	switch t.Kind() {
	case reflect.Pointer:
		b.WriteString("*")
		signature(b, t.Elem(), open)
	case reflect.Slice:
		b.WriteString("[]")
		signature(b, t.Elem(), open)
	case reflect.Array:
		fmt.Fprintf(b, "[%d]", t.Len())
		signature(b, t.Elem(), open)
	case reflect.Struct:
		b.WriteString("{")
		for _, f := range encodedFields(t) {
			b.WriteString(f.Name + ":")
			signature(b, f.Type, open)
			b.WriteString(";")
		}
		b.WriteString("}")
	default:
		b.WriteString(t.Kind().String())
	}
}

// encodedFields are the fields of struct type t that are encoded, in order.
func encodedFields(t reflect.Type) []reflect.StructField {
	var out []reflect.StructField
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() && f.Tag.Get("pack") != "-" {
			out = append(out, f)
		}
	}
	return out
}

type codec struct {
	enc func(b []byte, v reflect.Value) []byte
	dec func(d *decoder, v reflect.Value)
	min int // the fewest bytes a value takes
}

// maxDepth is how deeply pointers and slices may nest in decoded data: a value of a
// type that contains itself could otherwise, from corrupt data, recurse until the stack
// overflows.
const maxDepth = 1000

type decoder struct {
	data  string
	err   error
	depth int
}

// enter counts a level of nesting, and fails beyond maxDepth.
func (d *decoder) enter() bool {
	if d.depth++; d.depth > maxDepth {
		d.fail()
		return false
	}
	return true
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = ErrCorrupt
	}
	d.data = ""
}

func (d *decoder) uvarint() uint64 {
	var x uint64
	var s uint
	for i := 0; i < len(d.data) && i < binary.MaxVarintLen64; i++ {
		c := d.data[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				break
			}
			d.data = d.data[i+1:]
			return x | uint64(c)<<s
		}
		x |= uint64(c&0x7f) << s
		s += 7
	}
	d.fail()
	return 0
}

func (d *decoder) byte() byte {
	if len(d.data) == 0 {
		d.fail()
		return 0
	}
	c := d.data[0]
	d.data = d.data[1:]
	return c
}

func (d *decoder) string() string {
	n := d.uvarint()
	if n > uint64(len(d.data)) {
		d.fail()
		return ""
	}
	s := d.data[:n]
	d.data = d.data[n:]
	return s
}

var (
	codecs   sync.Map   // reflect.Type -> *codec, planned
	planning sync.Mutex // held while planning
)

func codecOf(t reflect.Type) (*codec, error) {
	if c, ok := codecs.Load(t); ok {
		return c.(*codec), nil
	}
	planning.Lock()
	defer planning.Unlock()
	// The codecs of a plan are kept only once the whole plan succeeded: a type that
	// fails leaves none behind that refer to it.
	p := planner{done: map[reflect.Type]*codec{}, open: map[reflect.Type]*codec{}}
	c, err := p.plan(t)
	if err != nil {
		return nil, err
	}
	for t, c := range p.done {
		codecs.Store(t, c)
	}
	return c, nil
}

// planner plans the codecs of a type and of those it reaches.
type planner struct {
	done map[reflect.Type]*codec // planned in this plan
	open map[reflect.Type]*codec // being planned: a type that contains itself
}

func (p *planner) plan(t reflect.Type) (*codec, error) {
	if c, ok := codecs.Load(t); ok {
		return c.(*codec), nil
	}
	if c, ok := p.done[t]; ok {
		return c, nil
	}
	// A type that contains itself reaches itself through a pointer or a slice, which
	// may be nil: the reference goes through the codec being filled in, and takes a
	// byte at least.
	if c, ok := p.open[t]; ok {
		return &codec{
			enc: func(b []byte, v reflect.Value) []byte { return c.enc(b, v) },
			dec: func(d *decoder, v reflect.Value) { c.dec(d, v) },
			min: 1,
		}, nil
	}
	c := &codec{}
	p.open[t] = c
	defer delete(p.open, t)
	if err := p.fill(t, c); err != nil {
		return nil, err
	}
	p.done[t] = c
	return c, nil
}

func (p *planner) fill(t reflect.Type, c *codec) error {
	switch t.Kind() {
	case reflect.String:
		c.min = 1
		c.enc = func(b []byte, v reflect.Value) []byte { return appendString(b, v.String()) }
		c.dec = func(d *decoder, v reflect.Value) { v.SetString(d.string()) }
	case reflect.Bool:
		c.min = 1
		c.enc = func(b []byte, v reflect.Value) []byte {
			if v.Bool() {
				return append(b, 1)
			}
			return append(b, 0)
		}
		c.dec = func(d *decoder, v reflect.Value) {
			switch d.byte() {
			case 0:
				v.SetBool(false)
			case 1:
				v.SetBool(true)
			default:
				d.fail()
			}
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		c.min = 1
		c.enc = func(b []byte, v reflect.Value) []byte { return binary.AppendVarint(b, v.Int()) }
		c.dec = func(d *decoder, v reflect.Value) {
			u := d.uvarint()
			x := int64(u >> 1)
			if u&1 != 0 {
				x = ^x
			}
			if v.OverflowInt(x) {
				d.fail()
				return
			}
			v.SetInt(x)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		c.min = 1
		c.enc = func(b []byte, v reflect.Value) []byte { return binary.AppendUvarint(b, v.Uint()) }
		c.dec = func(d *decoder, v reflect.Value) {
			x := d.uvarint()
			if v.OverflowUint(x) {
				d.fail()
				return
			}
			v.SetUint(x)
		}
	case reflect.Float32, reflect.Float64:
		c.min = 8
		c.enc = func(b []byte, v reflect.Value) []byte {
			return binary.LittleEndian.AppendUint64(b, math.Float64bits(v.Float()))
		}
		c.dec = func(d *decoder, v reflect.Value) {
			if len(d.data) < 8 {
				d.fail()
				return
			}
			v.SetFloat(math.Float64frombits(binary.LittleEndian.Uint64([]byte(d.data[:8]))))
			d.data = d.data[8:]
		}
	case reflect.Pointer:
		elem, err := p.plan(t.Elem())
		if err != nil {
			return err
		}
		c.min = 1
		c.enc = func(b []byte, v reflect.Value) []byte {
			if v.IsNil() {
				return append(b, 0)
			}
			return elem.enc(append(b, 1), v.Elem())
		}
		c.dec = func(d *decoder, v reflect.Value) {
			switch d.byte() {
			case 0:
				v.SetZero()
			case 1:
				if !d.enter() {
					return
				}
				p := reflect.New(t.Elem())
				elem.dec(d, p.Elem())
				d.depth--
				v.Set(p)
			default:
				d.fail()
			}
		}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			c.min = 1
			c.enc = func(b []byte, v reflect.Value) []byte {
				if v.IsNil() {
					return append(b, 0)
				}
				return appendString(append(b, 1), string(v.Bytes()))
			}
			c.dec = func(d *decoder, v reflect.Value) {
				switch d.byte() {
				case 0:
					v.SetZero()
				case 1:
					v.SetBytes([]byte(d.string()))
				default:
					d.fail()
				}
			}
			return nil
		}
		elem, err := p.plan(t.Elem())
		if err != nil {
			return err
		}
		if elem.min == 0 {
			return fmt.Errorf("pack: cannot encode %s: its elements take no room, so a length could not be checked", t)
		}
		c.min = 1
		c.enc = func(b []byte, v reflect.Value) []byte {
			if v.IsNil() {
				return append(b, 0)
			}
			b = binary.AppendUvarint(b, uint64(v.Len())+1)
			for i := range v.Len() {
				b = elem.enc(b, v.Index(i))
			}
			return b
		}
		c.dec = func(d *decoder, v reflect.Value) {
			n := d.uvarint()
			switch {
			case n == 0:
				v.SetZero()
				return
			case n-1 > uint64(len(d.data)/elem.min) || !d.enter(): // no room for that many
				d.fail()
				return
			}
			s := reflect.MakeSlice(t, int(n-1), int(n-1))
			for i := range int(n - 1) {
				elem.dec(d, s.Index(i))
				if d.err != nil {
					return
				}
			}
			d.depth--
			v.Set(s)
		}
	case reflect.Array:
		elem, err := p.plan(t.Elem())
		if err != nil {
			return err
		}
		c.min = t.Len() * elem.min
		c.enc = func(b []byte, v reflect.Value) []byte {
			for i := range v.Len() {
				b = elem.enc(b, v.Index(i))
			}
			return b
		}
		c.dec = func(d *decoder, v reflect.Value) {
			for i := range v.Len() {
				elem.dec(d, v.Index(i))
			}
		}
	case reflect.Struct:
		type field struct {
			index int
			c     *codec
		}
		var fields []field
		for _, f := range encodedFields(t) {
			fc, err := p.plan(f.Type)
			if err != nil {
				return fmt.Errorf("%s.%s: %w", t, f.Name, err)
			}
			fields = append(fields, field{f.Index[0], fc})
			c.min += fc.min
		}
		c.enc = func(b []byte, v reflect.Value) []byte {
			for _, f := range fields {
				b = f.c.enc(b, v.Field(f.index))
			}
			return b
		}
		c.dec = func(d *decoder, v reflect.Value) {
			for _, f := range fields {
				f.c.dec(d, v.Field(f.index))
			}
		}
	default:
		return fmt.Errorf("pack: cannot encode a %s", t)
	}
	return nil
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}
