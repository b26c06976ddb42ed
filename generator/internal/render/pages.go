package render

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gohugoio/hashstructure"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/fingerprint"
	"github.com/jipdec-survey/cloudsec/generator/internal/markdown"
	"github.com/jipdec-survey/cloudsec/generator/internal/model"
	"github.com/jipdec-survey/cloudsec/generator/internal/parallel"
)

type renderer struct {
	mu          sync.Mutex // guards outs and err
	site        *model.Site
	layouts     *Layouts
	md          *markdown.Engine
	outs        []Output
	err         error
	abbrs       map[string]*markdown.Abbrs // glossary abbreviations by language
	prev        map[string]uint64          // fingerprints of the previous build, by path
	hashes      map[string]uint64          // LabelsHash and AbbrHash by language
	version     string                     // the generator's
	put         func(Output) error         // streams each output; nil keeps them in outs
	only        map[string]bool            // see Reuse
	exports     *Exports                   // see Reuse
	searchStore SearchStore                // see Reuse
	surveyStore SurveyStore                // see Reuse
	chromes     map[chromeKey]*Chrome      // by language and folder; guarded by mu
	pageSizes   sync.Map                   // the largest page so far, by kind: *atomic.Int64
}

// sizes returns the size of the largest page of kind so far.
func (r *renderer) sizes(kind string) *atomic.Int64 {
	if v, ok := r.pageSizes.Load(kind); ok {
		return v.(*atomic.Int64)
	}
	v, _ := r.pageSizes.LoadOrStore(kind, new(atomic.Int64))
	return v.(*atomic.Int64)
}

// Render returns every output file of the site, sorted by path. prev holds the
// fingerprints of the previous build's pages (nil for a clean build); a page whose
// fingerprint is unchanged comes back Reused, without bytes. version identifies the
// generator, so that a new generator re-renders everything. An error means a template or
// label problem: content problems were reported by model already.
func Render(site *model.Site, layouts *Layouts, md *markdown.Engine, prev map[string]uint64, version string) ([]Output, error) {
	return render(site, layouts, md, prev, version, nil, Reuse{})
}

// Stream is [Render] for a site too big to hold in memory: it hands each output to put
// as soon as it is made, from several goroutines at once, and returns the outputs
// without their bytes. put must not keep o.Bytes after it returns; after an error from
// put (or from a template) no further page is rendered, and the first error is returned.
// reuse says what it may take over from the previous build instead of redoing it.
func Stream(site *model.Site, layouts *Layouts, md *markdown.Engine, prev map[string]uint64, version string, put func(o Output) error, reuse Reuse) ([]Output, error) {
	return render(site, layouts, md, prev, version, put, reuse)
}

// Reuse is what a build takes over from the previous one (see build's card cache); the
// zero value takes nothing but the previous fingerprints.
type Reuse struct {
	// Only, when not nil, names the cards ("scheme:ismap", "standard:iso-iec-27001")
	// whose own pages may differ from the previous build's: the caller has established
	// that no other page can (no card changed anything but its own documents' text).
	// Every other page that prev has is then reused without building its view; the
	// search index and the data exports are made as always.
	Only map[string]bool
	// Exports holds the scheme cards already encoded for data/survey.json; nil encodes
	// them all.
	Exports *Exports
	// Search, when set, gives the search indexes of an earlier build and keeps this
	// build's; nil indexes every record.
	Search SearchStore
	// Survey, when set, locates the schemes in the data/survey.json of an earlier build
	// and keeps where they are in this build's: the schemes that Exports marks as
	// reused are copied from that file instead of encoded.
	Survey SurveyStore
}

func render(site *model.Site, layouts *Layouts, md *markdown.Engine, prev map[string]uint64, version string, put func(Output) error, reuse Reuse) ([]Output, error) {
	r := newRenderer(layouts, md, prev, version, put, reuse)
	if err := r.start(site); err != nil {
		return nil, err
	}
	return r.run(nil)
}

