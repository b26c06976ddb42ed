package search

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// folder folds text into buffers it reuses, so that folding the records of an index
// allocates nothing once the buffers have grown to the longest text.
type folder struct {
	nfkc []byte // the NFKC form of a piece of text
	iter norm.Iter
	out  []byte // the folded text
}

// fold returns the folded form of s, the text every token is cut from: NFKC, then each
// rune folded on its own by foldRune. search.js does the same with normalize("NFKC") and
// a per-code-point toLowerCase, mapping U+0130 to "i" as Go does (JavaScript's full
// mapping adds U+0307), and the same kana. The result is valid UTF-8 (an invalid byte
// becomes U+FFFD, as ranging over a string makes it), overwritten by the next call.
//
// Most characters of the survey's text are stable under NFKC (stableNFKC), and the text
// is cut into pieces before each of them. A piece that is one stable character alone
// is folded on its own; any other (a stable character followed by characters that may
// change or combine with it) goes through the normaliser as a whole. Cut there, NFKC
// piece by piece is NFKC of the whole text.
func (f *folder) fold(s string) []byte {
	out := f.out[:0]
	piece := -1           // start of the piece that goes through the normaliser, if any
	last, lastOut := 0, 0 // where the last stable character starts in s and in out
	for i := 0; i < len(s); {
		if piece < 0 && s[i] < utf8.RuneSelf {
			// A run of ASCII, each character stable and folded on its own.
			j := i
			for j < len(s) && s[j] < utf8.RuneSelf {
				out = append(out, lowerASCII(s[j]))
				j++
			}
			last, lastOut = j-1, len(out)-1
			i = j
			continue
		}
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
			if size == 1 {
				// Invalid UTF-8: x/text copies what may be the start of a longer
				// encoding at the end of its input, so a cut would change the
				// result. Normalise the whole text instead.
				f.out = f.foldPiece(f.out[:0], s, true)
				return f.out
			}
		}
		lower, stable := stableNFKC(r)
		if !stable {
			if piece < 0 {
				// The piece starts at the stable character before, already
				// folded on its own: take it back.
				piece = last
				out = out[:lastOut]
			}
			i += size
			continue
		}
		if piece >= 0 {
			out = f.foldPiece(out, s[piece:i], false)
			piece = -1
		}
		last, lastOut = i, len(out)
		switch {
		case lower < utf8.RuneSelf:
			out = append(out, byte(lower))
		case lower == r:
			out = append(out, s[i:i+size]...)
		default:
			out = utf8.AppendRune(out, lower)
		}
		i += size
	}
	if piece >= 0 {
		out = f.foldPiece(out, s[piece:], false)
	}
	f.out = out
	return out
}

// foldPiece appends the folded form of s to out: NFKC, then each rune folded.
// wholeText says that s is the whole text being folded.
func (f *folder) foldPiece(out []byte, s string, wholeText bool) []byte {
	var src []byte
	if wholeText {
		src = norm.NFKC.AppendString(f.nfkc[:0], s)
		f.nfkc = src
	} else {
		// A piece is valid UTF-8. An Iter normalises it without allocating
		// (AppendString allocates its state on every call); text with invalid
		// UTF-8 goes through AppendString, the code of NFKC.String, as before.
		f.iter.InitString(norm.NFKC, s)
		for src = f.nfkc[:0]; !f.iter.Done(); {
			src = append(src, f.iter.Next()...)
		}
		f.nfkc = src
	}
	for i := 0; i < len(src); {
		if c := src[i]; c < utf8.RuneSelf {
			out = append(out, lowerASCII(c))
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if size == 1 { // invalid UTF-8
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = utf8.AppendRune(out, foldRune(r))
		}
		i += size
	}
	return out
}

// foldRune is what fold does to each rune of the NFKC form: unicode.ToLower, and
// hiragana written as katakana, so that a reader who types a word in the other kana
// finds it (くらうど, クラウド). The kana without a counterpart (ゟ, ヷ) stay as they are.
func foldRune(r rune) rune {
	if 'ぁ' <= r && r <= 'ゖ' || r == 'ゝ' || r == 'ゞ' {
		return r + 'ァ' - 'ぁ'
	}
	return unicode.ToLower(r)
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
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
	case 0x3000 <= r && r < 0x3100:
		return cjkClass[r-0x3000]
	case 0x4E00 <= r && r <= 0x9FFF:
		return cjk
	}
	return classOfSlow(r)
}

// asciiClass holds classOf for ASCII.
var asciiClass = func() (t [utf8.RuneSelf]class) {
	for i := range t {
		t[i] = classOf(rune(i))
	}
	return t
}()

// cjkClass holds classOf for U+3000 to U+30FF, the punctuation and kana of Japanese
// text, whose rules are slow to look up (and fold leaves in place, so they come often).
// The ideographs are all Han.
var cjkClass = func() (t [0x100]class) {
	for i := range t {
		t[i] = classOfSlow(0x3000 + rune(i))
	}
	return t
}()

func classOfSlow(r rune) class {
	switch {
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
	var f folder
	var run []rune
	scan(f.fold(text), &run, func(word []byte) {
		out = append(out, string(word))
	}, func(a, b rune) {
		if b < 0 {
			out = append(out, string(a))
		} else {
			out = append(out, string([]rune{a, b}))
		}
	})
	return out
}

// scan cuts the folded text s into tokens, in order. It calls emitWord with each word
// (a slice of s) and emitCJK with each CJK bigram a, b, or with a CJK run of one
// character a and b = -1. run is a buffer for the current CJK run, kept across calls.
// Splitting the two kinds lets the caller look bigrams up by their runes, without
// building their bytes.
func scan(s []byte, run *[]rune, emitWord func([]byte), emitCJK func(a, b rune)) {
	cur := (*run)[:0]
	flushRun := func() {
		switch len(cur) {
		case 0:
		case 1:
			emitCJK(cur[0], -1)
		default:
			for i := 0; i+1 < len(cur); i++ {
				emitCJK(cur[i], cur[i+1])
			}
		}
		cur = cur[:0]
	}
	wordStart := -1
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		var c class
		if r < utf8.RuneSelf {
			c = asciiClass[r]
		} else {
			r, size = utf8.DecodeRune(s[i:])
			c = classOf(r)
		}
		if c != word && wordStart >= 0 {
			emitWord(s[wordStart:i])
			wordStart = -1
		}
		switch c {
		case cjk:
			cur = append(cur, r)
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
		i += size
	}
	if wordStart >= 0 {
		emitWord(s[wordStart:])
	}
	flushRun()
	*run = cur
}
