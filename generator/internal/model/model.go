// Package model turns the loaded cards into the site: every page in both languages with
// its output path, the cross-references between cards checked and resolved, backlinks,
// the reading order, and the scheme x standard matrix.
//
// All checks that need more than one card live here: unknown or misspelled ids in
// reference lists, relations and Markdown links; unknown revisions; repeated section
// numbers. Every problem becomes a diagnostic at the exact place in its TOML file.
//
// Everything is kept in slices in a total order (survey order for schemes, id for
// standards), never in map order. The package does no I/O and renders no HTML; it parses
// Markdown (through package markdown) to find references and problems.
package model

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/diag"
	"github.com/jipdec-survey/cloudsec/generator/internal/markdown"
	"github.com/jipdec-survey/cloudsec/generator/internal/parallel"
)

// Labels gives the text of a fixed label in a language, e.g. the heading of a card field.
type Labels func(lang, key string) string

// Site is the whole site.
type Site struct {
	Content   *content.Content
	Schemes   []*Scheme   // survey order
	Standards []*Standard // sectioned standards in section order, then the rest by designation
	Pages     []*Page     // front pages, then back pages
	Order     []Entry     // reading order for previous / next
	// Chapter is chapter 2's outermost entries in order: section cards held by no other,
	// and cards outside every section card.
	Chapter []Entry
	Matrix  Matrix
	Terms   []content.Term // glossary, as in the file
	// Corrections are site.toml's editorial corrections whose card exists, in order.
	Corrections []Correction
	TermDocs    []map[string]*markdown.Doc // descriptions, by term and language
	// RevisionDocs are the summaries of site.toml's revisions, by revision and language.
	RevisionDocs []map[string]*markdown.Doc

	schemes   map[string]*Scheme
	standards map[string]*Standard
	pages     map[string]*Page
	known     map[content.CardKind]map[string]bool // ids of every card file, by kind
	position  map[Entry]int                        // index in Order
	parent    map[Entry]*Page                      // the section card holding an entry
}

// Entry is one card in the reading order.
type Entry struct {
	Kind content.CardKind
	ID   string
}

// Scheme is a scheme card with what the model adds.
type Scheme struct {
	*content.Scheme
	Docs      map[string]*markdown.Doc // by language
	Standards []*Standard              // referenced, in the card's order
	Related   []*Scheme                // schemes it names, in the card's order
	RelatedBy []*Scheme                // schemes that name it, survey order
	Mentions  []*Standard              // standards linked in its text but not listed, by id
}

// Standard is a standard card with what the model adds.
type Standard struct {
	*content.Standard
	Docs         map[string]*markdown.Doc
	ReferencedBy []*Scheme  // schemes listing it, survey order
	MentionedBy  []Entry    // cards whose text links it (schemes only if they do not list it), reading order
	Quotes       []Quote    // the footnotes of other cards that speak of it, reading order
	Relations    []Relation // outgoing, then incoming
}

// Quote is a footnote of one card that speaks of a standard: its marker follows a link to
// the standard, or its text links it. The standard's page shows it.
type Quote struct {
	From  Entry
	Label string                   // the footnote's label, as in [^label]
	Docs  map[string]*markdown.Doc // its text, by language
}

// Correction is an editorial correction of the original, with the card it corrects.
type Correction struct {
	content.Correction
	Card Entry
}

// Relation is a typed relation seen from one standard.
type Relation struct {
	Type     string
	Other    *Standard
	Incoming bool // the other standard relates to this one
	Note     *content.Note
}

// Page is a prose page or a section card.
type Page struct {
	*content.Page
	Docs  map[string]*markdown.Doc
	After map[string]*markdown.Doc // a section card's text after its cards; nil if none
	Cards []Entry                  // a section card's cards and sections, in reading order
}

// Matrix is the schemes x standards matrix: rows are schemes in survey order, columns
// the standards referenced by any scheme, most referenced first.
type Matrix struct {
	Rows    []*Scheme
	Columns []*Standard
	Cells   [][]bool // [row][column]
	RowSum  []int
	ColSum  []int
}

