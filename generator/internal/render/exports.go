package render

import (
	"bytes"
	"encoding/json"
	"sync"

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
	err  error
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
func (x *Exports) Of(sc *content.Scheme) (string, error) {
	if x == nil {
		return string(appendScheme(nil, sc, 2)), nil
	}
	x.mu.Lock()
	e := x.m[sc]
	if e == nil {
		e = &exported{}
		x.m[sc] = e
	}
	x.mu.Unlock()
	e.once.Do(func() { e.s = string(appendScheme(make([]byte, 0, schemeSize(sc)), sc, 2)) })
	return e.s, e.err
}

// schemeSize is about the size of sc's encoding: its text, and room for the rest.
func schemeSize(sc *content.Scheme) int {
	n := 512
	for _, t := range []*content.SchemeText{&sc.Ja, &sc.En} {
		n += len(t.Title) + len(t.Label) + len(t.Name) + len(t.Scope) + len(t.Overview) + len(t.ISMS) + len(t.Notes)
	}
	return n + n/8
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
