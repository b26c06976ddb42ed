package search

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fixture are small hand-made records in both languages; TestSearchInJS queries them.
var fixture = map[string][]Record{
	"ja": {
		{URL: "schemes/ismap.html", Title: "政府情報システムのためのセキュリティ評価制度", Section: "2.1.1", Kind: "scheme", Name: "ISMAP", Parts: []Part{
			{Label: "概要・特徴", Text: "政府が求めるセキュリティ要求を満たしているクラウドサービスを予め評価・登録する制度。\n金融分野での利用も進んでいる。"},
			{Label: "ISMS との関連性", Text: "ゼロトラストの考え方とは別の枠組みである。"},
		}},
		{URL: "schemes/fisc-guidelines.html", Title: "金融分野のガイドライン", Section: "2.1.8", Kind: "scheme", Name: "FISC 安全対策基準", Parts: []Part{
			{Label: "対象", Text: "日本国内の金融機関等の情報システム。"},
			{Label: "概要・特徴", Text: "守るべき安全対策の具体的な指針。第 11 版及び第 12 版では、クラウドサービスを導入・運用する際の留意点を中心に更新された。"},
		}},
		{URL: "schemes/medical-guidelines.html", Title: "医療情報システムの安全管理に関するガイドライン", Section: "2.1.7", Kind: "scheme", Name: "3省2ガイドライン", Parts: []Part{
			{Label: "対象", Text: "医療機関等。"},
			{Label: "概要・特徴", Text: "医療情報を扱う情報システムの安全管理について定めたもの。"},
		}},
		{URL: "standards/iso-iec-27017.html", Title: "クラウドサービスのための情報セキュリティ管理策の実践の規範", Section: "2.4.2", Kind: "standard", Name: "ISO/IEC 27017", Parts: []Part{
			{Label: "解説", Text: "ＩＳＯ／ＩＥＣ　２７００２に基づき、クラウドサービスに固有の管理策を追加した規格。"},
		}},
		{URL: "introduction.html", Title: "はじめに", Kind: "page", Parts: []Part{
			{Text: "本書は、ゼロ・トラストを含む最近の動向を踏まえ、クラウド\nサービスに関連する制度を整理したものである。"},
		}},
		{URL: "glossary.html#zero-trust", Title: "ゼロトラスト", Kind: "term", Parts: []Part{
			{Text: "ネットワークの内側も信頼せず、すべてのアクセスを検証する考え方。"},
		}},
	},
	"en": {
		{URL: "schemes/ismap.html", Title: "Information system Security Management and Assessment Program", Section: "2.1.1", Kind: "scheme", Name: "ISMAP", Parts: []Part{
			{Label: "Overview and features", Text: "A scheme that evaluates and registers cloud services in advance."},
			{Label: "Relation to ISMS", Text: "Registration is not an authorization to operate."},
		}},
		{URL: "schemes/fedramp.html", Title: "Federal Risk and Authorization Management Program", Section: "2.3.1", Kind: "scheme", Name: "FedRAMP", Parts: []Part{
			{Label: "Overview and features", Text: "A United States government programme for the security assessment of cloud products."},
		}},
		{URL: "glossary.html#zero-trust", Title: "Zero trust", Kind: "term", Parts: []Part{
			{Text: "A security model that trusts no network, inside or out, and verifies every access."},
		}},
	},
}

// oneLine collapses white space, as HTML would show it.
func oneLine(s string) string { return string(appendOneLine(nil, s)) }

func TestBuildGolden(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			have, err := Build(lang, fixture[lang])
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join("testdata", "fixture-"+lang+".js")
			if *update {
				if err := os.WriteFile(file, have, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(have, want) {
				t.Errorf("Build(%s) differs from %s (run go test -update after an intended change)\nhave %s\nwant %s", lang, file, have, want)
			}
		})
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	first, err := Build("ja", fixture["ja"])
	if err != nil {
		t.Fatal(err)
	}
	for range 20 { // map iteration order differs from run to run
		again, _ := Build("ja", fixture["ja"])
		if !bytes.Equal(first, again) {
			t.Fatal("two builds of the same records differ")
		}
	}
}

