// Package search builds the offline search index of one language of the site: a
// JavaScript file that search.html loads with <script src> (a fetch of JSON fails on
// pages opened from disk) and that layouts/assets/search.js reads.
//
// # Input
//
// [Build] takes the language and the [Record]s to find, in the order that breaks ties
// between equal results (survey order). Titles and names weigh more than bodies. A
// record's body comes in [Part]s, the fields of its card, each with the label the page
// shows over it, so that a snippet can be taken from one field and say which.
//
// # Tokens
//
// [Tokens] is the tokeniser; search.js cuts the query by the same rules, so the two
// must change together (TestTokensAgreeWithJS checks them against each other when node
// is installed). Text is folded with NFKC, lowercased, and hiragana written as katakana
// (くらうど finds クラウド); Japanese is cut into character bigrams, so a query needs no
// spaces; other scripts into words.
//
// The browser normalises the query with String.prototype.normalize("NFKC"); the
// generator folds with golang.org/x/text/unicode/norm. The node test compares both
// sides on every assigned character.
//
// # Output
//
// The file is one statement, window.SURVEY_SEARCH = <JSON>; with the keys in sorted
// order and every list in a fixed order, so the same records give the same bytes:
//
//	{"lang":"ja",
//	 "postings":"<one list per token, separated by spaces>",
//	 "records":[[url, title, section, kind, name, [[label, excerpt], ...]], ...],
//	 "tokens":"<the sorted tokens, front-coded>",
//	 "v":2}
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
// label, excerpt: a part of the body, for snippets: its label and its text, each with
// white space collapsed, the text cut to [MaxExcerpt] bytes (and then ending in "…").
// Parts with no text are left out. Tokens come from the whole of every part; labels are
// not searched (they are the same on every card).
package search

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
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
	Parts   []Part // the body: plain text, in parts
}

// Part is a piece of a record's body: the text of one field of its card and the label
// the page shows over it ("" for none).
type Part struct {
	Label string
	Text  string
}

// Kinds are the record kinds search.js can label.
var Kinds = []string{"scheme", "standard", "page", "term"}

// Version is the index format; search.js refuses any other. It changes with the
// format and with the rules of Tokens, which search.js must cut queries by.
const Version = 2

// MaxExcerpt is how many bytes of each part the index keeps for snippets: about 800
// Japanese or 2,400 English characters, which keeps the whole of all but a few fields
// while the survey's index stays under 150 KB a language. Every part is searched in
// full; a match beyond the excerpt shows the excerpt's start.
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
	if err := checkRecords(lang, records); err != nil {
		return nil, err
	}
	ix := newIndexer()
	for i, r := range records {
		ix.add(r.Title, inTitle)
		ix.add(r.Name, inName)
		for _, p := range r.Parts {
			ix.add(p.Text, inBody)
		}
		ix.endRecord(i)
	}
	order := ix.sorted()
	// The file is made in one buffer of about its size: growing it as it is written
	// would copy it a dozen times. Escapes seldom add to the records, and collapsing
	// white space only shortens them.
	size := len(fileHead+afterLang+afterPostings+afterRecords+fileTail) + len(lang) + 4
	for _, id := range order {
		size += len(ix.postings[id]) + 1 + len(ix.tokens[id]) + 1
	}
	for _, r := range records {
		size += len(r.URL) + len(r.Title) + len(r.Section) + len(r.Kind) + len(r.Name) + 20
		for _, p := range r.Parts {
			size += len(p.Label) + min(len(p.Text), MaxExcerpt+len("…")) + 8
		}
	}
	b := append(make([]byte, 0, size), fileHead...)
	b = appendString(b, lang)
	b = append(b, afterLang...)
	for i, id := range order {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, ix.postings[id]...) // digits, which need no escapes
	}
	b = append(b, afterPostings...)
	b = appendRecords(b, records)
	b = append(b, afterRecords...)
	tokens := make([]string, len(order))
	for i, id := range order {
		tokens[i] = ix.tokens[id]
	}
	b = appendDict(b, tokens)
	return append(b, fileTail...), nil
}

// checkRecords returns the errors of Build for lang and records, naming every bad one.
func checkRecords(lang string, records []Record) error {
	var errs []error
	if !langPattern.MatchString(lang) {
		errs = append(errs, fmt.Errorf("search: invalid language %q", lang))
	}
	for i, r := range records {
		if err := r.check(); err != nil {
			errs = append(errs, fmt.Errorf("search: record %d (%q): %w", i, r.URL, err))
		}
	}
	return errors.Join(errs...)
}

// The fixed text of the file around its parts: the language, the postings, the
// records and the front-coded tokens (a JSON string, quotes included), in this order.
const (
	fileHead      = `window.SURVEY_SEARCH={"lang":`
	afterLang     = `,"postings":"`
	afterPostings = `","records":[`
	afterRecords  = `],"tokens":`
)

