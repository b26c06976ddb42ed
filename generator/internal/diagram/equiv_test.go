package diagram

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// The tests in this file hold the fast paths to the plain definitions they replace,
// kept here as references: the output must not change by a byte.

// refRuneUnits is runeUnits without the fast path for kana, ideographs and full-width
// forms.
func refRuneUnits(r rune) int {
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
	case r >= 0xff61 && r <= 0xff9f, r >= 0xffe8 && r <= 0xffee:
		return 500
	case isWide(r):
		return 1000
	case r <= 0x024f || (r >= 0x0370 && r <= 0x04ff):
		if unicode.IsUpper(r) {
			return 722
		}
		return 556
	}
	return 1000
}

func TestRuneTables(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if have, want := runeUnits(r), refRuneUnits(r); have != want {
			t.Fatalf("runeUnits(%U) = %d, want %d", r, have, want)
		}
		var want uint8
		if strings.ContainsRune(noStart, r) {
			want |= classNoStart
		}
		if strings.ContainsRune(noEnd, r) {
			want |= classNoEnd
		}
		if strings.ContainsRune(closing, r) {
			want |= classClosing
		}
		if have := runeClass(r); have != want {
			t.Fatalf("runeClass(%U) = %b, want %b", r, have, want)
		}
	}
}