func newRenderer(layouts *Layouts, md *markdown.Engine, prev map[string]uint64, version string, put func(Output) error, reuse Reuse) *renderer {
	return &renderer{layouts: layouts, md: md, prev: prev, hashes: map[string]uint64{}, version: version, put: put, only: reuse.Only, exports: reuse.Exports, searchStore: reuse.Search, surveyStore: reuse.Survey,
		outs: make([]Output, 0, len(prev)+64)} // the pages of the last build, and a few more
}

// start readies r for the pages of site.
func (r *renderer) start(site *model.Site) error {
	r.site = site
	r.abbrs = abbreviations(site.Content.Glossary)
	for _, lang := range content.Langs {
		lh, err1 := hashstructure.Hash([]any{r.layouts.i18n[lang], r.layouts.sum, r.version}, nil)
		ah, err2 := hashstructure.Hash(r.abbrs[lang].List(), nil)
		if err := errors.Join(err1, err2); err != nil {
			return err
		}
		r.hashes["labels."+lang], r.hashes["abbrs."+lang] = lh, ah
	}
	return nil
}

// A Pipeline renders the pages of a big survey's schemes while package model parses
// the cards (as [model.Hooks.Parsed]), each as soon as its documents are parsed: their
// HTML goes straight into the page, instead of being kept until every card is parsed.
// [Pipeline.Finish] then renders the rest of the site, as [Stream] would have.
type Pipeline struct {
	r     *renderer
	once  sync.Once
	err   error
	mu    sync.Mutex
	ready map[*model.Scheme]bool // schemes whose pages are made
	queue []*model.Scheme        // schemes parsed whose pages are not made yet
}

// NewPipeline starts a pipeline; the arguments are [Stream]'s.
func NewPipeline(layouts *Layouts, md *markdown.Engine, prev map[string]uint64, version string, put func(o Output) error, reuse Reuse) *Pipeline {
	return &Pipeline{r: newRenderer(layouts, md, prev, version, put, reuse), ready: map[*model.Scheme]bool{}}
}

func (p *Pipeline) start(site *model.Site) error {
	p.once.Do(func() { p.err = p.r.start(site) })
	return p.err
}

// pipelineBatch is how many parsed schemes a Pipeline gathers before it renders their
// pages: the parser and the page renderer each keep their own work in the processor's
// caches for longer than when they take turns with every scheme.
const pipelineBatch = 256

// Scheme renders the pages of sc, a scheme of site, or queues it with others to render;
// it is a [model.Hooks.Parsed].
func (p *Pipeline) Scheme(site *model.Site, sc *model.Scheme) {
	if p.start(site) != nil {
		return
	}
	p.mu.Lock()
	p.queue = append(p.queue, sc)
	var batch []*model.Scheme
	if len(p.queue) >= pipelineBatch {
		batch, p.queue = p.queue, nil
	}
	p.mu.Unlock()
	for _, sc := range batch {
		for _, lang := range content.Langs {
			p.r.scheme(lang, sc)
		}
	}
	p.mu.Lock()
	for _, sc := range batch {
		p.ready[sc] = true
	}
	p.mu.Unlock()
}

// Finish renders every other output of site, the site whose schemes were passed to
// Scheme, and returns them all as [Stream] does. It is called once model is done.
func (p *Pipeline) Finish(site *model.Site) ([]Output, error) {
	if err := p.start(site); err != nil {
		return nil, err
	}
	return p.r.run(p.ready)
}

// Err returns the first error of the pages rendered so far (a template that failed, or
// put): the build then stops.
func (p *Pipeline) Err() error {
	p.r.mu.Lock()
	defer p.r.mu.Unlock()
	return p.r.err
}

