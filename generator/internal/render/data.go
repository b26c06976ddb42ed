package render

import (
	"bytes"
	"encoding/csv"
	"errors"

	"github.com/cespare/xxhash/v2"
	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/parallel"
)

// SchemaVersion is the version of data/survey.json's format; it changes only when a
// field is removed or changes meaning (adding a field keeps it).
const SchemaVersion = 1

// Export is data/survey.json: every card in both languages, as the content folder has
// it (Markdown fields keep their Markdown, with our std:/scheme:/page: links), plus the
// backlinks the generator computes.
type Export struct {
	SchemaVersion int               `json:"schema_version"`
	Document      string            `json:"document"`
	Revision      string            `json:"revision"` // the current revision's id
	Site          *content.Site     `json:"site"`
	Schemes       []*content.Scheme `json:"schemes"`   // survey order
	Standards     []ExportStandard  `json:"standards"` // sectioned ones first, in section order
	Pages         []*content.Page   `json:"pages"`
	Glossary      []content.Term    `json:"glossary"`
}

// ExportStandard is a standard card with the schemes that reference it.
type ExportStandard struct {
	*content.Standard
	ReferencedBy []content.ID `json:"referenced_by"` // scheme ids, survey order
}

func (r *renderer) export() Export {
	c := r.site.Content
	e := Export{
		SchemaVersion: SchemaVersion,
		Document:      c.Site.Document,
		Revision:      r.current(),
		Site:          c.Site,
		Glossary:      r.site.Terms,
	}
	for _, sc := range r.site.Schemes {
		e.Schemes = append(e.Schemes, sc.Scheme)
	}
	for _, st := range r.site.Standards {
		x := ExportStandard{Standard: st.Standard, ReferencedBy: []content.ID{}}
		for _, sc := range st.ReferencedBy {
			x.ReferencedBy = append(x.ReferencedBy, sc.ID)
		}
		e.Standards = append(e.Standards, x)
	}
	for _, p := range r.site.Pages {
		e.Pages = append(e.Pages, p.Page)
	}
	return e
}

// data writes data/survey.json and data/matrix.csv.
func (r *renderer) data() {
	b, err := encodeExport(r.export(), r.exports)
	if err != nil {
		r.fail(err)
	}
	r.add(Output{Path: "data/survey.json", Bytes: b})
	// The matrix shows no card's documents: after an edit of their text alone (see
	// Reuse.Only) it is as it was. Its fingerprint is that of its bytes, which are all
	// its inputs show.
	if r.unchanged(matrixCSV, "") {
		return
	}
	csv := r.matrixCSV()
	if fp := xxhash.Sum64(csv) | 1; r.prev[matrixCSV] == fp {
		r.add(Output{Path: matrixCSV, Fingerprint: fp, Reused: true})
	} else {
		r.add(Output{Path: matrixCSV, Bytes: csv, Fingerprint: fp})
	}
}

const matrixCSV = "data/matrix.csv"

// encodeExport writes e as a json.Encoder with SetIndent("", " ") and no HTML escaping
// would, byte for byte (TestEncodeExport), but encodes the cards of the two long lists
// on every processor, each already indented for its depth: the encoder would marshal the
// whole export on one, then indent all of it in a second pass. The schemes come from
// ex, which may hold them already encoded.
func encodeExport(e Export, ex *Exports) ([]byte, error) {
	schemes, err1 := encodeList(len(e.Schemes), e.Schemes == nil, func(i int) (string, error) { return ex.Of(e.Schemes[i]), nil })
	standards, err2 := encodeList(len(e.Standards), e.Standards == nil, func(i int) (string, error) { return encodeValue(e.Standards[i], 2) })
	if err := errors.Join(err1, err2); err != nil {
		return nil, err
	}
	fields := []struct {
		name string
		v    any
		raw  encodedList
	}{
		{name: "schema_version", v: e.SchemaVersion},
		{name: "document", v: e.Document},
		{name: "revision", v: e.Revision},
		{name: "site", v: e.Site},
		{name: "schemes", raw: schemes},
		{name: "standards", raw: standards},
		{name: "pages", v: e.Pages},
		{name: "glossary", v: e.Glossary},
	}
	size := len("{\n}\n")
	for i, f := range fields {
		if f.v != nil {
			v, err := encodeValue(f.v, 1)
			if err != nil {
				return nil, err
			}
			fields[i].raw = encodedList{whole: v}
		}
		size += len(",\n \"\": ") + len(f.name) + fields[i].raw.size()
	}
	// One buffer of the final size: the schemes' encodings (40 MB at 10,000 schemes)
	// are copied once.
	b := make([]byte, 0, size)
	b = append(b, "{"...)
	for i, f := range fields {
		if i > 0 {
			b = append(b, ","...)
		}
		b = append(b, "\n \""+f.name+"\": "...)
		b = f.raw.appendTo(b)
	}
	return append(b, "\n}\n"...), nil
}

// An encodedList is the encoding of a field: whole, or a list of items (each indented
// for depth 2) to be written one per line.
type encodedList struct {
	whole string
	items []string
}

// encodeList encodes a field that is a list of n cards, each encoded by item, on every
// processor.
func encodeList(n int, isNil bool, item func(i int) (string, error)) (encodedList, error) {
	switch {
	case isNil:
		return encodedList{whole: "null"}, nil
	case n == 0:
		return encodedList{whole: "[]"}, nil
	}
	items := make([]string, n)
	errs := make([]error, n)
	parallel.ForEach(n, func(i int) { items[i], errs[i] = item(i) })
	return encodedList{items: items}, errors.Join(errs...)
}

func (l encodedList) size() int {
	if l.items == nil {
		return len(l.whole)
	}
	n := len("[\n  \n ]")
	for _, it := range l.items {
		n += len(it) + len(",\n  ")
	}
	return n
}

func (l encodedList) appendTo(b []byte) []byte {
	if l.items == nil {
		return append(b, l.whole...)
	}
	b = append(b, "[\n  "...)
	for i, it := range l.items {
		if i > 0 {
			b = append(b, ",\n  "...)
		}
		b = append(b, it...)
	}
	return append(b, "\n ]"...)
}

// matrixCSV is the scheme x standard matrix for spreadsheets: UTF-8 with a byte-order
// mark (so that spreadsheet programs read the Japanese correctly), CRLF line ends, one
// row per scheme, "1" where the scheme references the standard.
func (r *renderer) matrixCSV() []byte {
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	m := r.site.Matrix
	head := []string{"section", "id", "region", "kind", "title_ja", "title_en"}
	for _, st := range m.Columns {
		head = append(head, st.Designation)
	}
	_ = w.Write(head)
	for i, sc := range m.Rows {
		row := []string{string(sc.Section), string(sc.ID), string(sc.Region), string(sc.Kind), sc.Ja.Title, sc.En.Title}
		for _, cell := range m.Cells[i] {
			if cell {
				row = append(row, "1")
			} else {
				row = append(row, "")
			}
		}
		_ = w.Write(row)
	}
	w.Flush()
	return b.Bytes()
}
