package content

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// A span is where one key's value sits in a TOML file.
type span struct {
	key  int     // byte offset of the key (or of the element, for array elements)
	val  int     // byte offset of the value's first byte
	str  int     // for strings: byte offset of the first content byte, else -1
	kind strKind // for strings: how to map decoded offsets back to raw ones
}

type strKind int

const (
	notString strKind = iota
	basicString
	literalString
	multiBasic
	multiLiteral
)

// locate scans a TOML document and returns the span of every key path, written as
// "ja.name", "relations[1].type" or "standards[2]" (array elements). BurntSushi/toml does
// not export key positions, and its own positions point at the array for an error inside
// one, so we keep this small, tolerant scanner: it is only run on documents that the
// decoder has already accepted, and a path it cannot find falls back to line 1.
func locate(src []byte) map[string]span {
	l := &locator{src: src, spans: map[string]span{}, tables: map[string]int{}}
	l.run()
	return l.spans
}

type locator struct {
	src    []byte
	i      int
	spans  map[string]span
	tables map[string]int // array-of-tables path -> count so far
	prefix string         // current table path
}

func (l *locator) peek() byte {
	if l.i < len(l.src) {
		return l.src[l.i]
	}
	return 0
}

func (l *locator) skipSpace(newlines bool) {
	for l.i < len(l.src) {
		switch c := l.src[l.i]; {
		case c == ' ' || c == '\t' || c == '\r':
			l.i++
		case c == '\n' && newlines:
			l.i++
		case c == '#':
			for l.i < len(l.src) && l.src[l.i] != '\n' {
				l.i++
			}
		default:
			return
		}
	}
}

func (l *locator) run() {
	for l.i < len(l.src) {
		l.skipSpace(true)
		if l.i >= len(l.src) {
			return
		}
		if l.peek() == '[' {
			l.header()
			continue
		}
		start := len(l.src)
		l.keyValue(l.prefix)
		if l.i == start {
			return
		}
	}
}

func (l *locator) header() {
	start := l.i
	array := l.has("[[")
	if array {
		l.i += 2
	} else {
		l.i++
	}
	l.skipSpace(false)
	keys := l.keyParts()
	l.skipSpace(false)
	for l.i < len(l.src) && l.src[l.i] != '\n' {
		l.i++
	}
	path := strings.Join(keys, ".")
	at := start
	defer func() { l.spans[l.prefix] = span{key: at, val: at, str: -1} }()
	if array {
		n := l.tables[path]
		l.tables[path] = n + 1
		path += "[" + strconv.Itoa(n) + "]"
	} else if base, last, ok := strings.Cut(path, "."); ok {
		// [relations.ja] after [[relations]] belongs to the latest element.
		if n, isArr := l.tables[base]; isArr {
			path = base + "[" + strconv.Itoa(n-1) + "]." + last
		}
	}
	l.prefix = path
}

// keyParts reads a possibly dotted key.
func (l *locator) keyParts() []string {
	var parts []string
	for {
		l.skipSpace(false)
		switch l.peek() {
		case '"', '\'':
			q := l.peek()
			l.i++
			s := l.i
			for l.i < len(l.src) && l.src[l.i] != q && l.src[l.i] != '\n' {
				if q == '"' && l.src[l.i] == '\\' {
					l.i++
				}
				l.i++
			}
			parts = append(parts, string(l.src[s:min(l.i, len(l.src))]))
			l.i++
		default:
			s := l.i
			for l.i < len(l.src) && isBare(l.src[l.i]) {
				l.i++
			}
			parts = append(parts, string(l.src[s:l.i]))
		}
		l.skipSpace(false)
		if l.peek() != '.' {
			return parts
		}
		l.i++
	}
}

