package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
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
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false) // the file is read as JSON, never embedded in HTML
	if err := enc.Encode(r.export()); err != nil {
		r.fail(fmt.Errorf("data/survey.json: %w", err))
		return
	}
	r.add(Output{Path: "data/survey.json", Bytes: b.Bytes()})
	r.add(Output{Path: "data/matrix.csv", Bytes: r.matrixCSV()})
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
