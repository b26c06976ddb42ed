// Package render turns the model into the bytes of every output file: HTML pages from
// the templates in layouts/, the static assets, and the small text files a static host
// wants (.nojekyll, robots.txt, sitemap.xml).
//
// Templates are named by their path ("layouts/scheme.html"), so that template errors
// read "layouts/scheme.html:12:5: ...", and run with missingkey=error. Every page
// template is parsed together with layouts/base.html and defines "main". Fixed labels
// come from layouts/i18n.toml; a key missing in either language is an error.
//
// Views hold exported fields only, with every link already relative to the page, so
// that a view is the complete input of its page: given the fingerprints of an earlier
// render, [Site] skips every page whose view is unchanged. It never touches the disk
// beyond reading layouts; package publish writes what it yields.
package render

import (
	"bytes"
	"fmt"
	"hash"
	"hash/fnv"
	"html"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/jipdec-survey/cloudsec/generator/internal/diag"
)

// Output is one file of the site.
type Output struct {
	Path  string // relative to the output folder, "/"-separated
	Bytes []byte // nil when Reused
	// Fingerprint is that of the page's view (its inputs), when [Site] was given the
	// fingerprints of an earlier render; else 0, as for files not made from a view.
	Fingerprint uint64
	Reused      bool // the view is unchanged since the earlier render: keep the file
}

// Layouts is the parsed layouts folder.
type Layouts struct {
	root   string // folder name for messages, e.g. "layouts"
	pages  map[string]*template.Template
	i18n   map[string]map[string]string
	labels []byte // i18n.toml, for positions
	assets []Output
	sum    uint64 // of every file of the layouts folder but i18n.toml
	digest uint64 // of every file
	funcs  template.FuncMap

	mu      sync.Mutex
	missing map[string]bool // labels asked for but not found, "[lang] key"
}

// pageTemplates are the page kinds; each is layouts/<kind>.html.
var pageTemplates = []string{"landing", "home", "scheme", "standard", "page", "matrix", "diagram", "changes", "glossary", "search", "full", "404"}

// LoadLayouts parses the templates, labels and assets of fsys, named root in messages.
func LoadLayouts(fsys fs.FS, root string) (*Layouts, diag.List) {
	l := &Layouts{root: root, pages: map[string]*template.Template{}, i18n: map[string]map[string]string{}, funcs: funcs, missing: map[string]bool{}}
	var diags diag.List
	name := func(f string) string { return path.Join(root, f) }
	// Text is read with LF line ends whatever the checkout made of them, so that the
	// site is the same on every platform.
	readFile := func(f string) ([]byte, error) {
		b, err := fs.ReadFile(fsys, f)
		switch path.Ext(f) {
		case ".html", ".toml", ".css", ".js", ".svg", ".json", ".txt":
			b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
		}
		return b, err
	}

	src, err := readFile("i18n.toml")
	l.labels = src
	if err != nil {
		diags.Add(diag.Position{File: name("i18n.toml")}, "", "cannot read: %v", err)
	} else if _, err := toml.Decode(string(src), &l.i18n); err != nil {
		diags.Add(diag.Position{File: name("i18n.toml")}, "", "invalid TOML: %v", err)
	}
	for lang, m := range l.i18n {
		for other, om := range l.i18n {
			for k := range om {
				if _, ok := m[k]; !ok {
					diags.Add(diag.Position{File: name("i18n.toml")}, "add it to ["+lang+"]", "label %q is in [%s] but not in [%s]", k, other, lang)
				}
			}
		}
	}

	base, err := readFile("base.html")
	if err != nil {
		diags.Add(diag.Position{File: name("base.html")}, "", "cannot read: %v", err)
		return l, diags
	}
	for _, kind := range pageTemplates {
		f := kind + ".html"
		body, err := readFile(f)
		if err != nil {
			diags.Add(diag.Position{File: name(f)}, "", "cannot read: %v", err)
			continue
		}
		t := template.New(name("base.html")).Option("missingkey=error").Funcs(l.funcs)
		if _, err := t.Parse(string(base)); err != nil {
			diags.Add(diag.Position{File: name("base.html")}, "", "%v", err)
			return l, diags
		}
		if _, err := t.New(name(f)).Parse(string(body)); err != nil {
			diags.Add(diag.Position{File: name(f)}, "", "%v", err)
			continue
		}
		t.Funcs(template.FuncMap{"include": func(name string, v any) (template.HTML, error) {
			var b bytes.Buffer
			err := t.ExecuteTemplate(&b, name, v)
			return template.HTML(b.String()), err // escaped by its own template
		}})
		l.pages[kind] = t
	}

	sum, digest := fnv.New64a(), fnv.New64a()
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := readFile(p)
			for _, h := range []hash.Hash64{digest, sum} {
				fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
				h.Write(b)
				if p == "i18n.toml" {
					break // the labels are fingerprinted per language, with each page
				}
			}
		}
		return nil
	})
	l.sum, l.digest = sum.Sum64(), digest.Sum64()

	err = fs.WalkDir(fsys, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := readFile(p)
		if err != nil {
			return err
		}
		l.assets = append(l.assets, Output{Path: p, Bytes: b})
		return nil
	})
	if err != nil {
		diags.Add(diag.Position{File: name("assets")}, "", "cannot read assets: %v", err)
	}
	return l, diags
}