var fileTail = `,"v":` + strconv.Itoa(Version) + "};\n"

// appendRecords appends the records, each a JSON array of URL, title, section, kind,
// name and parts, separated by commas.
func appendRecords(b []byte, records []Record) []byte {
	var line []byte // scratch for appendRecord
	for i, r := range records {
		if i > 0 {
			b = append(b, ',')
		}
		b, line = appendRecord(b, line, r)
	}
	return b
}

// appendRecord appends r as a JSON array of URL, title, section, kind, name and parts.
// line is scratch space, returned for the next call.
func appendRecord(b, line []byte, r Record) ([]byte, []byte) {
	b = append(b, '[')
	b = appendString(b, r.URL)
	b = append(b, ',')
	line = appendOneLine(line[:0], r.Title)
	b = appendString(b, line)
	b = append(b, ',')
	b = appendString(b, r.Section)
	b = append(b, ',')
	b = appendString(b, r.Kind)
	b = append(b, ',')
	line = appendOneLine(line[:0], r.Name)
	b = appendString(b, line)
	b = append(b, ',')
	b = append(b, '[')
	first := true
	for _, p := range r.Parts {
		line = appendExcerpt(line[:0], p.Text)
		if len(line) == 0 {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, '[')
		var label [64]byte
		b = appendString(b, appendOneLine(label[:0], p.Label))
		b = append(b, ',')
		b = appendString(b, line)
		b = append(b, ']')
	}
	return append(b, ']', ']'), line
}

// indexer collects the tokens of the records and their postings.
type indexer struct {
	ids    map[string]int32 // token id of each token
	tokens []string         // by id

	// By id: the encoded postings list, the record of its last entry, and the fields
	// of the current record that hold the token (0 if none).
	postings [][]byte
	last     []int
	fields   []uint8
	seen     []int32 // the ids of the current record, in the order met
}

func newIndexer() *indexer { return &indexer{ids: map[string]int32{}} }

func (ix *indexer) newToken(tok string) int32 {
	id := int32(len(ix.tokens))
	ix.tokens = append(ix.tokens, tok)
	ix.postings = append(ix.postings, nil)
	ix.last = append(ix.last, -1)
	ix.fields = append(ix.fields, 0)
	return id
}

// add records the tokens of text, a field f of the current record.
func (ix *indexer) add(text string, f uint8) {
	scan(fold(text), func(tok string) {
		id, ok := ix.ids[tok]
		if !ok {
			id = ix.newToken(strings.Clone(tok)) // not a piece of the whole folded text
			ix.ids[tok] = id
		}
		if ix.fields[id] == 0 {
			ix.seen = append(ix.seen, id)
		}
		ix.fields[id] |= f
	})
}

// endRecord appends record rec to the postings of its tokens.
func (ix *indexer) endRecord(rec int) {
	for _, id := range ix.seen {
		ix.postings[id] = appendNumber(ix.postings[id], (rec-ix.last[id]-1)*7+int(ix.fields[id])-1)
		ix.last[id] = rec
		ix.fields[id] = 0
	}
	ix.seen = ix.seen[:0]
}

// sorted returns the token ids in the order of their tokens.
func (ix *indexer) sorted() []int32 {
	order := make([]int32, len(ix.tokens))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(ix.tokens[a], ix.tokens[b]) })
	return order
}