// Build links the cards of c, checks their cross-references and parses their Markdown.
// labels gives the headings inserted before card fields. prev, when not nil, is an
// earlier Build with the same labels: the documents of a scheme or standard card that
// c shares with it (the same *content.Scheme or *content.Standard, which content.Load
// keeps for a file whose bytes did not change) are taken from it instead of parsed
// again.
func Build(c *content.Content, md *markdown.Engine, labels Labels, prev *Site) (*Site, diag.List) {
	s := &Site{
		Content:   c,
		schemes:   map[string]*Scheme{},
		standards: map[string]*Standard{},
		pages:     map[string]*Page{},
	}
	var diags diag.List
	for _, sc := range c.Schemes {
		m := &Scheme{Scheme: sc}
		s.Schemes = append(s.Schemes, m)
		s.schemes[string(sc.ID)] = m
	}
	for _, st := range c.Standards {
		m := &Standard{Standard: st}
		s.Standards = append(s.Standards, m)
		s.standards[string(st.ID)] = m
	}
	slices.SortStableFunc(s.Standards, compareStandards)
	for _, p := range c.Pages {
		m := &Page{Page: p}
		s.Pages = append(s.Pages, m)
		s.pages[string(p.ID)] = m
	}

	s.checkSections(&diags)
	s.linkLists(&diags)
	s.order()
	s.matrix()
	s.parse(md, labels, prev, &diags)
	s.mentions(md)
	return s, diags
}

func compareStandards(a, b *Standard) int {
	switch {
	case a.Section != "" && b.Section != "":
		if d := content.CompareSections(a.Section, b.Section); d != 0 {
			return d
		}
	case a.Section != "":
		return -1
	case b.Section != "":
		return 1
	}
	return cmp.Or(naturalCompare(a.Designation, b.Designation), strings.Compare(string(a.ID), string(b.ID)))
}

// naturalCompare orders strings with embedded numbers by value: "SP 800-37" < "SP 800-144".
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		na, ra := leadingNumber(a)
		nb, rb := leadingNumber(b)
		if na >= 0 && nb >= 0 {
			if na != nb {
				return cmp.Compare(na, nb)
			}
			a, b = ra, rb
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func leadingNumber(s string) (int, string) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i > 9 {
		return -1, s
	}
	n, _ := strconv.Atoi(s[:i])
	return n, s[i:]
}

func (s *Site) checkSections(diags *diag.List) {
	seen := map[content.Section]string{}
	for _, sc := range s.Schemes {
		if prev, ok := seen[sc.Section]; ok {
			diags.Add(sc.Src.Pos("section"), "each scheme has its own section number", "section %s is also used by %q", sc.Section, prev)
		}
		seen[sc.Section] = string(sc.ID)
		if want := regionSection[string(sc.Region)]; want != "" && !strings.HasPrefix(string(sc.Section)+".", want+".") {
			diags.Add(sc.Src.Pos("section"), "domestic schemes are in 2.1, international in 2.2, foreign in 2.3", "section %s does not match region %q", sc.Section, sc.Region)
		}
	}
	cards := map[content.Section]*Page{} // section cards by number
	for _, p := range s.Pages {
		if p.Section == "" {
			continue
		}
		if prev, ok := cards[p.Section]; ok {
			diags.Add(p.Src.Pos("section"), "each section card has its own number", "section %s is also used by %q", p.Section, string(prev.ID))
		}
		cards[p.Section] = p
	}
	for _, st := range s.Standards {
		if st.Section == "" {
			continue
		}
		if prev, ok := seen[st.Section]; ok && cards[st.Section] == nil {
			diags.Add(st.Src.Pos("section"), "each standard with its own section has its own number; documents that share one need a section card with that number (content/pages/)", "section %s is also used by %q", st.Section, prev)
		}
		seen[st.Section] = string(st.ID)
	}
	for _, p := range s.Pages {
		for i, id := range p.Members {
			var section content.Section
			if sc := s.Scheme(string(id)); sc != nil {
				section = sc.Section
			} else if st := s.Standard(string(id)); st != nil {
				section = st.Section
			}
			if section != p.Section {
				diags.Add(p.Src.Pos("members["+strconv.Itoa(i)+"]"), "list the ids of schemes or standards whose section is "+string(p.Section), "%q is not a card of section %s", string(id), p.Section)
			}
		}
	}
}

var regionSection = map[string]string{"domestic": "2.1", "international": "2.2", "foreign": "2.3"}

