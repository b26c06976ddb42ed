package search

import (
	"slices"
	"testing"
)

// tokenCases are shared with TestTokensAgreeWithJS, which checks search.js against them.
var tokenCases = []struct {
	name, text string
	want       []string
}{
	{"japanese", "金融機関", []string{"金融", "融機", "機関"}},
	{"katakana", "クラウドサービス", []string{"クラ", "ラウ", "ウド", "ドサ", "サー", "ービ", "ビス"}},
	{"long vowel mark", "ゼロトラスト", []string{"ゼロ", "ロト", "トラ", "ラス", "スト"}},
	{"middle dot joins", "ゼロ・トラスト", []string{"ゼロ", "ロト", "トラ", "ラス", "スト"}},
	{"line break joins", "クラウド\nサービス", []string{"クラ", "ラウ", "ウド", "ドサ", "サー", "ービ", "ビス"}},
	{"one character run", "第12版", []string{"第", "12", "版"}},
	{"iteration mark", "人々", []string{"人々"}},
	{"lone long vowel mark", "ー", []string{"ー"}},
	{"english", "Federal Risk and Authorization", []string{"federal", "risk", "and", "authorization"}},
	{"designation", "ISO/IEC 27001:2022", []string{"iso", "iec", "27001", "2022"}},
	{"hyphen splits", "NIST SP 800-53 Rev. 5", []string{"nist", "sp", "800", "53", "rev", "5"}},
	{"mixed", "ISMAPクラウドサービスリスト", []string{"ismap", "クラ", "ラウ", "ウド", "ドサ", "サー", "ービ", "ビス", "スリ", "リス", "スト"}},
	{"mixed with brackets", "個人情報保護法（APPI）", []string{"個人", "人情", "情報", "報保", "保護", "護法", "appi"}},
	{"particles stay, in katakana", "ISO/IEC 27017に基づく", []string{"iso", "iec", "27017", "ニ基", "基ヅ", "ヅク"}},
	{"hiragana is katakana", "くらうど ゔぁ ゝゞ", []string{"クラ", "ラウ", "ウド", "ドヴ", "ヴァ", "ァヽ", "ヽヾ"}},
	{"katakana stays", "クラウド ヷ", []string{"クラ", "ラウ", "ウド", "ドヷ"}},
	{"half-width katakana and hiragana meet", "ｸﾗｳﾄﾞ くらうど", []string{"クラ", "ラウ", "ウド", "ドク", "クラ", "ラウ", "ウド"}},
	{"full-width latin", "ＩＳＯ／ＩＥＣ　２７００１", []string{"iso", "iec", "27001"}},
	{"half-width katakana", "ｸﾗｳﾄﾞｻｰﾋﾞｽ", []string{"クラ", "ラウ", "ウド", "ドサ", "サー", "ービ", "ビス"}},
	{"compatibility characters", "㈱ ① ㍻ ﬁle ™", []string{"株", "1", "平成", "file", "tm"}},
	{"combining mark composes", "cafe\u0301 CAFÉ", []string{"café", "café"}},
	{"registered sign separates", "FedRAMP®", []string{"fedramp"}},
	{"dotted capital i", "İSTANBUL", []string{"istanbul"}},
	{"sharp s", "Straße", []string{"straße"}},
	{"hangul is a word", "한국어 정보", []string{"한국어", "정보"}},
	{"punctuation only", "、。！？…", nil},
	{"empty", "", nil},
}

func TestTokens(t *testing.T) {
	for _, tc := range tokenCases {
		t.Run(tc.name, func(t *testing.T) {
			have := Tokens("ja", tc.text)
			if !slices.Equal(have, tc.want) {
				t.Errorf("Tokens(%q)\nhave %q\nwant %q", tc.text, have, tc.want)
			}
			if en := Tokens("en", tc.text); !slices.Equal(en, have) {
				t.Errorf("Tokens differ by language: ja %q, en %q", have, en)
			}
		})
	}
}

func TestTokensAreFolded(t *testing.T) {
	// Every token is already in folded form, so folding the query finds it again.
	for _, tc := range tokenCases {
		for _, tok := range Tokens("ja", tc.text) {
			if f := fold(tok); f != tok {
				t.Errorf("%s: token %q folds again to %q", tc.name, tok, f)
			}
		}
	}
}
