package render

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"iter"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/gohugoio/hashstructure"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/markdown"
	"github.com/jipdec-survey/cloudsec/generator/internal/model"
	"github.com/jipdec-survey/cloudsec/generator/internal/parallel"
)

type renderer struct {
	site    *model.Site
	layouts *Layouts
	md      *markdown.Engine
	abbrs   map[string]*markdown.Abbrs // glossary abbreviations by language
	prev    map[string]uint64          // fingerprints of an earlier render, by path; nil: none
	hashes  map[string]uint64          // LabelsHash and AbbrHash by language
	send    func(Output) bool          // hands an output on; false: the consumer stopped

	mu      sync.Mutex // guards the fields below
	err     error
	pages   []string              // paths of the HTML pages made, for the sitemap
	chromes map[chromeKey]*Chrome // by language and folder
}

// errStopped ends a render whose consumer stopped taking outputs.
var errStopped = errors.New("render: stopped")

// Site renders every output file of site and yields each as soon as it is made, from
// both cores, in no fixed order; package publish takes them as they come, so that a
// big survey is never held in memory whole. A template or label problem yields an
// error, after which nothing more is yielded: content problems were reported by model
// already.
//
// prev holds the fingerprints of an earlier render of the same layouts (the preview
// keeps them between builds): a page whose view has the fingerprint it had then is
// yielded Reused, without bytes, its Markdown and template not run. With prev nil every
// page is rendered and none is fingerprinted.
func Site(site *model.Site, layouts *Layouts, md *markdown.Engine, prev map[string]uint64) iter.Seq2[Output, error] {
	return func(yield func(Output, error) bool) {
		outs := make(chan Output, 64)
		stop := make(chan struct{})
		r := &renderer{site: site, layouts: layouts, md: md, prev: prev, hashes: map[string]uint64{}}
		r.send = func(o Output) bool {
			select {
			case outs <- o:
				return true
			case <-stop:
				return false
			}
		}
		go func() {
			r.run()
			close(outs)
		}()
		for o := range outs {
			if !yield(o, nil) {
				close(stop)
				for range outs {
				}
				return
			}
		}
		if err := r.error(); err != nil {
			yield(Output{}, err)
		}
	}
}

// Render returns every output file of site, sorted by path: [Site], collected.
func Render(site *model.Site, layouts *Layouts, md *markdown.Engine, prev map[string]uint64) ([]Output, error) {
	var outs []Output
	for o, err := range Site(site, layouts, md, prev) {
		if err != nil {
			return nil, err
		}
		outs = append(outs, o)
	}
	slices.SortFunc(outs, func(a, b Output) int { return strings.Compare(a.Path, b.Path) })
	return outs, nil
}

// run makes every output of the site and hands each to r.send.
func (r *renderer) run() {
	site := r.site
	r.abbrs = abbreviations(site.Content.Glossary)
	for _, lang := range content.Langs {
		lh, err1 := hashstructure.Hash([]any{r.layouts.i18n[lang], r.layouts.sum}, nil)
		ah, err2 := hashstructure.Hash(r.abbrs[lang].List(), nil)
		if err := errors.Join(err1, err2); err != nil {
			r.fail(err)
			return
		}
		r.hashes["labels."+lang], r.hashes["abbrs."+lang] = lh, ah
	}
	// Every output on both cores. The biggest come first (the search indexes, the
	// exports and the full edition, each the size of the survey), so that no core is
	// left alone with one at the end.
	jobs := []func(){r.data}
	for _, lang := range content.Langs {
		jobs = append(jobs, func() { r.search(lang) }, func() { r.full(lang) })
	}
	jobs = append(jobs, r.landing, r.notFound)
	for _, lang := range content.Langs {
		jobs = append(jobs, func() { r.home(lang) }, func() { r.matrix(lang) }, func() { r.diagram(lang) },
			func() { r.changes(lang) }, func() { r.glossary(lang) })
		for _, sc := range site.Schemes {
			jobs = append(jobs, func() { r.scheme(lang, sc) })
		}
		for _, st := range site.Standards {
			jobs = append(jobs, func() { r.standard(lang, st) })
		}
		for _, pg := range site.Pages {
			jobs = append(jobs, func() { r.prose(lang, pg) })
		}
	}
	parallel.ForEach(len(jobs), func(i int) { jobs[i]() })
	r.statics() // last: the sitemap lists the pages
}