// exists reports whether a card file of the kind has the id, including cards with errors
// of their own (those are reported once, by package content).
func (s *Site) exists(kind content.CardKind, id string) bool {
	if s.known == nil {
		s.known = map[content.CardKind]map[string]bool{}
		for _, k := range []content.CardKind{content.SchemeCard, content.StandardCard, content.PageCard, FigureRef} {
			m := map[string]bool{}
			for _, x := range s.ids(k) {
				m[x] = true
			}
			s.known[k] = m
		}
	}
	return s.known[kind][id]
}

// ids returns the sorted ids of every card file of a kind, for suggestions.
func (s *Site) ids(kind content.CardKind) []string {
	if kind == FigureRef {
		return slices.Clone(BuiltinFigures)
	}
	var out []string
	for _, id := range s.Content.Files[kind.Folder()] {
		out = append(out, string(id))
	}
	if kind == content.PageCard {
		out = append(out, BuiltinPages...)
	}
	slices.Sort(out)
	return out
}

// FigureRef is the kind of a reference to a figure ([caption](figure:<id>)): not a card,
// but one of BuiltinFigures, which a prose page shows where the reference stands alone
// in its paragraph.
const FigureRef content.CardKind = "figure"

// BuiltinFigures are the figures the generator draws, in the order of the diagram page.
var BuiltinFigures = []string{"figure-1-1", "families"}

// BuiltinPages are pages made by the generator that Markdown may link as page:<id>.
var BuiltinPages = []string{"changes", "diagram", "glossary", "index", "matrix", "search"}

func (s *Site) unknown(pos diag.Position, kind content.CardKind, id string, diags *diag.Capped) {
	if diags.Full() {
		diags.Add(pos, "", "") // only counted
		return
	}
	hint := diag.Suggest(id, s.ids(kind))
	if hint == "" {
		hint = "add the card, or correct the id"
		if kind == FigureRef {
			hint = "the figures are " + strings.Join(BuiltinFigures, ", ")
		}
	}
	diags.Add(pos, hint, "unknown %s id %q", kind, id)
}

func (s *Site) linkLists(diags *diag.List) {
	// A malformed id is reported by package content, once, as malformed.
	wellFormed := func(id content.ID) bool { return id.Check() == nil }
	revisions := []string{}
	if c := s.Content.Site; c != nil {
		for _, r := range c.Revisions {
			revisions = append(revisions, r.ID)
		}
	}
	for _, sc := range s.Schemes {
		diags := &diag.Capped{List: diags} // a card may list thousands of unknown ids
		for i, id := range sc.Scheme.Standards {
			if st, ok := s.standards[string(id)]; ok {
				sc.Standards = append(sc.Standards, st)
				st.ReferencedBy = append(st.ReferencedBy, sc)
			} else if wellFormed(id) && !s.exists(content.StandardCard, string(id)) && !(diags.Full() && diags.Skip()) {
				s.unknown(sc.Src.Pos("standards["+strconv.Itoa(i)+"]"), content.StandardCard, string(id), diags)
			}
		}
		for i, id := range sc.Scheme.Schemes {
			if other, ok := s.schemes[string(id)]; ok && other != sc {
				sc.Related = append(sc.Related, other)
				other.RelatedBy = append(other.RelatedBy, sc)
			} else if !ok {
				if wellFormed(id) && !s.exists(content.SchemeCard, string(id)) {
					s.unknown(sc.Src.Pos("schemes["+strconv.Itoa(i)+"]"), content.SchemeCard, string(id), diags)
				}
			} else {
				diags.Add(sc.Src.Pos("schemes["+strconv.Itoa(i)+"]"), "remove it", "a scheme cannot name itself")
			}
		}
		// Without revisions, site.toml has an error of its own, and this would follow from it.
		if sc.AddedIn != "" && len(revisions) > 0 && !slices.Contains(revisions, sc.AddedIn) {
			hint := diag.Suggest(sc.AddedIn, revisions)
			if hint == "" {
				hint = "use a revision id from " + s.Content.Site.Src.Path + ": " + strings.Join(revisions, ", ")
			}
			diags.Add(sc.Src.Pos("added_in"), hint, "unknown revision %q", sc.AddedIn)
		}
		diags.Close()
	}
	if c := s.Content.Site; c != nil {
		diags := &diag.Capped{List: diags}
		for i, x := range c.Corrections {
			prefix, id, _ := strings.Cut(x.Card, ":")
			kind := content.CardKind(markdown.RefSchemes[prefix])
			found := kind == content.SchemeCard && s.Scheme(id) != nil ||
				kind == content.StandardCard && s.Standard(id) != nil ||
				kind == content.PageCard && s.Page(id) != nil
			switch {
			case found:
				s.Corrections = append(s.Corrections, Correction{Correction: x, Card: Entry{kind, id}})
			case kind != "" && !s.exists(kind, id):
				s.unknown(c.Src.Pos("corrections["+strconv.Itoa(i)+"].card"), kind, id, diags)
			}
		}
		diags.Close()
	}
	for _, st := range s.Standards {
		diags := &diag.Capped{List: diags}
		for i, r := range st.Standard.Relations {
			other, ok := s.standards[string(r.To)]
			if !ok && s.exists(content.StandardCard, string(r.To)) {
				continue
			}
			if !ok && wellFormed(r.To) {
				s.unknown(st.Src.Pos("relations["+strconv.Itoa(i)+"].to"), content.StandardCard, string(r.To), diags)
				continue
			}
			st.Relations = append(st.Relations, Relation{Type: string(r.Type), Other: other, Note: r.Note})
			other.Relations = append(other.Relations, Relation{Type: string(r.Type), Other: st, Incoming: true, Note: r.Note})
		}
		diags.Close()
	}
	for _, st := range s.Standards {
		slices.SortStableFunc(st.Relations, func(a, b Relation) int {
			if a.Incoming != b.Incoming {
				if a.Incoming {
					return 1
				}
				return -1
			}
			return cmp.Or(slices.Index(content.RelTypes, a.Type)-slices.Index(content.RelTypes, b.Type), compareStandards(a.Other, b.Other))
		})
	}
}

