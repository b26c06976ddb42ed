// Package pack encodes values of plain data types (structs, pointers, slices, arrays,
// strings, booleans, integers and floats) into a compact binary form and back, for the
// build's caches, where encoding/gob spent most of an edit's time decoding: it decodes
// message by message through reflection, copying every message and then every string.
//
// Here the walk of each type is planned once, and [Decode] reads from a string: every
// string it decodes is a part of that string, not a copy, so that decoding the cache of
// thousands of cards allocates little more than the cards' structs. The decoded values
// keep the whole input alive for as long as they hold any of its strings.
//
// The form has no field names and no types: a value must be decoded into the type it
// was encoded from. [Signature] describes a type's layout, so that a cache can refuse
// data written for another. Exported struct fields are encoded in order; unexported ones
// and fields tagged `pack:"-"` are left out (and left zero by Decode). Maps, interfaces,
// channels and functions are refused.
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
// encode alike. A cache keeps it, to refuse data written for another layout.
func Signature(t reflect.Type) (string, error) {
	c, err := codecOf(t)
	if err != nil {
		return "", err
	}
	return c.sig, nil
}

type codec struct {
	enc func(b []byte, v reflect.Value) []byte
	dec func(d *decoder, v reflect.Value)
	sig string
}

type decoder struct {
	data string
	err  error
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
	inPlan   = map[reflect.Type]*codec{}
)

func codecOf(t reflect.Type) (*codec, error) {
	if c, ok := codecs.Load(t); ok {
		return c.(*codec), nil
	}
	planning.Lock()
	defer planning.Unlock()
	return planLocked(t)
}

func planLocked(t reflect.Type) (*codec, error) {
	if c, ok := codecs.Load(t); ok {
		return c.(*codec), nil
	}
	// A recursive type reaches itself through a pointer or a slice: while it is planned,
	// that reference goes through the codec being filled in.
	if c, ok := inPlan[t]; ok {
		return &codec{
			enc: func(b []byte, v reflect.Value) []byte { return c.enc(b, v) },
			dec: func(d *decoder, v reflect.Value) { c.dec(d, v) },
			sig: "rec(" + t.String() + ")",
		}, nil
	}
	c := &codec{}
	inPlan[t] = c
	defer delete(inPlan, t)
	if err := plan(t, c); err != nil {
		return nil, err
	}
	codecs.Store(t, c)
	return c, nil
}

func plan(t reflect.Type, c *codec) error {
	switch t.Kind() {
	case reflect.String:
		c.sig = "s"
		c.enc = func(b []byte, v reflect.Value) []byte { return appendString(b, v.String()) }
		c.dec = func(d *decoder, v reflect.Value) { v.SetString(d.string()) }
	case reflect.Bool:
		c.sig = "b"
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
		c.sig = "i" + t.Kind().String()
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
		c.sig = "u" + t.Kind().String()
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
		c.sig = "f" + t.Kind().String()
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
		elem, err := planLocked(t.Elem())
		if err != nil {
			return err
		}
		c.sig = "*" + elem.sig
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
				p := reflect.New(t.Elem())
				elem.dec(d, p.Elem())
				v.Set(p)
			default:
				d.fail()
			}
		}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			c.sig = "[]byte"
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
		elem, err := planLocked(t.Elem())
		if err != nil {
			return err
		}
		c.sig = "[]" + elem.sig
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
			case n-1 > uint64(len(d.data)) && elem.sig != "{}": // an element takes a byte at least
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
			v.Set(s)
		}
	case reflect.Array:
		elem, err := planLocked(t.Elem())
		if err != nil {
			return err
		}
		c.sig = fmt.Sprintf("[%d]%s", t.Len(), elem.sig)
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
		var sig strings.Builder
		sig.WriteString("{")
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() || f.Tag.Get("pack") == "-" {
				continue
			}
			fc, err := planLocked(f.Type)
			if err != nil {
				return fmt.Errorf("%s.%s: %w", t, f.Name, err)
			}
			fields = append(fields, field{i, fc})
			fmt.Fprintf(&sig, "%s:%s;", f.Name, fc.sig)
		}
		sig.WriteString("}")
		c.sig = sig.String()
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