// emit renders one page, unless its fingerprint (its view, without the HTML rendered
// from Markdown, with the labels and templates folded in through Common.LabelsHash)
// equals the one of the earlier render: then the page is reused as it is on disk, and
// fill, which renders the view's Markdown and diagrams, is not called.
func (r *renderer) emit(kind, path string, view any, fill func()) {
	if r.error() != nil {
		return // the render has failed or stopped: make nothing more
	}
	var fp uint64
	if r.prev != nil {
		var err error
		if fp, err = hashstructure.Hash(view, nil); err != nil {
			r.fail(fmt.Errorf("%s: fingerprint: %w", path, err))
			return
		}
		if old, ok := r.prev[path]; ok && old == fp {
			r.add(Output{Path: path, Fingerprint: fp, Reused: true})
			return
		}
	}
	if fill != nil {
		fill()
	}
	var buf bytes.Buffer
	if err := r.layouts.execute(&buf, kind, view); err != nil {
		r.fail(fmt.Errorf("%s: %w", path, err))
		return
	}
	r.add(Output{Path: path, Bytes: buf.Bytes(), Fingerprint: fp})
}

// add hands an output on; it is safe for concurrent use.
func (r *renderer) add(o Output) {
	if strings.HasSuffix(o.Path, ".html") {
		r.mu.Lock()
		r.pages = append(r.pages, o.Path)
		r.mu.Unlock()
	}
	if !r.send(o) {
		r.fail(errStopped)
	}
}

// error returns the first error recorded; it is safe for concurrent use.
func (r *renderer) error() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// fail records the first error; it is safe for concurrent use.
func (r *renderer) fail(err error) {
	r.mu.Lock()
	if r.err == nil {
		r.err = err
	}
	r.mu.Unlock()
}

// abbreviations are the glossary's abbreviations by language, as pages mark them up.
func abbreviations(g *content.Glossary) map[string]*markdown.Abbrs {
	lists := map[string][]markdown.Abbr{}
	out := map[string]*markdown.Abbrs{}
	if g == nil {
		return out
	}
	for _, t := range g.Terms {
		if t.Abbr == "" {
			continue
		}
		for _, lang := range content.Langs {
			if title := t.Text(lang).Term; title != t.Abbr {
				lists[lang] = append(lists[lang], markdown.Abbr{Abbr: t.Abbr, Title: title, ID: string(t.ID), Except: t.Except})
			}
		}
	}
	for lang, list := range lists {
		out[lang] = markdown.NewAbbrs(list)
	}
	return out
}

func (r *renderer) body(doc *markdown.Doc, p page) template.HTML {
	h, err := r.html(doc, p)
	if err != nil {
		r.fail(fmt.Errorf("%s: %w", p.path, err))
	}
	return h
}

func (r *renderer) partCrumb(p page, key string) Link {
	return Link{URL: p.rel(p.lang+"/index.html") + "#" + anchorOf(key), Text: r.label(p.lang, key)}
}

// anchorOf turns a label key such as "part.2.1" into the id of its heading on the home page.
func anchorOf(key string) string { return strings.ReplaceAll(key, ".", "-") }

