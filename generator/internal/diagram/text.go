package diagram

import (
	"strings"
	"unicode"
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
		w := runeUnits(r)
		if bold && !isWide(r) {
			w = int(float64(w)*boldFactor + 0.5)
		}
		n += w
	}
	return n
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

// segment is an unbreakable run of a label: text, its width, and the width of the spaces
// it ends with (dropped when the line breaks after it).
type segment struct {
	text        string
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

// segments splits s at its break opportunities of at least rank level.
func segments(s string, bold bool, level int) []segment {
	s = strings.Join(strings.Fields(s), " ")
	var segs []segment
	start := 0
	var prev rune
	for i, r := range s {
		if i > 0 && breakRank(prev, r) >= level {
			segs = append(segs, newSegment(s[start:i], bold))
			start = i
		}
		prev = r
	}
	if start < len(s) {
		segs = append(segs, newSegment(s[start:], bold))
	}
	return segs
}

func newSegment(t string, bold bool) segment {
	trimmed := strings.TrimRight(t, " ")
	return segment{text: t, units: textUnits(t, bold), tail: textUnits(t[len(trimmed):], bold)}
}

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

// breakRank ranks the opportunity to break a line between prev and r.
func breakRank(prev, r rune) int {
	switch {
	case r == ' ':
		return breakNone
	case prev == ' ':
		return breakSpace
	case strings.ContainsRune(noStart, r) || strings.ContainsRune(noEnd, prev):
		return breakNone
	case !isWide(prev) && !isWide(r):
		return breakNone
	case strings.ContainsRune(noEnd, r) || strings.ContainsRune(closing, prev):
		return breakSpace
	}
	sp, sr := script(prev), script(r)
	switch {
	case sp == scriptHiragana && sr != scriptHiragana,
		sp != sr && sp != scriptHiragana && sr != scriptHiragana:
		return breakPhrase
	case prev == 'ー' && sr == scriptKatakana:
		return breakKana
	}
	return breakAny
}

// wrap breaks segs greedily into lines no wider than width units (a segment wider than
// width gets a line of its own) and returns the lines and the widest line's width.
func wrap(segs []segment, width int) (lines []string, widest int) {
	var b strings.Builder
	cur, curTail := 0, 0
	flush := func() {
		line := strings.TrimRight(b.String(), " ")
		lines = append(lines, line)
		widest = max(widest, cur-curTail)
		b.Reset()
		cur, curTail = 0, 0
	}
	for _, sg := range segs {
		if b.Len() > 0 && cur+sg.units-sg.tail > width {
			flush()
		}
		b.WriteString(sg.text)
		cur += sg.units
		curTail = sg.tail
	}
	if b.Len() > 0 {
		flush()
	}
	return lines, widest
}

// fit returns the narrowest wrap of segs into at most n lines (n >= 1), found by
// bisection on the width: the greedy line count only falls as the width grows.
func fit(segs []segment, n int) (lines []string, widest int) {
	lo, hi := 0, 0
	for _, sg := range segs {
		lo = max(lo, sg.units-sg.tail)
		hi += sg.units
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if l, _ := wrap(segs, mid); len(l) <= n {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return wrap(segs, lo)
}

// lineCount is the number of lines greedy wrapping at width gives.
func lineCount(segs []segment, width int) int {
	l, _ := wrap(segs, width)
	return len(l)
}

// wrapLabel wraps a label to at most maxUnits wide on as few lines as it can, then
// balances those lines. It uses the best rank of break opportunities that fits in
// maxLines lines; a label that does not fit even breaking anywhere is widened until it
// takes maxLines.
func wrapLabel(s string, bold bool, maxUnits, maxLines int) (lines []string, widest int) {
	for level := breakSpace; level >= breakAny; level-- {
		segs := segments(s, bold, level)
		if len(segs) == 0 {
			return []string{""}, 0
		}
		n := lineCount(segs, maxUnits)
		if l, w := wrap(segs, maxUnits); w <= maxUnits && n <= maxLines {
			if n == 1 {
				return l, w
			}
			return fit(segs, n)
		}
		if level == breakAny {
			return fit(segs, maxLines)
		}
	}
	panic("unreachable")
}