// schemeFields are the fields of a scheme's document in lang, with the headings the
// document shows over them; a page's fingerprint takes all of them.
func schemeFields(sc *content.Scheme, lang string, labels Labels) []markdown.Field {
	t := sc.Text(lang)
	fields := []markdown.Field{
		{Key: lang + ".name", Heading: labels(lang, "field.name."+string(sc.OrgRole)), HeadingID: "name", Text: t.Name},
		{Key: lang + ".scope", Heading: labels(lang, "field.scope."+string(sc.ScopeLabel)), HeadingID: "scope", Text: t.Scope},
		{Key: lang + ".overview", Heading: labels(lang, "field.overview"), HeadingID: "overview", Text: t.Overview},
		{Key: lang + ".isms", Heading: labels(lang, "field.isms"), HeadingID: "isms", Text: t.ISMS},
		{Key: "urls", Heading: labels(lang, "field.urls"), HeadingID: "urls", Text: urlList(sc, lang, labels(lang, "punct.colon"))},
		{Key: lang + ".notes", Text: t.Notes, Notes: true},
	}
	if t.Heading != "" {
		fields = append([]markdown.Field{{Key: lang + ".heading", Text: t.Heading, Title: true}}, fields...)
	}
	return fields
}

// standardFields are the fields of a standard's document in lang, with the heading the
// document shows over its description.
func standardFields(st *content.Standard, lang string, labels Labels) []markdown.Field {
	t := st.Text(lang)
	return []markdown.Field{
		{Key: lang + ".description", Heading: labels(lang, "std.description"), HeadingID: "description", Text: t.Description},
		{Key: lang + ".notes", Text: t.Notes, Notes: true},
	}
}

// pageFields are the fields of a prose page's document in lang.
func pageFields(p *content.Page, lang string) []markdown.Field {
	t := p.Text(lang)
	return []markdown.Field{
		{Key: lang + ".body", Text: t.Body},
		{Key: lang + ".notes", Text: t.Notes, Notes: true},
	}
}

// urlList writes the related URLs as a Markdown list of autolinks, each after its label
// in lang if it has one.
func urlList(sc *content.Scheme, lang, colon string) string {
	var b strings.Builder
	for _, u := range sc.URLs {
		b.WriteString("- ")
		for _, l := range sc.URLLabels {
			if l.URL == u {
				b.WriteString(markdown.Escape(l.Label(lang) + colon))
			}
		}
		b.WriteString("<" + string(u) + ">\n")
	}
	return b.String()
}