func (r *renderer) scheme(lang string, sc *model.Scheme) {
	p := page{lang: lang, path: model.Path(lang, content.SchemeCard, string(sc.ID))}
	t := sc.Text(lang)
	v := &SchemeView{
		Common:  r.common(p, t.Title, r.crumbs(p, model.Entry{Kind: content.SchemeCard, ID: string(sc.ID)})...),
		Section: string(sc.Section),
		Region:  r.label(lang, "region."+string(sc.Region)),
		Kind:    r.label(lang, "kind."+string(sc.Kind)),
		New:     r.newBadge(lang, sc),
	}
	r.setPager(&v.Common, p, content.SchemeCard, string(sc.ID))
	for _, tg := range sc.Targets {
		v.Targets = append(v.Targets, r.label(lang, "target."+string(tg)))
	}
	v.Markdown = fieldsDigest(sc.Docs[lang].Fields())
	for _, st := range sc.Standards {
		v.Standards = append(v.Standards, r.standardLink(p, st))
	}
	for _, st := range sc.Mentions {
		v.Mentions = append(v.Mentions, r.standardLink(p, st))
	}
	for _, o := range sc.Related {
		v.Related = append(v.Related, r.schemeLink(p, o))
	}
	for _, o := range sc.RelatedBy {
		v.RelatedBy = append(v.RelatedBy, r.schemeLink(p, o))
	}
	v.Drawing = r.schemeNeighbourhood(p, sc)
	r.emit("scheme", p.path, v, func() {
		v.Heading = r.heading(sc.Docs[lang], p, "", r.resolver(p))
		v.Body = r.body(sc.Docs[lang], p)
		v.Diagram = r.draw(p.path, v.Drawing)
	})
}

func (r *renderer) standard(lang string, st *model.Standard) {
	p := page{lang: lang, path: model.Path(lang, content.StandardCard, string(st.ID))}
	v := &StandardView{
		Common:      r.common(p, st.Designation, r.crumbs(p, model.Entry{Kind: content.StandardCard, ID: string(st.ID)})...),
		Designation: st.Designation,
		Edition:     st.Edition,
		Section:     string(st.Section),
		Withdrawn:   st.Status == "withdrawn",
		JIS:         st.JIS,
		Count:       len(st.ReferencedBy),
	}
	r.setPager(&v.Common, p, content.StandardCard, string(st.ID))
	if t := st.Text(lang).Title; t != st.Designation {
		v.LongTitle = t // under the designation, which is the page's title
	}
	if st.BothTitles && lang == "ja" {
		v.EnglishTitle = st.En.Title
	}
	v.Markdown = fieldsDigest(st.Docs[lang].Fields())
	for _, rel := range st.Relations {
		key := "rel." + rel.Type
		if rel.Incoming {
			key += ".in"
		}
		l := r.standardLink(p, rel.Other)
		l.Section = r.label(lang, key)
		l.Note = "" // not the other standard's title
		if rel.Note != nil {
			l.Note = rel.Note.Text(lang)
		}
		v.Relations = append(v.Relations, l)
	}
	for _, region := range content.Regions {
		g := Group{ID: "region-" + region, Title: r.label(lang, "region."+region)}
		for _, sc := range st.ReferencedBy {
			if string(sc.Region) == region {
				g.Links = append(g.Links, r.schemeLink(p, sc))
			}
		}
		if len(g.Links) > 0 {
			v.ReferencedBy = append(v.ReferencedBy, g)
		}
	}
	for _, e := range st.MentionedBy {
		v.MentionedBy = append(v.MentionedBy, r.entryLink(p, e))
	}
	for _, q := range st.Quotes {
		if doc := q.Docs[lang]; doc != nil {
			v.Quotes = append(v.Quotes, Quote{From: r.entryLink(p, q.From), Label: q.Label})
			v.Markdown ^= fieldsDigest(doc.Fields())
		}
	}
	for _, u := range st.URLs {
		v.URLs = append(v.URLs, string(u))
	}
	v.Drawing = r.standardNeighbourhood(p, st)
	r.emit("standard", p.path, v, func() {
		v.Body = r.body(st.Docs[lang], p)
		i := 0
		for _, q := range st.Quotes {
			if doc := q.Docs[lang]; doc != nil {
				v.Quotes[i].HTML = r.body(doc, p)
				i++
			}
		}
		v.Diagram = r.draw(p.path, v.Drawing)
	})
}

