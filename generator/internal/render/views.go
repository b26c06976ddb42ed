package render

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"html/template"
	"path"
	"slices"
	"strings"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/markdown"
	"github.com/jipdec-survey/cloudsec/generator/internal/model"
)

// Link is a link from the page being rendered.
type Link struct {
	URL     string
	Text    string
	Section string // survey section number, or ""
	Note    string // a short note shown after the link, or ""
	New     string // the badge of a card added in the current revision, or ""
	Sub     []Link // in contents: the cards under a section card
}

// Alternate is a language version of a page.
type Alternate struct {
	Lang string
	URL  string
}

// Nav holds the site-wide links of a page.
type Nav struct {
	Home, Contents, Matrix, Diagram, Glossary, Changes, Search string
}

// Common is what every HTML page shows.
type Common struct {
	Lang        string
	OtherLang   string
	Path        string // output path of the page
	Title       string // the page's own title
	SiteTitle   string
	Description string
	AltURL      string // the same page in the other language
	Alternates  []Alternate
	CSS         string
	DiagramCSS  string
	DiagramJS   string
	Icon        string
	SearchCSS   string
	SearchJS    string // on every page: "/" to search, the words of ?q= marked
	NavJS       string // the side navigation and "on this page" follow the reader
	Nav         Nav
	Breadcrumbs []Link
	Prev, Next  *Link
	Document    string
	Revision    string
	Date        string // of the current revision (YYYY-MM), if the survey gives it
	Publisher   string
	Labels      map[string]string `hash:"ignore"` // fixed labels in Lang; LabelsHash stands for them
	LabelsHash  uint64            // of the labels, the templates and the generator
	AbbrHash    uint64            // of the abbreviations marked up on the page
	Chrome      *Chrome           `hash:"ignore"` // made from the fields above
	Side        template.HTML     `hash:"ignore"` // the side navigation, this page's links marked
	SideHash    uint64            // of the side navigation, before marking
}

type chromeKey struct{ lang, css, home, dir string }

// Chrome is the HTML that every page of one language in one folder shares, rendered
// once from the chrome.* templates of layouts/base.html.
type Chrome struct {
	Head, Skip, Bar, Footer template.HTML
	Side                    template.HTML // the side navigation, no page marked
	sideHash                uint64
}

// ChromeView is what the chrome.* templates see: the fields that do not change from one
// page of a language and folder to the next. A chrome template that asks for a page's
// own field (.Title, .Path) fails the build.
type ChromeView struct {
	Lang        string
	OtherLang   string
	SiteTitle   string
	Description string
	Side        *Contents // the survey's contents, for the side navigation
	CSS         string
	DiagramCSS  string
	DiagramJS   string
	Icon        string
	SearchCSS   string
	SearchJS    string
	NavJS       string
	Nav         Nav
	Document    string
	Revision    string
	Date        string
	Publisher   string
	Labels      map[string]string
}

// T returns the fixed label key, as [Common.T] does.
func (c *ChromeView) T(key string) (string, error) {
	return (&Common{Lang: c.Lang, Labels: c.Labels}).T(key)
}

// T returns the fixed label key; a missing key stops the build with an error naming it.
func (c *Common) T(key string) (string, error) {
	v, ok := c.Labels[key]
	if !ok {
		return "", fmt.Errorf("no label %q in layouts/i18n.toml [%s]", key, c.Lang)
	}
	return v, nil
}

// SchemeView is a scheme page.
type SchemeView struct {
	Common
	Section   string
	Region    string // label
	Kind      string // label
	Targets   []string
	New       string        // badge, or ""
	Heading   template.HTML `hash:"ignore"` // the title with its note markers, or "" (Markdown)
	Body      template.HTML `hash:"ignore"` // rendered from Markdown
	Markdown  uint64        // digest of what Body is rendered from
	Standards []Link
	Mentions  []Link
	Related   []Link
	RelatedBy []Link
	Drawing   *Drawing // the neighbourhood diagram, or nil
	Diagram   Drawn    `hash:"ignore"` // drawn from Drawing
}

// StandardView is a standard page.
type StandardView struct {
	Common
	Designation  string
	Edition      string
	Section      string
	Withdrawn    bool
	LongTitle    string // the official title, when the survey gives more than the designation
	EnglishTitle string // on a Japanese page, the English title the survey gives beside the Japanese one
	JIS          []string
	Body         template.HTML `hash:"ignore"` // rendered from Markdown
	Markdown     uint64        // digest of what Body is rendered from
	Relations    []Link        // Note holds the relation label
	ReferencedBy []Group
	Count        int
	MentionedBy  []Link
	Quotes       []Quote // footnotes of other cards that speak of it
	URLs         []string
	Drawing      *Drawing // the neighbourhood diagram, or nil
	Diagram      Drawn    `hash:"ignore"` // drawn from Drawing
}

