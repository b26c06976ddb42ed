package content

// The fast path.
//
// BurntSushi/toml is the reference decoder: its errors, and the schema checks made on its
// list of keys, are what editors see. It is also slow: at 10,000 cards its lexer and
// parser cost about as much CPU as goldmark converting all their Markdown. So a card is
// first parsed with go-toml/v2's parser, and, if it holds only headers and keys that lead
// to fields by their exact toml tags, each key once, and only strings and non-empty lists
// of strings, decoded into its struct as it is parsed (shape.decode): nearly every card is
// so. Otherwise a walk of its syntax tree checks that every key is exactly a toml tag of
// a field of the right shape (a table, a list of tables, a list, a value), and if so,
// pelletier/go-toml/v2 decodes it; if that decoder takes it without a complaint, the card
// is done. Together about nine times faster than the reference (BenchmarkDecode).
// Anything else (a syntax error, a type error, an unknown or miscased key, a shape the
// decoders might read differently, a type the walk does not describe) goes to the
// reference decoder, which reports it as it always has. The fast path is therefore only
// ever a shortcut to the same value: FuzzFastDecoding and TestFastDecoding compare the
// two on every real card, on every card with a line removed, and on arbitrary input, and
// TestDirectDecoding checks that the real cards are decoded as they are parsed.

