// Package search builds the offline search index of one language of the site: a
// JavaScript file that search.html loads with <script src> (a fetch of JSON fails on
// pages opened from disk) and that layouts/assets/search.js reads.
//
// # Input
//
// [Build] takes the language and the [Record]s to find, in the order that breaks ties
// between equal results (survey order). Titles and names weigh more than bodies.
//
// # Tokens
//
// [Tokens] is the tokeniser; search.js cuts the query by the same rules, so the two
// must change together (TestTokensAgreeWithJS checks them against each other when node
// is installed). Text is folded with NFKC and lowercased; Japanese is cut into character
// bigrams, so a query needs no spaces; other scripts into words.
//
// The browser normalises the query with String.prototype.normalize("NFKC"). Go's
// standard library has no normaliser, and the generator does not depend on
// golang.org/x/text, so nfkc.go implements UAX #15 over tables generated from x/text by
// gennorm (a module of its own, run by go generate) for the Unicode edition of package
// unicode. The node test compares both sides on every assigned character.
//
// # Output
//
// The file is one statement, window.SURVEY_SEARCH = <JSON>; with the keys in sorted
// order and every list in a fixed order, so the same records give the same bytes:
//
//	{"lang":"ja",
//	 "postings":"<one list per token, separated by spaces>",
//	 "records":[[url, title, section, kind, name, excerpt], ...],
//	 "tokens":"<the sorted tokens, front-coded>",
//	 "v":1}
//
// tokens: each token is an upper-case letter giving how many leading characters (code
// points, A = 0 ... Z = 25) it shares with the token before, then the rest of it. Tokens
// are lowercased and never hold A to Z, so the letters cannot be confused with their text.
//
// postings: for the n-th token, the n-th space-separated list of its records in
// ascending order. Each entry is the number d*7 + (f-1), where d is the gap to the
// previous record of the list minus one (the record number itself for the first entry)
// and f the fields holding the token (1 title, 2 name, 4 body; 1 to 7). A number is
// written in base 46, most significant digit first, over the printable ASCII
// characters other than '"' and '\': a final digit is one of the first 46 of them
// ("!#$%...", ending in 'O'), a leading digit one of the last 46 ('P' ... '~').
//
// excerpt: the body with white space collapsed, cut to [MaxExcerpt] bytes (and then
// ending in "…"), for snippets. Tokens come from the whole body.
package search

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Record is one result the search can show.
type Record struct {
	URL     string // relative to the search page, e.g. "schemes/ismap.html"
	Title   string
	Section string // "2.1.8", or empty
	Kind    string // one of Kinds
	Name    string // more text that weighs like the title: label, designation
	Body    string // plain text
}

// Kinds are the record kinds search.js can label.
var Kinds = []string{"scheme", "standard", "page", "term"}

// Version is the index format; search.js refuses any other.
const Version = 1

// MaxExcerpt is how many bytes of each body the index keeps for snippets: about 800
// Japanese or 2,400 English characters, which keeps the whole of most cards while the
// survey's index stays under 150 KB a language. Every body is searched in full; a match
// beyond the excerpt shows the excerpt's start.
const MaxExcerpt = 2400

// Field flags in the postings.
const (
	inTitle = 1
	inName  = 2
	inBody  = 4
)

