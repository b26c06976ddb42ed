package content

// The JSON Schemas in layouts/schema/ give editors (Taplo, Even Better TOML) completion and
// validation while a card is typed. They restate the schema that this package enforces, so
// these tests keep the two in agreement: the schemas against the Go structs (both
// directions, types, enums, patterns), every real card against its schema, and the schemas
// against the loader on fixtures (what one rejects, the other rejects too).

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

const (
	schemaDir  = "../../../layouts/schema" // relative to this package
	contentDir = "../../../content"
)

// schemaKinds are the card kinds: the schema's file name (without .json) and the Go type
// that the card decodes into.
var schemaKinds = []struct {
	name string
	typ  reflect.Type
}{
	{"scheme", reflect.TypeFor[Scheme]()},
	{"standard", reflect.TypeFor[Standard]()},
	{"page", reflect.TypeFor[Page]()},
	{"site", reflect.TypeFor[Site]()},
	{"glossary", reflect.TypeFor[Glossary]()},
}

// enumLists are the enum types of types.go and their values.
var enumLists = map[reflect.Type][]string{
	reflect.TypeFor[Region]():     Regions,
	reflect.TypeFor[Kind]():       Kinds,
	reflect.TypeFor[OrgRole]():    OrgRoles,
	reflect.TypeFor[ScopeLabel](): ScopeLabels,
	reflect.TypeFor[Target]():     Targets,
	reflect.TypeFor[Group]():      Groups,
	reflect.TypeFor[Status]():     Statuses,
	reflect.TypeFor[RelType]():    RelTypes,
	reflect.TypeFor[Part]():       Parts,
}

// schemaFor returns the schema name for a card at rel (slash-separated, relative to the
// content folder), or "" when no card belongs there.
func schemaFor(rel string) string {
	dir, file := path.Split(rel)
	switch {
	case dir == "" && file == "site.toml":
		return "site"
	case dir == "" && file == "glossary.toml":
		return "glossary"
	case dir == "schemes/":
		return "scheme"
	case dir == "standards/":
		return "standard"
	case dir == "pages/":
		return "page"
	}
	return ""
}

// schemaDirective is the first line a card at rel must have: the schema's path relative
// to the card, as Taplo resolves it.
func schemaDirective(rel string) string {
	up := strings.Repeat("../", strings.Count(rel, "/")+1) // out of the card's folder and content/
	return "#:schema " + up + "layouts/schema/" + schemaFor(rel) + ".json"
}

var schemaCache = map[string]map[string]any{}