// run renders every output but the pages of the schemes in ready, and returns all
// outputs, sorted by path.
func (r *renderer) run(ready map[*model.Scheme]bool) ([]Output, error) {
	site := r.site
	// Phase 1: every page that renders one card's documents, the search indexes and the
	// data exports, in parallel. Each document belongs to one page here, so no two
	// goroutines touch the same tree; the search records, which read every document, are
	// taken before. The indexes and the exports, which each build a file the size of
	// the survey, are spread among the pages: run together at the start they would hold
	// all those files at once, beside every card's rendered documents; run at the end,
	// alone on one core.
	records := map[string]*searchInput{}
	for _, lang := range content.Langs {
		records[lang] = r.searchRecords(lang)
	}
	var jobs []func()
	jobs = append(jobs, r.landing, r.notFound)
	for _, lang := range content.Langs {
		jobs = append(jobs, func() { r.home(lang) }, func() { r.matrix(lang) }, func() { r.diagram(lang) },
			func() { r.changes(lang) }, func() { r.glossary(lang) })
		for _, sc := range site.Schemes {
			if !ready[sc] {
				jobs = append(jobs, func() { r.scheme(lang, sc) })
			}
		}
		for _, st := range site.Standards {
			jobs = append(jobs, func() { r.standard(lang, st) })
		}
		for _, pg := range site.Pages {
			jobs = append(jobs, func() { r.prose(lang, pg) })
		}
	}
	big := []func(){r.data}
	for _, lang := range content.Langs {
		big = append(big, func() { r.search(lang, records[lang]) })
	}
	jobs = spread(jobs, big)
	runAll(jobs)
	// Phase 2: the full edition, which renders every document of a language again (one
	// goroutine per language: their documents differ).
	runAll([]func(){func() { r.full("ja") }, func() { r.full("en") }})
	r.statics() // last: the sitemap lists the pages
	if r.err != nil {
		return nil, r.err
	}
	sortOutputs(r.outs)
	return r.outs, nil
}

// emit renders one page, unless its fingerprint (its view, without the HTML rendered
// from Markdown, with the labels, templates and generator folded in through
// Common.LabelsHash) equals the one recorded by the previous build: then the page is
// reused as it is on disk and neither its Markdown nor its template is run.
func (r *renderer) emit(kind, path string, view any, fill func()) {
	if r.failed() {
		return // the build has failed: render nothing more
	}
	fp, err := fingerprint.Of(view)
	if err != nil {
		r.fail(fmt.Errorf("%s: fingerprint: %w", path, err))
		return
	}
	if prev, ok := r.prev[path]; ok && prev == fp {
		r.add(Output{Path: path, Fingerprint: fp, Reused: true})
		return
	}
	if fill != nil {
		fill()
	}
	buf := getBuffer()
	// A buffer the pool had to make anew is made the size of the largest page of its
	// kind so far, rather than grown to it step by step.
	hint := r.sizes(kind)
	buf.Grow(int(hint.Load()))
	if err := r.layouts.execute(buf, kind, view); err != nil {
		r.fail(fmt.Errorf("%s: %w", path, err))
		return
	}
	for n := int64(buf.Len()); ; {
		if old := hint.Load(); n <= old || hint.CompareAndSwap(old, n) {
			break
		}
	}
	r.add(Output{Path: path, Bytes: buf.Bytes(), Fingerprint: fp})
	if r.put != nil {
		putBuffer(buf) // put has written the bytes
	}
}

// unchanged reports whether the page at path, of card (kind:id, or "" for a page of no
// card), is known not to change (see Stream), and then records it as reused.
func (r *renderer) unchanged(path, card string) bool {
	if r.only == nil || r.only[card] {
		return false
	}
	fp, ok := r.prev[path]
	if !ok {
		return false
	}
	r.add(Output{Path: path, Fingerprint: fp, Reused: true})
	return true
}

// add records an output, streaming it through put when there is one; it is safe for
// concurrent use. The output is a copy: a caller's bytes (such as the layouts' assets)
// stay as they are.
func (r *renderer) add(o Output) {
	if r.put != nil {
		if err := r.put(o); err != nil {
			r.fail(err)
		}
		o.Bytes, o.Parts = nil, nil
	}
	r.mu.Lock()
	r.outs = append(r.outs, o)
	r.mu.Unlock()
}