var langPattern = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]+)*$`)

// Build returns the index file for records in lang. It fails, naming every bad record,
// when a record has no title, an unknown kind or a URL that is not relative.
func Build(lang string, records []Record) ([]byte, error) {
	var errs []error
	if !langPattern.MatchString(lang) {
		errs = append(errs, fmt.Errorf("search: invalid language %q", lang))
	}
	for i, r := range records {
		if err := r.check(); err != nil {
			errs = append(errs, fmt.Errorf("search: record %d (%q): %w", i, r.URL, err))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	// token -> fields, per record; then the postings in record order.
	type posting struct {
		rec    int
		fields uint8
	}
	postings := map[string][]posting{}
	for i, r := range records {
		fields := map[string]uint8{}
		add := func(text string, f uint8) {
			scan(fold(text), func(tok string) { fields[tok] |= f })
		}
		add(r.Title, inTitle)
		add(r.Name, inName)
		add(r.Body, inBody)
		for tok, f := range fields {
			postings[tok] = append(postings[tok], posting{i, f})
		}
	}
	tokens := make([]string, 0, len(postings))
	for tok := range postings {
		tokens = append(tokens, tok)
	}
	slices.Sort(tokens)

	var dict, post strings.Builder
	prev := []rune(nil)
	for i, tok := range tokens {
		cur := []rune(tok)
		n := 0
		for n < len(prev) && n < len(cur) && n < 25 && prev[n] == cur[n] {
			n++
		}
		dict.WriteByte(byte('A' + n))
		dict.WriteString(string(cur[n:]))
		prev = cur

		if i > 0 {
			post.WriteByte(' ')
		}
		list := postings[tok]
		slices.SortFunc(list, func(a, b posting) int { return cmp.Compare(a.rec, b.rec) })
		last := -1
		for _, p := range list {
			writeNumber(&post, (p.rec-last-1)*7+int(p.fields)-1)
			last = p.rec
		}
	}

	var b strings.Builder
	b.WriteString("window.SURVEY_SEARCH={")
	b.WriteString(`"lang":`)
	writeString(&b, lang)
	b.WriteString(`,"postings":`)
	writeString(&b, post.String())
	b.WriteString(`,"records":[`)
	for i, r := range records {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('[')
		for j, s := range []string{r.URL, oneLine(r.Title), r.Section, r.Kind, oneLine(r.Name), excerpt(r.Body)} {
			if j > 0 {
				b.WriteByte(',')
			}
			writeString(&b, s)
		}
		b.WriteByte(']')
	}
	b.WriteString(`],"tokens":`)
	writeString(&b, dict.String())
	fmt.Fprintf(&b, `,"v":%d};`+"\n", Version)
	return []byte(b.String()), nil
}

func (r Record) check() error {
	var errs []error
	if strings.TrimSpace(r.Title) == "" {
		errs = append(errs, errors.New("empty title"))
	}
	if !slices.Contains(Kinds, r.Kind) {
		errs = append(errs, fmt.Errorf("unknown kind %q: use one of %s", r.Kind, strings.Join(Kinds, ", ")))
	}
	if u, err := url.Parse(r.URL); r.URL == "" || err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(r.URL, "/") || strings.ContainsAny(r.URL, " \t\n\\") {
		errs = append(errs, fmt.Errorf("URL %q is not a relative link like \"schemes/ismap.html\"", r.URL))
	}
	return errors.Join(errs...)
}

// The digits of the postings: the printable ASCII characters but '"' and '\', so that
// a list needs no escaping in JSON.
var digits = func() []byte {
	var d []byte
	for c := byte('!'); c <= '~'; c++ {
		if c != '"' && c != '\\' {
			d = append(d, c)
		}
	}
	return d
}()

const base = 46 // len(digits)/2: final digits first, then leading digits

func writeNumber(b *strings.Builder, n int) {
	var tmp [8]byte
	i := len(tmp) - 1
	tmp[i] = digits[n%base]
	for n /= base; n > 0; n /= base {
		i--
		tmp[i] = digits[base+n%base]
	}
	b.Write(tmp[i:])
}

// oneLine collapses white space, as HTML would show it.
func oneLine(s string) string { return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ") }

// excerpt is the body on one line, cut to MaxExcerpt bytes at a character boundary.
func excerpt(body string) string {
	s := oneLine(body)
	if len(s) <= MaxExcerpt {
		return s
	}
	i := MaxExcerpt
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return strings.TrimRightFunc(s[:i], unicode.IsSpace) + "…"
}

// writeString writes s as a JSON string. Only '"', '\' and control characters are
// escaped, and U+2028 and U+2029 for older JavaScript parsers; the rest stays UTF-8,
// which is smaller than \u escapes for Japanese.
func writeString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r < 0x20 || r == 0x2028 || r == 0x2029 || r == utf8.RuneError:
			fmt.Fprintf(b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}
