// Command hugo converts a content folder of the survey (as written by .ci/bench/synth) into
// an equivalent Hugo site, so that `make bench` can time Hugo on the same corpus.
//
//	go run ./.ci/bench/hugo -content DIR -layouts .ci/bench/hugo/layouts -out SITE
//
// The site has two languages (ja, the default, and en, each in its own content folder)
// and one page per card per language whose Markdown body is the card's fields
// concatenated under the same headings our generator inserts (from layouts/i18n.toml of
// the repository, given by -labels). Schemes carry their standards in a `standards`
// taxonomy, whose term pages are the backlinks; a render hook resolves our std:, scheme:
// and page: links with site.GetPage. Conversion is not timed.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

var langs = []string{"ja", "en"}

type schemeText struct {
	Title, Label, Name, Scope, Overview, ISMS, Notes string
}

type scheme struct {
	ID, Section, Region, Kind string
	OrgRole                   string `toml:"org_role"`
	ScopeLabel                string `toml:"scope_label"`
	Standards, URLs           []string
	Ja, En                    schemeText
}

type standardText struct{ Title, Description, Notes string }

type relation struct{ Type, To string }

type standard struct {
	ID, Designation string
	Relations       []relation
	Ja, En          standardText
}

type pageText struct{ Title, Body, Notes string }

type page struct {
	ID     string
	Order  int
	Part   string
	Ja, En pageText
}

type termText struct{ Term, Description string }

type glossary struct {
	Terms []struct {
		ID, Abbr string
		Ja, En   termText
	}
}

type site struct {
	Ja, En struct{ Title string }
}

func pick[T any](lang string, ja, en T) T {
	if lang == "ja" {
		return ja
	}
	return en
}

func main() {
	contentDir := flag.String("content", "", "content folder (synth output)")
	layouts := flag.String("layouts", ".ci/bench/hugo/layouts", "Hugo layouts to copy into the site")
	labels := flag.String("labels", "layouts/i18n.toml", "our labels, for the field headings")
	out := flag.String("out", "", "Hugo site folder to create (must not exist)")
	flag.Parse()
	if *contentDir == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: hugo -content DIR -out SITE [-layouts DIR] [-labels FILE]")
		os.Exit(2)
	}
	if err := convert(*contentDir, *layouts, *labels, *out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func convert(src, layouts, labelsFile, out string) error {
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s exists; remove it first", out)
	}
	var label map[string]map[string]string
	if _, err := toml.DecodeFile(labelsFile, &label); err != nil {
		return err
	}
	var st site
	if _, err := toml.DecodeFile(filepath.Join(src, "site.toml"), &st); err != nil {
		return err
	}
	w := &writer{root: out}
	w.file("config.toml", []byte(config))
	if err := os.CopyFS(filepath.Join(out, "layouts"), os.DirFS(layouts)); err != nil {
		return err
	}
	for _, lang := range langs {
		title := pick(lang, st.Ja.Title, st.En.Title)
		w.page(lang, "_index.md", map[string]any{"title": title}, "")
		w.page(lang, "schemes/_index.md", map[string]any{"title": label[lang]["part.schemes"]}, "")
		w.page(lang, "std/_index.md", map[string]any{"title": label[lang]["part.2.4"]}, "")
		w.page(lang, "pages/_index.md", map[string]any{"title": label[lang]["nav.contents"]}, "")
	}

	names, err := cards(src, "schemes")
	if err != nil {
		return err
	}
	for _, name := range names {
		var sc scheme
		if err := decode(filepath.Join(src, "schemes", name), &sc); err != nil {
			return err
		}
		for _, lang := range langs {
			t := pick(lang, sc.Ja, sc.En)
			var b strings.Builder
			section := func(heading, body string) {
				if strings.TrimSpace(body) != "" {
					fmt.Fprintf(&b, "## %s\n\n%s\n", heading, body)
				}
			}
			section(label[lang]["field.name."+sc.OrgRole], t.Name)
			section(label[lang]["field.scope."+sc.ScopeLabel], t.Scope)
			section(label[lang]["field.overview"], t.Overview)
			section(label[lang]["field.isms"], t.ISMS)
			var urls strings.Builder
			for _, u := range sc.URLs {
				urls.WriteString("- <" + u + ">\n")
			}
			section(label[lang]["field.urls"], urls.String())
			b.WriteString(t.Notes)
			w.page(lang, "schemes/"+sc.ID+".md", map[string]any{
				"title": t.Title, "label": t.Label, "section": sc.Section, "region": sc.Region,
				"weight": sectionWeight(sc.Section), "standards": sc.Standards,
			}, b.String())
		}
	}

	names, err = cards(src, "standards")
	if err != nil {
		return err
	}
	for _, name := range names {
		var s standard
		if err := decode(filepath.Join(src, "standards", name), &s); err != nil {
			return err
		}
		for _, lang := range langs {
			t := pick(lang, s.Ja, s.En)
			var b strings.Builder
			if t.Description != "" {
				fmt.Fprintf(&b, "## %s\n\n%s\n", label[lang]["std.description"], t.Description)
			}
			for _, r := range s.Relations {
				fmt.Fprintf(&b, "- %s: [%s](std:%s)\n", label[lang]["rel."+r.Type], r.To, r.To)
			}
			b.WriteString("\n" + t.Notes)
			w.page(lang, "std/"+s.ID+".md", map[string]any{"title": s.Designation, "subtitle": t.Title, "id": s.ID}, b.String())
		}
	}

	names, err = cards(src, "pages")
	if err != nil {
		return err
	}
	for _, name := range names {
		var p page
		if err := decode(filepath.Join(src, "pages", name), &p); err != nil {
			return err
		}
		for _, lang := range langs {
			t := pick(lang, p.Ja, p.En)
			weight := p.Order
			if p.Part == "back" {
				weight += 1000
			}
			w.page(lang, "pages/"+p.ID+".md", map[string]any{"title": t.Title, "weight": weight}, t.Body+"\n\n"+t.Notes)
		}
	}

	var g glossary
	if err := decode(filepath.Join(src, "glossary.toml"), &g); err != nil {
		return err
	}
	for _, lang := range langs {
		var b strings.Builder
		for _, term := range g.Terms {
			t := pick(lang, term.Ja, term.En)
			heading := t.Term
			if term.Abbr != "" {
				heading = term.Abbr + " — " + t.Term
			}
			fmt.Fprintf(&b, "## %s {#term-%s}\n\n%s\n\n", heading, term.ID, t.Description)
		}
		w.page(lang, "pages/glossary.md", map[string]any{"title": label[lang]["glossary.title"], "weight": 2000}, b.String())
	}
	return w.err
}