// failed reports whether an error was recorded; it is safe for concurrent use.
func (r *renderer) failed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err != nil
}

// fail records the first error; it is safe for concurrent use.
func (r *renderer) fail(err error) {
	r.mu.Lock()
	if r.err == nil {
		r.err = err
	}
	r.mu.Unlock()
}

// spread returns jobs with big inserted at even intervals, the first a quarter of the
// way in and the last by three quarters: late enough that the pages before have let go
// of their documents, early enough that the pages after keep the other processors busy.
func spread(jobs, big []func()) []func() {
	out := make([]func(), 0, len(jobs)+len(big))
	next := 0
	for i, b := range big {
		at := len(jobs) / 4
		if len(big) > 1 {
			at += i * (len(jobs) / 2) / (len(big) - 1)
		}
		out = append(out, jobs[next:at]...)
		out = append(out, b)
		next = at
	}
	return append(out, jobs[next:]...)
}

// runAll runs jobs on every processor.
func runAll(jobs []func()) { parallel.ForEach(len(jobs), func(i int) { jobs[i]() }) }

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
				lists[lang] = append(lists[lang], markdown.Abbr{Abbr: t.Abbr, Title: title})
			}
		}
	}
	for lang, list := range lists {
		out[lang] = markdown.NewAbbrs(list)
	}
	return out
}

// Freezer returns the hook with which [model.Build] renders each scheme and standard
// document for its own page as soon as it is parsed, and drops its syntax tree: on a
// survey too big for a full edition, a document appears on its own page only, and
// holding every syntax tree until the pages render would take most of the build's
// memory. For a survey with a full edition it returns nil: the full edition renders every
// document a second time.
//
// settled, when not nil, reports whether a card (by kind, "scheme" or "std", and id), and
// everything else its document depends on, is as it was at the last build: that document is shelved instead (its page
// will most likely be reused, so rendering it now would be wasted; if the page renders
// after all, the document is parsed again).
func Freezer(c *content.Content, md *markdown.Engine, settled func(kind, id string) bool) model.Freezer {
	// The cards of the reading order, as hasFull counts them.
	cards := len(c.Schemes) + len(c.Standards)
	for _, p := range c.Pages {
		if p.Part == "front" || p.Part == "back" {
			cards++
		}
	}
	if cards <= MaxFullCards {
		return nil
	}
	abbrs := abbreviations(c.Glossary)
	return func(s *model.Site, kind, id, lang string, doc *markdown.Doc) error {
		if settled != nil && settled(kind, id) {
			md.Shelve(doc)
			return nil
		}
		r := &renderer{site: s, md: md}
		return md.Freeze(doc, r.resolver(page{lang: lang, path: model.Path(lang, kind, id)}), abbrs[lang])
	}
}

func (r *renderer) body(doc *markdown.Doc, p page) template.HTML {
	if h, ok := doc.TakeFrozen(); ok {
		return h // rendered for this page by Freezer, and needed no more
	}
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
func anchorOf(key string) string {
	b := []byte(key)
	for i, c := range b {
		if c == '.' {
			b[i] = '-'
		}
	}
	return string(b)
}

func (r *renderer) scheme(lang string, sc *model.Scheme) {
	p := page{lang: lang, path: model.Path(lang, "scheme", string(sc.ID))}
	if r.unchanged(p.path, "scheme:"+string(sc.ID)) {
		return
	}
	t := sc.Text(lang)
	v := &SchemeView{
		Common:  r.common(p, t.Title, r.partCrumb(p, regionPart[string(sc.Region)])),
		Section: string(sc.Section),
		Region:  r.label(lang, "region."+string(sc.Region)),
		Kind:    r.label(lang, "kind."+string(sc.Kind)),
		New:     sc.AddedIn != "" && sc.AddedIn == r.current(),
	}
	r.setPager(&v.Common, p, "scheme", string(sc.ID))
	for _, tg := range sc.Targets {
		v.Targets = append(v.Targets, r.label(lang, "target."+string(tg)))
	}
	v.Markdown = fieldsDigest(model.SchemeFields(sc.Scheme, lang, r.label))
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
		v.Body = r.body(sc.Docs[lang], p)
		v.Diagram = r.draw(p.path, v.Drawing)
	})
}