func (s *Site) parse(md *markdown.Engine, labels Labels, prev *Site, diags *diag.List) {
	check := func(src *content.Source, doc *markdown.Doc, list *diag.List) {
		diags := &diag.Capped{List: list}
		defer diags.Close()
		for _, p := range doc.Problems {
			diags.Add(src.TextPos(p.Field, p.Offset), p.Hint, "%s", p.Msg)
		}
		for _, r := range doc.Refs {
			if kind := content.CardKind(r.Kind); !s.exists(kind, r.ID) {
				s.unknown(src.TextPos(r.Field, r.Offset), kind, r.ID, diags)
			}
		}
	}
	s.exists(content.StandardCard, "") // build the id sets before the goroutines read them

	// The schemes and standards are most of the Markdown: parse them on every processor,
	// each card into its own slots, then link them in order. A card that content.Load
	// kept from the last build keeps its documents (old, by language; nil for none).
	parseCard := func(src *content.Source, old map[string]*markdown.Doc, fields func(lang string) []markdown.Field, list *diag.List) map[string]*markdown.Doc {
		docs := map[string]*markdown.Doc{}
		for _, lang := range content.Langs {
			doc := old[lang]
			if doc == nil {
				doc = md.Parse(fields(lang), "")
			}
			docs[lang] = doc
			check(src, doc, list)
		}
		return docs
	}
	cardDiags := make([]diag.List, len(s.Schemes)+len(s.Standards)) // schemes, then standards
	parallel.ForEach(len(cardDiags), func(i int) {
		if i < len(s.Schemes) {
			sc := s.Schemes[i]
			var old map[string]*markdown.Doc
			if o := prev.Scheme(string(sc.ID)); o != nil && o.Scheme == sc.Scheme {
				old = o.Docs
			}
			sc.Docs = parseCard(sc.Src, old, func(lang string) []markdown.Field { return schemeFields(sc.Scheme, lang, labels) }, &cardDiags[i])
			return
		}
		st := s.Standards[i-len(s.Schemes)]
		var old map[string]*markdown.Doc
		if o := prev.Standard(string(st.ID)); o != nil && o.Standard == st.Standard {
			old = o.Docs
		}
		st.Docs = parseCard(st.Src, old, func(lang string) []markdown.Field { return standardFields(st.Standard, lang, labels) }, &cardDiags[i])
	})
	for _, l := range cardDiags {
		*diags = append(*diags, l...)
	}
	if site := s.Content.Site; site != nil {
		for i := range site.Revisions {
			docs := map[string]*markdown.Doc{}
			for _, lang := range content.Langs {
				key := "revisions[" + strconv.Itoa(i) + "]." + lang + ".summary"
				docs[lang] = md.Parse([]markdown.Field{{Key: key, Text: site.Revisions[i].Text(lang).Summary}}, "")
				check(site.Src, docs[lang], diags)
			}
			s.RevisionDocs = append(s.RevisionDocs, docs)
		}
	}
	s.Terms = s.Content.Glossary.Terms
	for i := range s.Terms {
		docs := map[string]*markdown.Doc{}
		for _, lang := range content.Langs {
			key := "terms[" + strconv.Itoa(i) + "]." + lang + ".description"
			docs[lang] = md.Parse([]markdown.Field{{Key: key, Text: s.Terms[i].Text(lang).Description}}, "term-"+string(s.Terms[i].ID))
			check(s.Content.Glossary.Src, docs[lang], diags)
		}
		s.TermDocs = append(s.TermDocs, docs)
	}
	for _, p := range s.Pages {
		p.Docs = map[string]*markdown.Doc{}
		for _, lang := range content.Langs {
			doc := md.Parse(pageFields(p.Page, lang), "")
			p.Docs[lang] = doc
			check(p.Src, doc, diags)
			if after := p.Text(lang).After; after != "" {
				if p.After == nil {
					p.After = map[string]*markdown.Doc{}
				}
				p.After[lang] = md.Parse([]markdown.Field{{Key: lang + ".after", Text: after}}, "after")
				check(p.Src, p.After[lang], diags)
			}
		}
	}
}

