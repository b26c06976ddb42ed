package render

import (
	"bytes"
	"encoding/json"
	"sync"
	"unsafe"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
)

// Exports are the scheme cards as data/survey.json holds them, each encoded once and
// shared: the export reads them, and so does the card cache, which keeps them for the
// next build. A build of thousands of unchanged cards takes theirs from that cache
// (Set) and encodes only the edited ones. It is safe for concurrent use; a nil *Exports
// encodes every card when asked and keeps nothing.
type Exports struct {
	mu sync.Mutex
	m  map[*content.Scheme]*exported
}

type exported struct {
	once sync.Once
	s    string
}

// NewExports returns an empty set.
func NewExports() *Exports { return &Exports{m: map[*content.Scheme]*exported{}} }

// Set records s as the encoding of sc, which an earlier build made (Of) of a card equal
// to sc.
func (x *Exports) Set(sc *content.Scheme, s string) {
	e := &exported{s: s}
	e.once.Do(func() {})
	x.mu.Lock()
	x.m[sc] = e
	x.mu.Unlock()
}

// Of returns the encoding of sc in data/survey.json's list of schemes: indented for its
// depth there, without a final newline.
func (x *Exports) Of(sc *content.Scheme) string {
	if x == nil {
		return encodeScheme(sc)
	}
	x.mu.Lock()
	e := x.m[sc]
	if e == nil {
		e = &exported{}
		x.m[sc] = e
	}
	x.mu.Unlock()
	e.once.Do(func() { e.s = encodeScheme(sc) })
	return e.s
}

// encodeScheme encodes sc for its depth in data/survey.json. The encoding is kept for as
// long as the build (thousands of cards): it becomes the string without a copy when
// little of its buffer is left unused, else a copy of its exact size.
func encodeScheme(sc *content.Scheme) string {
	n := 512 // room for the keys, lists and escapes, beside the text
	for _, t := range []*content.SchemeText{&sc.Ja, &sc.En} {
		n += len(t.Title) + len(t.Label) + len(t.Name) + len(t.Scope) + len(t.Overview) + len(t.ISMS) + len(t.Notes)
	}
	b := appendScheme(make([]byte, 0, n+n/8), sc, 2)
	if len(b) == 0 || cap(b)-len(b) > len(b)/8 {
		return string(b)
	}
	return unsafe.String(&b[0], len(b)) // b is not written again
}

// encodeValue encodes v as json.Encoder with SetIndent("", " ") and no HTML escaping
// would for the value of a field at depth, without the final newline.
func encodeValue(v any, depth int) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent(string(bytes.Repeat([]byte(" "), depth)), " ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	// A copy of the exact size: the buffer's spare room would be kept for as long as the
	// encoding is (the whole build, for thousands of cards).
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n"))), nil
}