func (r *renderer) prose(lang string, pg *model.Page) {
	p := page{lang: lang, path: model.Path(lang, content.PageCard, string(pg.ID))}
	e := model.Entry{Kind: content.PageCard, ID: string(pg.ID)}
	v := &ProseView{Common: r.common(p, pg.Text(lang).Title, r.crumbs(p, e)...)}
	r.setPager(&v.Common, p, content.PageCard, string(pg.ID))
	v.Markdown = fieldsDigest(pg.Docs[lang].Fields())
	if pg.After != nil {
		v.Markdown ^= fieldsDigest(pg.After[lang].Fields())
	}
	v.Figures = r.figuresOf(p, pg.Docs[lang])
	if pg.Section != "" {
		v.Section = string(pg.Section)
		v.Cards = r.cardLinks(p, r.site.Listed(pg), v.Section)
	}
	r.emit("page", p.path, v, func() {
		v.Body = r.parts(p, pg.Docs[lang], v.Figures, "", r.resolver(p))
		if pg.After != nil {
			v.After = r.body(pg.After[lang], p)
		}
	})
}

// figuresOf makes the figures that doc places, in its order.
func (r *renderer) figuresOf(p page, doc *markdown.Doc) []Figure {
	var out []Figure
	for _, ref := range doc.Refs {
		if content.CardKind(ref.Kind) == model.FigureRef {
			out = append(out, r.figure(p, ref.ID))
		}
	}
	return out
}

// parts renders doc cut where it places figures, drawing each of figs (made by
// figuresOf) in its place, with the reference's text as its caption's lead.
func (r *renderer) parts(p page, doc *markdown.Doc, figs []Figure, prefix string, resolve markdown.Resolver) []BodyPart {
	parts, err := r.md.RenderParts(doc, resolve, r.abbrs[p.lang], map[string]bool{}, prefix)
	if err != nil {
		r.fail(fmt.Errorf("%s: %w", p.path, err))
		return nil
	}
	var out []BodyPart
	n := 0
	for _, pt := range parts {
		bp := BodyPart{HTML: pt.HTML}
		if pt.Figure != "" && n < len(figs) {
			f := &figs[n]
			n++
			// The text around the figure says what its caption would.
			f.Lead, f.Caption = pt.Caption, ""
			f.SVG = r.draw(p.path, f.Drawing)
			bp.Figure = f
		}
		out = append(out, bp)
	}
	return out
}

func (r *renderer) home(lang string) {
	p := page{lang: lang, path: lang + "/index.html"}
	v := &HomeView{Common: r.common(p, r.site.Content.Site.Text(lang).Title), Contents: r.contents(p)}
	v.Breadcrumbs = nil
	r.emit("home", p.path, v, nil)
}