// Digest identifies the layouts: it changes when any of their files does.
func (l *Layouts) Digest() uint64 { return l.digest }

// Label returns the fixed label key in lang. A missing key gives a visible marker and is
// remembered: [Layouts.Missing] reports it, and the build fails.
func (l *Layouts) Label(lang, key string) string {
	if v, ok := l.i18n[lang][key]; ok {
		return v
	}
	l.mu.Lock()
	l.missing["["+lang+"] "+key] = true
	l.mu.Unlock()
	return "[" + key + "]"
}

// Missing returns a diagnostic for every label asked for but not in i18n.toml.
func (l *Layouts) Missing() diag.List {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out diag.List
	for k := range l.missing {
		lang, key, _ := strings.Cut(strings.TrimPrefix(k, "["), "] ")
		pos := diag.Position{File: path.Join(l.root, "i18n.toml")}
		if i := bytes.Index(l.labels, []byte("\n["+lang+"]")); i >= 0 {
			pos = diag.At(pos.File, l.labels, i+1) // the table it belongs in
		}
		out.Add(pos, "add it to the ["+lang+"] table", "no label %q", key)
	}
	out.Sort()
	return out
}

// execute runs the page template kind on view, into b.
func (l *Layouts) execute(b *bytes.Buffer, kind string, view any) error {
	t, ok := l.pages[kind]
	if !ok {
		return fmt.Errorf("%s: missing template", path.Join(l.root, kind+".html"))
	}
	return t.ExecuteTemplate(b, path.Join(l.root, "base.html"), view)
}

// part runs the template name defined in base.html on view, on its own.
func (l *Layouts) part(name string, view any) (template.HTML, error) {
	for _, kind := range pageTemplates {
		if t, ok := l.pages[kind]; ok {
			var b bytes.Buffer
			err := t.ExecuteTemplate(&b, name, view)
			return template.HTML(b.String()), err
		}
	}
	return "", fmt.Errorf("%s: no templates", l.root)
}

// funcs are the few functions templates may call beyond the built-ins.
var funcs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
	"month": func(lang, date string) (string, error) { // a revision's YYYY-MM: 2019 年 5 月, May 2019
		t, err := time.Parse("2006-01", date)
		return t.Format(map[string]string{"ja": "2006 年 1 月", "en": "January 2006"}[lang]), err
	},
	"include": func(string, any) (template.HTML, error) { return "", nil }, // each page template's own, see LoadLayouts
	"outline": outline,
}

// Outline is a page's main HTML, each heading with an id given a link to itself, and
// those headings, for "on this page".
type Outline struct {
	HTML     template.HTML
	Headings []Link // Section holds the level: "2" or "3"
}

// outline makes the Outline of main, the links to headings named label. It reads the
// h2 and h3 elements with an id as the templates and goldmark write them: <h2 id="x">
// or <h2 id="x" class="y">, text and inline elements, </h2>.
func outline(main template.HTML, label string) Outline {
	var o Outline
	var b strings.Builder
	s := string(main)
	for {
		i := strings.Index(s, "<h")
		if i < 0 {
			break
		}
		level, rest := s[i+2:min(i+3, len(s))], s[min(i+3, len(s)):]
		id, _, ok := strings.Cut(strings.TrimPrefix(rest, ` id="`), `"`)
		start, end := strings.IndexByte(rest, '>'), strings.Index(rest, "</h"+level+">")
		if level != "2" && level != "3" || !ok || !strings.HasPrefix(rest, ` id="`) || start < 0 || end < start {
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		text := html.UnescapeString(anyTag.ReplaceAllString(rest[start+1:end], ""))
		o.Headings = append(o.Headings, Link{URL: "#" + id, Text: text, Section: level})
		b.WriteString(s[:i+3+end])
		b.WriteString(`<a class="anchor" href="#` + id + `" aria-label="` + template.HTMLEscapeString(label) + `"></a>`)
		s = s[i+3+end:]
	}
	b.WriteString(s)
	o.HTML = template.HTML(b.String())
	return o
}

var anyTag = regexp.MustCompile(`<[^>]*>`)