func isBare(c byte) bool {
	return c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

func (l *locator) keyValue(prefix string) {
	keyAt := l.i
	keys := l.keyParts()
	if len(keys) == 0 || l.peek() != '=' {
		// Not a key/value line: skip it.
		for l.i < len(l.src) && l.src[l.i] != '\n' {
			l.i++
		}
		return
	}
	l.i++
	l.skipSpace(false)
	l.value(join(prefix, strings.Join(keys, ".")), keyAt)
}

func (l *locator) value(path string, keyAt int) {
	sp := span{key: keyAt, val: l.i, str: -1}
	switch {
	case l.has(`"""`):
		l.i += 3
		sp.kind, sp.str = multiBasic, l.i
		l.until(`"""`, true)
	case l.has(`'''`):
		l.i += 3
		sp.kind, sp.str = multiLiteral, l.i
		l.until(`'''`, false)
	case l.peek() == '"':
		l.i++
		sp.kind, sp.str = basicString, l.i
		l.until(`"`, true)
	case l.peek() == '\'':
		l.i++
		sp.kind, sp.str = literalString, l.i
		l.until(`'`, false)
	case l.peek() == '[':
		l.spans[path] = sp
		l.i++
		for n := 0; ; n++ {
			l.skipSpace(true)
			if l.peek() == ']' || l.i >= len(l.src) {
				l.i++
				return
			}
			l.value(path+"["+strconv.Itoa(n)+"]", l.i)
			l.skipSpace(true)
			if l.peek() == ',' {
				l.i++
			}
		}
	case l.peek() == '{':
		l.spans[path] = sp
		l.i++
		for {
			l.skipSpace(true)
			if l.peek() == '}' || l.i >= len(l.src) {
				l.i++
				return
			}
			before := l.i
			l.keyValue(path)
			l.skipSpace(true)
			if l.peek() == ',' {
				l.i++
			}
			if l.i == before {
				return
			}
		}
	default:
		for l.i < len(l.src) && !strings.ContainsRune(",]}\n#", rune(l.src[l.i])) {
			l.i++
		}
	}
	l.spans[path] = sp
}

func (l *locator) has(s string) bool {
	return len(l.src)-l.i >= len(s) && string(l.src[l.i:l.i+len(s)]) == s // no copy made
}

// until advances past the closing delimiter; escapes are honoured in basic strings.
func (l *locator) until(end string, escapes bool) {
	for l.i < len(l.src) {
		if escapes && l.src[l.i] == '\\' {
			l.i += 2
			continue
		}
		if l.has(end) {
			l.i += len(end)
			// A multi-line string may end with up to two extra quotes.
			for len(end) == 3 && l.i < len(l.src) && l.src[l.i] == end[0] {
				l.i++
			}
			return
		}
		l.i++
	}
}

// rawOffset maps a byte offset in the decoded value of a string back to a byte offset in
// the file, undoing the trimmed first newline of multi-line strings and escape sequences.
func rawOffset(src []byte, sp span, decoded int) int {
	i := sp.str
	if sp.kind == multiBasic || sp.kind == multiLiteral {
		if strings.HasPrefix(string(src[i:min(i+2, len(src))]), "\r\n") {
			i += 2
		} else if i < len(src) && src[i] == '\n' {
			i++
		}
	}
	if sp.kind == literalString || sp.kind == multiLiteral {
		return min(i+decoded, len(src))
	}
	for d := 0; d < decoded && i < len(src); {
		if src[i] != '\\' || i+1 >= len(src) {
			i++
			d++
			continue
		}
		switch c := src[i+1]; c {
		case 'u', 'U':
			n := 4
			if c == 'U' {
				n = 8
			}
			r, _ := strconv.ParseUint(string(src[i+2:min(i+2+n, len(src))]), 16, 32)
			d += utf8.RuneLen(rune(r))
			i += 2 + n
		case '\n', ' ', '\t', '\r':
			// Line-ending backslash: the newline and following whitespace vanish.
			i++
			for i < len(src) && strings.ContainsRune(" \t\r\n", rune(src[i])) {
				i++
			}
		default:
			d++
			i += 2
		}
	}
	return i
}

// tooDeep returns the byte offset of the first bracket, brace or dot that takes src
// deeper than MaxDepth, or -1. It only tells strings and comments from the rest, so it
// runs before the decoder, on any bytes, in one pass.
func tooDeep(src []byte) int {
	depth, dots := 0, 0 // open brackets and braces; dots in the key being read
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			dots = 0
		case '"', '\'':
			i = skipString(src, i) - 1
		case '[', '{':
			depth++
			if depth > MaxDepth {
				return i
			}
			dots = 0
		case ']', '}':
			depth = max(depth-1, 0)
			dots = 0
		case '.':
			dots++
			if dots >= MaxDepth {
				return i
			}
		case '\n', '=', ',':
			dots = 0
		}
	}
	return -1
}

// skipString returns the offset just past the string that starts at src[i], which is a
// quote. A single-line string ends at its line's end at the latest; a multi-line one at
// the end of src.
func skipString(src []byte, i int) int {
	q := src[i]
	if i+2 < len(src) && src[i+1] == q && src[i+2] == q {
		for j := i + 3; j < len(src); j++ {
			switch {
			case q == '"' && src[j] == '\\':
				j++
			case src[j] == q && j+2 < len(src) && src[j+1] == q && src[j+2] == q:
				// Up to two more quotes belong to the string, before its delimiter.
				end := j + 3
				for end < len(src) && end < j+5 && src[end] == q {
					end++
				}
				return end
			}
		}
		return len(src)
	}
	for j := i + 1; j < len(src); j++ {
		switch {
		case q == '"' && src[j] == '\\' && j+1 < len(src) && src[j+1] != '\n':
			j++
		case src[j] == q:
			return j + 1
		case src[j] == '\n':
			return j
		}
	}
	return len(src)
}
