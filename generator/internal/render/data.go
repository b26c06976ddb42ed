package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

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
	b, err := encodeExport(r.export())
	if err != nil {
		r.fail(fmt.Errorf("data/survey.json: %w", err))
		return
	}
	r.add(Output{Path: "data/survey.json", Bytes: b})
	r.add(Output{Path: "data/matrix.csv", Bytes: r.matrixCSV()})
}

// encodeExport gives what a json.Encoder with SetIndent("", " ") and SetEscapeHTML(false)
// writes of e (TestEncodeExport), but encodes each card of its lists on its own, on
// every processor: one Encoder would hold the whole export compact, then indented, then
// copied, on one core. The file is read as JSON, never embedded in HTML, so nothing is
// escaped for HTML.
func encodeExport(e Export) ([]byte, error) {
	type member struct {
		key   string
		value any   // encoded whole, or
		items []any // a list, each item encoded on its own; nil encodes null
	}
	members := []member{
		{key: "schema_version", value: e.SchemaVersion},
		{key: "document", value: e.Document},
		{key: "revision", value: e.Revision},
		{key: "site", value: e.Site},
		{key: "schemes", items: items(e.Schemes)},
		{key: "standards", items: items(e.Standards)},
		{key: "pages", items: items(e.Pages)},
		{key: "glossary", items: items(e.Glossary)},
	}
	// Every value and item, each in its slot, indented for its depth.
	type job struct {
		v      any
		prefix string
		out    *[]byte
	}
	var jobs []job
	values := make([][]byte, len(members))
	lists := make([][][]byte, len(members))
	for i, m := range members {
		if m.items == nil {
			jobs = append(jobs, job{m.value, " ", &values[i]})
			continue
		}
		lists[i] = make([][]byte, len(m.items))
		for j, it := range m.items {
			jobs = append(jobs, job{it, "  ", &lists[i][j]})
		}
	}
	errs := make([]error, len(jobs))
	parallel.ForEach(len(jobs), func(i int) {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetIndent(jobs[i].prefix, " ")
		enc.SetEscapeHTML(false)
		errs[i] = enc.Encode(jobs[i].v)
		*jobs[i].out = bytes.TrimSuffix(b.Bytes(), []byte("\n"))
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	size := 0
	for i := range members {
		size += len(values[i]) + 16
		for _, it := range lists[i] {
			size += len(it) + 4
		}
	}
	var b bytes.Buffer
	b.Grow(size)
	b.WriteString("{")
	for i, m := range members {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n " + strconv.Quote(m.key) + ": ")
		switch {
		case m.items == nil && values[i] != nil:
			b.Write(values[i])
		case m.items == nil:
			b.WriteString("null")
		case len(m.items) == 0:
			b.WriteString("[]")
		default:
			b.WriteString("[")
			for j, it := range lists[i] {
				if j > 0 {
					b.WriteString(",")
				}
				b.WriteString("\n  ")
				b.Write(it)
			}
			b.WriteString("\n ]")
		}
	}
	b.WriteString("\n}\n")
	return b.Bytes(), nil
}

// items returns list as a list of values, nil for nil (which encodes as null).
func items[T any](list []T) []any {
	if list == nil {
		return nil
	}
	out := make([]any, len(list))
	for i, v := range list {
		out[i] = v
	}
	return out
}

// textCell makes a cell of text that a spreadsheet shows as text: one that begins with
// =, +, -, @, a tab or a carriage return would be taken for a formula, so it gets a
// leading apostrophe, as OWASP advises against CSV injection.
func textCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
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
		head = append(head, textCell(st.Designation))
	}
	_ = w.Write(head)
	for i, sc := range m.Rows {
		row := []string{string(sc.Section), string(sc.ID), string(sc.Region), string(sc.Kind), textCell(sc.Ja.Title), textCell(sc.En.Title)}
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