// contents lists the survey's pages in the order of its contents, with links from p.
func (r *renderer) contents(p page) Contents {
	lang := p.lang
	var v Contents
	for _, pg := range r.site.Pages {
		l := r.entryLink(p, model.Entry{Kind: content.PageCard, ID: string(pg.ID)})
		switch pg.Part {
		case "front":
			v.Front = append(v.Front, l)
		case "back":
			v.Back = append(v.Back, l)
		}
	}
	for _, l := range r.cardLinks(p, r.site.Chapter, "") {
		switch {
		case l.Sub != nil:
			v.Chapter = append(v.Chapter, Group{ID: "part-" + strings.ReplaceAll(l.Section, ".", "-"), Title: l.Section + " " + l.Text, URL: l.URL, Links: l.Sub})
		case len(v.Chapter) > 0 && v.Chapter[len(v.Chapter)-1].Title == "":
			g := &v.Chapter[len(v.Chapter)-1]
			g.Links = append(g.Links, l)
		default: // a card outside every section card
			v.Chapter = append(v.Chapter, Group{Links: []Link{l}})
		}
	}
	others := Group{ID: anchorOf("part.other"), Title: r.label(lang, "part.other")}
	for _, st := range r.site.Standards {
		if st.Section == "" {
			others.Links = append(others.Links, r.standardLink(p, st))
		}
	}
	if others.Links != nil {
		v.Chapter = append(v.Chapter, others)
	}
	v.Tools = []Link{
		{URL: p.rel(lang + "/matrix.html"), Text: r.label(lang, "nav.matrix")},
		{URL: p.rel(lang + "/diagram.html"), Text: r.label(lang, "nav.diagram")},
		{URL: p.rel(lang + "/glossary.html"), Text: r.label(lang, "nav.glossary")},
		{URL: p.rel(lang + "/changes.html"), Text: r.label(lang, "nav.changes")},
		{URL: p.rel(lang + "/search.html"), Text: r.label(lang, "search.title")},
	}
	if r.hasFull() {
		v.Tools = append(v.Tools, Link{URL: p.rel(lang + "/full.html"), Text: r.label(lang, "full.title")})
	}
	v.Tools = append(v.Tools,
		Link{URL: p.rel("data/survey.json"), Text: r.label(lang, "home.data.json")},
		Link{URL: p.rel("data/matrix.csv"), Text: r.label(lang, "home.data.csv")})
	return v
}

// MaxMatrixRows is the number of schemes above which the matrix page shows one row per
// region with counts; data/matrix.csv always has one row per scheme.
const MaxMatrixRows = 300

func (r *renderer) matrix(lang string) {
	p := page{lang: lang, path: lang + "/matrix.html"}
	m := r.site.Matrix
	v := &MatrixView{Common: r.common(p, r.label(lang, "matrix.title")), ColSums: m.ColSum, Grouped: len(m.Rows) > MaxMatrixRows}
	for _, st := range m.Columns {
		v.Columns = append(v.Columns, r.standardLink(p, st))
	}
	if v.Grouped {
		g := MatrixGroup{Title: r.label(lang, "matrix.scheme")}
		for _, region := range content.Regions {
			row := MatrixRow{
				Link:   Link{URL: p.rel(lang+"/index.html") + "#" + anchorOf(regionPart[region]), Text: r.label(lang, regionPart[region])},
				Counts: make([]int, len(m.Columns)),
			}
			for i, sc := range m.Rows {
				if string(sc.Region) != region {
					continue
				}
				for j, cell := range m.Cells[i] {
					if cell {
						row.Counts[j]++
					}
				}
				row.Sum += m.RowSum[i]
			}
			v.Total += row.Sum
			g.Rows = append(g.Rows, row)
		}
		v.Groups = []MatrixGroup{g}
		r.emit("matrix", p.path, v, nil)
		return
	}
	v.Script = p.rel("assets/matrix.js")
	for _, f := range []struct {
		name   string
		values []string
	}{{"region", content.Regions}, {"kind", content.Kinds}, {"targets", content.Targets}} {
		flt := Filter{Name: f.name, Label: r.label(lang, "matrix.filter."+f.name)}
		for _, val := range f.values {
			key := map[string]string{"region": "region.", "kind": "kind.", "targets": "target."}[f.name] + val
			used := false
			for _, sc := range m.Rows {
				used = used || string(sc.Region) == val || string(sc.Kind) == val || slices.Contains(sc.Targets, content.Target(val))
			}
			if used {
				flt.Options = append(flt.Options, Link{URL: val, Text: r.label(lang, key)})
			}
		}
		v.Filters = append(v.Filters, flt)
	}
	for _, region := range content.Regions {
		g := MatrixGroup{Title: r.label(lang, regionPart[region])}
		for i, sc := range m.Rows {
			if string(sc.Region) == region {
				targets := make([]string, len(sc.Targets))
				for k, tg := range sc.Targets {
					targets[k] = string(tg)
				}
				link := r.schemeLink(p, sc)
				link.Text, link.Note = sc.Text(lang).Label, link.Text // the full title as the link's title
				g.Rows = append(g.Rows, MatrixRow{
					Region: string(sc.Region), Kind: string(sc.Kind), Targets: strings.Join(targets, " "),
					Link: link, Cells: m.Cells[i], Sum: m.RowSum[i],
				})
				v.Total += m.RowSum[i]
			}
		}
		if len(g.Rows) > 0 {
			v.Groups = append(v.Groups, g)
		}
	}
	r.emit("matrix", p.path, v, nil)
}