// Quote is a footnote of another card, shown on a standard's page.
type Quote struct {
	From  Link
	Label string        // the footnote's label
	HTML  template.HTML `hash:"ignore"` // rendered from Markdown (StandardView.Markdown)
}

// Group is a titled list of links.
type Group struct {
	ID    string
	Title string
	URL   string // the page of the group's section card, or ""
	Links []Link
}

// ProseView is a prose page.
type ProseView struct {
	Common
	Body     []BodyPart    `hash:"ignore"` // rendered from Markdown
	Markdown uint64        // digest of what Body is rendered from
	Figures  []Figure      // the figures the text places, in its order
	Section  string        // a section card's number
	Cards    []Link        // a section card's cards
	After    template.HTML `hash:"ignore"` // a section card's text after its cards
}

// BodyPart is a piece of a text and the figure that the text places after it, if any.
type BodyPart struct {
	HTML   template.HTML
	Figure *Figure
}

// HomeView is a language's home page.
type HomeView struct {
	Common
	Contents
}

// Contents is the survey's contents as the home page lists them; the side navigation of
// every page shows the same.
type Contents struct {
	Front   []Link
	Chapter []Group // chapter 2: a group per outermost section card, then the other standards
	Back    []Link
	Tools   []Link
}

// MatrixView is the scheme x standard matrix.
type MatrixView struct {
	Common
	Columns []Link // Text: designation, Note: title
	Grouped bool   // one row per region, with counts (above MaxMatrixRows schemes)
	Filters []Filter
	Script  string // the filter script
	Groups  []MatrixGroup
	ColSums []int
	Total   int
}

// MatrixGroup is the rows of one region.
type MatrixGroup struct {
	Title string
	Rows  []MatrixRow
}

// MatrixRow is one scheme.
type MatrixRow struct {
	Region  string // for the filters: region, kind and targets of the scheme
	Kind    string
	Targets string // space-separated
	Link    Link
	Cells   []bool
	Counts  []int // grouped form: schemes of the row's region per column
	Sum     int
}

// Filter is one select of the matrix's filters.
type Filter struct {
	Name    string // the data attribute it filters on
	Label   string
	Options []Link // URL holds the value, Text the label
}

// ChangesView lists the revisions, and the editorial corrections of the original.
type ChangesView struct {
	Common
	Revisions   []RevisionView
	Corrections []CorrectionView
}

// CorrectionView is one editorial correction.
type CorrectionView struct {
	Card                Link
	Original, Corrected string
}

// RevisionView is one revision.
type RevisionView struct {
	ID      string
	Title   string
	Date    string
	Summary template.HTML `hash:"ignore"` // rendered from Markdown
	Source  string        // what Summary is rendered from
	Added   []Link
	Current bool
}

// GlossaryView lists the terms.
type GlossaryView struct {
	Common
	Terms []TermView
	Index []Group // the terms by initial (Title)
}

// TermView is one glossary term.
type TermView struct {
	ID          string
	Abbr        string
	Term        string
	Description template.HTML `hash:"ignore"` // rendered from Markdown
	Source      string        // what Description is rendered from
}

// LandingView is the bilingual root page.
type LandingView struct {
	Common
	Languages []LandingLang
}

// LandingLang is one language offered on the landing page.
type LandingLang struct {
	Lang, Title, Description, Choose, Name, URL string
}

// page carries what building a view needs.
type page struct {
	lang string
	path string
	base string // absolute URL of the site, for a page served at any path (404.html)
}

func (p page) rel(to string) string {
	if p.base != "" {
		return p.base + to
	}
	return model.Rel(p.path, to)
}

func other(lang string) string {
	if lang == "ja" {
		return "en"
	}
	return "ja"
}

// resolver resolves card references for the page at p.
func (r *renderer) resolver(p page) markdown.Resolver {
	return func(k, id string) (string, bool) {
		kind := content.CardKind(k)
		switch kind {
		case content.StandardCard:
			if r.site.Standard(id) == nil {
				return "", false
			}
		case content.SchemeCard:
			if r.site.Scheme(id) == nil {
				return "", false
			}
		case content.PageCard:
			if r.site.Page(id) == nil && !slices.Contains(model.BuiltinPages, id) {
				return "", false
			}
		case model.FigureRef:
			if !slices.Contains(model.BuiltinFigures, id) {
				return "", false
			}
			return p.rel(p.lang+"/diagram.html") + "#" + id, true
		default:
			return "", false
		}
		return p.rel(model.Path(p.lang, kind, id)), true
	}
}

func (r *renderer) html(doc *markdown.Doc, p page) (template.HTML, error) {
	return r.md.Render(doc, r.resolver(p), r.abbrs[p.lang], map[string]bool{})
}

