package search

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// buildReference is the straightforward implementation of Build's file: maps of
// strings, strings.Builder, the tokens from scan. It is the specification the
// index's layout is checked against, byte for byte (TestBuildMatchesReference,
// FuzzBuild). It assumes valid input (Build checks it first).
func buildReference(lang string, records []Record) []byte {
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
		for _, p := range r.Parts {
			add(p.Text, inBody)
		}
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
			writeNumberReference(&post, (p.rec-last-1)*7+int(p.fields)-1)
			last = p.rec
		}
	}

	var b strings.Builder
	b.WriteString("window.SURVEY_SEARCH={")
	b.WriteString(`"lang":`)
	writeStringReference(&b, lang)
	b.WriteString(`,"postings":`)
	writeStringReference(&b, post.String())
	b.WriteString(`,"records":[`)
	for i, r := range records {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('[')
		for _, s := range []string{r.URL, oneLineReference(r.Title), r.Section, r.Kind, oneLineReference(r.Name)} {
			writeStringReference(&b, s)
			b.WriteByte(',')
		}
		b.WriteByte('[')
		for j, p := range excerptsReference(r.Parts) {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('[')
			writeStringReference(&b, p.Label)
			b.WriteByte(',')
			writeStringReference(&b, p.Text)
			b.WriteByte(']')
		}
		b.WriteString("]]")
	}
	b.WriteString(`],"tokens":`)
	writeStringReference(&b, dict.String())
	fmt.Fprintf(&b, `,"v":%d};`+"\n", Version)
	return []byte(b.String())
}

func writeNumberReference(b *strings.Builder, n int) {
	var tmp [8]byte
	i := len(tmp) - 1
	tmp[i] = digits[n%base]
	for n /= base; n > 0; n /= base {
		i--
		tmp[i] = digits[base+n%base]
	}
	b.Write(tmp[i:])
}

func oneLineReference(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// excerptsReference returns the labels and excerpts of parts, as the index keeps them.
func excerptsReference(parts []Part) []Part {
	var out []Part
	for _, p := range parts {
		s := oneLineReference(p.Text)
		if s == "" {
			continue
		}
		if len(s) > MaxExcerpt {
			i := MaxExcerpt
			for i > 0 && !utf8.RuneStart(s[i]) {
				i--
			}
			s = strings.TrimRightFunc(s[:i], unicode.IsSpace) + "…"
		}
		out = append(out, Part{Label: oneLineReference(p.Label), Text: s})
	}
	return out
}

func writeStringReference(b *strings.Builder, s string) {
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