// refBreakRank is breakRank on runes, with the sets as strings.
func refBreakRank(prev, r rune) int {
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

type refSegment struct {
	text        string
	units, tail int
}

func refSegments(s string, bold bool, level int) []refSegment {
	s = strings.Join(strings.Fields(s), " ")
	var segs []refSegment
	start := 0
	var prev rune
	add := func(t string) {
		trimmed := strings.TrimRight(t, " ")
		segs = append(segs, refSegment{t, textUnits(t, bold), textUnits(t[len(trimmed):], bold)})
	}
	for i, r := range s {
		if i > 0 && refBreakRank(prev, r) >= level {
			add(s[start:i])
			start = i
		}
		prev = r
	}
	if start < len(s) {
		add(s[start:])
	}
	return segs
}

func refWrap(segs []refSegment, width int) (lines []string, widest int) {
	var b strings.Builder
	cur, curTail := 0, 0
	flush := func() {
		lines = append(lines, strings.TrimRight(b.String(), " "))
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

func refFit(segs []refSegment, n int) ([]string, int) {
	lo, hi := 0, 0
	for _, sg := range segs {
		lo = max(lo, sg.units-sg.tail)
		hi += sg.units
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if l, _ := refWrap(segs, mid); len(l) <= n {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return refWrap(segs, lo)
}

// refWrapLabel is wrapLabel as first written: every level tried, every wrap building
// its lines.
func refWrapLabel(s string, bold bool, maxUnits, maxLines int) ([]string, int) {
	for level := breakSpace; level >= breakAny; level-- {
		segs := refSegments(s, bold, level)
		if len(segs) == 0 {
			return []string{""}, 0
		}
		l, w := refWrap(segs, maxUnits)
		if n := len(l); w <= maxUnits && n <= maxLines {
			if n == 1 {
				return l, w
			}
			return refFit(segs, n)
		}
		if level == breakAny {
			return refFit(segs, maxLines)
		}
	}
	panic("unreachable")
}

func TestWrapLabelReference(t *testing.T) {
	pieces := []string{" ", "  ", "\t", "\u00a0", "ISO/IEC", "27001", "(", ")", "（", "）", "「", "」", "、", "。",
		"ー", "ッ", "ょ", "々", "政府", "情報", "システム", "のための", "クラウド", "サービス", "ｸﾗｳﾄﾞ", "ＪＩＳ", "Ｑ",
		"Guidelines", "for", "Cloud", "-", "/", "Ünï", "—", "…", "한국어", "Ελλ", "\u0301", "\u200b", "EU-SEC", "Supercalifragilistic"}
	r := rng(3)
	for n := range 20000 {
		var b strings.Builder
		for range r.intn(12) {
			b.WriteString(pieces[r.intn(len(pieces))])
		}
		s := b.String()
		bold := n%2 == 0
		width, lines := 500*(1+r.intn(30)), 1+r.intn(4)
		if n%7 == 0 {
			lines = 1 << 20
		}
		hl, hw := wrapLabel(s, bold, width, lines)
		wl, ww := refWrapLabel(s, bold, width, lines)
		if !slices.Equal(hl, wl) || hw != ww {
			t.Fatalf("wrapLabel(%q, %v, %d, %d) = %q, %d; want %q, %d", s, bold, width, lines, hl, hw, wl, ww)
		}
	}
}

func TestNormalizeSpace(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a", "a ", "a  b", "a b", "a\tb", "a\u00a0b", "\u3000全角", "x\u0085y", "a b c", "\xffa b"} {
		if have, want := normalizeSpace(s), strings.Join(strings.Fields(s), " "); have != want {
			t.Errorf("normalizeSpace(%q) = %q, want %q", s, have, want)
		}
	}
}

// refNum is num as first written.
// num formats a coordinate with one decimal, dropping ".0" and the sign of zero.
func num(x float64) string { return string(appendNum(nil, x)) }

// esc escapes text for XML content and double-quoted attributes, replacing characters
// XML does not allow.
func esc(s string) string { return string(appendEsc(nil, s)) }

// wrapLabel prepares and wraps s; see label.wrap.
func wrapLabel(s string, bold bool, maxUnits, maxLines int) (lines []string, widest int) {
	var tb textBuf
	l := tb.prepare(s, bold)
	return l.wrap(maxUnits, maxLines, &tb)
}

func refNum(x float64) string {
	s := strconv.FormatFloat(x, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		return "0"
	}
	return s
}

func TestNum(t *testing.T) {
	check := func(x float64) {
		if have, want := num(x), refNum(x); have != want {
			t.Fatalf("num(%v) = %q, want %q", x, have, want)
		}
	}
	for _, x := range []float64{0, math.Copysign(0, -1), 0.05, -0.05, 0.04, -0.04, 0.25, 0.35, 0.15, 1.25, -1.25, 2.5,
		999999.95, 1e6, -1e6, 1e6 + 0.05, 1e7, 1e300, -1e300, math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, 123.45, 60.5, 21.700000000000003} {
		check(x)
	}
	r := rng(5)
	for range 200_000 {
		k := float64(r.intn(4_000_000) - 2_000_000)
		check(k / 20)                                            // tenths and ties
		check(k / 64)                                            // binary fractions
		check(k/10 + float64(r.intn(1000)-500)*1e-9)             // near a tenth
		check(k/20 + float64(r.intn(1000)-500)*1e-12)            // near a tie
		check(float64(r.intn(1<<30)) / float64(1+r.intn(1<<20))) // anything
	}
}

func TestEsc(t *testing.T) {
	ref := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			switch r {
			case '&':
				b.WriteString("&amp;")
			case '<':
				b.WriteString("&lt;")
			case '>':
				b.WriteString("&gt;")
			case '"':
				b.WriteString("&quot;")
			case '\n', '\t', '\r':
				b.WriteByte(' ')
			default:
				if r == 0xfffd || r < 0x20 || (r >= 0xd800 && r <= 0xdfff) || r == 0xfffe || r == 0xffff {
					r = '\ufffd'
				}
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	for _, s := range []string{"", "plain", "a&b<c>d\"e'f", "a\nb\tc\rd", "\x00\x01\x1f\x7f", "政府<情報>", "\xff\xfe", "\xed\xa0\x80",
		"\ufffd", "\ufffe\uffff", "a\xc3", "é\u0301", "𝄞", "x\ufffey日本\uffff", "\uffbe\ufffd\uffbf\uefbf", "政\ufffe\xff府"} {
		if have, want := esc(s), ref(s); have != want {
			t.Errorf("esc(%q) = %q, want %q", s, have, want)
		}
	}
}

func TestAppendClass(t *testing.T) {
	for _, s := range []string{"", "-", "a-", "-a", "a--b", "lists", "based-on", "Odd Kind!", "x y", "\u212a", "k", "0", "a_b", "国内"} {
		if have, want := string(appendClass(nil, s)), ClassName(s); have != want {
			t.Errorf("appendClass(%q) = %q, want %q", s, have, want)
		}
	}
}