import (
	"encoding"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	gotoml "github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// fastDecode decodes src into *v and reports whether it could. When it cannot, *v is
// left as it was.
func fastDecode[T any](src []byte, v *T) bool {
	root := shapeOf(reflect.TypeFor[T]())
	if root == nil {
		return false
	}
	// Most cards are tables of strings and lists of strings under plain headers: they
	// are decoded as they are parsed.
	out := *v
	if root.decode(src, reflect.ValueOf(&out).Elem()) {
		*v = out
		return true
	}
	if !root.admits(src) {
		return false
	}
	// admits has seen every key in its place, so the decoder's strict mode would find
	// nothing more (and its Decoder would copy src).
	out = *v
	if gotoml.Unmarshal(src, &out) != nil {
		return false
	}
	*v = out
	return true
}

// A shape is what a card type allows in the TOML document: for a table, its fields by
// exact toml tag. go-toml/v2 is more lenient than the reference decoder in two ways that
// matter here: it matches a key to a field ignoring case, and it takes some values of
// another shape (a [table] for a list of tables, say). So the fast path first walks the
// document against the shape, and leaves to the reference decoder anything that does
// not fit exactly. What a value holds (a string or an integer) is checked by the decoder.
type shape struct {
	kind   shapeKind
	fields map[string]*shape // for table and tables: the fields, by toml tag
	index  map[string]int    // for table and tables: the fields' indexes in the struct
	str    bool              // for value: a kind of string; for list: a list of them
}

type shapeKind int

const (
	value  shapeKind = iota // a string, an integer...
	list                    // a list of values
	table                   // a struct (or a pointer to one)
	tables                  // a list of structs
)

var shapes sync.Map // reflect.Type -> *shape (nil: no fast path)

// shapeOf returns the shape of a card type, built once. It returns nil for a type that
// has a field shapes do not describe (a map, an interface), or two tags that differ only
// in case; such cards always take the reference decoder.
func shapeOf(typ reflect.Type) *shape {
	if s, ok := shapes.Load(typ); ok {
		return s.(*shape)
	}
	s, ok := buildShape(typ, map[reflect.Type]*shape{})
	if !ok || s.kind != table {
		s = nil
	}
	got, _ := shapes.LoadOrStore(typ, s)
	return got.(*shape)
}

func buildShape(typ reflect.Type, done map[reflect.Type]*shape) (*shape, bool) {
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if decodesItself(typ) {
		return nil, false // the decoders call such methods differently, or not at all
	}
	switch typ.Kind() {
	case reflect.Map, reflect.Interface, reflect.Array, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return nil, false
	case reflect.Slice:
		elem, ok := buildShape(typ.Elem(), done)
		switch {
		case !ok || elem.kind == list || elem.kind == tables:
			return nil, false
		case elem.kind == table:
			return &shape{kind: tables, fields: elem.fields, index: elem.index}, true
		}
		return &shape{kind: list, str: elem.str}, true
	case reflect.Struct:
	default:
		return &shape{kind: value, str: typ.Kind() == reflect.String}, true
	}
	if s, ok := done[typ]; ok {
		return s, true
	}
	s := &shape{kind: table, fields: map[string]*shape{}, index: map[string]int{}}
	done[typ] = s
	folded := map[string]bool{}
	for f := range typ.Fields() {
		tag, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if tag == "-" || !f.IsExported() {
			continue
		}
		if tag == "" || folded[strings.ToLower(tag)] {
			return nil, false // named by the field, or by two tags alike but for case
		}
		folded[strings.ToLower(tag)] = true
		fs, ok := buildShape(f.Type, done)
		if !ok {
			return nil, false
		}
		s.fields[tag] = fs
		s.index[tag] = f.Index[0]
	}
	return s, true
}

// decodesItself reports whether typ (or *typ) has a decoding method of its own.
func decodesItself(typ reflect.Type) bool {
	for _, t := range []reflect.Type{typ, reflect.PointerTo(typ)} {
		if t.Implements(textUnmarshaler) || t.Implements(tomlUnmarshaler) || t.Implements(gotomlUnmarshaler) {
			return true
		}
	}
	return false
}

var (
	textUnmarshaler   = reflect.TypeFor[encoding.TextUnmarshaler]()
	tomlUnmarshaler   = reflect.TypeFor[toml.Unmarshaler]()
	gotomlUnmarshaler = reflect.TypeFor[unstable.Unmarshaler]()
)

// admits reports whether src parses and every key in it is exactly a field of the shape
// where it stands, holding a value of the field's shape. A table header may go through a
// list of tables that an earlier [[header]] opened ([revisions.ja] is in the last
// [[revisions]]); a dotted key may not.
func (root *shape) admits(src []byte) bool {
	p := parsers.Get().(*unstable.Parser)
	defer parsers.Put(p)
	p.Reset(src)
	cur := root
	opened := map[string]bool{} // the [[header]] keys seen, parts joined by NUL
	for p.NextExpression() {
		n := p.Expression()
		switch n.Kind {
		case unstable.KeyValue:
			if !cur.keyValue(n) {
				return false
			}
		case unstable.Table, unstable.ArrayTable:
			want := table
			if n.Kind == unstable.ArrayTable {
				want = tables
			}
			cur = root.path(n.Key(), want, opened)
			if cur == nil {
				return false
			}
			if want == tables {
				// A new element: the lists of tables opened inside the previous one
				// are not in this one.
				k := joinKey(n.Key(), -1)
				for o := range opened {
					if strings.HasPrefix(o, k+"\x00") {
						delete(opened, o)
					}
				}
				opened[k] = true
			}
		}
	}
	return p.Error() == nil
}

// decode decodes src into v, of the shape's type, as it parses it, and reports whether
// it could. It takes only what it knows the decoders agree on: table headers and lists
// of tables that lead to fields by their exact tags, and keys of one part that set a
// field of a kind of string to a string or a list of them to a list of strings, each
// key and table once. Anything else (another kind of value, an inline table, an empty
// list, a dotted key, a key or header met twice, a syntax error) it leaves, with v
// half filled, to admits and the decoders.
func (root *shape) decode(src []byte, v reflect.Value) bool {
	p := parsers.Get().(*unstable.Parser)
	defer parsers.Put(p)
	p.Reset(src)
	cur, curV := root, v
	// where names the table the keys go in: the header's parts, each after a NUL, and
	// after a list of tables the number of its element. headers holds those met so far;
	// keys, the fields of the current table set so far (by index in the struct).
	where := ""
	headers := map[string]bool{}
	var keys uint64
	for p.NextExpression() {
		n := p.Expression()
		switch n.Kind {
		case unstable.KeyValue:
			key := n.Key()
			if !key.Next() || !key.IsLast() {
				return false // a dotted key
			}
			data := key.Node().Data
			f, ok := cur.fields[string(data)]
			if !ok {
				return false
			}
			i := cur.index[string(data)]
			if i >= 64 || keys&(1<<i) != 0 {
				return false
			}
			keys |= 1 << i
			if !f.str || !set(curV.Field(i), f, n.Value()) {
				return false
			}
		case unstable.Table, unstable.ArrayTable:
			cur, curV, where, keys = root, v, "", 0
			key := n.Key()
			for key.Next() {
				data := key.Node().Data
				f, ok := cur.fields[string(data)]
				if !ok {
					return false
				}
				fv := curV.Field(cur.index[string(data)])
				where += "\x00" + string(data)
				switch {
				case f.kind == table && !key.IsLast() || f.kind == table && n.Kind == unstable.Table:
					if fv.Kind() == reflect.Pointer {
						if fv.IsNil() {
							fv.Set(reflect.New(fv.Type().Elem()))
						}
						fv = fv.Elem()
					}
				case f.kind == tables && key.IsLast() && n.Kind == unstable.ArrayTable:
					fv.Set(reflect.Append(fv, reflect.Zero(fv.Type().Elem())))
					fallthrough
				case f.kind == tables && !key.IsLast():
					if fv.Len() == 0 {
						return false // [a.b] before any [[a]]
					}
					i := fv.Len() - 1
					fv = fv.Index(i)
					where += "\x00" + strconv.Itoa(i)
				default:
					return false
				}
				cur, curV = f, fv
			}
			if headers[where] {
				return false
			}
			headers[where] = true
		}
	}
	return p.Error() == nil
}

// set sets the string or list of strings f to the value n, and reports whether it
// could.
func set(f reflect.Value, s *shape, n *unstable.Node) bool {
	switch {
	case s.kind == value && n.Kind == unstable.String:
		f.SetString(string(n.Data))
		return true
	case s.kind == list && n.Kind == unstable.Array:
		k := 0
		for it := n.Children(); it.Next(); k++ {
			if it.Node().Kind != unstable.String {
				return false
			}
		}
		if k == 0 {
			return false
		}
		l := reflect.MakeSlice(f.Type(), k, k)
		k = 0
		for it := n.Children(); it.Next(); k++ {
			l.Index(k).SetString(string(it.Node().Data))
		}
		f.Set(l)
		return true
	}
	return false
}

// path follows a dotted key from s through tables, and, for a header (opened is not
// nil), through lists of tables already opened; the last part must have the shape want.
// It returns the shape reached, or nil.
func (s *shape) path(key unstable.Iterator, want shapeKind, opened map[string]bool) *shape {
	all := key
	for i := 0; key.Next(); i++ {
		if s.kind != table && s.kind != tables {
			return nil
		}
		s = s.fields[string(key.Node().Data)]
		if s == nil {
			return nil
		}
		if !key.IsLast() && s.kind != table && (s.kind != tables || !opened[joinKey(all, i)]) {
			return nil
		}
	}
	if s.kind != want {
		return nil
	}
	return s
}

// parsers keeps parsers, and the node arenas they grew, for the next card.
var parsers = sync.Pool{New: func() any { return new(unstable.Parser) }}

// joinKey joins the parts of key up to part last (all of them if last < 0) with NUL,
// which no toml tag holds (a key holding one never matches a field anyway).
func joinKey(key unstable.Iterator, last int) string {
	var b strings.Builder
	for i := 0; key.Next() && (last < 0 || i <= last); i++ {
		if i > 0 {
			b.WriteByte(0)
		}
		b.Write(key.Node().Data)
	}
	return b.String()
}

// keyValue checks one key = value in the table s.
func (s *shape) keyValue(n *unstable.Node) bool {
	v := n.Value()
	want := value
	switch v.Kind {
	case unstable.InlineTable:
		want = table
	case unstable.Array:
		want = list
		if first := v.Children(); first.Next() && first.Node().Kind == unstable.InlineTable {
			want = tables
		}
	}
	f := s.path(n.Key(), want, nil)
	if f == nil {
		return false
	}
	switch want {
	case table:
		return f.inline(v)
	case list:
		for it := v.Children(); it.Next(); {
			if k := it.Node().Kind; k == unstable.Array || k == unstable.InlineTable {
				return false
			}
		}
	case tables:
		for it := v.Children(); it.Next(); {
			if it.Node().Kind != unstable.InlineTable || !f.inline(it.Node()) {
				return false
			}
		}
	}
	return true
}

// inline checks the key = value pairs of an inline table against s.
func (s *shape) inline(v *unstable.Node) bool {
	for it := v.Children(); it.Next(); {
		if !s.keyValue(it.Node()) {
			return false
		}
	}
	return true
}