// index is the decoded file.
type index struct {
	Lang     string   `json:"lang"`
	Postings string   `json:"postings"`
	Records  []record `json:"records"`
	Tokens   string   `json:"tokens"`
	V        int      `json:"v"`
}

// record is a record of the index, decoded.
type record struct {
	Fields []string // URL, title, section, kind, name
	Parts  []Part   // labels and excerpts
}

func (r *record) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	if len(raw) != 6 {
		return fmt.Errorf("a record of %d items, want 6", len(raw))
	}
	r.Fields = make([]string, 5)
	for i := range r.Fields {
		if err := json.Unmarshal(raw[i], &r.Fields[i]); err != nil {
			return err
		}
	}
	var parts [][]string
	if err := json.Unmarshal(raw[5], &parts); err != nil {
		return err
	}
	r.Parts = []Part{}
	for _, p := range parts {
		if len(p) != 2 {
			return fmt.Errorf("a part of %d items, want 2", len(p))
		}
		r.Parts = append(r.Parts, Part{Label: p[0], Text: p[1]})
	}
	return nil
}

const prefix, suffix = "window.SURVEY_SEARCH=", ";\n"

func decode(t *testing.T, file []byte) (ix index, postings map[string]map[int]uint8) {
	t.Helper()
	s := string(file)
	if !strings.HasPrefix(s, prefix) || !strings.HasSuffix(s, suffix) {
		t.Fatalf("index does not read %s...%q", prefix, suffix)
	}
	js := s[len(prefix) : len(s)-len(suffix)]
	dec := json.NewDecoder(strings.NewReader(js))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ix); err != nil {
		t.Fatalf("index is not JSON: %v", err)
	}
	if dec.More() {
		t.Fatal("text after the JSON value")
	}
	var keys []string
	var raw map[string]json.RawMessage
	json.Unmarshal([]byte(js), &raw)
	for _, k := range []string{"lang", "postings", "records", "tokens", "v"} {
		if _, ok := raw[k]; ok {
			keys = append(keys, `"`+k+`":`)
		}
	}
	for i := 1; i < len(keys); i++ {
		if strings.Index(js, keys[i-1]) > strings.Index(js, keys[i]) {
			t.Errorf("keys out of order: %s before %s", keys[i], keys[i-1])
		}
	}

	// tokens, front-coded
	var toks []string
	var prev, cur []rune
	started := false
	for _, r := range ix.Tokens {
		if 'A' <= r && r <= 'Z' {
			if started {
				toks = append(toks, string(cur))
				prev = cur
			}
			started = true
			cur = append([]rune(nil), prev[:r-'A']...)
			continue
		}
		cur = append(cur, r)
	}
	if started {
		toks = append(toks, string(cur))
	}
	if !slices.IsSorted(toks) {
		t.Error("tokens are not sorted")
	}
	var lists []string
	if ix.Postings != "" {
		lists = strings.Split(ix.Postings, " ")
	}
	if len(lists) != len(toks) {
		t.Fatalf("%d tokens but %d posting lists", len(toks), len(lists))
	}
	value := map[byte]int{}
	for i, d := range digits {
		value[d] = i
	}
	postings = map[string]map[int]uint8{}
	for i, tok := range toks {
		m := map[int]uint8{}
		rec, acc := -1, 0
		for j := 0; j < len(lists[i]); j++ {
			v, ok := value[lists[i][j]]
			if !ok {
				t.Fatalf("token %q: bad digit %q", tok, lists[i][j])
			}
			if v >= base {
				acc = acc*base + v - base
				continue
			}
			n := acc*base + v
			acc = 0
			rec += n/7 + 1
			m[rec] = uint8(n%7 + 1)
		}
		postings[tok] = m
	}
	return ix, postings
}

