package content

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// Langs are the languages of the site, the original first.
var Langs = []string{"ja", "en"}

// ID names a card; it equals the card's file name without ".toml".
type ID string

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// Check reports whether id is well formed.
func (id ID) Check() error {
	if !idPattern.MatchString(string(id)) {
		return fmt.Errorf("invalid id %q: use lowercase ASCII letters, digits and hyphens, starting with a letter or digit", string(id))
	}
	return nil
}

// Section is a survey section number such as "2.1.3".
type Section string

var sectionPattern = regexp.MustCompile(`^[1-9][0-9]*(\.[1-9][0-9]*)*$`)

// Check reports whether s is a dotted section number.
func (s Section) Check() error {
	if !sectionPattern.MatchString(string(s)) {
		return fmt.Errorf("invalid section %q: write it as dotted numbers, like \"2.1.3\"", string(s))
	}
	return nil
}

// Parts returns the numbers of the section, for ordering. A part that is not a number,
// which only a card with an error has, counts as fmt.Sscan reads it.
func (s Section) Parts() []int {
	var out []int
	for _, p := range strings.Split(string(s), ".") {
		n := 0
		fmt.Sscan(p, &n)
		out = append(out, n)
	}
	return out
}

// CompareSections orders "2.1.9" before "2.1.10".
func CompareSections(a, b Section) int { return slices.Compare(a.Parts(), b.Parts()) }

// URL is an external link; only http and https are allowed on cards (mailto in Markdown).
type URL string

// Check reports whether u is an absolute http(s) URL.
func (u URL) Check() error {
	p, err := url.Parse(string(u))
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || strings.ContainsAny(string(u), " \t\n<>\"") {
		return fmt.Errorf("invalid URL %q: only absolute http:// and https:// URLs are allowed", string(u))
	}
	return nil
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = fmt.Sprintf("%q", v)
	}
	return out
}

// CardKind is what a card is: a scheme, a standard or a prose page.
type CardKind string

// The kinds of card, each in its own folder of the content folder.
const (
	SchemeCard   CardKind = "scheme"
	StandardCard CardKind = "standard"
	PageCard     CardKind = "page"
)

// Folder is the folder of the content folder that holds cards of the kind.
func (k CardKind) Folder() string { return string(k) + "s" }

// Region is where a scheme comes from: survey sections 2.1, 2.2 and 2.3.
type Region string

// Regions in survey order.
var Regions = []string{"domestic", "international", "foreign"}

// Kind is the column of Figure 1-1 a scheme belongs to.
type Kind string

// Kinds of scheme.
var Kinds = []string{"scheme", "guideline", "law"}

// OrgRole selects the heading of a scheme's name row.
type OrgRole string

// OrgRoles: 運用組織, 作成組織, 発行者, 検討実施組織, 名称及び構成, none.
var OrgRoles = []string{"operator", "author", "publisher", "study", "composition", "none"}

// ScopeLabel selects the heading of a scheme's scope row.
type ScopeLabel string

// ScopeLabels: 対象（適用範囲） or 対象.
var ScopeLabels = []string{"scope", "target"}

// Target is an audience of a scheme.
type Target string

// Targets a scheme may address.
var Targets = []string{"csp", "csc", "government", "business", "healthcare", "finance", "essential-services"}

// Group is a grouping of standards in the standards diagram.
type Group string

// Groups of standards; the first six are those of the survey's figure in 2.4.3.
var Groups = []string{"isms", "controls", "cloud", "pii", "privacy-framework", "risk", "service-management", "business-continuity", "supply-chain", "cloud-computing", "assurance", "cybersecurity", "sector", "national-guidance"}

// Status tells whether a standard is still in force.
type Status string

// Statuses of a standard; empty means current.
var Statuses = []string{"current", "withdrawn"}

// RelType is the type of a relation between two standards.
type RelType string

// RelTypes of relations between standards, read "<from> <type> <to>".
var RelTypes = []string{"based-on", "part-of", "succeeds", "within-framework", "specialises", "extends", "corresponds-to", "references"}

// Part places a prose page before or after chapter 2 in the contents; a section card
// has none, its section number places it.
type Part string

// Parts of the contents.
var Parts = []string{"front", "back"}

