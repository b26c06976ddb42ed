package search

import (
	"golang.org/x/text/unicode/norm"
)

// Text is folded with NFKC (x/text's norm.NFKC), which maps full-width and half-width
// forms and compatibility characters, so that "ＩＳＭＳ" finds "ISMS" and "ｸﾗｳﾄﾞ" finds
// "クラウド". search.js applies String.prototype.normalize("NFKC") to queries, the same
// transformation. Most characters need no normaliser, though: see stableNFKC.

// stableNFKC reports whether r is one of the common characters that NFKC leaves
// alone or maps to a single ASCII character whatever surrounds it, and returns that
// character, folded (foldRune). Each of them starts a normalisation segment (a starter that
// combines with nothing before it: x/text's BoundaryBefore), so text normalises piece
// by piece when cut before them, and a piece that is one of them alone needs no
// normaliser. TestStableNFKC checks these properties against x/text.
//
// The set is ASCII, the ideographic space and full-width ASCII, which NFKC maps to
// ASCII, and the characters of the blocks of stableBlocks that NFKC keeps: the Latin
// letters, punctuation, kana and ideographs of the survey's text.
func stableNFKC(r rune) (rune, bool) {
	switch {
	case r < 0x80:
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r, true
	case r == 0x3000: // ideographic space
		return ' ', true
	case 0x4E00 <= r && r <= 0x9FFF: // CJK Unified Ideographs, caseless
		return r, true
	case 0xFF01 <= r && r <= 0xFF5E: // full-width ASCII
		r -= 0xFF01 - '!'
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r, true
	}
	for i := range stableBlocks {
		if b := &stableBlocks[i]; b.first <= r && r < b.first+rune(len(b.lower)) {
			l := b.lower[r-b.first]
			return l, l >= 0
		}
	}
	return r, false
}

// stableBlocks hold, for some blocks, each character folded (foldRune) if it starts a
// normalisation segment and is its own NFKC, or -1: most are, but not the combining
// and the compatibility characters ("…", "ﬁ", "゛", "ゟ").
var stableBlocks = []struct {
	first rune
	lower []rune
}{
	{0x0080, stableBlock(0x0080, 0x0250)}, // Latin-1 Supplement, Latin Extended-A and B
	{0x2000, stableBlock(0x2000, 0x2070)}, // General Punctuation
	{0x3000, stableBlock(0x3000, 0x3100)}, // CJK Symbols and Punctuation, Hiragana, Katakana
}

func stableBlock(first, end rune) []rune {
	lower := make([]rune, end-first)
	for i := range lower {
		r := first + rune(i)
		s := string(r)
		lower[i] = -1
		if norm.NFKC.PropertiesString(s).BoundaryBefore() && norm.NFKC.String(s) == s {
			lower[i] = foldRune(r)
		}
	}
	return lower
}