// heading renders a card's heading with its note markers (markdown.Field.Title), or "".
func (r *renderer) heading(doc *markdown.Doc, p page, prefix string, resolve markdown.Resolver) template.HTML {
	h, err := r.md.RenderTitle(doc, resolve, prefix)
	if err != nil {
		r.fail(fmt.Errorf("%s: %w", p.path, err))
	}
	return h
}

func (r *renderer) common(p page, title string, crumbs ...Link) Common {
	site := r.site.Content.Site
	t := site.Text(p.lang)
	alt := other(p.lang) + strings.TrimPrefix(p.path, p.lang)
	c := Common{
		Lang:        p.lang,
		OtherLang:   other(p.lang),
		Path:        p.path,
		Title:       title,
		SiteTitle:   t.Title,
		Description: t.Description,
		AltURL:      p.rel(alt),
		CSS:         p.rel("assets/style.css"),
		DiagramCSS:  p.rel("assets/diagram.css"),
		DiagramJS:   p.rel("assets/diagram.js"),
		Icon:        p.rel("assets/icon.svg"),
		SearchCSS:   p.rel("assets/search.css"),
		SearchJS:    p.rel("assets/search.js"),
		NavJS:       p.rel("assets/nav.js"),
		Nav: Nav{
			Home:     p.rel(p.lang + "/index.html"),
			Contents: p.rel(p.lang+"/index.html") + "#contents",
			Matrix:   p.rel(p.lang + "/matrix.html"),
			Diagram:  p.rel(p.lang + "/diagram.html"),
			Glossary: p.rel(p.lang + "/glossary.html"),
			Changes:  p.rel(p.lang + "/changes.html"),
			Search:   p.rel(p.lang + "/search.html"),
		},
		Document:   site.Document,
		Revision:   site.Revisions[len(site.Revisions)-1].ID,
		Date:       site.Revisions[len(site.Revisions)-1].Date,
		Publisher:  t.Publisher,
		Labels:     r.layouts.i18n[p.lang],
		LabelsHash: r.hashes["labels."+p.lang],
		AbbrHash:   r.hashes["abbrs."+p.lang],
	}
	for _, lang := range content.Langs {
		c.Alternates = append(c.Alternates, Alternate{Lang: lang, URL: p.rel(lang + strings.TrimPrefix(p.path, p.lang))})
	}
	c.Breadcrumbs = append([]Link{{URL: c.Nav.Home, Text: r.label(p.lang, "nav.home")}}, crumbs...)
	c.Chrome = r.chrome(&c, p)
	// The page marks its own links in the side navigation: those to its file name.
	self := `<a href="` + path.Base(p.path) + `"`
	c.Side = template.HTML(strings.ReplaceAll(string(c.Chrome.Side), self, self+` aria-current="page"`))
	c.SideHash = c.Chrome.sideHash
	return c
}

func (r *renderer) schemeLink(p page, sc *model.Scheme) Link {
	return Link{
		URL:     p.rel(model.Path(p.lang, content.SchemeCard, string(sc.ID))),
		Text:    sc.Text(p.lang).Title,
		Section: string(sc.Section),
	}
}

func (r *renderer) newBadge(lang string, sc *model.Scheme) string {
	if sc.AddedIn != "" && sc.AddedIn == r.current() {
		return r.label(lang, "scheme.new")
	}
	return ""
}

func (r *renderer) standardLink(p page, st *model.Standard) Link {
	l := Link{
		URL:     p.rel(model.Path(p.lang, content.StandardCard, string(st.ID))),
		Text:    st.Designation,
		Section: string(st.Section),
		Note:    st.Text(p.lang).Title,
	}
	if l.Note == l.Text {
		l.Note = "" // the survey gives no title beyond the designation
	}
	return l
}

// fullTitle is a standard's designation, then its title in lang if the survey gives one
// beyond the designation.
func fullTitle(st *model.Standard, lang string) string {
	if t := st.Text(lang).Title; t != st.Designation {
		return st.Designation + " " + t
	}
	return st.Designation
}

func (r *renderer) current() string {
	revs := r.site.Content.Site.Revisions
	return revs[len(revs)-1].ID
}

// regionPart is the survey part of each region and of standards.
var regionPart = map[string]string{"domestic": "part.2.1", "international": "part.2.2", "foreign": "part.2.3"}

// setPager fills previous / next links from the reading order.
func (r *renderer) setPager(c *Common, p page, kind content.CardKind, id string) {
	prev, next := r.site.Neighbours(model.Entry{Kind: kind, ID: id})
	if prev.Kind != "" {
		l := r.entryLink(p, prev)
		c.Prev = &l
	}
	if next.Kind != "" {
		l := r.entryLink(p, next)
		c.Next = &l
	}
}