func (r *renderer) changes(lang string) {
	p := page{lang: lang, path: lang + "/changes.html"}
	v := &ChangesView{Common: r.common(p, r.label(lang, "changes.title"))}
	revs := r.site.Content.Site.Revisions
	for i := len(revs) - 1; i >= 0; i-- {
		rev := revs[i]
		rv := RevisionView{ID: rev.ID, Title: rev.Text(lang).Title, Date: rev.Date, Current: i == len(revs)-1, Source: rev.Text(lang).Summary}
		for _, sc := range r.site.Schemes {
			if sc.AddedIn == rev.ID {
				rv.Added = append(rv.Added, r.schemeLink(p, sc))
			}
		}
		v.Revisions = append(v.Revisions, rv)
	}
	for _, x := range r.site.Corrections {
		v.Corrections = append(v.Corrections, CorrectionView{Card: r.entryLink(p, x.Card), Original: x.Original, Corrected: x.Corrected})
	}
	r.emit("changes", p.path, v, func() {
		for j := range v.Revisions {
			v.Revisions[j].Summary = r.body(r.site.RevisionDocs[len(revs)-1-j][lang], p)
		}
	})
}

func (r *renderer) glossary(lang string) {
	p := page{lang: lang, path: lang + "/glossary.html"}
	v := &GlossaryView{Common: r.common(p, r.label(lang, "glossary.title"))}
	for _, t := range r.site.Terms {
		v.Terms = append(v.Terms, TermView{ID: string(t.ID), Abbr: t.Abbr, Term: t.Text(lang).Term, Source: t.Text(lang).Description})
	}
	v.Index = glossaryIndex(slices.Clone(v.Terms), r.label(lang, "glossary.other"))
	r.emit("glossary", p.path, v, func() {
		for i := range v.Terms {
			v.Terms[i].Description = r.body(r.site.TermDocs[i][lang], p)
		}
	})
}

// glossaryIndex groups the terms by the initial of what their entry starts with: A-Z,
// then the rows of the kana syllabary (あかさたな...), then the rest (digits, kanji: the
// cards give no readings to place them by). It sorts terms.
func glossaryIndex(terms []TermView, other string) []Group {
	const heads, rows = "ぁかさたなはまゃらゎ", "あかさたなはまやらわ" // 3 bytes a kana
	initial := func(t TermView) (int, string) {
		c, _ := utf8.DecodeRuneInString(strings.ToUpper(cmp.Or(t.Abbr, t.Term)))
		if c >= 'ァ' && c <= 'ヶ' {
			c -= 'ァ' - 'ぁ' // katakana to hiragana
		}
		if i := strings.LastIndexFunc(heads, func(h rune) bool { return h <= c }); c >= 'ぁ' && c <= 'ゖ' && c != 'ゔ' {
			return 1<<16 + i, rows[i : i+3]
		} else if c >= 'A' && c <= 'Z' {
			return int(c), string(c)
		}
		return 1 << 20, other
	}
	slices.SortStableFunc(terms, func(a, b TermView) int {
		ra, _ := initial(a)
		rb, _ := initial(b)
		return cmp.Or(ra-rb, strings.Compare(strings.ToLower(cmp.Or(a.Abbr, a.Term)), strings.ToLower(cmp.Or(b.Abbr, b.Term))), strings.Compare(a.ID, b.ID))
	})
	var groups []Group
	for _, t := range terms {
		if _, in := initial(t); len(groups) == 0 || groups[len(groups)-1].Title != in {
			groups = append(groups, Group{ID: "initial-" + in, Title: in})
		}
		groups[len(groups)-1].Links = append(groups[len(groups)-1].Links, Link{URL: "#" + t.ID, Text: cmp.Or(t.Abbr, t.Term)})
	}
	return groups
}