// Site is content/site.toml.
type Site struct {
	Document  string     `toml:"document" json:"document,omitempty"`
	BaseURL   string     `toml:"base_url" json:"base_url,omitempty"`
	Ja        SiteText   `toml:"ja" json:"ja,omitempty"`
	En        SiteText   `toml:"en" json:"en,omitempty"`
	Revisions []Revision `toml:"revisions" json:"revisions,omitempty"`
	// Corrections are the obvious typos of the original that the cards correct.
	Corrections []Correction `toml:"corrections" json:"corrections,omitempty"`

	Src *Source `toml:"-" json:"-"`
}

// Correction is a typo of the printed survey that the cards correct, listed on the
// changes page as an editorial correction. Original and Corrected quote the survey, in
// its language.
type Correction struct {
	Card      string `toml:"card" json:"card,omitempty"` // the card corrected: scheme:<id>, std:<id> or page:<id>
	Original  string `toml:"original" json:"original,omitempty"`
	Corrected string `toml:"corrected" json:"corrected,omitempty"`
}

// SiteText is the site's text in one language.
type SiteText struct {
	Title       string `toml:"title" json:"title,omitempty"`
	Publisher   string `toml:"publisher" json:"publisher,omitempty"`
	Description string `toml:"description" json:"description,omitempty"`
}

// Revision is one edition of the survey.
type Revision struct {
	ID   string       `toml:"id" json:"id,omitempty"`
	Date string       `toml:"date" json:"date,omitempty"`
	Ja   RevisionText `toml:"ja" json:"ja,omitempty"`
	En   RevisionText `toml:"en" json:"en,omitempty"`
}

// RevisionText describes a revision in one language.
type RevisionText struct {
	Title   string `toml:"title" json:"title,omitempty"`
	Summary string `toml:"summary" json:"summary,omitempty"` // Markdown
}

// Scheme is a card in content/schemes/.
type Scheme struct {
	ID         ID         `toml:"id" json:"id,omitempty"`
	Section    Section    `toml:"section" json:"section,omitempty"`
	Region     Region     `toml:"region" json:"region,omitempty"`
	Kind       Kind       `toml:"kind" json:"kind,omitempty"`
	OrgRole    OrgRole    `toml:"org_role" json:"org_role,omitempty"`
	ScopeLabel ScopeLabel `toml:"scope_label" json:"scope_label,omitempty"`
	Targets    []Target   `toml:"targets" json:"targets,omitempty"`
	AddedIn    string     `toml:"added_in" json:"added_in,omitempty"`
	Standards  []ID       `toml:"standards" json:"standards,omitempty"`
	Schemes    []ID       `toml:"schemes" json:"schemes,omitempty"`
	URLs       []URL      `toml:"urls" json:"urls,omitempty"`
	URLLabels  []URLLabel `toml:"url_labels" json:"url_labels,omitempty"`
	Ja         SchemeText `toml:"ja" json:"ja,omitempty"`
	En         SchemeText `toml:"en" json:"en,omitempty"`

	Src *Source `toml:"-" json:"-"`
}

// SchemeText is a scheme's text in one language.
type SchemeText struct {
	Title    string `toml:"title" json:"title,omitempty"`
	Heading  string `toml:"heading" json:"heading,omitempty"` // the title with the notes the survey's heading carries: [^1]
	Label    string `toml:"label" json:"label,omitempty"`
	Name     string `toml:"name" json:"name,omitempty"`         // Markdown
	Scope    string `toml:"scope" json:"scope,omitempty"`       // Markdown
	Overview string `toml:"overview" json:"overview,omitempty"` // Markdown
	ISMS     string `toml:"isms" json:"isms,omitempty"`         // Markdown
	Notes    string `toml:"notes" json:"notes,omitempty"`       // Markdown: footnote definitions
}

// URLLabel is the label the survey puts before one of a card's related URLs.
type URLLabel struct {
	URL URL    `toml:"url" json:"url,omitempty"`
	Ja  string `toml:"ja" json:"ja,omitempty"`
	En  string `toml:"en" json:"en,omitempty"`
}

// Label returns the label in lang.
func (l *URLLabel) Label(lang string) string { return *pick(lang, &l.Ja, &l.En) }

// Text returns the text in lang.
func (s *Scheme) Text(lang string) *SchemeText { return pick(lang, &s.Ja, &s.En) }

