package render

import (
	"bytes"
	"encoding/json"
	"sync"
	"unsafe"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
)

// Exports are the scheme cards a build took from its card cache as the previous build
// decoded them: their encoding in data/survey.json is the one in the file that build
// wrote, which a [SurveyStore] locates, and the export copies it from there. It is safe
// for concurrent use; a nil *Exports holds no card.
type Exports struct {
	mu     sync.Mutex
	reused map[*content.Scheme]bool
}

// NewExports returns an empty set.
func NewExports() *Exports { return &Exports{reused: map[*content.Scheme]bool{}} }

// Reused records that sc is a card an earlier build decoded from the same file.
func (x *Exports) Reused(sc *content.Scheme) {
	x.mu.Lock()
	x.reused[sc] = true
	x.mu.Unlock()
}

func (x *Exports) isReused(sc *content.Scheme) bool {
	if x == nil {
		return false
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.reused[sc]
}

// SurveyStore keeps where each scheme is in data/survey.json from one build to the next
// (see [Reuse]).
type SurveyStore interface {
	// Load returns where the schemes are in the data/survey.json of the output
	// folder, when it is still the file that the build which saved them wrote; else
	// nil.
	Load() *SurveyLayout
	// Save keeps where the schemes are in this build's data/survey.json.
	Save(l *SurveyLayout)
}

// SurveyLayout is where the schemes are in a data/survey.json.
type SurveyLayout struct {
	Size  int64               // of the file
	Spans map[content.ID]Span // each scheme's encoding
}

// Span is a range of bytes.
type Span struct{ Off, Len int64 }

// encodeScheme encodes sc for its depth in data/survey.json. The encoding is kept for as
// long as the build (thousands of cards): it becomes the string without a copy when
// little of its buffer is left unused, else a copy of its exact size.
func encodeScheme(sc *content.Scheme) string {
	// A card from the build's cache has its Markdown read now.
	sc.Fill()
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
