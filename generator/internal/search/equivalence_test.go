package search

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// nastyText returns random text over the characters the index treats specially:
// ASCII with controls, white space of every kind, full-width and half-width forms,
// compatibility characters, combining marks, conjoining jamo, CJK of both planes,
// U+2028, U+FFFD, invalid UTF-8 and long shared prefixes.
func nastyText(rng *rand.Rand, n int) string {
	pieces := []string{
		"\xff", "\xc3", "\xf5", "\xe3\x81", "\xf0\x9f", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\u2028", "\u2029", "\ufffd", "\x00", "\x1f", "\x7f",
		"\u0130", "ß", "Σ", "ς", "\u00a0", "\u0085", "\u1680", "\u3000", "\u200b", "\u30fb", "\u30fc", "・", "ー",
		"e\u0301", "\u0301", "\u0323", "\u1100\u1161\u11a8", "ｶﾞ", "ﾊﾟ", "\uff9e", "か\u3099", "①", "㍻", "㈱", "ﬁ", "™", "℃",
		"\u212b", "\ufa19", "\U00020000", "\U0001F600", "𝐀", "ＡＢＣ", "１２３", "（ＩＳＯ）", "＂", "＼",
		strings.Repeat("x", 30), strings.Repeat("長", 30), strings.Repeat("y", 26) + "z", "\"", "\\", "\n", "\r\n", "\t", " ", "  ",
		"ISO/IEC 27001", "クラウド", "サービス", "金融機関", "人々", "Straße", "CAFÉ", "한국어", "Ελληνικά", "кириллица",
		"</script>", "…",
	}
	var b strings.Builder
	for b.Len() < n {
		switch k := rng.IntN(10); {
		case k < 6:
			b.WriteString(pieces[rng.IntN(len(pieces))])
		case k < 8:
			// any code point, assigned or not, valid or not
			b.WriteRune(rune(rng.IntN(0x110000)))
		case k < 9:
			b.WriteByte(byte(rng.IntN(256)))
		default:
			b.WriteRune(rune(rng.IntN(0x3100)))
		}
	}
	return b.String()
}

func nastyRecords(rng *rand.Rand, n int) []Record {
	recs := make([]Record, n)
	for i := range recs {
		recs[i] = Record{
			URL:     "p" + strings.Repeat("\"é", rng.IntN(2)) + ".html",
			Title:   "t" + nastyText(rng, rng.IntN(40)),
			Section: nastyText(rng, rng.IntN(6)),
			Kind:    Kinds[rng.IntN(len(Kinds))],
			Name:    nastyText(rng, rng.IntN(20)),
		}
		for range rng.IntN(4) {
			recs[i].Parts = append(recs[i].Parts, Part{Label: nastyText(rng, rng.IntN(12)), Text: nastyText(rng, rng.IntN(2*MaxExcerpt))})
		}
	}
	return recs
}

// TestBuildMatchesReference checks Build byte for byte against buildReference, the
// plain implementation it replaced, on realistic and on hostile records.
func TestBuildMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	sets := map[string][]Record{
		"fixture-ja": fixture["ja"],
		"fixture-en": fixture["en"],
		"corpus-ja":  corpus("ja", 300),
		"corpus-en":  corpus("en", 300),
		"empty":      nil,
	}
	for i := range 20 {
		sets["nasty-"+string(rune('a'+i))] = nastyRecords(rng, 1+rng.IntN(60))
	}
	for name, recs := range sets {
		for _, lang := range []string{"ja", "en", "zh-Hant"} {
			have, err := Build(lang, recs)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if want := buildReference(lang, recs); !bytes.Equal(have, want) {
				t.Errorf("%s (%s): Build differs from the reference at byte %d", name, lang, firstDiff(have, want))
			}
		}
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func FuzzBuild(f *testing.F) {
	for _, r := range fixture["ja"] {
		f.Add(r.Title, r.Name, r.Parts[0].Text)
	}
	f.Add("ｶﾞ\u2028", "e\u0301", "\xff"+strings.Repeat("x", 40)+" "+strings.Repeat("x", 41))
	f.Fuzz(func(t *testing.T, title, name, body string) {
		recs := []Record{
			{URL: "a.html", Title: "t" + title, Kind: "page", Name: name, Parts: []Part{{Text: body}}},
			{URL: "b.html", Title: "u", Kind: "term", Name: body, Parts: []Part{{Label: name, Text: title}, {Text: name}, {Label: body, Text: body}}},
		}
		have, err := Build("ja", recs)
		if err != nil {
			t.Fatal(err)
		}
		if want := buildReference("ja", recs); !bytes.Equal(have, want) {
			t.Errorf("Build differs from the reference at byte %d", firstDiff(have, want))
		}
	})
}