// mentions lists, for every standard, the other cards whose text links it, in reading
// order: where the survey speaks of a standard outside its own section (a footnote of a
// scheme, a passage of another standard's section), its page points there. A scheme's
// Mentions are the other side of it.
func (s *Site) mentions(md *markdown.Engine) {
	for _, e := range s.Order {
		var docs map[string]*markdown.Doc
		var listed []*Standard
		switch e.Kind {
		case content.SchemeCard:
			sc := s.Scheme(e.ID)
			docs, listed = sc.Docs, sc.Standards
		case content.StandardCard:
			docs = s.Standard(e.ID).Docs
		case content.PageCard:
			docs = s.Page(e.ID).Docs
		}
		for _, lang := range content.Langs {
			refs := docs[lang].Refs
			if e.Kind == content.PageCard && s.Page(e.ID).After != nil {
				refs = append(slices.Clip(refs), s.Page(e.ID).After[lang].Refs...)
			}
			for _, r := range refs {
				s.quote(md, e, docs[lang], lang, r)
				st := s.Standard(r.ID)
				if content.CardKind(r.Kind) != content.StandardCard || st == nil || slices.Contains(listed, st) ||
					e == (Entry{content.StandardCard, r.ID}) || slices.Contains(st.MentionedBy, e) {
					continue
				}
				st.MentionedBy = append(st.MentionedBy, e)
			}
		}
	}
	for _, st := range s.Standards { // so that a scheme's Mentions are in standards' order
		for _, e := range st.MentionedBy {
			if e.Kind == content.SchemeCard {
				sc := s.Scheme(e.ID)
				sc.Mentions = append(sc.Mentions, st)
			}
		}
	}
}

// quote adds to the standard that r links the footnote of doc (the text of card e in
// lang) that speaks of it, if there is one.
func (s *Site) quote(md *markdown.Engine, e Entry, doc *markdown.Doc, lang string, r markdown.Ref) {
	st := s.Standard(r.ID)
	if r.Note == "" || content.CardKind(r.Kind) != content.StandardCard || st == nil || e == (Entry{content.StandardCard, r.ID}) {
		return
	}
	i := slices.IndexFunc(st.Quotes, func(q Quote) bool { return q.From == e && q.Label == r.Note })
	if i < 0 {
		st.Quotes = append(st.Quotes, Quote{From: e, Label: r.Note, Docs: map[string]*markdown.Doc{}})
		i = len(st.Quotes) - 1
	}
	if st.Quotes[i].Docs[lang] == nil {
		text := doc.Note(r.Note)
		st.Quotes[i].Docs[lang] = md.Parse([]markdown.Field{{Key: lang + ".notes", Text: text}}, "quote-"+string(e.Kind)+"-"+e.ID)
	}
}

// order makes the reading order: front pages; chapter 2 as the survey numbers it, each
// section card before its cards (its members first, in their order); the standards the
// survey names without a section; back pages. It also gives every section card its Cards.
func (s *Site) order() {
	type placed struct {
		e     Entry
		parts []int
		rank  int // a section card, then its members, then the other cards of its number
	}
	var chapter []placed
	rank := map[Entry]int{}
	for _, p := range s.Pages {
		if p.Section == "" {
			continue
		}
		chapter = append(chapter, placed{Entry{content.PageCard, string(p.ID)}, p.Section.Parts(), 0})
		for i, id := range p.Members {
			rank[Entry{content.SchemeCard, string(id)}] = i + 1
			rank[Entry{content.StandardCard, string(id)}] = i + 1
		}
	}
	others := len(s.Schemes) + len(s.Standards) + 1 // the rank of a card no section card names
	add := func(e Entry, section content.Section) {
		chapter = append(chapter, placed{e, section.Parts(), cmp.Or(rank[e], others)})
	}
	for _, sc := range s.Schemes {
		add(Entry{content.SchemeCard, string(sc.ID)}, sc.Section)
	}
	for _, st := range s.Standards {
		if st.Section != "" {
			add(Entry{content.StandardCard, string(st.ID)}, st.Section)
		}
	}
	slices.SortStableFunc(chapter, func(a, b placed) int { return cmp.Or(slices.Compare(a.parts, b.parts), a.rank-b.rank) })

	for _, p := range s.Pages {
		if p.Part == "front" {
			s.Order = append(s.Order, Entry{content.PageCard, string(p.ID)})
		}
	}
	var open []*Page // the section cards that hold the current card, outermost first
	s.parent = map[Entry]*Page{}
	for _, c := range chapter {
		for len(open) > 0 && !within(c.parts, open[len(open)-1].Section.Parts()) {
			open = open[:len(open)-1]
		}
		if len(open) > 0 {
			open[len(open)-1].Cards = append(open[len(open)-1].Cards, c.e)
			s.parent[c.e] = open[len(open)-1]
		} else {
			s.Chapter = append(s.Chapter, c.e)
		}
		if c.rank == 0 {
			open = append(open, s.Page(c.e.ID))
		}
		s.Order = append(s.Order, c.e)
	}
	for _, st := range s.Standards {
		if st.Section == "" {
			s.Order = append(s.Order, Entry{content.StandardCard, string(st.ID)})
		}
	}
	for _, p := range s.Pages {
		if p.Part == "back" {
			s.Order = append(s.Order, Entry{content.PageCard, string(p.ID)})
		}
	}
	s.position = make(map[Entry]int, len(s.Order))
	for i, e := range s.Order {
		s.position[e] = i
	}
}

