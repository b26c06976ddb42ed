package render

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"

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
	// When streaming, the schemes reused from the previous build are copied from the
	// survey.json it wrote, if that is still the file in the output folder.
	var splice func(*content.Scheme) (Span, bool)
	if r.put != nil && r.surveyStore != nil {
		if old := r.surveyStore.Load(); old != nil {
			splice = func(sc *content.Scheme) (Span, bool) {
				if !r.exports.isReused(sc) {
					return Span{}, false
				}
				sp, ok := old.Spans[sc.ID]
				return sp, ok
			}
		}
	}
	parts, layout, err := encodeExport(r.export(), splice)
	if err != nil {
		r.fail(err)
		return
	}
	o := Output{Path: "data/survey.json", Parts: parts}
	if len(parts) == 1 && parts[0].Bytes != nil {
		o.Bytes, o.Parts = parts[0].Bytes, nil
	}
	r.add(o)
	if r.surveyStore != nil {
		r.surveyStore.Save(layout)
	}
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
// whole export on one, then indent all of it in a second pass. A scheme for which splice
// gives a range of the previous file is not encoded: the file then has a Part for that
// range (with the ranges of consecutive schemes joined). It returns the file as parts,
// one part of bytes when nothing is spliced, and where each scheme is in it.
func encodeExport(e Export, splice func(*content.Scheme) (Span, bool)) ([]Part, *SurveyLayout, error) {
	type item struct {
		s       string
		span    Span
		spliced bool
	}
	var schemes encodedList
	var items []item
	if len(e.Schemes) == 0 {
		schemes, _ = encodeList(0, e.Schemes == nil, nil)
	} else {
		items = make([]item, len(e.Schemes))
		parallel.ForEach(len(items), func(i int) {
			if splice != nil {
				if sp, ok := splice(e.Schemes[i]); ok {
					items[i] = item{span: sp, spliced: true}
					return
				}
			}
			items[i].s = encodeScheme(e.Schemes[i])
		})
	}
	standards, err := encodeList(len(e.Standards), e.Standards == nil, func(i int) (string, error) { return encodeStandard(e.Standards[i], 2) })
	if err != nil {
		return nil, nil, err
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
	size := len("{\n}\n") + len("[\n  \n ]")
	for _, it := range items {
		size += len(it.s) + len(",\n  ")
	}
	for i, f := range fields {
		if f.v != nil {
			v, err := encodeValue(f.v, 1)
			if err != nil {
				return nil, nil, err
			}
			fields[i].raw = encodedList{whole: v}
		}
		size += len(",\n \"\": ") + len(f.name) + fields[i].raw.size()
	}
	// One buffer of the final size when nothing is spliced: the schemes' encodings (40
	// MB at 10,000 schemes) are copied once.
	w := partWriter{lit: make([]byte, 0, size)}
	layout := &SurveyLayout{Spans: make(map[content.ID]Span, len(items))}
	w.lit = append(w.lit, "{"...)
	for i, f := range fields {
		if i > 0 {
			w.lit = append(w.lit, ","...)
		}
		w.lit = append(w.lit, "\n \""+f.name+"\": "...)
		if f.name != "schemes" || items == nil {
			w.lit = f.raw.appendTo(w.lit)
			continue
		}
		w.lit = append(w.lit, "[\n  "...)
		for i, it := range items {
			if i > 0 {
				w.lit = append(w.lit, itemSeparator...)
			}
			at := w.size()
			if it.spliced {
				w.span(it.span)
				layout.Spans[e.Schemes[i].ID] = Span{at, it.span.Len}
			} else {
				w.lit = append(w.lit, it.s...)
				layout.Spans[e.Schemes[i].ID] = Span{at, int64(len(it.s))}
			}
		}
		w.lit = append(w.lit, "\n ]"...)
	}
	w.lit = append(w.lit, "\n}\n"...)
	w.flush()
	layout.Size = w.n
	return w.parts, layout, nil
}

// encodeStandard is encodeValue(x, depth), with the list of the schemes that reference
// the standard (thousands of ids, in a large survey) written by hand: encoding/json's
// reflection and its pass to indent were most of the cost of the export in an edit.
func encodeStandard(x ExportStandard, depth int) (string, error) {
	head, err := encodeValue(x.Standard, depth)
	end := "\n" + strings.Repeat(" ", depth) + "}"
	if err != nil || x.Standard == nil || !strings.HasSuffix(head, end) {
		return encodeValue(x, depth) // no member before the list: not worth a case
	}
	j := jsonWriter{dst: []byte(head[:len(head)-len(end)]), depth: depth + 1}
	if len(x.ReferencedBy) == 0 {
		j.key("referenced_by")
		j.dst = append(j.dst, "[]"...)
		if x.ReferencedBy == nil {
			j.dst = append(j.dst[:len(j.dst)-2], "null"...)
		}
	} else {
		j.list("referenced_by", len(x.ReferencedBy), func(i int) string { return string(x.ReferencedBy[i]) })
	}
	j.close('}')
	return string(j.dst), nil
}

// itemSeparator is what comes between two cards of a list in data/survey.json.
const itemSeparator = ",\n  "

// A partWriter makes a file of parts: literal bytes, and ranges of a previous file.
type partWriter struct {
	parts []Part
	lit   []byte // the bytes after the last part
	n     int64  // the size of the parts
}

func (w *partWriter) size() int64 { return w.n + int64(len(w.lit)) }

// span adds the range sp of the previous file. A range that follows the previous one
// there, with only a separator between, as consecutive schemes do, extends it.
func (w *partWriter) span(sp Span) {
	if k := len(w.parts) - 1; k >= 0 && w.parts[k].Bytes == nil && string(w.lit) == itemSeparator {
		if last := &w.parts[k]; last.Off+last.Len+int64(len(itemSeparator)) == sp.Off {
			last.Len += int64(len(itemSeparator)) + sp.Len
			w.n += int64(len(itemSeparator)) + sp.Len
			w.lit = w.lit[:0]
			return
		}
	}
	w.flush()
	w.parts = append(w.parts, Part{Off: sp.Off, Len: sp.Len})
	w.n += sp.Len
}

// flush ends the literal bytes as a part.
func (w *partWriter) flush() {
	if len(w.lit) > 0 {
		w.parts = append(w.parts, Part{Bytes: w.lit})
		w.n += int64(len(w.lit))
		w.lit = nil
	}
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