// TestBuildRoundTrip decodes the index and checks that it says, token by token, which
// fields of which records hold it, and nothing else.
func TestBuildRoundTrip(t *testing.T) {
	for lang, recs := range fixture {
		file, err := Build(lang, recs)
		if err != nil {
			t.Fatal(err)
		}
		ix, postings := decode(t, file)
		if ix.V != Version || ix.Lang != lang || len(ix.Records) != len(recs) {
			t.Fatalf("%s: v=%d lang=%q records=%d", lang, ix.V, ix.Lang, len(ix.Records))
		}
		want := map[string]map[int]uint8{}
		for i, r := range recs {
			fields := []struct {
				text string
				flag uint8
			}{{r.Title, inTitle}, {r.Name, inName}}
			parts := []Part{}
			for _, p := range r.Parts {
				fields = append(fields, struct {
					text string
					flag uint8
				}{p.Text, inBody})
				parts = append(parts, Part{Label: p.Label, Text: oneLine(p.Text)})
			}
			for _, f := range fields {
				for _, tok := range Tokens(lang, f.text) {
					if want[tok] == nil {
						want[tok] = map[int]uint8{}
					}
					want[tok][i] |= f.flag
				}
			}
			if have := ix.Records[i]; !slices.Equal(have.Fields, []string{r.URL, oneLine(r.Title), r.Section, r.Kind, oneLine(r.Name)}) || !slices.Equal(have.Parts, parts) {
				t.Errorf("%s: record %d is %q", lang, i, have)
			}
		}
		if len(postings) != len(want) {
			t.Errorf("%s: %d tokens, want %d", lang, len(postings), len(want))
		}
		for tok, w := range want {
			h := postings[tok]
			for rec, f := range w {
				if h[rec] != f {
					t.Errorf("%s: token %q, record %d: fields %03b, want %03b", lang, tok, rec, h[rec], f)
				}
			}
			if len(h) != len(w) {
				t.Errorf("%s: token %q in %d records, want %d", lang, tok, len(h), len(w))
			}
		}
	}
}

func TestBuildFieldFlags(t *testing.T) {
	// A title match is marked as one, so the page can rank it above body matches.
	recs := []Record{
		{URL: "a.html", Title: "本文だけ", Kind: "page", Parts: []Part{{Text: "金融"}}},
		{URL: "b.html", Title: "金融分野", Kind: "scheme", Parts: []Part{{Label: "金融", Text: "ラベルは探さない"}}},
		{URL: "c.html", Title: "名称", Kind: "standard", Name: "金融", Parts: []Part{{Text: "他"}, {Label: "x", Text: "金融"}}},
	}
	file, err := Build("ja", recs)
	if err != nil {
		t.Fatal(err)
	}
	_, postings := decode(t, file)
	want := map[int]uint8{0: inBody, 1: inTitle, 2: inName | inBody}
	if have := postings["金融"]; !mapsEqual(have, want) {
		t.Errorf("金融: have %v, want %v", have, want)
	}
}

func mapsEqual(a, b map[int]uint8) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestBuildManyRecords(t *testing.T) {
	// Gaps of every size, numbers of more than one digit.
	var recs []Record
	for i := range 3000 {
		body := "common"
		if i%97 == 0 {
			body += " rare"
		}
		recs = append(recs, Record{URL: "p.html", Title: "t", Kind: "page", Parts: []Part{{Text: body}}})
	}
	file, err := Build("en", recs)
	if err != nil {
		t.Fatal(err)
	}
	_, postings := decode(t, file)
	if n := len(postings["common"]); n != 3000 {
		t.Errorf("common in %d records", n)
	}
	for rec := range postings["rare"] {
		if rec%97 != 0 {
			t.Errorf("rare in record %d", rec)
		}
	}
	if n := len(postings["rare"]); n != 31 {
		t.Errorf("rare in %d records, want 31", n)
	}
}

func TestBuildLongTokens(t *testing.T) {
	// Shared prefixes longer than the 25 characters a front-coding letter can say.
	long := strings.Repeat("x", 40)
	recs := []Record{{URL: "a.html", Title: long + "a " + long + "b " + long + " " + strings.Repeat("長", 3), Kind: "page"}}
	file, err := Build("en", recs)
	if err != nil {
		t.Fatal(err)
	}
	_, postings := decode(t, file)
	for _, tok := range []string{long, long + "a", long + "b", "長長"} {
		if postings[tok][0] != inTitle {
			t.Errorf("token %q: %v", tok, postings[tok])
		}
	}
	if len(postings) != 4 {
		t.Errorf("%d tokens, want 4", len(postings))
	}
}

