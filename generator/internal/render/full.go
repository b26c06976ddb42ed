package render

import (
	"html/template"
	"slices"
	"strconv"
	"strings"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/markdown"
	"github.com/jipdec-survey/cloudsec/generator/internal/model"
)

// FullView is the printable full edition: the whole survey on one page, in its order.
type FullView struct {
	Common
	Sections []FullSection
	PrintCSS string // the edition's own print rules: the survey's title in the page margin
}

// FullSection is one card of the full edition.
type FullSection struct {
	ID        string // anchor: "page-<id>", "scheme-<id>" or "standard-<id>"
	Part      string // the heading of the group of cards this one opens (2.1 ...), or ""
	PartID    string
	Chapter   bool // printed from a new page: the front pages, the first of the back pages
	Heads     bool // a section card: it heads the cards after it
	Section   string
	Title     string
	Heading   template.HTML `hash:"ignore"` // the title with its note markers, or "" (Markdown)
	Subtitle  string        // a standard's English title, on a Japanese page (content.Standard.BothTitles)
	Meta      string        // region and kind, or edition and Japanese equivalents
	Body      []BodyPart    `hash:"ignore"`
	Markdown  uint64        // digest of what Body is rendered from
	Standards []Link        // a scheme's related or referenced standards, linked in the page
	Figures   []Figure      // the figures the text places; or the figure that is the section
}

// MaxFullCards is the number of cards above which no full edition is built: a survey that
// large is no longer something to print or read on one page, and its pages, search and
// exports serve instead.
const MaxFullCards = 600

// hasFull reports whether the site has a full edition.
func (r *renderer) hasFull() bool { return len(r.site.Order) <= MaxFullCards }

// inPage makes the links of a figure of the full edition lead to the cards' sections on
// the same page, as its text's links do.
func inPage(f *Figure) {
	move := func(u string) string {
		for _, k := range []content.CardKind{content.SchemeCard, content.StandardCard} {
			if id, ok := strings.CutPrefix(u, k.Folder()+"/"); ok {
				return "#" + string(k) + "-" + strings.TrimSuffix(id, ".html")
			}
		}
		return u
	}
	g := &f.Drawing.Graph
	g.Nodes = slices.Clone(g.Nodes)
	for i := range g.Nodes {
		g.Nodes[i].URL = move(g.Nodes[i].URL)
	}
	for i := range f.Lists {
		f.Lists[i].Links = slices.Clone(f.Lists[i].Links)
		for j := range f.Lists[i].Links {
			f.Lists[i].Links[j].URL = move(f.Lists[i].Links[j].URL)
		}
	}
}

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
			return model.Rel(p.path, model.Path(lang, content.PageCard, id)), slices.Contains(model.BuiltinPages, id)
		}
		if kind == string(model.FigureRef) {
			return "#" + id, true
		}
		return "#" + kind + "-" + id, true
	}
	css := "assets/full-" + lang + ".css"
	r.add(Output{Path: css, Bytes: []byte("@page { @top-center { content: " + strconv.Quote(v.SiteTitle) + "; } }\n" +
		"@page :first { @top-center { content: none; } }\n")}) // the first page has the title in full
	v.PrintCSS = p.rel(css)
	var docs []*markdown.Doc
	families, others, back := false, false, false
	for _, e := range r.site.Order {
		// The standards the survey names outside chapter 2's sections get a heading.
		key := ""
		if st := r.site.Standard(e.ID); e.Kind == content.StandardCard && st.Section == "" && !others {
			key, others = "part.other", true
		}
		head := func(s *FullSection) {
			if key != "" {
				s.PartID, s.Part, key = anchorOf(key), r.label(lang, key), ""
			}
		}
		if e.Kind == content.StandardCard && !families {
			// The standards' relations open the standards, as a section of their own.
			families = true
			f := r.figure(p, "families")
			inPage(&f)
			fs := FullSection{ID: "fig-" + f.ID, Title: f.Title, Figures: []Figure{f}}
			head(&fs)
			v.Sections = append(v.Sections, fs)
			docs = append(docs, nil)
		}
		s := FullSection{ID: string(e.Kind) + "-" + e.ID}
		head(&s)
		var doc *markdown.Doc
		switch e.Kind {
		case content.PageCard:
			pg := r.site.Page(e.ID)
			t := pg.Text(lang)
			s.Section, s.Title, s.Markdown, doc = string(pg.Section), t.Title, fieldsDigest(pg.Docs[lang].Fields()), pg.Docs[lang]
			s.Chapter = pg.Part == "front" || pg.Part == "back" && !back // the back pages are one chapter
			s.Heads = pg.Section != ""
			back = back || pg.Part == "back"
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
			s.Section, s.Title, doc = string(st.Section), fullTitle(st, lang), st.Docs[lang]
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
		s.Figures = r.figuresOf(p, doc)
		for i := range s.Figures {
			inPage(&s.Figures[i])
		}
		v.Sections = append(v.Sections, s)
		docs = append(docs, doc)
		// A section card's closing text follows the last card it lists.
		if sec := r.site.Sections(e); len(sec) > 0 {
			if pg := sec[len(sec)-1]; pg.After != nil && r.site.Listed(pg)[len(r.site.Listed(pg))-1] == e {
				v.Sections = append(v.Sections, FullSection{ID: "page-" + string(pg.ID) + "-after", Markdown: fieldsDigest(pg.After[lang].Fields())})
				docs = append(docs, pg.After[lang])
			}
		}
	}
	r.emit("full", p.path, v, func() {
		for i := range v.Sections {
			s := &v.Sections[i]
			if docs[i] == nil { // a figure's section
				s.Figures[0].SVG = r.draw(p.path, s.Figures[0].Drawing)
				s.Body = []BodyPart{{Figure: &s.Figures[0]}}
				continue
			}
			s.Heading = r.heading(docs[i], p, s.ID, resolve)
			s.Body = r.parts(p, docs[i], s.Figures, s.ID, resolve)
		}
	})
}
