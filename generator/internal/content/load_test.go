package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

const siteTOML = `document = "DOC-1"
[ja]
title = "題"
publisher = "発行者"
description = "説明"
[en]
title = "Title"
publisher = "Publisher"
description = "Description"
[[revisions]]
id = "1.0"
[revisions.ja]
title = "初版"
summary = "初版。"
[revisions.en]
title = "First edition"
summary = "First edition."
`

const schemeTOML = `id = "alpha"
section = "2.1.1"
region = "domestic"
kind = "scheme"
org_role = "operator"
scope_label = "scope"
targets = ["csp"]
standards = ["iso-1"]
urls = ["https://example.org/"]

[ja]
title = "アルファ"
label = "アルファ"
name = "アルファ（運用組織）"
scope = "クラウドサービスプロバイダ"
overview = """
- 概要。
"""
isms = "関連。"

[en]
title = "Alpha"
label = "Alpha"
name = "Alpha (operator)"
scope = "Cloud service providers"
overview = """
- Overview.
"""
isms = "Relation."
`

const standardTOML = `id = "iso-1"
designation = "ISO 1"
groups = ["isms"]
[ja]
title = "規格"
[en]
title = "Standard"
`

// load runs Load on the minimal valid content with one file replaced (or added).
func load(t *testing.T, name, src string) []string {
	t.Helper()
	fsys := fstest.MapFS{
		"site.toml":            {Data: []byte(siteTOML)},
		"schemes/alpha.toml":   {Data: []byte(schemeTOML)},
		"standards/iso-1.toml": {Data: []byte(standardTOML)},
	}
	if src == "" {
		delete(fsys, name)
	} else {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	_, diags := Load(fsys, "content", nil)
	diags.Sort()
	var out []string
	for _, d := range diags {
		out = append(out, d.String())
	}
	return out
}

func TestLoadValid(t *testing.T) {
	if have := load(t, "x.toml", "\n"); len(have) != 1 || !strings.Contains(have[0], "unexpected file") {
		t.Fatalf("want only the unexpected-file error, have %q", have)
	}
	c, diags := Load(fstest.MapFS{
		"site.toml":            {Data: []byte(siteTOML)},
		"schemes/alpha.toml":   {Data: []byte(schemeTOML)},
		"standards/iso-1.toml": {Data: []byte(standardTOML)},
	}, "content", nil)
	if len(diags) != 0 {
		t.Fatalf("valid content: %v", diags)
	}
	if len(c.Schemes) != 1 || c.Schemes[0].Ja.Title != "アルファ" || c.Schemes[0].Src.Path != "content/schemes/alpha.toml" {
		t.Fatalf("scheme not loaded: %+v", c.Schemes)
	}
}

func TestLoadErrors(t *testing.T) {
	edit := func(old, new string) string {
		if !strings.Contains(schemeTOML, old) {
			panic("fixture lacks " + old)
		}
		return strings.Replace(schemeTOML, old, new, 1)
	}
	tests := []struct {
		name string
		file string
		src  string
		want []string
	}{
		{
			name: "unknown key with suggestion",
			file: "schemes/alpha.toml",
			src:  edit(`region = "domestic"`, "region = \"domestic\"\nregoin = \"x\""),
			want: []string{`content/schemes/alpha.toml:4:1: unknown key "regoin"; did you mean "region"?`},
		},
		{
			name: "miscased key",
			file: "schemes/alpha.toml",
			src:  edit(`id = "alpha"`, `ID = "alpha"`),
			want: []string{`content/schemes/alpha.toml:1:1: key "ID" has the wrong case; keys are case-sensitive: write "id"`},
		},
		{
			name: "miscased key in a language table",
			file: "schemes/alpha.toml",
			src:  edit(`isms = "Relation."`, `ISMS = "Relation."`),
			want: []string{`content/schemes/alpha.toml:29:1: key "en.ISMS" has the wrong case; keys are case-sensitive: write "isms"`},
		},
		{
			name: "missing translation",
			file: "schemes/alpha.toml",
			src:  edit("isms = \"Relation.\"\n", ""),
			want: []string{`content/schemes/alpha.toml:21:1: missing required field "en.isms"; every card needs it in both languages ([ja] and [en])`},
		},
		{
			name: "id differs from file name",
			file: "schemes/alpha.toml",
			src:  edit(`id = "alpha"`, `id = "beta"`),
			want: []string{`content/schemes/alpha.toml:1:6: id "beta" differs from its file name "alpha.toml"; the id must equal the file name: rename the file or write id = "alpha"`},
		},
		{
			name: "bad id",
			file: "schemes/Alpha.toml",
			src:  strings.Replace(schemeTOML, `id = "alpha"`, `id = "Alpha"`, 1),
			want: []string{`content/schemes/Alpha.toml:1:6: invalid id "Alpha"; use lowercase ASCII letters, digits and hyphens`},
		},
		{
			name: "dangerous URL in a list, on its own line",
			file: "schemes/alpha.toml",
			src:  edit(`urls = ["https://example.org/"]`, "urls = [\n  \"https://example.org/\",\n  \"javascript:alert(1)\",\n]"),
			want: []string{`content/schemes/alpha.toml:11:3: invalid URL "javascript:alert(1)"; only absolute http:// and https:// URLs are allowed`},
		},
		{
			name: "unknown enum value",
			file: "schemes/alpha.toml",
			src:  edit(`region = "domestic"`, `region = "domestc"`),
			want: []string{`content/schemes/alpha.toml:3:10: unknown region "domestc"; did you mean "domestic"?`},
		},
		{
			name: "wrong type after Japanese text on the same line",
			file: "schemes/alpha.toml",
			src:  edit(`label = "アルファ"`, `label = "アルファ"; x = 1`),
			want: []string{`content/schemes/alpha.toml:13:15: invalid TOML: expected a top-level item to end with a newline, comment, or EOF, but got ';' instead`},
		},
		{
			name: "type mismatch",
			file: "schemes/alpha.toml",
			src:  edit(`section = "2.1.1"`, `section = 2`),
			want: []string{`content/schemes/alpha.toml:2:11: key "section": incompatible types: TOML value has type int64; destination has type string`},
		},
		{
			name: "unterminated string after Japanese",
			file: "schemes/alpha.toml",
			src:  edit(`scope = "クラウドサービスプロバイダ"`, `scope = "クラウドサービスプロバイダ`),
			want: []string{`content/schemes/alpha.toml:15:23: invalid TOML: strings cannot contain newlines`},
		},
		{
			name: "invalid UTF-8",
			file: "schemes/alpha.toml",
			src:  edit(`title = "Alpha"`, "title = \"Al\xffpha\""),
			want: []string{`content/schemes/alpha.toml:22:12: invalid UTF-8; save the file as UTF-8`},
		},
		{
			name: "empty file",
			file: "standards/iso-1.toml",
			src:  "\n",
			want: []string{
				`content/standards/iso-1.toml:1:1: missing required field "designation"; add it (see the content schema in README.md)`,
				`content/standards/iso-1.toml:1:1: missing required field "en.title"; every card needs it in both languages ([ja] and [en])`,
				`content/standards/iso-1.toml:1:1: missing required field "groups"; list the groups it belongs to, e.g. ["cloud"]`,
				`content/standards/iso-1.toml:1:1: missing required field "id"; add id = "iso-1"`,
				`content/standards/iso-1.toml:1:1: missing required field "ja.title"; every card needs it in both languages ([ja] and [en])`,
			},
		},
		{
			name: "very long field",
			file: "schemes/alpha.toml",
			src:  edit(`isms = "関連。"`, `isms = "`+strings.Repeat("長", MaxField+1)+`"`),
			want: []string{`content/schemes/alpha.toml:19:8: field "ja.isms" is too long (50001 characters; at most 50000); split the text or shorten it`},
		},
		{
			name: "relation note in one language only",
			file: "standards/iso-1.toml",
			src:  standardTOML + "[[relations]]\ntype = \"based-on\"\nto = \"iso-2\"\nnote = { ja = \"注\" }\n",
			want: []string{`content/standards/iso-1.toml:11:1: missing required field "relations[0].note.en"; every card needs it in both languages ([ja] and [en])`},
		},
		{
			name: "base_url not https",
			file: "site.toml",
			src:  "base_url = \"http://example.org/survey/\"\n" + siteTOML,
			want: []string{`content/site.toml:1:12: invalid base_url "http://example.org/survey/"; write the absolute https:// URL of the published site, ending in "/"`},
		},
		{
			name: "missing site",
			file: "site.toml",
			src:  "",
			want: []string{`content/site.toml: missing file; create it: it holds the document id, titles and revisions (see the content schema in README.md)`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			have := load(t, tt.file, tt.src)
			if strings.Join(have, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("have:\n%s\nwant:\n%s", strings.Join(have, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestTooDeep checks the nesting scan that runs before the decoder: brackets in strings
// and comments do not count, brackets after any kind of string do, and the offset is
// that of the bracket or dot that goes one level too deep.
func TestTooDeep(t *testing.T) {
	deep := strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1)
	ok := strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)
	for _, tt := range []struct {
		src  string
		want int
	}{
		{"x = " + ok, -1},
		{"x = " + deep, 4 + MaxDepth},
		{`x = "` + deep + `"`, -1},
		{`x = '` + deep + `'`, -1},
		{"x = \"\"\"\n" + deep + "\n\"\"\"", -1},
		{"x = '''\n" + deep + "'''", -1},
		{"# " + deep + "\nx = 1", -1},
		{`x = "a\"` + deep + `"`, -1},
		{`x = "a\\" ` + deep, 10 + MaxDepth},
		{`x = """a"""""` + deep, 13 + MaxDepth},
		{`x = 'a\' ` + deep, 9 + MaxDepth},
		{strings.Repeat("a.", MaxDepth-1) + "a = 1", -1},
		{strings.Repeat("a.", MaxDepth) + "a = 1", 2*MaxDepth - 1},
		{"x = [1.5, 2.5, " + strings.Repeat("3.", 2) + "]", -1},
		{"[" + strings.Repeat("a.", MaxDepth) + "a]", 2 * MaxDepth},
		{"x = {a = {b = " + deep + "}}", 14 + MaxDepth - 2},
	} {
		if have := tooDeep([]byte(tt.src)); have != tt.want {
			t.Errorf("%q: %d, want %d", tt.src, have, tt.want)
		}
	}
}