func (r *renderer) standard(lang string, st *model.Standard) {
	p := page{lang: lang, path: model.Path(lang, "standard", string(st.ID))}
	if r.unchanged(p.path, "standard:"+string(st.ID)) {
		return
	}
	crumb := "part.other"
	if st.Section != "" {
		crumb = "part.2.4"
	}
	v := &StandardView{
		Common:      r.common(p, st.Designation, r.partCrumb(p, crumb)),
		Designation: st.Designation,
		Edition:     st.Edition,
		Section:     string(st.Section),
		Withdrawn:   st.Status == "withdrawn",
		JIS:         st.JIS,
		Count:       len(st.ReferencedBy),
	}
	r.setPager(&v.Common, p, "standard", string(st.ID))
	if t := st.Text(lang).Title; t != st.Designation {
		v.Title = st.Designation + " " + t
	}
	v.Markdown = digest(st.Text(lang).Description, st.Text(lang).Notes)
	for _, rel := range st.Relations {
		key := "rel." + rel.Type
		if rel.Incoming {
			key += ".in"
		}
		l := r.standardLink(p, rel.Other)
		l.Section = r.label(lang, key)
		if rel.Note != nil {
			l.Note = rel.Note.Text(lang)
		} else {
			l.Note = ""
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
	for _, sc := range st.MentionedBy {
		v.MentionedBy = append(v.MentionedBy, r.schemeLink(p, sc))
	}
	for _, u := range st.URLs {
		v.URLs = append(v.URLs, string(u))
	}
	v.Drawing = r.standardNeighbourhood(p, st)
	r.emit("standard", p.path, v, func() {
		v.Body = r.body(st.Docs[lang], p)
		v.Diagram = r.draw(p.path, v.Drawing)
	})
}

func (r *renderer) prose(lang string, pg *model.Page) {
	p := page{lang: lang, path: model.Path(lang, "page", string(pg.ID))}
	if r.unchanged(p.path, "") {
		return
	}
	v := &ProseView{Common: r.common(p, pg.Text(lang).Title)}
	r.setPager(&v.Common, p, "page", string(pg.ID))
	v.Markdown = digest(pg.Text(lang).Body, pg.Text(lang).Notes)
	r.emit("page", p.path, v, func() { v.Body = r.body(pg.Docs[lang], p) })
}

func (r *renderer) home(lang string) {
	p := page{lang: lang, path: lang + "/index.html"}
	if r.unchanged(p.path, "") {
		return
	}
	v := &HomeView{Common: r.common(p, r.site.Content.Site.Text(lang).Title)}
	v.Breadcrumbs = nil
	for _, pg := range r.site.Pages {
		l := r.entryLink(p, model.Entry{Kind: "page", ID: string(pg.ID)})
		if pg.Part == "front" {
			v.Front = append(v.Front, l)
		} else {
			v.Back = append(v.Back, l)
		}
	}
	for _, region := range content.Regions {
		key := regionPart[region]
		g := Group{ID: anchorOf(key), Title: r.label(lang, key)}
		for _, sc := range r.site.Schemes {
			if string(sc.Region) == region {
				g.Links = append(g.Links, r.schemeLink(p, sc))
			}
		}
		v.Schemes = append(v.Schemes, g)
	}
	sectioned := Group{ID: anchorOf("part.2.4"), Title: r.label(lang, "part.2.4")}
	others := Group{ID: anchorOf("part.other"), Title: r.label(lang, "part.other")}
	for _, st := range r.site.Standards {
		if st.Section != "" {
			sectioned.Links = append(sectioned.Links, r.standardLink(p, st))
		} else {
			others.Links = append(others.Links, r.standardLink(p, st))
		}
	}
	v.Std = []Group{sectioned, others}
	v.Tools = []Link{
		{URL: v.Nav.Matrix, Text: r.label(lang, "nav.matrix")},
		{URL: v.Nav.Diagram, Text: r.label(lang, "nav.diagram")},
		{URL: v.Nav.Glossary, Text: r.label(lang, "nav.glossary")},
		{URL: v.Nav.Changes, Text: r.label(lang, "nav.changes")},
		{URL: v.Nav.Search, Text: r.label(lang, "search.title")},
	}
	if r.hasFull() {
		v.Tools = append(v.Tools, Link{URL: p.rel(lang + "/full.html"), Text: r.label(lang, "full.title")})
	}
	v.Tools = append(v.Tools,
		Link{URL: p.rel("data/survey.json"), Text: r.label(lang, "home.data.json")},
		Link{URL: p.rel("data/matrix.csv"), Text: r.label(lang, "home.data.csv")})
	r.emit("home", p.path, v, nil)
}

// MaxMatrixRows is the number of schemes above which the matrix page shows one row per
// region with counts; data/matrix.csv always has one row per scheme.
const MaxMatrixRows = 300

func (r *renderer) matrix(lang string) {
	p := page{lang: lang, path: lang + "/matrix.html"}
	if r.unchanged(p.path, "") {
		return
	}
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
				g.Rows = append(g.Rows, MatrixRow{
					Region: string(sc.Region), Kind: string(sc.Kind), Targets: strings.Join(targets, " "),
					Link: r.schemeLink(p, sc), Cells: m.Cells[i], Sum: m.RowSum[i],
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
	if r.unchanged(p.path, "") {
		return
	}
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
	r.emit("changes", p.path, v, func() {
		for j := range v.Revisions {
			v.Revisions[j].Summary = r.body(r.site.RevisionDocs[len(revs)-1-j][lang], p)
		}
	})
}

func (r *renderer) glossary(lang string) {
	p := page{lang: lang, path: lang + "/glossary.html"}
	if r.unchanged(p.path, "") {
		return
	}
	v := &GlossaryView{Common: r.common(p, r.label(lang, "glossary.title"))}
	for _, t := range r.site.Terms {
		v.Terms = append(v.Terms, TermView{ID: string(t.ID), Abbr: t.Abbr, Term: t.Text(lang).Term, Source: t.Text(lang).Description})
	}
	r.emit("glossary", p.path, v, func() {
		for i := range v.Terms {
			v.Terms[i].Description = r.body(r.site.TermDocs[i][lang], p)
		}
	})
}

func (r *renderer) landing() {
	p := page{lang: "ja", path: "index.html"}
	if r.unchanged(p.path, "") {
		return
	}
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
	if r.unchanged(p.path, "") {
		return
	}
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

// sitemap writes sitemap.xml, which lists every page, unless the previous build wrote
// the same: its fingerprint is that of the pages' paths (a few megabytes of XML for
// thousands of cards, made anew only when a page comes or goes).
func (r *renderer) sitemap(base string) {
	const sitemapXML = "sitemap.xml"
	var paths []string
	for _, o := range r.outs {
		if len(o.Path) > 3 && o.Path[:3] == "ja/" && strings.HasSuffix(o.Path, ".html") {
			paths = append(paths, o.Path[3:])
		}
	}
	slices.Sort(paths)
	fp := digest(append([]string{r.version, base}, paths...)...)
	if prev, ok := r.prev[sitemapXML]; ok && prev == fp {
		r.add(Output{Path: sitemapXML, Fingerprint: fp, Reused: true})
		return
	}
	r.add(Output{Path: sitemapXML, Bytes: sitemapBytes(base, paths), Fingerprint: fp})
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
