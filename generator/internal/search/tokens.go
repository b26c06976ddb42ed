package search

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// fold returns the folded form of s, the text every token is cut from: NFKC, then each
// rune lowercased, and hiragana written as katakana. search.js does the same with
// normalize("NFKC") and a per-code-point toLowerCase, mapping U+0130 to "i" as Go does
// (JavaScript's full mapping adds U+0307), and the same kana.
func fold(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s { // an invalid byte becomes U+FFFD
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

func foldRune(r rune) rune {
	if 'ぁ' <= r && r <= 'ゖ' || r == 'ゝ' || r == 'ゞ' {
		return r + 'ァ' - 'ぁ'
	}
	return unicode.ToLower(r)
}

// class is what a folded rune is to the tokeniser.
type class uint8

const (
	sep    class = iota // ends a word and a CJK run
	cjk                 // Han, Hiragana, Katakana, and U+30FC "ー": cut into bigrams
	word                // any other letter, number or mark: part of a word
	joiner              // white space and U+30FB "・": ends a word, but a CJK run goes on
)

func classOf(r rune) class {
	switch {
	case r < 0x80:
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9', 'A' <= r && r <= 'Z':
			return word
		case r == ' ' || '\t' <= r && r <= '\r':
			return joiner
		}
		return sep
	case r == 0x30FC || unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
		return cjk
	case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r):
		return word
	case r == 0x30FB || unicode.IsSpace(r):
		return joiner
	}
	return sep
}

// Tokens returns the tokens of text, in order, repeats included. The rules, which
// search.js follows for the query:
//
//  1. Fold the text: NFKC, then lowercase each rune and write hiragana as katakana.
//  2. A word is a maximal run of letters, numbers and marks that are not CJK; it is one
//     token ("ISO/IEC 27001" gives "iso", "iec", "27001").
//  3. A CJK run is a maximal run of Han, Hiragana and Katakana characters and "ー",
//     which white space and "・" do not interrupt (a soft line break inside a Japanese
//     sentence, "ゼロ・トラスト"). It gives its character bigrams, or itself when it is
//     one character long ("クラウド" gives "クラ", "ラウ", "ウド"; "第" gives "第").
//  4. Anything else separates.
//
// lang does not change the rules: English pages quote Japanese names and Japanese pages
// are full of English designations, so both languages are cut alike.
func Tokens(lang, text string) []string {
	var out []string
	scan(fold(text), func(tok string) { out = append(out, tok) })
	return out
}

// scan cuts the folded text s into tokens and calls emit with each, in order.
func scan(s string, emit func(tok string)) {
	var run []rune // the current CJK run
	flushRun := func() {
		switch len(run) {
		case 0:
		case 1:
			emit(string(run))
		default:
			for i := 0; i+1 < len(run); i++ {
				emit(string(run[i : i+2]))
			}
		}
		run = run[:0]
	}
	wordStart := -1
	for i, r := range s {
		c := classOf(r)
		if c != word && wordStart >= 0 {
			emit(s[wordStart:i])
			wordStart = -1
		}
		switch c {
		case cjk:
			run = append(run, r)
		case word:
			flushRun()
			if wordStart < 0 {
				wordStart = i
			}
		case joiner:
			// a CJK run goes on across it
		default:
			flushRun()
		}
	}
	if wordStart >= 0 {
		emit(s[wordStart:])
	}
	flushRun()
}