func (r *renderer) entryLink(p page, e model.Entry) Link {
	switch e.Kind {
	case content.SchemeCard:
		return r.schemeLink(p, r.site.Scheme(e.ID))
	case content.StandardCard:
		l := r.standardLink(p, r.site.Standard(e.ID))
		l.Note = ""
		return l
	}
	pg := r.site.Page(e.ID)
	return Link{URL: p.rel(model.Path(p.lang, content.PageCard, e.ID)), Text: pg.Text(p.lang).Title, Section: string(pg.Section)}
}

// cardLinks links entries, each section card with its cards below it. A link does not
// repeat the number of the section it is listed under (section).
func (r *renderer) cardLinks(p page, entries []model.Entry, section string) []Link {
	var out []Link
	for _, e := range entries {
		l := r.entryLink(p, e)
		switch e.Kind {
		case content.StandardCard:
			l = r.standardLink(p, r.site.Standard(e.ID))
		case content.SchemeCard:
			l.New = r.newBadge(p.lang, r.site.Scheme(e.ID))
		case content.PageCard:
			l.Sub = r.cardLinks(p, r.site.Page(e.ID).Cards, l.Section)
		}
		if l.Section == section {
			l.Section = ""
		}
		out = append(out, l)
	}
	return out
}

// crumbs are the links to the section cards that hold e, or to the home page's list of
// the other standards.
func (r *renderer) crumbs(p page, e model.Entry) []Link {
	var out []Link
	for _, sec := range r.site.Sections(e) {
		l := r.entryLink(p, model.Entry{Kind: content.PageCard, ID: string(sec.ID)})
		l.Text, l.Section = l.Section+" "+l.Text, ""
		out = append(out, l)
	}
	if out == nil && e.Kind == content.StandardCard {
		out = append(out, r.partCrumb(p, "part.other"))
	}
	return out
}

// digest fingerprints texts (the Markdown a page renders, the records of a search index)
// in one pass, each preceded by its length.
func digest(texts ...string) uint64 {
	h := fnv.New64a()
	var n [binary.MaxVarintLen64]byte
	for _, t := range texts {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(t)))])
		h.Write([]byte(t))
	}
	return h.Sum64()
}

// fieldsDigest fingerprints the fields a document is parsed from: their text and the
// headings over them (a scheme's "Name (author)" heading comes from its org_role).
func fieldsDigest(fields []markdown.Field) uint64 {
	texts := make([]string, 0, 4*len(fields))
	for _, f := range fields {
		notes := ""
		if f.Notes {
			notes = "notes"
		}
		texts = append(texts, f.Key, f.Heading, f.HeadingID, f.Text, notes)
	}
	return digest(texts...)
}

// chrome returns the shared HTML of c's language and folder, rendering it the first time.
func (r *renderer) chrome(c *Common, p page) *Chrome {
	v := &ChromeView{
		Lang: c.Lang, OtherLang: c.OtherLang, SiteTitle: c.SiteTitle, Description: c.Description,
		CSS: c.CSS, DiagramCSS: c.DiagramCSS, DiagramJS: c.DiagramJS, Icon: c.Icon, SearchCSS: c.SearchCSS, SearchJS: c.SearchJS, NavJS: c.NavJS, Nav: c.Nav,
		Document: c.Document, Revision: c.Revision, Date: c.Date, Publisher: c.Publisher, Labels: c.Labels,
	}
	// Pages share a chrome when they are in the same language and their links are the
	// same (one folder, or absolute links, as on 404.html); every other field is the
	// site's.
	key := chromeKey{v.Lang, v.CSS, v.Nav.Home, path.Dir(c.Path)}
	r.mu.Lock()
	ch, ok := r.chromes[key]
	r.mu.Unlock()
	if ok {
		return ch
	}
	side := r.contents(p)
	v.Side = &side
	ch = &Chrome{}
	for _, part := range []struct {
		name string
		html *template.HTML
	}{{"chrome.head", &ch.Head}, {"chrome.skip", &ch.Skip}, {"chrome.bar", &ch.Bar}, {"chrome.side", &ch.Side}, {"chrome.footer", &ch.Footer}} {
		h, err := r.layouts.part(part.name, v)
		if err != nil {
			r.fail(fmt.Errorf("%s: %w", c.Path, err))
		}
		*part.html = h
	}
	ch.sideHash = digest(string(ch.Side))
	r.mu.Lock()
	if have, ok := r.chromes[key]; ok {
		ch = have // another page of the folder got there first: share one
	} else {
		if r.chromes == nil {
			r.chromes = map[chromeKey]*Chrome{}
		}
		r.chromes[key] = ch
	}
	r.mu.Unlock()
	return ch
}
