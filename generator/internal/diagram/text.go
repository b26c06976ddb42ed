package diagram

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text is measured in thousandths of an em, in integers, so that wrapping decisions are
// exact and the same on every machine; only the final product with the font size is a
// float.

// latinWidths are the advance widths of printable ASCII (U+0020 to U+007E) in a
// sans-serif with Arial / Helvetica / Liberation Sans metrics, the first family that
// diagram.css asks for.
var latinWidths = [95]int{
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space to /
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0 to 9
	278, 278, 584, 584, 584, 556, 1015, // : to @
	667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, // A to M
	722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // N to Z
	278, 278, 278, 469, 556, 333, // [ to `
	556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, // a to m
	556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // n to z
	334, 260, 334, 584, // { to ~
}

// otherWidths covers the punctuation and symbols outside ASCII that labels use.
var otherWidths = map[rune]int{
	'\u00a0': 278, '\u00a7': 556, '\u00a9': 737, '\u00ab': 556, '\u00ae': 737, '\u00b0': 400,
	'\u00b7': 278, '\u00bb': 556, '\u00d7': 584, '\u00f7': 584, '\u00df': 611,
	'\u00c6': 1000, '\u00e6': 889, '\u0152': 1000, '\u0153': 944,
	'\u2010': 333, '\u2011': 333, '\u2013': 556, '\u2014': 1000, '\u2015': 1000,
	'\u2018': 222, '\u2019': 222, '\u201c': 333, '\u201d': 333, '\u2022': 350,
	'\u2026': 1000, '\u2122': 1000, '\u20ac': 556,
}

// boldFactor widens Latin text set in bold (group labels); CJK glyphs keep 1 em.
const boldFactor = 1.1

// runeUnits is the advance width of r in thousandths of an em.
func runeUnits(r rune) int {
	switch {
	case r >= 0x20 && r <= 0x7e:
		return latinWidths[r-0x20]
	// Kana, ideographs and full-width forms are most of a Japanese label: answer them
	// before the table look-ups below. None of these ranges holds a combining mark or
	// an entry of otherWidths (TestRuneTables checks every rune).
	case r >= 0x3041 && r <= 0x3096, r >= 0x30a0 && r <= 0x30ff, r >= 0x3400 && r <= 0x9fff,
		r >= 0xff01 && r <= 0xff60:
		return 1000
	case r < 0x20 || r == 0x7f || (r >= 0x200b && r <= 0x200d) || r == 0xfeff ||
		unicode.Is(unicode.Mn, r):
		return 0
	}
	if w, ok := otherWidths[r]; ok {
		return w
	}
	switch {
	case r >= 0xff61 && r <= 0xff9f, r >= 0xffe8 && r <= 0xffee: // half-width katakana and forms
		return 500
	case isWide(r):
		return 1000
	case r <= 0x024f || (r >= 0x0370 && r <= 0x04ff): // Latin, Greek, Cyrillic letters
		if unicode.IsUpper(r) {
			return 722
		}
		return 556
	}
	// Anything else (symbols, other scripts) is taken as a full em: too wide is safe.
	return 1000
}

// isWide reports whether r is an East Asian wide or full-width character, set at 1 em
// by every Japanese font.
func isWide(r rune) bool {
	switch {
	case r >= 0x1100 && r <= 0x115f, // Hangul Jamo
		r >= 0x2e80 && r <= 0x303e, // CJK radicals, symbols and punctuation
		r >= 0x3041 && r <= 0x33ff, // kana, bopomofo, CJK compatibility
		r >= 0x3400 && r <= 0x4dbf, // CJK extension A
		r >= 0x4e00 && r <= 0x9fff, // CJK unified ideographs
		r >= 0xa000 && r <= 0xa4cf, // Yi
		r >= 0xac00 && r <= 0xd7a3, // Hangul syllables
		r >= 0xf900 && r <= 0xfaff, // CJK compatibility ideographs
		r >= 0xfe30 && r <= 0xfe4f, // CJK compatibility forms
		r >= 0xff00 && r <= 0xff60, // full-width forms
		r >= 0xffe0 && r <= 0xffe6,
		r >= 0x20000 && r <= 0x3fffd:
		return true
	}
	return false
}