// Listed are the cards a section card's page lists and after which its After text
// stands: its members if it names them, else all its cards.
func (s *Site) Listed(p *Page) []Entry {
	if len(p.Members) == 0 {
		return p.Cards
	}
	return p.Cards[:min(len(p.Members), len(p.Cards))] // the members come first
}

// Sections returns the section cards that hold e, outermost first.
func (s *Site) Sections(e Entry) []*Page {
	var out []*Page
	for p := s.parent[e]; p != nil; p = s.parent[Entry{content.PageCard, string(p.ID)}] {
		out = append(out, p)
	}
	slices.Reverse(out)
	return out
}

// within reports whether section parts lie in the section of parts sec (or are sec).
func within(parts, sec []int) bool {
	return len(parts) >= len(sec) && slices.Equal(parts[:len(sec)], sec)
}

// Neighbours returns the entries before and after e in the reading order (zero Entry at
// the ends).
func (s *Site) Neighbours(e Entry) (prev, next Entry) {
	i, ok := s.position[e]
	if !ok {
		return
	}
	if i > 0 {
		prev = s.Order[i-1]
	}
	if i+1 < len(s.Order) {
		next = s.Order[i+1]
	}
	return
}

func (s *Site) matrix() {
	m := &s.Matrix
	m.Rows = s.Schemes
	for _, st := range s.Standards {
		if len(st.ReferencedBy) > 0 {
			m.Columns = append(m.Columns, st)
		}
	}
	slices.SortStableFunc(m.Columns, func(a, b *Standard) int {
		return cmp.Or(len(b.ReferencedBy)-len(a.ReferencedBy), naturalCompare(a.Designation, b.Designation))
	})
	m.ColSum = make([]int, len(m.Columns))
	for _, sc := range m.Rows {
		row := make([]bool, len(m.Columns))
		sum := 0
		for j, st := range m.Columns {
			if slices.Contains(sc.Standards, st) {
				row[j] = true
				sum++
				m.ColSum[j]++
			}
		}
		m.Cells = append(m.Cells, row)
		m.RowSum = append(m.RowSum, sum)
	}
}

// Scheme returns the scheme with id, or nil; s may be nil.
func (s *Site) Scheme(id string) *Scheme {
	if s == nil {
		return nil
	}
	return s.schemes[id]
}

// Standard returns the standard with id, or nil; s may be nil.
func (s *Site) Standard(id string) *Standard {
	if s == nil {
		return nil
	}
	return s.standards[id]
}

// Page returns the prose page with id, or nil.
func (s *Site) Page(id string) *Page { return s.pages[id] }

// Path returns the output path of a card's page in lang, relative to the output folder.
func Path(lang string, kind content.CardKind, id string) string {
	if kind == content.PageCard {
		return lang + "/" + id + ".html"
	}
	return lang + "/" + kind.Folder() + "/" + id + ".html"
}

// Rel returns the relative URL from the page at path from to the file at path to (both
// relative to the output folder, with "/" separators).
func Rel(from, to string) string {
	// i is past the folders the two share; a page links to many, so nothing is split.
	i := 0
	for {
		f, t := strings.IndexByte(from[i:], '/'), strings.IndexByte(to[i:], '/')
		if f < 0 || f != t || from[i:i+f] != to[i:i+t] {
			break
		}
		i += f + 1
	}
	up := strings.Count(from[i:], "/")
	var b strings.Builder
	b.Grow(3*up + len(to) - i)
	for range up {
		b.WriteString("../")
	}
	b.WriteString(to[i:])
	return b.String()
}