func loadSchema(t *testing.T, name string) map[string]any {
	t.Helper()
	if s, ok := schemaCache[name]; ok {
		return s
	}
	b, err := os.ReadFile(path.Join(schemaDir, name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("%s.json: %v", name, err)
	}
	schemaCache[name] = s
	return s
}

// ---------------------------------------------------------------------------------------
// A validator for the subset of JSON Schema (draft-07) that the schemas use.

// schemaKeywords are the keywords the validator understands; annotations are ignored.
var schemaKeywords = map[string]bool{
	"type": true, "properties": true, "required": true, "additionalProperties": true,
	"enum": true, "pattern": true, "items": true, "minLength": true, "maxLength": true,
	"minItems": true, "uniqueItems": true, "minimum": true,
	// annotations
	"$schema": true, "title": true, "description": true, "default": true, "x-taplo": true,
}

// validateSchema checks v, a TOML document decoded by BurntSushi/toml into map[string]any,
// against schema s. It returns one "path: message" line per problem (keys in sorted
// order).
func validateSchema(s map[string]any, v any) []string {
	var errs []string
	validateSchemaAt(s, v, "", &errs)
	return errs
}

func validateSchemaAt(s map[string]any, v any, at string, errs *[]string) {
	fail := func(format string, args ...any) {
		where := at
		if where == "" {
			where = "(top level)"
		}
		*errs = append(*errs, where+": "+fmt.Sprintf(format, args...))
	}
	for _, k := range sortedMapKeys(s) {
		if !schemaKeywords[k] {
			fail("schema keyword %q is not supported by this validator", k)
		}
	}
	v = tomlArray(v)
	if typ, ok := s["type"].(string); ok && !schemaHasType(v, typ) {
		fail("wrong type: want %s, have %s", typ, tomlTypeName(v))
		return
	}
	if enum, ok := s["enum"].([]any); ok && !slices.ContainsFunc(enum, func(e any) bool { return reflect.DeepEqual(e, v) }) {
		fail("%s is not one of %s", quoteValue(v), quoteValues(enum))
	}
	switch v := v.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for _, r := range jsonStrings(s["required"]) {
			if _, ok := v[r]; !ok {
				fail("missing required key %q", r)
			}
		}
		for _, k := range sortedMapKeys(v) {
			if ps, ok := props[k].(map[string]any); ok {
				validateSchemaAt(ps, v[k], joinKeyPath(at, k), errs)
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case bool:
				if !ap {
					*errs = append(*errs, joinKeyPath(at, k)+": unknown key")
				}
			case map[string]any:
				validateSchemaAt(ap, v[k], joinKeyPath(at, k), errs)
			}
		}
	case []any:
		if n, ok := jsonNumber(s["minItems"]); ok && float64(len(v)) < n {
			fail("%d item(s); want at least %v", len(v), n)
		}
		if u, _ := s["uniqueItems"].(bool); u {
			for i := range v {
				for j := range i {
					if reflect.DeepEqual(v[i], v[j]) {
						fail("items %d and %d are equal (%s)", j, i, quoteValue(v[i]))
					}
				}
			}
		}
		if items, ok := s["items"].(map[string]any); ok {
			for i, x := range v {
				validateSchemaAt(items, x, at+"["+strconv.Itoa(i)+"]", errs)
			}
		}
	case string:
		n := float64(utf8.RuneCountInString(v)) // JSON Schema counts code points
		if m, ok := jsonNumber(s["minLength"]); ok && n < m {
			fail("%v character(s); want at least %v", n, m)
		}
		if m, ok := jsonNumber(s["maxLength"]); ok && n > m {
			fail("%v characters; want at most %v", n, m)
		}
		if p, ok := s["pattern"].(string); ok {
			re, err := regexp.Compile(p)
			if err != nil {
				fail("schema pattern %q: %v", p, err)
			} else if !re.MatchString(v) {
				fail("%s does not match %q", quoteValue(v), p)
			}
		}
	case int64:
		if m, ok := jsonNumber(s["minimum"]); ok && float64(v) < m {
			fail("%d is less than the minimum %v", v, m)
		}
	}
}

// tomlArray turns the arrays of tables that the TOML decoder returns into []any.
func tomlArray(v any) any {
	if a, ok := v.([]map[string]any); ok {
		out := make([]any, len(a))
		for i, x := range a {
			out[i] = x
		}
		return out
	}
	return v
}

func schemaHasType(v any, typ string) bool {
	switch typ {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "integer":
		_, ok := v.(int64)
		return ok
	case "number":
		switch v.(type) {
		case int64, float64:
			return true
		}
	case "boolean":
		_, ok := v.(bool)
		return ok
	}
	return false
}

func tomlTypeName(v any) string {
	switch v.(type) {
	case map[string]any:
		return "table"
	case []any:
		return "array"
	case string:
		return "string"
	case int64:
		return "integer"
	case float64:
		return "float"
	case bool:
		return "boolean"
	}
	return fmt.Sprintf("%T", v)
}

func quoteValue(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprint(v)
}

func quoteValues(a []any) string {
	out := make([]string, len(a))
	for i, x := range a {
		out[i] = quoteValue(x)
	}
	return strings.Join(out, ", ")
}

func jsonNumber(v any) (float64, bool) {
	f, ok := v.(float64) // encoding/json decodes every number as float64
	return f, ok
}