func (r *renderer) landing() {
	p := page{lang: "ja", path: "index.html"}
	v := &LandingView{Common: r.common(p, r.site.Content.Site.Ja.Title)}
	v.AltURL, v.Alternates, v.Breadcrumbs = "", nil, nil
	for _, lang := range content.Langs {
		t := r.site.Content.Site.Text(lang)
		v.Languages = append(v.Languages, LandingLang{
			Lang: lang, Title: t.Title, Description: t.Description,
			Choose: r.label(lang, "landing.choose"), Name: r.label(lang, "lang.name"),
			URL: lang + "/index.html",
		})
	}
	r.emit("landing", p.path, v, nil)
}

// notFound is 404.html. A static host serves it in place of any missing file, at any
// depth, so with a base URL its links are absolute; without one they are relative to the
// site's root (right at the root, unstyled deeper down).
func (r *renderer) notFound() {
	p := page{lang: "ja", path: "404.html", base: r.site.Content.Site.BaseURL}
	v := &LandingView{Common: r.common(p, r.label("ja", "notfound.title"))}
	v.AltURL, v.Alternates, v.Breadcrumbs = "", nil, nil
	for _, lang := range content.Langs {
		t := r.site.Content.Site.Text(lang)
		v.Languages = append(v.Languages, LandingLang{
			Lang: lang, Title: r.label(lang, "notfound.title"), Description: r.label(lang, "notfound.body"),
			Name: t.Title, URL: p.rel(lang + "/index.html"),
		})
	}
	r.emit("404", p.path, v, nil)
}

// statics adds the assets and the files a static host reads.
func (r *renderer) statics() {
	for _, a := range r.layouts.assets {
		r.add(a)
	}
	r.add(Output{Path: ".nojekyll", Bytes: []byte{}})
	base := r.site.Content.Site.BaseURL
	robots := "User-agent: *\nAllow: /\n"
	if base != "" {
		robots += "Sitemap: " + base + "sitemap.xml\n"
		r.sitemap(base)
	}
	r.add(Output{Path: "robots.txt", Bytes: []byte(robots)})
}

// sitemap writes sitemap.xml, which lists every page.
func (r *renderer) sitemap(base string) {
	var paths []string
	r.mu.Lock()
	for _, p := range r.pages {
		if strings.HasPrefix(p, "ja/") {
			paths = append(paths, p[3:])
		}
	}
	r.mu.Unlock()
	slices.Sort(paths)
	r.add(Output{Path: "sitemap.xml", Bytes: sitemapBytes(base, paths)})
}

// sitemapBytes is sitemap.xml for the pages of paths (in each language's folder).
func sitemapBytes(base string, paths []string) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	esc := func(s string) string {
		var e bytes.Buffer
		_ = xml.EscapeText(&e, []byte(s))
		return e.String()
	}
	for _, rest := range paths {
		for _, lang := range content.Langs {
			b.WriteString("  <url>\n    <loc>" + esc(base+lang+"/"+rest) + "</loc>\n")
			for _, alt := range content.Langs {
				b.WriteString(`    <xhtml:link rel="alternate" hreflang="` + alt + `" href="` + esc(base+alt+"/"+rest) + `"/>` + "\n")
			}
			b.WriteString("  </url>\n")
		}
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}
