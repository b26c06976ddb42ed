package search

import (
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// nfkc is the normalisation fold applies before lowercasing.
func nfkc(s string) string { return norm.NFKC.String(s) }

func TestNFKC(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"plain ASCII", "plain ASCII"},
		{"ＡＢＣ１２３", "ABC123"},
		{"（ＩＳＯ）：　", "(ISO): "},
		{"ｶﾞｷﾞｸﾞ", "ガギグ"},
		{"ｶ\uff9e", "ガ"},
		{"か\u3099", "が"},
		{"が", "が"},
		{"①⑳", "120"},
		{"㍻㈱", "平成(株)"},
		{"ﬁ™℃", "fiTM°C"},
		{"\u212b", "\u00c5"},         // ANGSTROM SIGN -> Å
		{"e\u0301", "\u00e9"},        // composes
		{"a\u0307\u0323", "ạ\u0307"}, // marks reordered, then the first composes
		{"\u0301a", "\u0301a"},       // a leading mark joins nothing
		{"\u1100\u1161\u11a8", "각"},  // conjoining jamo compose
		{"한국어", "한국어"},
		{"\ufa19", "\u795e"}, // CJK compatibility ideograph
		{"\u1e9b\u0323", "\u1e69"},
	} {
		if have := nfkc(tc.in); have != tc.want {
			t.Errorf("nfkc(%+q) = %+q, want %+q", tc.in, have, tc.want)
		}
	}
}

// TestStableNFKC checks what fold assumes of the characters stableNFKC accepts: each
// starts a normalisation segment, and folds alone to the character it returns.
func TestStableNFKC(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		lower, ok := stableNFKC(r)
		if !ok {
			continue
		}
		s := string(r)
		if p := norm.NFKC.PropertiesString(s); !p.BoundaryBefore() {
			t.Errorf("%U: no normalisation boundary before it", r)
		}
		if have, want := string(lower), foldReference(s); have != want {
			t.Errorf("%U: stableNFKC gives %+q, want %+q", r, have, want)
		}
	}
}
