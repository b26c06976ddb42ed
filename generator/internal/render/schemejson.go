package render

import (
	"unicode/utf8"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
)

// appendScheme appends the encoding of sc that encodeValue(sc, depth) gives, written out
// by hand: data/survey.json holds every scheme, and encoding/json's reflection and its
// second pass to indent were most of the cost of the export at 10,000 schemes.
// TestSchemeJSON compares the two on every real and synthetic card and on a card with
// every field set; FuzzSchemeJSON on arbitrary text.
func appendScheme(dst []byte, sc *content.Scheme, depth int) []byte {
	j := jsonWriter{dst: dst, depth: depth + 1, first: true}
	j.dst = append(j.dst, '{')
	j.str("id", string(sc.ID))
	j.str("section", string(sc.Section))
	j.str("region", string(sc.Region))
	j.str("kind", string(sc.Kind))
	j.str("org_role", string(sc.OrgRole))
	j.str("scope_label", string(sc.ScopeLabel))
	j.list("targets", len(sc.Targets), func(i int) string { return string(sc.Targets[i]) })
	j.str("added_in", sc.AddedIn)
	j.list("standards", len(sc.Standards), func(i int) string { return string(sc.Standards[i]) })
	j.list("schemes", len(sc.Schemes), func(i int) string { return string(sc.Schemes[i]) })
	j.list("urls", len(sc.URLs), func(i int) string { return string(sc.URLs[i]) })
	for _, t := range []struct {
		key  string
		text *content.SchemeText
	}{{"ja", &sc.Ja}, {"en", &sc.En}} {
		// omitempty leaves a struct in, even an empty one: encoding/json writes {}.
		j.key(t.key)
		j.dst = append(j.dst, '{')
		j.depth++
		j.first = true
		j.str("title", t.text.Title)
		j.str("label", t.text.Label)
		j.str("name", t.text.Name)
		j.str("scope", t.text.Scope)
		j.str("overview", t.text.Overview)
		j.str("isms", t.text.ISMS)
		j.str("notes", t.text.Notes)
		j.close('}')
	}
	j.close('}')
	return j.dst
}

// jsonWriter writes the members of objects indented as json.Encoder with
// SetIndent(depth spaces, " ") does.
type jsonWriter struct {
	dst   []byte
	depth int  // of the members being written
	first bool // no member written yet in the current object
}

// newline starts a line at the current depth.
func (j *jsonWriter) newline(depth int) {
	j.dst = append(j.dst, '\n')
	for range depth {
		j.dst = append(j.dst, ' ')
	}
}

// key starts the member key.
func (j *jsonWriter) key(k string) {
	if !j.first {
		j.dst = append(j.dst, ',')
	}
	j.first = false
	j.newline(j.depth)
	j.dst = append(j.dst, '"')
	j.dst = append(j.dst, k...)
	j.dst = append(j.dst, `": `...)
}

// close ends the current object (or list) with c, one level up; an empty one stays on
// its line, as {} or [].
func (j *jsonWriter) close(c byte) {
	j.depth--
	if !j.first {
		j.newline(j.depth)
	}
	j.dst = append(j.dst, c)
	j.first = false
}

// str writes a string member, left out when empty (omitempty).
func (j *jsonWriter) str(k, v string) {
	if v != "" {
		j.key(k)
		j.dst = appendJSONString(j.dst, v)
	}
}

// list writes a member that is a list of n strings, left out when empty.
func (j *jsonWriter) list(k string, n int, item func(int) string) {
	if n == 0 {
		return
	}
	j.key(k)
	j.dst = append(j.dst, '[')
	j.depth++
	for i := range n {
		if i > 0 {
			j.dst = append(j.dst, ',')
		}
		j.newline(j.depth)
		j.dst = appendJSONString(j.dst, item(i))
	}
	j.depth--
	j.newline(j.depth)
	j.dst = append(j.dst, ']')
}

const lowerHex = "0123456789abcdef"

// appendJSONString appends s quoted as encoding/json quotes strings without HTML
// escaping: quotes and backslashes escaped, control characters as \b \f \n \r \t or
// \u00XX, invalid UTF-8 as \ufffd, and U+2028 and U+2029 as \u2028 and \u2029.
func appendJSONString(dst []byte, s string) []byte {
	if !utf8.ValidString(s) {
		return appendJSONStringSlow(dst, s)
	}
	// Valid UTF-8: only ASCII bytes and the separators' E2 80 A8 and E2 80 A9 are ever
	// escaped, and every other byte of a multi-byte character is at least 0x80.
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		b := s[i]
		switch {
		case b >= 0x20 && b != '"' && b != '\\' && b != 0xE2:
			continue
		case b == 0xE2:
			if i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
				dst = append(dst, s[start:i]...)
				dst = append(dst, '\\', 'u', '2', '0', '2', lowerHex[s[i+2]&15])
				i += 2
				start = i + 1
			}
			continue
		}
		dst = append(dst, s[start:i]...)
		dst = appendEscapedASCII(dst, b)
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// appendEscapedASCII appends the escape of b, a quote, a backslash or a control byte.
func appendEscapedASCII(dst []byte, b byte) []byte {
	switch b {
	case '"', '\\':
		return append(dst, '\\', b)
	case '\b':
		return append(dst, '\\', 'b')
	case '\f':
		return append(dst, '\\', 'f')
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	}
	return append(dst, '\\', 'u', '0', '0', lowerHex[b>>4], lowerHex[b&15])
}

// appendJSONStringSlow is appendJSONString for a string that is not valid UTF-8.
func appendJSONStringSlow(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = appendEscapedASCII(dst, b)
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', lowerHex[c&15])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