// appendDict appends the front-coded tokens, in order, as a JSON string.
func appendDict(b []byte, tokens []string) []byte {
	b = append(b, '"')
	var prev string
	for _, cur := range tokens {
		// The common prefix in bytes, cut back to a character boundary: both
		// tokens are valid UTF-8, so the characters before it are the shared ones.
		p := 0
		for p < len(prev) && p < len(cur) && prev[p] == cur[p] {
			p++
		}
		for p < len(cur) && !utf8.RuneStart(cur[p]) {
			p--
		}
		// At most 25 of them: skip that many characters of cur.
		n, skip := 0, 0
		for skip < p && n < 25 {
			skip++
			for skip < len(cur) && !utf8.RuneStart(cur[skip]) {
				skip++
			}
			n++
		}
		b = append(b, byte('A'+n))
		b = appendStringBody(b, cur[skip:])
		prev = cur
	}
	return append(b, '"')
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

func appendNumber(b []byte, n int) []byte {
	var tmp [8]byte
	i := len(tmp) - 1
	tmp[i] = digits[n%base]
	for n /= base; n > 0; n /= base {
		i--
		tmp[i] = digits[base+n%base]
	}
	return append(b, tmp[i:]...)
}

// appendOneLine appends s with white space collapsed, as HTML would show it: the
// fields of s (strings.FieldsFunc with unicode.IsSpace) joined by single spaces.
func appendOneLine(b []byte, s string) []byte {
	start := len(b)
	space := false // a space is due before the next character
	for i := 0; i < len(s); {
		// Copy the run of bytes that cannot start a space character whole.
		j := i
		for j < len(s) {
			if spaceByte[s[j]] == 0 {
				j++
			} else if s[j] == ' ' && j > i && j+1 < len(s) && spaceByte[s[j+1]] == 0 {
				j += 2 // a lone space between other characters stays as it is
			} else {
				break
			}
		}
		if j > i {
			if space && len(b) > start {
				b = append(b, ' ')
			}
			space = false
			b = append(b, s[i:j]...) // invalid UTF-8 too, as FieldsFunc keeps it
			i = j
			continue
		}
		size := 1
		if spaceByte[s[i]] == maybeSpace {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			if !unicode.IsSpace(r) {
				if space && len(b) > start {
					b = append(b, ' ')
				}
				space = false
				b = append(b, s[i:i+size]...)
				i += size
				continue
			}
		}
		space = true
		i += size
	}
	return b
}

// spaceByte tells the bytes that are white space (isSpace) or may start the UTF-8 of a
// white space character (maybeSpace: U+0085, U+00A0, U+1680, U+2000 to U+205F,
// U+3000), according to unicode.IsSpace. TestSpaceByte checks it.
var spaceByte = [256]uint8{'\t': isSpace, '\n': isSpace, '\v': isSpace, '\f': isSpace, '\r': isSpace, ' ': isSpace, 0xC2: maybeSpace, 0xE1: maybeSpace, 0xE2: maybeSpace, 0xE3: maybeSpace}

const (
	isSpace    = 1
	maybeSpace = 2
)

// appendExcerpt appends text on one line, cut to MaxExcerpt bytes at a character
// boundary.
func appendExcerpt(b []byte, text string) []byte {
	start := len(b)
	b = appendOneLine(b, text)
	s := b[start:]
	if len(s) <= MaxExcerpt {
		return b
	}
	i := MaxExcerpt
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	// oneLine leaves single spaces between non-space characters: at most one to trim.
	if i > 0 && s[i-1] == ' ' {
		i--
	}
	return append(b[:start+i], "…"...)
}

// appendString appends s as a JSON string. Only '"', '\' and control characters are
// escaped, and U+2028 and U+2029 for older JavaScript parsers, and U+FFFD and invalid
// UTF-8 as \ufffd; the rest stays UTF-8, which is smaller than \u escapes for Japanese.
func appendString[T string | []byte](b []byte, s T) []byte {
	b = append(b, '"')
	b = appendStringBody(b, s)
	return append(b, '"')
}

// appendStringBody is appendString without the quotes.
func appendStringBody[T string | []byte](b []byte, s T) []byte {
	// Runs of characters that need no escape are copied whole. In valid UTF-8 only
	// ASCII bytes and the first bytes of U+2028, U+2029 (0xE2) and U+FFFD (0xEF)
	// may need one; invalid UTF-8 is checked character by character.
	table := &escapeValid
	if !validUTF8(s) {
		table = &escapeInvalid
	}
	done := 0
	for i := 0; i < len(s); {
		c := s[i]
		if table[c] == 0 {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[done:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, `\n`...)
			default:
				b = appendUnicodeEscape(b, rune(c))
			}
			i++
			done = i
			continue
		}
		// (A string of at most 4 bytes converts on the stack when T is []byte.)
		r, size := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
		if r == 0x2028 || r == 0x2029 || r == utf8.RuneError {
			b = append(b, s[done:i]...)
			b = appendUnicodeEscape(b, r)
			done = i + size
		}
		i += size
	}
	return append(b, s[done:]...)
}

// validUTF8 is utf8.ValidString or utf8.Valid, whichever fits T, so that a []byte is
// not copied into a string.
func validUTF8[T string | []byte](s T) bool {
	switch s := any(s).(type) {
	case string:
		return utf8.ValidString(s)
	case []byte:
		return utf8.Valid(s)
	}
	panic("unreachable")
}

// escapeValid and escapeInvalid mark the bytes at which appendStringBody stops, in
// valid and in invalid UTF-8.
var escapeValid, escapeInvalid = func() (valid, invalid [256]uint8) {
	for c := range 256 {
		if c < 0x20 || c == '"' || c == '\\' || c == 0xE2 || c == 0xEF {
			valid[c] = 1
		}
		if valid[c] == 1 || c >= utf8.RuneSelf {
			invalid[c] = 1
		}
	}
	return valid, invalid
}()

func appendUnicodeEscape(b []byte, r rune) []byte {
	const hex = "0123456789abcdef"
	return append(b, '\\', 'u', hex[r>>12&0xF], hex[r>>8&0xF], hex[r>>4&0xF], hex[r&0xF])
}