func TestBuildEmpty(t *testing.T) {
	for _, recs := range [][]Record{nil, {{URL: "a.html", Title: "、", Kind: "page"}}} {
		file, err := Build("ja", recs)
		if err != nil {
			t.Fatal(err)
		}
		if _, postings := decode(t, file); len(postings) != 0 {
			t.Errorf("%d tokens", len(postings))
		}
	}
}

func TestBuildEscapes(t *testing.T) {
	recs := []Record{{URL: "a.html?x=1&y=2#z", Title: "quote \" backslash \\ tab\tnul\x00 ls\u2028 </script>", Kind: "page", Parts: []Part{{Label: "\"\u2029", Text: "bad utf-8 \xff end"}}}}
	file, err := Build("en", recs)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsAny(file, "\x00\u2028") {
		t.Error("raw NUL or U+2028 in the file")
	}
	ix, _ := decode(t, file)
	if have, want := ix.Records[0].Fields[1], "quote \" backslash \\ tab nul\x00 ls </script>"; have != want {
		t.Errorf("title %+q, want %+q", have, want)
	}
	if have, want := ix.Records[0].Parts, []Part{{Label: "\"", Text: "bad utf-8 \ufffd end"}}; !slices.Equal(have, want) {
		t.Errorf("parts %+q, want %+q", have, want)
	}
	if have, want := string(appendString(nil, "a\u2028b\u2029c")), `"a\u2028b\u2029c"`; have != want {
		t.Errorf("appendString: %s, want %s", have, want)
	}
}

// TestBuildExcerpt checks that each part is cut to MaxExcerpt bytes, on its own and
// still searched in full, and that parts with no text are left out.
func TestBuildExcerpt(t *testing.T) {
	long := strings.Repeat("クラウド ", MaxExcerpt)
	file, err := Build("ja", []Record{
		{URL: "a.html", Title: "t", Kind: "page", Parts: []Part{{Label: "空", Text: " \n"}, {Label: "長い", Text: long + "末尾"}, {Label: "後", Text: "後部の文"}, {Text: long}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	ix, postings := decode(t, file)
	parts := ix.Records[0].Parts
	if len(parts) != 3 || parts[0].Label != "長い" || parts[1] != (Part{Label: "後", Text: "後部の文"}) || parts[2].Label != "" {
		t.Fatalf("parts %q", parts)
	}
	for _, p := range []Part{parts[0], parts[2]} {
		if ex := p.Text; len(ex) > MaxExcerpt+len("…") || !utf8.ValidString(ex) || !strings.HasSuffix(ex, "…") {
			t.Errorf("excerpt of %d bytes ends %q", len(ex), ex[len(ex)-8:])
		}
	}
	if _, ok := postings["末尾"]; !ok {
		t.Error("the end of a long part is not searchable")
	}
}

func TestBuildErrors(t *testing.T) {
	recs := []Record{
		{URL: "ok.html", Title: "fine", Kind: "page"},
		{URL: "https://example.com/", Title: "absolute", Kind: "page"},
		{URL: "javascript:alert(1)", Title: "script", Kind: "page"},
		{URL: "/root.html", Title: "rooted", Kind: "page"},
		{URL: "x.html", Title: " ", Kind: "card"},
		{URL: "", Title: "no url", Kind: "term"},
	}
	_, err := Build("ja", recs)
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, want := range []string{
		`record 1 ("https://example.com/")`, `record 2 ("javascript:alert(1)")`, `record 3 ("/root.html")`,
		`record 4 ("x.html"): empty title`, `unknown kind "card"`, `record 5 (""): URL`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error does not mention %s:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "record 0") {
		t.Errorf("good record reported:\n%s", msg)
	}
	if _, err := Build("", nil); err == nil {
		t.Error("empty language accepted")
	}
	if _, err := Build("ja", nil); err != nil {
		t.Errorf("no records: %v", err)
	}
}
