package render

import (
	"fmt"
	"html/template"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/markdown"
	"github.com/jipdec-survey/cloudsec/generator/internal/model"
)

// FullView is the printable full edition: the whole survey on one page, in its order.
type FullView struct {
	Common
	Sections []FullSection
}

// FullSection is one card of the full edition.
type FullSection struct {
	ID        string // anchor: "page-<id>", "scheme-<id>" or "standard-<id>"
	Section   string
	Title     string
	Subtitle  string        // a standard's English title, on a Japanese page (content.Standard.BothTitles)
	Meta      string        // region and kind, or edition and Japanese equivalents
	Body      template.HTML `hash:"ignore"`
	Markdown  uint64        // digest of what Body is rendered from
	Standards []Link        // a scheme's related or referenced standards, linked in the page
}

// MaxFullCards is the number of cards above which no full edition is built: a survey that
// large is no longer something to print or read on one page, and its pages, search and
// exports serve instead.
const MaxFullCards = 600

// hasFull reports whether the site has a full edition.
func (r *renderer) hasFull() bool { return len(r.site.Order) <= MaxFullCards }

// full renders the full edition. References between cards lead to their sections on
// the same page, so that a printed or saved copy is complete in itself.
func (r *renderer) full(lang string) {
	if !r.hasFull() {
		return
	}
	p := page{lang: lang, path: lang + "/full.html"}
	v := &FullView{Common: r.common(p, r.label(lang, "full.title"))}
	resolve := func(kind, id string) (string, bool) {
		if content.CardKind(kind) == content.PageCard && r.site.Page(id) == nil {
			return model.Rel(p.path, model.Path(lang, content.PageCard, id)), builtin(id)
		}
		return "#" + kind + "-" + id, true
	}
	var docs []*markdown.Doc
	for _, e := range r.site.Order {
		s := FullSection{ID: string(e.Kind) + "-" + e.ID}
		var doc *markdown.Doc
		switch e.Kind {
		case content.PageCard:
			pg := r.site.Page(e.ID)
			t := pg.Text(lang)
			s.Title, s.Markdown, doc = t.Title, fieldsDigest(pg.Docs[lang].Fields()), pg.Docs[lang]
		case content.SchemeCard:
			sc := r.site.Scheme(e.ID)
			t := sc.Text(lang)
			s.Section, s.Title, doc = string(sc.Section), t.Title, sc.Docs[lang]
			s.Meta = r.label(lang, "region."+string(sc.Region)) + " · " + r.label(lang, "kind."+string(sc.Kind))
			s.Markdown = fieldsDigest(sc.Docs[lang].Fields())
			for _, st := range sc.Standards {
				l := r.standardLink(p, st)
				l.URL = "#standard-" + string(st.ID)
				s.Standards = append(s.Standards, l)
			}
		case content.StandardCard:
			st := r.site.Standard(e.ID)
			t := st.Text(lang)
			s.Section, s.Title, doc = string(st.Section), st.Designation, st.Docs[lang]
			if t.Title != st.Designation {
				s.Title += " " + t.Title
			}
			if st.BothTitles && lang == "ja" {
				s.Subtitle = st.En.Title
			}
			s.Meta = st.Designation
			if st.Edition != "" {
				s.Meta += ":" + st.Edition
			}
			for _, j := range st.JIS {
				s.Meta += r.label(lang, "punct.list") + j
			}
			s.Markdown = fieldsDigest(st.Docs[lang].Fields())
		}
		v.Sections = append(v.Sections, s)
		docs = append(docs, doc)
	}
	r.emit("full", p.path, v, func() {
		for i := range v.Sections {
			h, err := r.md.RenderPrefixed(docs[i], resolve, r.abbrs[lang], map[string]bool{}, v.Sections[i].ID)
			if err != nil {
				r.fail(fmt.Errorf("%s: %w", p.path, err))
			}
			v.Sections[i].Body = h
		}
	})
}