// Standard is a card in content/standards/.
type Standard struct {
	ID          ID         `toml:"id" json:"id,omitempty"`
	Designation string     `toml:"designation" json:"designation,omitempty"`
	Section     Section    `toml:"section" json:"section,omitempty"`
	Edition     string     `toml:"edition" json:"edition,omitempty"`
	Status      Status     `toml:"status" json:"status,omitempty"`
	Groups      []Group    `toml:"groups" json:"groups,omitempty"`
	JIS         []string   `toml:"jis" json:"jis,omitempty"`
	URLs        []URL      `toml:"urls" json:"urls,omitempty"`
	Relations   []Relation `toml:"relations" json:"relations,omitempty"`
	// BothTitles: the survey heads the document with its English title and its
	// Japanese one, so the Japanese page shows both.
	BothTitles bool         `toml:"both_titles" json:"both_titles,omitempty"`
	Ja         StandardText `toml:"ja" json:"ja,omitempty"`
	En         StandardText `toml:"en" json:"en,omitempty"`

	Src *Source `toml:"-" json:"-"`
}

// StandardText is a standard's text in one language.
type StandardText struct {
	Title       string `toml:"title" json:"title,omitempty"`
	Description string `toml:"description" json:"description,omitempty"` // Markdown
	Notes       string `toml:"notes" json:"notes,omitempty"`             // Markdown: footnote definitions
}

// Text returns the text in lang.
func (s *Standard) Text(lang string) *StandardText { return pick(lang, &s.Ja, &s.En) }

// Relation is a typed link from one standard to another.
type Relation struct {
	Type RelType `toml:"type" json:"type,omitempty"`
	To   ID      `toml:"to" json:"to,omitempty"`
	Note *Note   `toml:"note" json:"note,omitempty"`
}

// Note is a short text in both languages.
type Note struct {
	Ja string `toml:"ja" json:"ja,omitempty"`
	En string `toml:"en" json:"en,omitempty"`
}

// Text returns the note in lang.
func (n *Note) Text(lang string) string { return *pick(lang, &n.Ja, &n.En) }

// Page is a prose page in content/pages/. A page with a section number is a section
// card: the heading of that section of chapter 2 and the text the survey gives the
// section as a whole, shown before the section's cards (Body) and after them (After).
type Page struct {
	ID      ID      `toml:"id" json:"id,omitempty"`
	Order   int     `toml:"order" json:"order,omitempty"`
	Part    Part    `toml:"part" json:"part,omitempty"`
	Section Section `toml:"section" json:"section,omitempty"`
	// Members are the cards that share the section card's number, in the survey's order;
	// the section's other cards follow them, by designation.
	Members []ID     `toml:"members" json:"members,omitempty"`
	Ja      PageText `toml:"ja" json:"ja,omitempty"`
	En      PageText `toml:"en" json:"en,omitempty"`

	Src *Source `toml:"-" json:"-"`
}

// PageText is a page's text in one language.
type PageText struct {
	Title string `toml:"title" json:"title,omitempty"`
	Body  string `toml:"body" json:"body,omitempty"`   // Markdown
	After string `toml:"after" json:"after,omitempty"` // Markdown, section cards only
	Notes string `toml:"notes" json:"notes,omitempty"` // Markdown: footnote definitions
}

// Text returns the text in lang.
func (p *Page) Text(lang string) *PageText { return pick(lang, &p.Ja, &p.En) }

// Glossary is content/glossary.toml.
type Glossary struct {
	Terms []Term `toml:"terms" json:"terms,omitempty"`

	Src *Source `toml:"-" json:"-"`
}

// Term is one glossary entry.
type Term struct {
	ID   ID     `toml:"id" json:"id,omitempty"`
	Abbr string `toml:"abbr" json:"abbr,omitempty"`
	// Except are phrases in which the abbreviation stands for something else ("BSI
	// Group" is not the German BSI): an occurrence inside one is not marked up.
	Except []string `toml:"except" json:"except,omitempty"`
	Ja     TermText `toml:"ja" json:"ja,omitempty"`
	En     TermText `toml:"en" json:"en,omitempty"`
}

// TermText is a term in one language.
type TermText struct {
	Term        string `toml:"term" json:"term,omitempty"`
	Description string `toml:"description" json:"description,omitempty"` // Markdown
}

// Text returns the term in lang.
func (t *Term) Text(lang string) *TermText { return pick(lang, &t.Ja, &t.En) }

// Text returns the site text in lang.
func (s *Site) Text(lang string) *SiteText { return pick(lang, &s.Ja, &s.En) }

// Text returns the revision text in lang.
func (r *Revision) Text(lang string) *RevisionText { return pick(lang, &r.Ja, &r.En) }

func pick[T any](lang string, ja, en *T) *T {
	if lang == "ja" {
		return ja
	}
	return en
}
