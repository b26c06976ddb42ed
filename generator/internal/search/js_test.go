package search

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"unicode"
)

const searchJS = "../../../layouts/assets/search.js"

type jsAnswer struct {
	Tokens  [][]string   `json:"tokens"`
	Pages   [][][]string `json:"pages"`
	Links   []string     `json:"links"`
	Queries []struct {
		URLs     []string   `json:"urls"`
		Marks    [][]string `json:"marks"`
		Labels   []string   `json:"labels"`
		Snippets []string   `json:"snippets"`
	} `json:"queries"`
}

type jsQuery struct {
	Lang string `json:"lang"`
	Q    string `json:"q"`
}

type jsPage struct {
	Q     string   `json:"q"`
	Texts []string `json:"texts"`
}

// jsInput is what run.js answers: the tokens of strings, queries over the fixture, the
// marks of queries on pages, and links to results.
type jsInput struct {
	strings []string
	queries []jsQuery
	pages   []jsPage
	links   [][2]string
}

// runJS runs testdata/run.js in node over the fixture indexes, or skips the test when
// node is not installed.
func runJS(t *testing.T, strs []string, queries []jsQuery) jsAnswer {
	t.Helper()
	return runJSInput(t, jsInput{strings: strs, queries: queries})
}

func runJSInput(t *testing.T, input jsInput) jsAnswer {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH")
	}
	dir := t.TempDir()
	indexes := map[string]string{}
	for lang, recs := range fixture {
		b, err := Build(lang, recs)
		if err != nil {
			t.Fatal(err)
		}
		indexes[lang] = filepath.Join(dir, "search-"+lang+".js")
		if err := os.WriteFile(indexes[lang], b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Copied through Go, so that the test cache sees when they change (node's reads it
	// cannot see).
	scripts := map[string]string{}
	for _, f := range []string{searchJS, filepath.Join("testdata", "run.js")} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		scripts[f] = filepath.Join(dir, filepath.Base(f))
		if err := os.WriteFile(scripts[f], b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	in, _ := json.Marshal(map[string]any{"indexes": indexes, "strings": input.strings, "queries": input.queries, "pages": input.pages, "links": input.links})
	inFile := filepath.Join(dir, "input.json")
	if err := os.WriteFile(inFile, in, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, scripts[filepath.Join("testdata", "run.js")], scripts[searchJS], inFile)
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var ans jsAnswer
	if err := json.Unmarshal(b, &ans); err != nil {
		t.Fatalf("node answer: %v", err)
	}
	return ans
}

// assigned reports whether r is a character of the standard library's Unicode edition;
// node may know a later one, whose new characters the two sides fold differently.
func assigned(r rune) bool {
	for _, t := range []*unicode.RangeTable{unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.Cc, unicode.Cf} {
		if unicode.Is(t, r) {
			return true
		}
	}
	return false
}

// TestTokensAgreeWithJS checks that search.js cuts text exactly as Tokens does: the
// table of TestTokens, and every assigned character on its own (which covers NFKC,
// lowercasing and the character classes).
func TestTokensAgreeWithJS(t *testing.T) {
	var strs []string
	for _, tc := range tokenCases {
		strs = append(strs, tc.text)
	}
	var runes []rune
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if assigned(r) {
			runes = append(runes, r)
			strs = append(strs, string(r)+" a"+string(r)+"ア"+string(r))
		}
	}
	// Sequences that compose, reorder or block: NFKC across characters.
	for _, p := range [][2]rune{{'e', '\u0301'}, {'A', '\u030a'}, {'カ', '\u3099'}, {'ﾊ', 'ﾟ'}} {
		strs = append(strs, string(p[:]), string(p[0])+"\u0323"+string(p[1]), string(p[0])+"\u0301"+string(p[1]))
	}
	strs = append(strs, "\u1100\u1161", "\u1100\u1161\u11a8", "\uac00\u11a8", "ｶﾞｷﾞｸﾞｹﾞｺﾞﾊﾟﾋﾟ", "\u1e9b\u0323")
	ans := runJS(t, strs, nil)
	if len(ans.Tokens) != len(strs) {
		t.Fatalf("node answered %d strings of %d", len(ans.Tokens), len(strs))
	}
	bad := 0
	for i, s := range strs {
		have, want := ans.Tokens[i], Tokens("ja", s)
		if len(have) == 0 && len(want) == 0 {
			continue
		}
		if !slices.Equal(have, want) {
			if i >= len(tokenCases) && i < len(tokenCases)+len(runes) {
				r := runes[i-len(tokenCases)]
				t.Errorf("%U %+q: js %+q, go %+q", r, string(r), have, want)
			} else if i < len(tokenCases) {
				t.Errorf("%s: js %+q, go %+q", tokenCases[i].name, have, want)
			} else {
				t.Errorf("%+q: js %+q, go %+q", s, have, want)
			}
			if bad++; bad > 30 {
				t.Fatal("too many differences")
			}
		}
	}
}

// TestSearchInJS runs queries over the fixture with search.js: what is found, in which
// order, and what the snippets highlight.
func TestSearchInJS(t *testing.T) {
	cases := []struct {
		lang, q string
		urls    []string // in rank order
		marks   []string // highlighted text of the first result (snippet, then title:); a prefix marks what it matched
	}{
		{"ja", "金融", []string{"schemes/fisc-guidelines.html", "schemes/ismap.html"}, []string{"金融", "title:金融"}},
		{"ja", "金", []string{"schemes/fisc-guidelines.html", "schemes/ismap.html"}, nil},
		{"ja", "クラウドサービス", []string{"standards/iso-iec-27017.html", "schemes/ismap.html", "schemes/fisc-guidelines.html", "introduction.html"}, []string{"クラウドサービス", "title:クラウドサービス"}},
		{"ja", "ゼロトラスト", []string{"glossary.html#zero-trust", "schemes/ismap.html", "introduction.html"}, []string{"title:ゼロトラスト"}},
		{"ja", "ｸﾗｳﾄﾞ ｻｰﾋﾞｽ", []string{"standards/iso-iec-27017.html", "schemes/ismap.html", "schemes/fisc-guidelines.html", "introduction.html"}, nil},
		{"ja", "ismap", []string{"schemes/ismap.html"}, nil},
		{"ja", "ＩＳＯ", []string{"standards/iso-iec-27017.html"}, []string{"ＩＳＯ"}},
		{"ja", "27002", []string{"standards/iso-iec-27017.html"}, []string{"２７００２"}},
		{"ja", "2.1.8", []string{"schemes/fisc-guidelines.html"}, []string{}}, // not "8" in the text
		{"ja", "9.9.9", nil, nil}, // no such section: searched as words
		{"ja", "2.1", []string{"schemes/ismap.html", "schemes/fisc-guidelines.html", "schemes/medical-guidelines.html"}, nil},
		{"ja", "２．１．８", []string{"schemes/fisc-guidelines.html"}, nil},
		{"ja", "存在しない", nil, nil},
		{"ja", "", nil, nil},
		{"en", "authoriz", []string{"schemes/fedramp.html", "schemes/ismap.html"}, []string{"title:Authoriz"}},
		{"en", "AUTHORIZATION", []string{"schemes/fedramp.html", "schemes/ismap.html"}, nil},
		{"en", "authoriz ", nil, nil}, // a finished word is not a prefix
		{"en", "cloud reg", []string{"schemes/ismap.html"}, []string{"reg", "cloud"}}, // from the field holding both
		// Hiragana finds katakana, and the other way round.
		{"ja", "くらうど", []string{"standards/iso-iec-27017.html", "schemes/ismap.html", "schemes/fisc-guidelines.html", "introduction.html"}, []string{"クラウド", "title:クラウド"}},
		{"ja", "くらうどさーびす", []string{"standards/iso-iec-27017.html", "schemes/ismap.html", "schemes/fisc-guidelines.html", "introduction.html"}, nil},
		{"ja", "ネットワーク", []string{"glossary.html#zero-trust"}, nil},
		{"ja", "ぜろとらすと", []string{"glossary.html#zero-trust", "schemes/ismap.html", "introduction.html"}, []string{"title:ゼロトラスト"}},
		// Words a space separates must all be found, in any order.
		{"ja", "医療 ガイドライン", []string{"schemes/medical-guidelines.html"}, []string{"医療", "title:医療", "title:ガイドライン"}},
		{"ja", "ガイドライン　医療", []string{"schemes/medical-guidelines.html"}, nil},
		{"ja", "金融 ガイドライン", []string{"schemes/fisc-guidelines.html"}, nil},
		{"ja", "医療 存在しない", nil, nil},
		{"en", "program security", []string{"schemes/ismap.html", "schemes/fedramp.html"}, nil},
		{"en", "security program", []string{"schemes/ismap.html", "schemes/fedramp.html"}, nil},
		{"en", "cloud trust", nil, nil},
		{"en", "zero tr", []string{"glossary.html#zero-trust"}, []string{"tr", "title:Zero", "title:tr"}},
		{"en", "fedramp", []string{"schemes/fedramp.html"}, nil},
	}
	var qs []jsQuery
	for _, c := range cases {
		qs = append(qs, jsQuery{c.lang, c.q})
	}
	ans := runJS(t, nil, qs)
	for i, c := range cases {
		have := ans.Queries[i]
		if !slices.Equal(have.URLs, c.urls) {
			t.Errorf("%s %q: found %q, want %q", c.lang, c.q, have.URLs, c.urls)
			continue
		}
		if c.marks != nil && !slices.Equal(have.Marks[0], c.marks) {
			t.Errorf("%s %q: marks %q, want %q", c.lang, c.q, have.Marks[0], c.marks)
		}
	}
	// The page with "ゼロ・トラスト" and "クラウド\nサービス" highlights them whole.
	for i, c := range cases {
		if c.q == "ゼロトラスト" || c.q == "クラウドサービス" {
			for j, u := range ans.Queries[i].URLs {
				if u == "introduction.html" {
					t.Logf("%s: %q", c.q, ans.Queries[i].Marks[j])
					want := map[string]string{"ゼロトラスト": "ゼロ・トラスト", "クラウドサービス": "クラウド サービス"}[c.q]
					if !slices.Contains(ans.Queries[i].Marks[j], want) {
						t.Errorf("%s: introduction marks %q, want %q", c.q, ans.Queries[i].Marks[j], want)
					}
				}
			}
		}
	}
}

// TestSnippetsInJS checks that a snippet comes from one field of the card, with the
// field's label: the field holding the most words of the query, the first of equals.
func TestSnippetsInJS(t *testing.T) {
	cases := []struct {
		lang, q        string
		url            string // the result whose snippet is checked
		label, snippet string
	}{
		{"ja", "ゼロトラスト 枠組み", "schemes/ismap.html", "ISMS との関連性", "ゼロトラストの考え方とは別の枠組みである。"},
		{"ja", "金融", "schemes/fisc-guidelines.html", "対象", "日本国内の金融機関等の情報システム。"},
		{"ja", "クラウド 金融", "schemes/ismap.html", "概要・特徴", "政府が求めるセキュリティ要求を満たしているクラウドサービスを予め評価・登録する制度。 金融分野での利用も進んでいる。"},
		{"ja", "クラウド 金融", "schemes/fisc-guidelines.html", "対象", "日本国内の金融機関等の情報システム。"}, // one word each: the first
		{"ja", "規格", "standards/iso-iec-27017.html", "解説", "ＩＳＯ／ＩＥＣ ２７００２に基づき、クラウドサービスに固有の管理策を追加した規格。"},
		{"ja", "ネットワーク", "glossary.html#zero-trust", "", "ネットワークの内側も信頼せず、すべてのアクセスを検証する考え方。"},
		{"en", "registration", "schemes/ismap.html", "Relation to ISMS", "Registration is not an authorization to operate."},
		{"en", "ismap", "schemes/ismap.html", "Overview and features", "A scheme that evaluates and registers cloud services in advance."}, // the title matched: the first field
	}
	var qs []jsQuery
	for _, c := range cases {
		qs = append(qs, jsQuery{c.lang, c.q})
	}
	ans := runJS(t, nil, qs)
	for i, c := range cases {
		have := ans.Queries[i]
		j := slices.Index(have.URLs, c.url)
		if j < 0 {
			t.Errorf("%s %q: %s not found", c.lang, c.q, c.url)
			continue
		}
		if have.Labels[j] != c.label || have.Snippets[j] != c.snippet {
			t.Errorf("%s %q: %s: snippet %q: %q, want %q: %q", c.lang, c.q, c.url, have.Labels[j], have.Snippets[j], c.label, c.snippet)
		}
	}
}

// TestPageMarksInJS checks what a page opened from a result marks: every word of the
// query found whole, in either kana, full or half width; the pieces of a long Japanese
// word only when the page holds it nowhere whole; nothing for a section number.
func TestPageMarksInJS(t *testing.T) {
	cases := []struct {
		q     string
		texts []string
		want  [][]string // per text
	}{
		{"くらうど", []string{"ISMS クラウドセキュリティ認証", "ｸﾗｳﾄﾞ と くらうど", "なし"}, [][]string{{"クラウド"}, {"ｸﾗｳﾄﾞ", "くらうど"}, nil}},
		{"医療 ガイドライン", []string{"医療情報システムの安全管理に関するガイドライン", "ガイド"}, [][]string{{"医療", "ガイドライン"}, nil}},
		{"ＩＳＭＳ cloud", []string{"ISMS Cloud Security (isms-ac)"}, [][]string{{"ISMS", "Cloud", "isms"}}},
		{"authoriz", []string{"Authorization and authorizing"}, [][]string{{"Authoriz", "authoriz"}}},
		{"クラウドサービス", []string{"クラウドのサービス"}, [][]string{{"クラウド", "サービス"}}}, // its bigrams, merged
		{"クラウドサービス", []string{"クラウドのサービス", "クラウド\nサービス"}, [][]string{nil, {"クラウド\nサービス"}}},
		{"2.1.8", []string{"2.1.8 FISC"}, [][]string{nil}},
		{"  ", []string{"a"}, [][]string{nil}},
	}
	var pages []jsPage
	for _, c := range cases {
		pages = append(pages, jsPage{c.q, c.texts})
	}
	links := [][2]string{{"schemes/ismap.html", "くらうど "}, {"glossary.html#iso", "a&b #c"}}
	ans := runJSInput(t, jsInput{pages: pages, links: links})
	for i, c := range cases {
		for j := range c.texts {
			if have := ans.Pages[i][j]; !slices.Equal(have, c.want[j]) {
				t.Errorf("%q on %q: marks %q, want %q", c.q, c.texts[j], have, c.want[j])
			}
		}
	}
	wantLinks := []string{"schemes/ismap.html?q=%E3%81%8F%E3%82%89%E3%81%86%E3%81%A9", "glossary.html?q=a%26b%20%23c#iso"}
	if !slices.Equal(ans.Links, wantLinks) {
		t.Errorf("links %q, want %q", ans.Links, wantLinks)
	}
}