func jsonStrings(v any) []string {
	a, _ := v.([]any)
	out := make([]string, 0, len(a))
	for _, x := range a {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

func sortedMapKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func joinKeyPath(at, key string) string {
	if at == "" {
		return key
	}
	return at + "." + key
}

func decodeCard(t *testing.T, name, src string) map[string]any {
	t.Helper()
	var m map[string]any
	if _, err := toml.Decode(src, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

// ---------------------------------------------------------------------------------------
// The schemas themselves.

// walkSchema calls f on s and on every schema below it (properties, items), with its path.
func walkSchema(s map[string]any, at string, f func(s map[string]any, at string)) {
	f(s, at)
	if props, ok := s["properties"].(map[string]any); ok {
		for _, k := range sortedMapKeys(props) {
			if ps, ok := props[k].(map[string]any); ok {
				walkSchema(ps, joinKeyPath(at, k), f)
			}
		}
	}
	if items, ok := s["items"].(map[string]any); ok {
		walkSchema(items, at+"[]", f)
	}
}

func TestSchemasWellFormed(t *testing.T) {
	entries, err := os.ReadDir(schemaDir)
	if err != nil {
		t.Fatal(err)
	}
	var files, want []string
	for _, e := range entries {
		files = append(files, e.Name())
	}
	for _, k := range schemaKinds {
		want = append(want, k.name+".json")
	}
	slices.Sort(want)
	if !slices.Equal(files, want) {
		t.Errorf("%s holds %q; want exactly %q", schemaDir, files, want)
	}

	for _, k := range schemaKinds {
		s := loadSchema(t, k.name)
		if s["$schema"] != "http://json-schema.org/draft-07/schema#" {
			t.Errorf("%s.json: $schema is %v; want draft-07, which Taplo supports", k.name, s["$schema"])
		}
		walkSchema(s, "", func(s map[string]any, at string) {
			where := k.name + ".json " + at
			for _, key := range sortedMapKeys(s) {
				if !schemaKeywords[key] {
					t.Errorf("%s: keyword %q is not supported by the test's validator", where, key)
				}
			}
			for _, key := range []string{"title", "description"} {
				if v, _ := s[key].(string); strings.TrimSpace(v) == "" {
					t.Errorf("%s: no %s", where, key)
				}
			}
			if _, ok := s["type"].(string); !ok {
				t.Errorf("%s: no type", where)
			}
			if s["type"] == "object" {
				if s["additionalProperties"] != false {
					t.Errorf("%s: additionalProperties must be false (unknown keys are errors)", where)
				}
				props, _ := s["properties"].(map[string]any)
				if len(props) == 0 {
					t.Errorf("%s: object without properties", where)
				}
				req := jsonStrings(s["required"])
				for i, r := range req {
					if _, ok := props[r]; !ok {
						t.Errorf("%s: required %q is not a property", where, r)
					}
					if slices.Contains(req[:i], r) {
						t.Errorf("%s: required %q twice", where, r)
					}
				}
			}
			if s["type"] == "array" {
				if _, ok := s["items"].(map[string]any); !ok {
					t.Errorf("%s: array without items", where)
				}
			}
			if p, ok := s["pattern"].(string); ok {
				if _, err := regexp.Compile(p); err != nil {
					t.Errorf("%s: pattern: %v", where, err)
				}
			}
			if enum, ok := s["enum"].([]any); ok {
				if d, ok := s["default"]; ok && !slices.Contains(enum, d) {
					t.Errorf("%s: default %v is not in the enum", where, d)
				}
				if x, ok := s["x-taplo"].(map[string]any); ok {
					docs, _ := x["docs"].(map[string]any)
					if ev, ok := docs["enumValues"].([]any); ok && len(ev) != len(enum) {
						t.Errorf("%s: %d enum docs for %d values", where, len(ev), len(enum))
					}
				}
			}
		})
	}
}

// TestSchemasMatchStructs checks that every struct field (by toml tag, recursively) is in
// the schema with a compatible type and every schema property is a struct field; enums
// equal the lists of types.go and the id and section patterns equal the Go ones.
func TestSchemasMatchStructs(t *testing.T) {
	for _, k := range schemaKinds {
		compareSchemaType(t, k.name+".json", "", k.typ, loadSchema(t, k.name))
	}
}

func compareSchemaType(t *testing.T, file, at string, typ reflect.Type, s map[string]any) {
	where := strings.TrimSpace(file + " " + at)
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	var want string
	switch typ.Kind() {
	case reflect.Struct:
		want = "object"
	case reflect.Slice:
		want = "array"
	case reflect.String:
		want = "string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		want = "integer"
	case reflect.Bool:
		want = "boolean"
	default:
		t.Errorf("%s: Go type %s has no counterpart in this test", where, typ)
		return
	}
	if s["type"] != want {
		t.Errorf("%s: schema type %v; Go type %s needs %q", where, s["type"], typ, want)
		return
	}
	switch typ.Kind() {
	case reflect.Struct:
		props, _ := s["properties"].(map[string]any)
		fields := map[string]bool{}
		for f := range typ.Fields() {
			tag, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
			if tag == "-" || !f.IsExported() {
				continue
			}
			if tag == "" {
				t.Errorf("%s: field %s.%s has no toml tag", where, typ.Name(), f.Name)
				continue
			}
			fields[tag] = true
			ps, ok := props[tag].(map[string]any)
			if !ok {
				t.Errorf("%s: field %s.%s (toml %q) is not in the schema", where, typ.Name(), f.Name, tag)
				continue
			}
			compareSchemaType(t, file, joinKeyPath(at, tag), f.Type, ps)
		}
		for _, p := range sortedMapKeys(props) {
			if !fields[p] {
				t.Errorf("%s: schema property %q is no field of %s", where, p, typ.Name())
			}
		}
	case reflect.Slice:
		items, _ := s["items"].(map[string]any)
		compareSchemaType(t, file, at+"[]", typ.Elem(), items)
	case reflect.String:
		list, isEnum := enumLists[typ]
		switch {
		case isEnum && !slices.Equal(jsonStrings(s["enum"]), list):
			t.Errorf("%s: enum %q; %s has %q", where, jsonStrings(s["enum"]), typ.Name(), list)
		case !isEnum && s["enum"] != nil:
			t.Errorf("%s: enum on %s, which has no list in types.go", where, typ)
		}
		pattern, _ := s["pattern"].(string)
		switch typ {
		case reflect.TypeFor[ID]():
			if pattern != idPattern.String() {
				t.Errorf("%s: id pattern %q; want %q", where, pattern, idPattern.String())
			}
		case reflect.TypeFor[Section]():
			if pattern != sectionPattern.String() {
				t.Errorf("%s: section pattern %q; want %q", where, pattern, sectionPattern.String())
			}
		case reflect.TypeFor[URL]():
			if !strings.HasPrefix(pattern, "^https?://") {
				t.Errorf("%s: URL pattern %q does not start with ^https?://", where, pattern)
			}
		}
	}
}

// TestSchemaPatterns checks the patterns that restate a Go check (URL.Check, base_url,
// revision dates) on samples: the pattern matches exactly where the check passes.
func TestSchemaPatterns(t *testing.T) {
	prop := func(s map[string]any, path ...string) map[string]any {
		for _, p := range path {
			if p == "[]" {
				s, _ = s["items"].(map[string]any)
			} else {
				props, _ := s["properties"].(map[string]any)
				s, _ = props[p].(map[string]any)
			}
		}
		return s
	}
	urls := []string{
		"https://example.org/", "http://example.org", "https://example.org/a/b.pdf#p=3",
		"https://example.org?x=1", "http://example.org:8080/x", "https://user@example.org/",
		"https://example.org/a b", "https://example.org/<x>", "https:///path", "https://",
		"javascript:alert(1)", "mailto:a@example.org", "ftp://example.org/", "//example.org/",
		"example.org", "https://example.org/\"", "https://example.org/\n",
	}
	dateRE := regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`) // as in checkSite
	dates := []string{"2019-05", "2024-12", "2019-5", "2019-13", "2019-00", "19-05", "2019-05-01", ""}

	checks := []struct {
		name   string
		schema map[string]any
		ok     func(string) bool
		inputs []string
	}{
		{"scheme urls", prop(loadSchema(t, "scheme"), "urls", "[]"), func(v string) bool { return URL(v).Check() == nil }, urls},
		{"standard urls", prop(loadSchema(t, "standard"), "urls", "[]"), func(v string) bool { return URL(v).Check() == nil }, urls},
		{"base_url", prop(loadSchema(t, "site"), "base_url"), func(v string) bool {
			return URL(v).Check() == nil && strings.HasPrefix(v, "https://") && strings.HasSuffix(v, "/")
		}, append(urls, "https://example.org/cloudsec/", "https://example.org/cloudsec", "https://example.org/?a=/", "http://example.org/cloudsec/")},
		{"revision date", prop(loadSchema(t, "site"), "revisions", "[]", "date"), dateRE.MatchString, dates},
	}
	for _, c := range checks {
		if c.schema == nil {
			t.Errorf("%s: not in the schema", c.name)
			continue
		}
		for _, in := range c.inputs {
			schemaOK := len(validateSchema(c.schema, in)) == 0
			if schemaOK != c.ok(in) {
				t.Errorf("%s %q: schema accepts it: %v; Go check accepts it: %v", c.name, in, schemaOK, c.ok(in))
			}
		}
	}
}

// ---------------------------------------------------------------------------------------
// The real cards.

type realCard struct {
	rel string // slash-separated, relative to content/
	src string
}

func realCards(t *testing.T) []realCard {
	t.Helper()
	var cards []realCard
	fsys := os.DirFS(contentDir)
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(name, ".toml") {
			return err
		}
		b, err := fs.ReadFile(fsys, name)
		cards = append(cards, realCard{rel: name, src: string(b)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, c := range cards {
		count[schemaFor(c.rel)]++
	}
	for _, k := range schemaKinds {
		if count[k.name] == 0 {
			t.Fatalf("no %s card found in %s", k.name, contentDir)
		}
	}
	return cards
}

// TestCardsNameTheirSchema checks that every card starts with the #:schema directive for
// its kind, that the path resolves from the card's folder, and that there is only one.
func TestCardsNameTheirSchema(t *testing.T) {
	for _, c := range realCards(t) {
		if schemaFor(c.rel) == "" {
			t.Errorf("content/%s: not a card of any kind", c.rel)
			continue
		}
		want := schemaDirective(c.rel)
		first, _, _ := strings.Cut(c.src, "\n")
		if first != want {
			t.Errorf("content/%s: first line is %q; want %q", c.rel, first, want)
			continue
		}
		target := path.Join(contentDir, path.Dir(c.rel), strings.TrimPrefix(want, "#:schema "))
		if _, err := os.Stat(target); err != nil {
			t.Errorf("content/%s: the directive does not resolve: %v", c.rel, err)
		}
		if n := strings.Count("\n"+c.src, "\n#:schema"); n != 1 {
			t.Errorf("content/%s: %d #:schema directives; Taplo supports one", c.rel, n)
		}
	}
}

// TestRealCardsValidate checks every card in content/ against its schema.
func TestRealCardsValidate(t *testing.T) {
	for _, c := range realCards(t) {
		kind := schemaFor(c.rel)
		if kind == "" {
			continue
		}
		for _, e := range validateSchema(loadSchema(t, kind), decodeCard(t, c.rel, c.src)) {
			t.Errorf("content/%s: %s", c.rel, e)
		}
	}
}

// ---------------------------------------------------------------------------------------
// Schemas and loader on fixtures.

// Fixtures that use every key of their schema.
const (
	fullScheme = `#:schema ../../layouts/schema/scheme.json
id = "full"
section = "2.3.9"
region = "foreign"
kind = "guideline"
org_role = "publisher"
scope_label = "target"
targets = ["government", "essential-services"]
added_in = "1.0"
standards = ["iso-1", "iso-2"]
schemes = ["alpha"]
urls = ["https://example.org/a", "http://example.org:8080/b?c=d#e"]

[[url_labels]]
url = "https://example.org/a"
ja = "法律"
en = "Act"

[ja]
title = "フル（テスト）"
heading = "フル[^1]（テスト）"
label = "フル"
name = "フル（発行者）"
scope = "政府機関"
overview = """
- 概要。
  - 詳細[^1]。
"""
isms = "関連。"
notes = "[^1]: 注。"

[en]
title = "Full (test)"
heading = "Full[^1] (test)"
label = "Full"
name = "Full (publisher)"
scope = "Government bodies"
overview = """
- Overview.
  - Detail[^1].
"""
isms = "Relation."
notes = "[^1]: Note."
`
	fullStandard = `#:schema ../../layouts/schema/standard.json
id = "full"
designation = "ISO/IEC 99999"
section = "2.4.9"
edition = "2015"
status = "withdrawn"
groups = ["cloud", "controls"]
jis = ["JIS Q 99999:2016"]
urls = ["https://example.org/std"]
both_titles = true

[[relations]]
type = "based-on"
to = "iso-1"

[[relations]]
type = "corresponds-to"
to = "iso-2"
note = { ja = "対応", en = "mapping" }

[ja]
title = "規格"
description = "説明[^1]。"
notes = "[^1]: 注。"

[en]
title = "Standard"
description = "Description[^1]."
notes = "[^1]: Note."
`
	fullPage = `#:schema ../../layouts/schema/page.json
id = "full"
order = 3
part = "back"

[ja]
title = "ページ"
body = "本文[^1]。"
notes = "[^1]: 注。"

[en]
title = "Page"
body = "Body[^1]."
notes = "[^1]: Note."
`
	fullSection = `#:schema ../../layouts/schema/page.json
id = "full-section"
section = "2.4.6"
members = ["full"]

[ja]
title = "節"
body = "前文[^1]。"
after = "後文。"
notes = "[^1]: 注。"

[en]
title = "Section"
body = "Preamble[^1]."
after = "Closing text."
notes = "[^1]: Note."
`
	fullSite = `#:schema ../layouts/schema/site.json
document = "DOC-1"
base_url = "https://example.org/cloudsec/"

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
date = "2019-05"
[revisions.ja]
title = "初版"
summary = "初版。"
[revisions.en]
title = "First edition"
summary = "First edition."

[[revisions]]
id = "1.2"
[revisions.ja]
title = "改訂版"
summary = "改訂。"
[revisions.en]
title = "Revision"
summary = "Revised."

[[corrections]]
card = "scheme:alpha"
original = "マネジトシステム"
corrected = "マネジメントシステム"
`
	fullGlossary = `#:schema ../layouts/schema/glossary.json
[[terms]]
id = "csp"
abbr = "CSP"
except = ["CSP Inc."]
[terms.ja]
term = "クラウドサービスプロバイダ"
description = "提供する組織。"
[terms.en]
term = "cloud service provider"
description = "An organisation that provides cloud services."

[[terms]]
id = "iaas"
[terms.ja]
term = "IaaS"
[terms.en]
term = "IaaS"
`
)

var fullFixtures = []struct {
	kind string
	file string // in the content folder
	src  string
}{
	{"scheme", "schemes/full.toml", fullScheme},
	{"standard", "standards/full.toml", fullStandard},
	{"page", "pages/full.toml", fullPage},
	{"page", "pages/full-section.toml", fullSection},
	{"site", "site.toml", fullSite},
	{"glossary", "glossary.toml", fullGlossary},
}

// loaderErrors loads the minimal valid content of load_test.go with file replaced by src
// and returns the loader's messages about that file.
func loaderErrors(t *testing.T, file, src string) []string {
	t.Helper()
	var out []string
	for _, d := range load(t, file, src) {
		if strings.HasPrefix(d, "content/"+file+":") {
			out = append(out, d)
		}
	}
	return out
}

func encodeCard(t *testing.T, m map[string]any) string {
	t.Helper()
	var b strings.Builder
	if err := toml.NewEncoder(&b).Encode(m); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// editCard sets the value at a dotted path ("relations.1.note.ja") in a decoded document, or
// deletes the key when del is true.
func editCard(t *testing.T, doc map[string]any, keyPath string, v any, del bool) {
	t.Helper()
	parts := strings.Split(keyPath, ".")
	var cur any = doc
	for i, p := range parts {
		last := i == len(parts)-1
		switch c := tomlArray(cur).(type) {
		case map[string]any:
			if last {
				if del {
					delete(c, p)
				} else {
					c[p] = v
				}
				return
			}
			cur = c[p]
		case []any:
			n, err := strconv.Atoi(p)
			if err != nil || n >= len(c) || last {
				t.Fatalf("edit %s: bad index %q", keyPath, p)
			}
			cur = c[n]
		default:
			t.Fatalf("edit %s: %q is not in a table", keyPath, p)
		}
	}
}

// TestFixturesValid checks that the fixtures of this file and of load_test.go pass both
// the loader and the schema, and that the full fixtures use every key of their schema (so
// that the other tests reach every key).
func TestFixturesValid(t *testing.T) {
	for _, f := range fullFixtures {
		if errs := validateSchema(loadSchema(t, f.kind), decodeCard(t, f.file, f.src)); len(errs) > 0 {
			t.Errorf("%s: schema rejects the fixture:\n%s", f.file, strings.Join(errs, "\n"))
		}
		if errs := loaderErrors(t, f.file, f.src); len(errs) > 0 {
			t.Errorf("%s: loader rejects the fixture:\n%s", f.file, strings.Join(errs, "\n"))
		}
	}
	// A kind's full fixtures together use every key (pages: a prose page and a section card).
	unused := map[string][]string{}
	for _, f := range fullFixtures {
		u := unusedProperties(loadSchema(t, f.kind), decodeCard(t, f.file, f.src), "")
		if prev, ok := unused[f.kind]; ok {
			u = slices.DeleteFunc(u, func(p string) bool { return !slices.Contains(prev, p) })
		}
		unused[f.kind] = u
	}
	for _, kind := range sortedMapKeys(unused) {
		for _, p := range unused[kind] {
			t.Errorf("%s: the full fixtures lack %q", kind, p)
		}
	}
	for _, f := range []struct{ kind, src string }{{"site", siteTOML}, {"scheme", schemeTOML}, {"standard", standardTOML}} {
		if errs := validateSchema(loadSchema(t, f.kind), decodeCard(t, f.kind, f.src)); len(errs) > 0 {
			t.Errorf("load_test.go %s fixture: schema rejects it:\n%s", f.kind, strings.Join(errs, "\n"))
		}
	}
}

// unusedProperties returns the schema properties that v never uses.
func unusedProperties(s map[string]any, v any, at string) []string {
	var out []string
	switch v := tomlArray(v).(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for _, k := range sortedMapKeys(props) {
			ps, _ := props[k].(map[string]any)
			x, ok := v[k]
			if !ok {
				out = append(out, joinKeyPath(at, k))
				continue
			}
			out = append(out, unusedProperties(ps, x, joinKeyPath(at, k))...)
		}
	case []any:
		items, _ := s["items"].(map[string]any)
		if len(v) == 0 {
			return []string{at + "[]"}
		}
		// A property counts as used when any item uses it.
		var all [][]string
		for _, x := range v {
			all = append(all, unusedProperties(items, x, at+"[]"))
		}
		for _, p := range all[0] {
			if !slices.ContainsFunc(all[1:], func(o []string) bool { return !slices.Contains(o, p) }) {
				out = append(out, p)
			}
		}
	}
	return out
}

// keyPaths lists the dotted paths of the keys in v that schema s requires (required true)
// or does not require (required false), in every item of every array.
func keyPaths(s map[string]any, v any, at string, required bool) []string {
	var out []string
	switch v := tomlArray(v).(type) {
	case map[string]any:
		req := jsonStrings(s["required"])
		props, _ := s["properties"].(map[string]any)
		for _, k := range sortedMapKeys(props) {
			if slices.Contains(req, k) == required {
				if _, ok := v[k]; ok || required {
					out = append(out, joinKeyPath(at, k))
				}
			}
		}
		for _, k := range sortedMapKeys(v) {
			if ps, ok := props[k].(map[string]any); ok {
				out = append(out, keyPaths(ps, v[k], joinKeyPath(at, k), required)...)
			}
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, x := range v {
				out = append(out, keyPaths(items, x, joinKeyPath(at, strconv.Itoa(i)), required)...)
			}
		}
	}
	return out
}

// TestRequiredAgreesWithLoader removes each key from the full fixtures in turn. Without a
// required key the schema and the loader must both reject the card; without an optional
// one (with its translation, for a text field) both must accept it.
func TestRequiredAgreesWithLoader(t *testing.T) {
	// Required by README.md ("yes (may be empty)") but tolerated by the loader when absent.
	schemaOnly := map[string]bool{"scheme standards": true}
	// Required of a prose page, not of a section card: the schema cannot tell them apart.
	loaderOnly := map[string]bool{"pages/full.toml order": true, "pages/full.toml part": true, "pages/full.toml ja.body": true, "pages/full.toml en.body": true,
		"pages/full-section.toml section": true}
	for _, f := range fullFixtures {
		schema := loadSchema(t, f.kind)
		required := keyPaths(schema, decodeCard(t, f.file, f.src), "", true)
		optional := keyPaths(schema, decodeCard(t, f.file, f.src), "", false)
		if len(required)+len(optional) == 0 {
			t.Errorf("%s: no keys found", f.file)
		}
		for _, p := range required {
			doc := decodeCard(t, f.file, f.src)
			editCard(t, doc, p, nil, true)
			if errs := validateSchema(schema, doc); !slices.ContainsFunc(errs, func(e string) bool { return strings.Contains(e, "missing required key") }) {
				t.Errorf("%s without %s: schema accepts it (%q)", f.file, p, errs)
			}
			if errs := loaderErrors(t, f.file, encodeCard(t, doc)); len(errs) == 0 && !schemaOnly[f.kind+" "+p] {
				t.Errorf("%s without %s: loader accepts it, the schema requires it", f.file, p)
			}
		}
		for _, p := range optional {
			doc := decodeCard(t, f.file, f.src)
			editCard(t, doc, p, nil, true)
			// An optional text is given in both languages or in neither.
			parts := strings.Split(p, ".")
			for i, part := range parts {
				if part == "ja" || part == "en" {
					other := slices.Clone(parts)
					other[i] = map[string]string{"ja": "en", "en": "ja"}[part]
					editCard(t, doc, strings.Join(other, "."), nil, true)
				}
			}
			if errs := validateSchema(schema, doc); len(errs) > 0 {
				t.Errorf("%s without %s: schema rejects it: %q", f.file, p, errs)
			}
			if errs := loaderErrors(t, f.file, encodeCard(t, doc)); len(errs) > 0 && !loaderOnly[f.file+" "+p] {
				t.Errorf("%s without %s: loader rejects it, the schema does not require it: %q", f.file, p, errs)
			}
		}
	}
}

// TestSchemaRejects checks that the validator (and so the schemas) rejects broken cards
// with the right message, and that the loader rejects each of them as well.
func TestSchemaRejects(t *testing.T) {
	tests := []struct {
		kind string
		path string
		v    any
		want string // in one of the validator's messages
	}{
		{"scheme", "regoin", "domestic", `regoin: unknown key`},
		{"scheme", "ID", "full", `ID: unknown key`},
		{"scheme", "ja.titel", "x", `ja.titel: unknown key`},
		{"scheme", "region", "domestik", `region: "domestik" is not one of "domestic", "international", "foreign"`},
		{"scheme", "targets", []any{"csp", "cloud"}, `targets[1]: "cloud" is not one of`},
		{"scheme", "id", "Full", `id: "Full" does not match`},
		{"scheme", "section", "2.01", `section: "2.01" does not match`},
		{"scheme", "section", int64(2), `section: wrong type: want string, have integer`},
		{"scheme", "urls", []any{"javascript:alert(1)"}, `urls[0]: "javascript:alert(1)" does not match`},
		{"scheme", "urls", []any{}, `urls: 0 item(s); want at least 1`},
		{"scheme", "standards", []any{"iso-1", "iso-1"}, `standards: items 0 and 1 are equal`},
		{"scheme", "ja", "text", `ja: wrong type: want object, have string`},
		{"scheme", "ja.title", "", `ja.title: 0 character(s); want at least 1`},
		{"scheme", "en.label", "Full\nlabel", `en.label: "Full\nlabel" does not match`},
		{"scheme", "en.isms", strings.Repeat("x", MaxField+1), `en.isms: 50001 characters; want at most 50000`},
		{"standard", "status", "obsolete", `status: "obsolete" is not one of "current", "withdrawn"`},
		{"standard", "groups", []any{}, `groups: 0 item(s); want at least 1`},
		{"standard", "relations.0.type", "uses", `relations[0].type: "uses" is not one of`},
		{"standard", "relations.1.note.fr", "note", `relations[1].note.fr: unknown key`},
		{"standard", "jis", []any{""}, `jis[0]: 0 character(s); want at least 1`},
		{"page", "order", int64(0), `order: 0 is less than the minimum 1`},
		{"page", "order", 1.5, `order: wrong type: want integer, have float`},
		{"page", "part", "middle", `part: "middle" is not one of "front", "back"`},
		{"site", "base_url", "https://example.org/cloudsec", `base_url: "https://example.org/cloudsec" does not match`},
		{"site", "revisions", []any{}, `revisions: 0 item(s); want at least 1`},
		{"site", "revisions.0.date", "2019-13", `revisions[0].date: "2019-13" does not match`},
		{"site", "revisions.1.en.summary", "", `revisions[1].en.summary: 0 character(s)`},
		{"glossary", "terms.0.id", "CSP", `terms[0].id: "CSP" does not match`},
		{"glossary", "terms.1.ja.abbr", "IaaS", `terms[1].ja.abbr: unknown key`},
	}
	for _, tt := range tests {
		i := slices.IndexFunc(fullFixtures, func(f struct{ kind, file, src string }) bool { return f.kind == tt.kind })
		f := fullFixtures[i]
		t.Run(tt.kind+" "+tt.path, func(t *testing.T) {
			doc := decodeCard(t, f.file, f.src)
			editCard(t, doc, tt.path, tt.v, false)
			errs := validateSchema(loadSchema(t, f.kind), doc)
			if !slices.ContainsFunc(errs, func(e string) bool { return strings.Contains(e, tt.want) }) {
				t.Errorf("validator: want a message with %q, have %q", tt.want, errs)
			}
			if errs := loaderErrors(t, f.file, encodeCard(t, doc)); len(errs) == 0 {
				t.Errorf("loader accepts what the schema rejects")
			}
		})
	}
}

// TestValidatorRejectsUnknownKeywords guards against a schema keyword that the validator
// would silently ignore.
func TestValidatorRejectsUnknownKeywords(t *testing.T) {
	s := map[string]any{"type": "string", "format": "uri"}
	if errs := validateSchema(s, "x"); len(errs) != 1 || !strings.Contains(errs[0], `"format" is not supported`) {
		t.Errorf("have %q", errs)
	}
}