// textUnits is the width of s in thousandths of an em.
func textUnits(s string, bold bool) int {
	n := 0
	for _, r := range s {
		n += glyphUnits(r, bold)
	}
	return n
}

// glyphUnits is the width of r in thousandths of an em, in bold or not.
func glyphUnits(r rune, bold bool) int {
	w := runeUnits(r)
	if bold && !isWide(r) {
		w = int(float64(w)*boldFactor + 0.5)
	}
	return w
}

// TextWidth is the width in pixels of s set in one line at fontSize pixels, as the layout
// measures it: Latin by a per-character table of a sans-serif with Arial metrics, CJK
// and other full-width characters at 1 em, half-width katakana at 0.5 em, anything
// unknown at 1 em. Node labels are measured with this function.
func TextWidth(s string, fontSize float64) float64 {
	return float64(textUnits(s, false)) * fontSize / 1000
}

// BoldTextWidth is the width of s in bold, as group labels are measured: Latin glyphs
// widened by 10 %, full-width glyphs unchanged.
func BoldTextWidth(s string, fontSize float64) float64 {
	return float64(textUnits(s, true)) * fontSize / 1000
}

// Japanese line-breaking rules (kinsoku): these never start a line ...
const noStart = ")]}>,.:;!?%、。，．・：；？！ー‐゠–〜～）］｝〕〉》」』】〙〗〟ゝゞヽヾ々〻" +
	"ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ’”"

// closing marks end a phrase: a good place for a line break.
const closing = ")]}>,.:;!?、。，．：；？！）］｝〕〉》」』】〙〗〟’”"

// ... and these never end one.
const noEnd = "([{<（［｛〔〈《「『【〘〖〝‘“"

// Character classes for breakRank, from the strings above.
const (
	classNoStart = 1 << iota
	classNoEnd
	classClosing
)

var (
	asciiClass [utf8.RuneSelf]uint8
	otherClass = map[rune]uint8{}
)

// asciiGlyphs caches glyph and glyphUnits for ASCII, most of a Latin label.
var asciiGlyphs [utf8.RuneSelf]struct {
	glyph
	units [2]int32 // regular, bold
}

func init() {
	for _, set := range []struct {
		runes string
		class uint8
	}{{noStart, classNoStart}, {noEnd, classNoEnd}, {closing, classClosing}} {
		for _, r := range set.runes {
			if r < utf8.RuneSelf {
				asciiClass[r] |= set.class
			} else {
				otherClass[r] |= set.class
			}
		}
	}
	for r := range rune(utf8.RuneSelf) {
		a := &asciiGlyphs[r]
		a.glyph = newGlyph(r)
		a.units = [2]int32{int32(glyphUnits(r, false)), int32(glyphUnits(r, true))}
	}
}

// runeClass is the set of kinsoku classes of r.
func runeClass(r rune) uint8 {
	switch {
	case r < utf8.RuneSelf:
		return asciiClass[r]
	case r >= 0x3100 && r < 0xff00: // ideographs and the like: no class (TestRuneTables)
		return 0
	}
	return otherClass[r]
}

// segment is an unbreakable run of a label, from byte start of its normalised text to
// the next segment: its width, and the width of the spaces it ends with (dropped when
// the line breaks after it).
type segment struct {
	start       int
	units, tail int
}

// Break opportunities are ranked so that wrapping prefers phrase boundaries; a label
// is wrapped with the best rank that lets it fit.
const (
	breakNone   = iota
	breakAny    // between two CJK characters
	breakKana   // after a long-vowel mark in katakana, often the end of a word
	breakPhrase // where a Japanese phrase likely starts: after hiragana, at a change of script
	breakSpace  // at a space, before an opening or after a closing bracket
)

// Scripts, for breakRank.
const (
	scriptOther = iota
	scriptHiragana
	scriptKatakana
	scriptKanji
	scriptLatin
)

