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

// Parts returns the numbers of the section, for ordering.
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

// An enum is a string restricted to a fixed set of values.
type enum interface{ values() []string }

func checkEnum(what, v string, allowed []string) error {
	if slices.Contains(allowed, v) {
		return nil
	}
	return fmt.Errorf("unknown %s %q: use one of %s", what, v, strings.Join(quoteAll(allowed), ", "))
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = fmt.Sprintf("%q", v)
	}
	return out
}

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

// Part places a prose page before or after chapter 2 in the contents.
type Part string

// Parts of the contents.
var Parts = []string{"front", "back"}

// Site is content/site.toml.
type Site struct {
	Document  string     `toml:"document"`
	BaseURL   string     `toml:"base_url"`
	Ja        SiteText   `toml:"ja"`
	En        SiteText   `toml:"en"`
	Revisions []Revision `toml:"revisions"`

	Src *Source `toml:"-"`
}

// SiteText is the site's text in one language.
type SiteText struct {
	Title       string `toml:"title"`
	Publisher   string `toml:"publisher"`
	Description string `toml:"description"`
}

// Revision is one edition of the survey.
type Revision struct {
	ID   string       `toml:"id"`
	Date string       `toml:"date"`
	Ja   RevisionText `toml:"ja"`
	En   RevisionText `toml:"en"`
}

// RevisionText describes a revision in one language.
type RevisionText struct {
	Title   string `toml:"title"`
	Summary string `toml:"summary"` // Markdown
}

// Scheme is a card in content/schemes/.
type Scheme struct {
	ID         ID         `toml:"id"`
	Section    Section    `toml:"section"`
	Region     Region     `toml:"region"`
	Kind       Kind       `toml:"kind"`
	OrgRole    OrgRole    `toml:"org_role"`
	ScopeLabel ScopeLabel `toml:"scope_label"`
	Targets    []Target   `toml:"targets"`
	AddedIn    string     `toml:"added_in"`
	Standards  []ID       `toml:"standards"`
	Schemes    []ID       `toml:"schemes"`
	URLs       []URL      `toml:"urls"`
	Ja         SchemeText `toml:"ja"`
	En         SchemeText `toml:"en"`

	Src *Source `toml:"-"`
}

// SchemeText is a scheme's text in one language.
type SchemeText struct {
	Title    string `toml:"title"`
	Label    string `toml:"label"`
	Name     string `toml:"name"`     // Markdown
	Scope    string `toml:"scope"`    // Markdown
	Overview string `toml:"overview"` // Markdown
	ISMS     string `toml:"isms"`     // Markdown
	Notes    string `toml:"notes"`    // Markdown: footnote definitions
}

// Text returns the text in lang.
func (s *Scheme) Text(lang string) *SchemeText { return pick(lang, &s.Ja, &s.En) }

// Standard is a card in content/standards/.
type Standard struct {
	ID          ID           `toml:"id"`
	Designation string       `toml:"designation"`
	Section     Section      `toml:"section"`
	Edition     string       `toml:"edition"`
	Status      Status       `toml:"status"`
	Groups      []Group      `toml:"groups"`
	JIS         []string     `toml:"jis"`
	URLs        []URL        `toml:"urls"`
	Relations   []Relation   `toml:"relations"`
	Ja          StandardText `toml:"ja"`
	En          StandardText `toml:"en"`

	Src *Source `toml:"-"`
}

// StandardText is a standard's text in one language.
type StandardText struct {
	Title       string `toml:"title"`
	Description string `toml:"description"` // Markdown
	Notes       string `toml:"notes"`       // Markdown: footnote definitions
}

// Text returns the text in lang.
func (s *Standard) Text(lang string) *StandardText { return pick(lang, &s.Ja, &s.En) }

// Relation is a typed link from one standard to another.
type Relation struct {
	Type RelType `toml:"type"`
	To   ID      `toml:"to"`
	Note *Note   `toml:"note"`
}

// Note is a short text in both languages.
type Note struct {
	Ja string `toml:"ja"`
	En string `toml:"en"`
}

// Text returns the note in lang.
func (n *Note) Text(lang string) string { return *pick(lang, &n.Ja, &n.En) }

// Page is a prose page in content/pages/.
type Page struct {
	ID    ID       `toml:"id"`
	Order int      `toml:"order"`
	Part  Part     `toml:"part"`
	Ja    PageText `toml:"ja"`
	En    PageText `toml:"en"`

	Src *Source `toml:"-"`
}

// PageText is a page's text in one language.
type PageText struct {
	Title string `toml:"title"`
	Body  string `toml:"body"`  // Markdown
	Notes string `toml:"notes"` // Markdown: footnote definitions
}

// Text returns the text in lang.
func (p *Page) Text(lang string) *PageText { return pick(lang, &p.Ja, &p.En) }

// Glossary is content/glossary.toml.
type Glossary struct {
	Terms []Term `toml:"terms"`

	Src *Source `toml:"-"`
}

// Term is one glossary entry.
type Term struct {
	ID   ID       `toml:"id"`
	Abbr string   `toml:"abbr"`
	Ja   TermText `toml:"ja"`
	En   TermText `toml:"en"`
}

// TermText is a term in one language.
type TermText struct {
	Term        string `toml:"term"`
	Description string `toml:"description"` // Markdown
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
