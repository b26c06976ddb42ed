package search

import (
	"testing"
)

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