// sectionWeight orders "2.1.9" before "2.1.10" and regions in survey order.
func sectionWeight(s string) int {
	var a, b, c int
	fmt.Sscanf(s, "%d.%d.%d", &a, &b, &c)
	return b*100000 + c
}

func cards(src, dir string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(src, dir))
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".toml") {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names, nil
}

func decode(file string, v any) error {
	_, err := toml.DecodeFile(file, v)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

type writer struct {
	root string
	err  error
}

func (w *writer) file(rel string, data []byte) {
	if w.err != nil {
		return
	}
	p := filepath.Join(w.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		w.err = err
		return
	}
	w.err = os.WriteFile(p, data, 0o644)
}

// page writes a content file with JSON front matter.
func (w *writer) page(lang, rel string, front map[string]any, body string) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(front); err != nil {
		w.err = err
		return
	}
	b.WriteString("\n")
	b.WriteString(body)
	w.file("content/"+lang+"/"+rel, b.Bytes())
}

// config is the Hugo site's configuration. Its timeout (for initializing a page's
// content; 30 s by default) is raised: on a loaded machine, Hugo once gave up on a page of
// the N = 10000 site with "timed out initializing value".
const config = `baseURL = "https://example.org/"
title = "synthetic survey"
defaultContentLanguage = "ja"
defaultContentLanguageInSubdir = true
uglyURLs = true
relativeURLs = true
hasCJKLanguage = true
disableKinds = ["RSS", "sitemap"]
enableRobotsTXT = true
timeout = "10m"

[taxonomies]
  standard = "standards"

[languages.ja]
  weight = 1
  languageName = "日本語"
  contentDir = "content/ja"
[languages.en]
  weight = 2
  languageName = "English"
  contentDir = "content/en"

[markup.goldmark.renderer]
  unsafe = false
[markup.goldmark.parser]
  autoHeadingID = true
  autoHeadingIDType = "github"
[markup.goldmark.extensions]
  footnote = true
  linkify = true
  strikethrough = true
  table = true
  typographer = false
`