func script(r rune) int {
	switch {
	case r >= 0x3041 && r <= 0x309f:
		return scriptHiragana
	case r >= 0x30a0 && r <= 0x30ff, r >= 0x31f0 && r <= 0x31ff:
		return scriptKatakana
	case r >= 0x4e00 && r <= 0x9fff, r >= 0x3400 && r <= 0x4dbf, r == 0x3005, r == 0x3006:
		return scriptKanji
	case r >= 0xff10 && r <= 0xff5a, unicode.IsLetter(r) && !isWide(r), unicode.IsDigit(r):
		return scriptLatin
	}
	return scriptOther
}

// glyph is what breakRank needs to know of a rune, worked out once per rune of a label.
type glyph struct {
	r      rune
	wide   bool
	class  uint8
	script int8
}

func newGlyph(r rune) glyph {
	return glyph{r: r, wide: isWide(r), class: runeClass(r), script: int8(script(r))}
}

// breakRank ranks the opportunity to break a line between prev and r.
func breakRank(prev, r glyph) int {
	switch {
	case r.r == ' ':
		return breakNone
	case prev.r == ' ':
		return breakSpace
	case r.class&classNoStart != 0 || prev.class&classNoEnd != 0:
		return breakNone
	case !prev.wide && !r.wide:
		return breakNone
	case r.class&classNoEnd != 0 || prev.class&classClosing != 0:
		return breakSpace
	}
	sp, sr := prev.script, r.script
	switch {
	case sp == scriptHiragana && sr != scriptHiragana,
		sp != sr && sp != scriptHiragana && sr != scriptHiragana:
		return breakPhrase
	case prev.r == 'ー' && sr == scriptKatakana:
		return breakKana
	}
	return breakAny
}

// normalizeSpace replaces runs of white space in s by one space and trims both ends,
// like strings.Join(strings.Fields(s), " "), without allocating when s needs no change.
func normalizeSpace(s string) string {
	space := true // a space here would be leading
	for _, r := range s {
		sp := unicode.IsSpace(r)
		if sp && (r != ' ' || space) {
			return strings.Join(strings.Fields(s), " ")
		}
		space = sp
	}
	if space && s != "" {
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

// char is one rune of a prepared label.
type char struct {
	start int32 // byte offset in the label's text
	units int32
	rank  int8 // of the break before this rune; breakNone for the first
	space bool
}

// label is a label prepared for wrapping: its text with white space normalised, and
// each rune measured and ranked once, however often the label is wrapped.
type label struct {
	text  string
	chars []char
	ranks uint8 // the set of break ranks that occur, as bits
}

// textBuf holds the memory that the labels of a drawing share: their runes and lines
// are carved out of arenas, and their segments use one scratch slice.
type textBuf struct {
	chars []char
	lines []string
	segs  []segment
}

// prepare measures s, in bold or not, and ranks its break opportunities.
func (tb *textBuf) prepare(s string, bold bool) label {
	l := label{text: normalizeSpace(s)}
	if n := len(l.text); cap(tb.chars)-len(tb.chars) < n {
		// A rune takes at least a byte: room for this label, and as much again for
		// the labels to come.
		tb.chars = make([]char, 0, 2*n+cap(tb.chars))
	}
	start := len(tb.chars)
	l.chars = tb.chars[start:start]
	weight := 0
	if bold {
		weight = 1
	}
	var prev glyph
	for i, r := range l.text {
		var gl glyph
		c := char{start: int32(i), space: r == ' '}
		if r < utf8.RuneSelf {
			a := &asciiGlyphs[r]
			gl, c.units = a.glyph, a.units[weight]
		} else {
			gl, c.units = newGlyph(r), int32(glyphUnits(r, bold))
		}
		if i > 0 {
			c.rank = int8(breakRank(prev, gl))
			l.ranks |= 1 << c.rank
		}
		l.chars = append(l.chars, c)
		prev = gl
	}
	tb.chars = tb.chars[:start+len(l.chars)]
	l.chars = l.chars[:len(l.chars):len(l.chars)]
	return l
}

// segments splits the label at its break opportunities of at least rank level,
// appending to buf.
func (l *label) segments(level int, buf []segment) []segment {
	segs := buf[:0]
	var cur segment
	for i, c := range l.chars {
		if i > 0 && int(c.rank) >= level {
			segs = append(segs, cur)
			cur = segment{start: int(c.start)}
		}
		cur.units += int(c.units)
		if c.space {
			cur.tail += int(c.units)
		} else {
			cur.tail = 0
		}
	}
	if len(l.chars) > 0 {
		segs = append(segs, cur)
	}
	return segs
}

// longestRun is the width of the widest unbreakable run of the label, trailing spaces
// excluded, breaking anywhere allowed.
func (l *label) longestRun(tb *textBuf) int {
	tb.segs = l.segments(breakAny, tb.segs)
	w := 0
	for _, sg := range tb.segs {
		w = max(w, sg.units-sg.tail)
	}
	return w
}

// wrapCount is the number of lines greedy wrapping of segs at width units gives (a
// segment wider than width gets a line of its own), and the widest line's width.
func wrapCount(segs []segment, width int) (lines, widest int) {
	cur, curTail := 0, 0
	for i, sg := range segs {
		if i > 0 && cur+sg.units-sg.tail > width {
			lines++
			widest = max(widest, cur-curTail)
			cur = 0
		}
		cur += sg.units
		curTail = sg.tail
	}
	if len(segs) > 0 {
		lines++
		widest = max(widest, cur-curTail)
	}
	return lines, widest
}

// wrapLines returns the n lines that greedy wrapping of segs at width gives, without
// trailing spaces, carved out of tb.lines.
func (l *label) wrapLines(segs []segment, width, n int, tb *textBuf) []string {
	if cap(tb.lines)-len(tb.lines) < n {
		tb.lines = make([]string, 0, 4*n+cap(tb.lines))
	}
	lines := tb.lines[len(tb.lines):len(tb.lines)]
	start, cur := 0, 0
	for i, sg := range segs {
		if i > 0 && cur+sg.units-sg.tail > width {
			lines = append(lines, strings.TrimRight(l.text[start:sg.start], " "))
			start, cur = sg.start, 0
		}
		cur += sg.units
	}
	lines = append(lines, strings.TrimRight(l.text[start:], " "))
	tb.lines = tb.lines[:len(tb.lines)+len(lines)]
	return lines[:len(lines):len(lines)]
}

// fit returns the narrowest wrap of segs into at most n lines (n >= 1), found by
// bisection on the width: the greedy line count only falls as the width grows.
func (l *label) fit(segs []segment, n int, tb *textBuf) (lines []string, widest int) {
	lo, hi := 0, 0
	for _, sg := range segs {
		lo = max(lo, sg.units-sg.tail)
		hi += sg.units
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if c, _ := wrapCount(segs, mid); c <= n {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	c, w := wrapCount(segs, lo)
	return l.wrapLines(segs, lo, c, tb), w
}

// wrap wraps the label to at most maxUnits wide on as few lines as it can, then
// balances those lines. It uses the best rank of break opportunities that fits in
// maxLines lines; a label that does not fit even breaking anywhere is widened until it
// takes maxLines.
func (l *label) wrap(maxUnits, maxLines int, tb *textBuf) (lines []string, widest int) {
	level := breakSpace
	for {
		segs := l.segments(level, tb.segs)
		tb.segs = segs
		if len(segs) == 0 {
			return []string{""}, 0
		}
		n, w := wrapCount(segs, maxUnits)
		if w <= maxUnits && n <= maxLines {
			if n == 1 {
				return l.wrapLines(segs, maxUnits, n, tb), w
			}
			return l.fit(segs, n, tb)
		}
		// Lower levels split the label only where it has breaks of lower rank: until
		// the next such rank, the segments, and so the outcome, stay the same. Below the
		// lowest one, breaking anywhere gives these segments too.
		next := breakNone
		for r := level - 1; r >= breakAny; r-- {
			if l.ranks&(1<<r) != 0 {
				next = r
				break
			}
		}
		if next == breakNone {
			return l.fit(segs, maxLines, tb)
		}
		level = next
	}
}
