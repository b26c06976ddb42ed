package tplexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"testing"
)

type link struct {
	URL, Text, Section string
	New                bool
}

type named string

type labels struct{ m map[string]string }

func (l *labels) T(key string) (string, error) {
	v, ok := l.m[key]
	if !ok {
		return "", fmt.Errorf("no label %q", key)
	}
	return v, nil
}

type view struct {
	labels
	Title, Other string
	Named        named
	Body         template.HTML
	Href         template.URL
	Count        int
	Flag         bool
	Links        []link
	Prev, Next   *link
	Words        []string
	Counts       []int
	Map          map[string]string
}

var funcs = template.FuncMap{"add": func(a, b int) int { return a + b }}

func sample() *view {
	return &view{
		labels: labels{map[string]string{"a": "A & <b>", "sep": ", "}},
		Title:  `He said "hi" & <left>`, Other: "x",
		Named: "n'<", Body: "<em>safe</em>", Href: "javascript:ok()",
		Count: 3, Flag: true,
		Links: []link{{"a.html", "A", "2.1", true}, {"javascript:alert(1)", "B'", "", false}, {"q?x=1&y=%zz ü", "C", "", false}},
		Prev:  &link{URL: "p.html", Text: "P"},
		Words: []string{"α", "β"}, Counts: []int{0, 2},
		Map: map[string]string{"k": "v<"},
	}
}

// templates are snippets covering what Compile accepts, each with the layouts' escaping
// contexts: text, quoted attributes, URLs, <title>.
var templates = []string{
	`{{.Title}}|{{.Named}}|{{.Body}}|{{.Count}}|{{.Flag}}`,
	`<a href="{{.Href}}" title="{{.Title}}">{{.Named}}</a>`,
	`<title>{{.Title}} {{.Body}}</title>`,
	`<a href="/s?q={{.Title}}&n={{.Named}}">x</a>`,
	`<a href="{{.Title}}">{{.T "a"}}</a>{{$.T "sep"}}`,
	`{{range .Links}}<a href="{{.URL}}">{{if .Section}}<b>{{.Section}}</b> {{end}}{{.Text}}</a>{{if .New}}*{{end}}{{end}}`,
	`{{range $i, $w := .Words}}{{if $i}}{{$.T "sep"}}{{end}}{{$w}}{{end}}`,
	`{{range $w := .Words}}[{{$w}}]{{else}}none{{end}}{{range .Counts}}<td>{{if .}}{{.}}{{end}}</td>{{end}}`,
	`{{range .Map}}{{end}}`, // refused: a range over a map
	`{{with .Prev}}<a href="{{.URL}}">{{.Text}} {{$.Title}}</a>{{end}}{{with .Next}}{{.URL}}{{else}}no next{{end}}`,
	`{{if or .Prev .Next}}pager{{end}}{{if and .Flag .Count}}both{{end}}{{if not .Flag}}off{{end}}`,
	`{{if ne .Title .Other}}{{.Title}} | {{end}}{{.Other}}{{if eq .Count 3}} three{{end}}`,
	`{{with .Map}}{{with index . "k"}}<p>{{.}}</p>{{end}}{{with index . "missing"}}never{{end}}{{end}}`,
	`<td colspan="{{len .Links | add 2}}">{{len .Words}}</td>`,
	`{{define "item"}}<li>{{.Text}}</li>{{end}}<ul>{{range .Links}}{{template "item" .}}{{end}}</ul>`,
	`{{if .Flag}}a{{else if .Count}}b{{else}}c{{end}}`,
	`<script>var x = {{.Title}};</script>`, // refused: a JavaScript escaper
	`{{$x := .Title}}{{$x}}`,               // refused: a declaration
	`{{printf "%s" .Title}}`,               // refused: printf
	`{{.Prev.URL}} {{.Next}}`,              // refused: a pointer printed
	`{{.Next.URL}}`,                        // compiled; fails on the nil pointer
	`{{.T "missing"}}`,                     // compiled; fails on the label
}

// TestAgainstHTMLTemplate runs each snippet compiled and with html/template: when
// Compile accepts a snippet the bytes must be the same, and when the program fails,
// html/template must fail too.
func TestAgainstHTMLTemplate(t *testing.T) {
	compiled := 0
	for i, src := range templates {
		name := fmt.Sprintf("t%d", i)
		set := template.Must(template.New(name).Option("missingkey=error").Funcs(funcs).Parse(src))
		p, cerr := Compile(set, name, reflect.TypeFor[*view](), funcs)
		var want bytes.Buffer
		werr := set.Execute(&want, sample())
		if cerr != nil {
			if !errors.Is(cerr, errUnsupported) {
				t.Errorf("%s: an error other than unsupported: %v", src, cerr)
			}
			continue
		}
		compiled++
		var have bytes.Buffer
		herr := p.Execute(&have, sample())
		switch {
		case herr != nil && werr == nil:
			t.Errorf("%s: the program failed (%v), html/template did not", src, herr)
		case herr == nil && werr != nil:
			t.Errorf("%s: html/template failed (%v), the program did not", src, werr)
		case herr == nil && have.String() != want.String():
			t.Errorf("%s:\ncompiled:      %s\nhtml/template: %s", src, have.String(), want.String())
		}
	}
	if refused := len(templates) - compiled; refused != 5 {
		t.Errorf("%d snippets refused, want the 5 marked so", refused)
	}
}

// TestExecuteWrongType checks that a program runs only on the type it was compiled for.
func TestExecuteWrongType(t *testing.T) {
	set := template.Must(template.New("t").Parse(`{{.Title}}`))
	p, err := Compile(set, "t", reflect.TypeFor[*view](), nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := p.Execute(&b, view{}); err == nil || b.Len() > 0 {
		t.Errorf("a view of another type: err %v, wrote %q", err, b.String())
	}
}

// TestEscapingError checks that Compile reports a template html/template cannot escape.
func TestEscapingError(t *testing.T) {
	set := template.Must(template.New("t").Parse(`<a href="{{if .Flag}}x{{else}}y"{{end}}>`))
	if _, err := Compile(set, "t", reflect.TypeFor[*view](), nil); err == nil || errors.Is(err, errUnsupported) {
		t.Errorf("want html/template's escaping error, got %v", err)
	}
}

// escaperCheck compares each escaper with html/template's, in its context, for a plain
// string, an HTML value and a URL value.
type escaperCheck struct {
	sets  map[string]*template.Template
	progs map[escaperKey]*Program
}

type escaperKey struct {
	name string
	t    reflect.Type
}

// escaperContexts place a value where html/template gives it to each escaper (after
// the URL filter, a URL attribute also runs the normalizer and the attribute escaper).
var escaperContexts = map[string]string{
	"_html_template_htmlescaper":   `{{.}}`,
	"_html_template_rcdataescaper": `<title>{{.}}</title>`,
	"_html_template_attrescaper":   `<p title="{{.}}">`,
	"_html_template_urlfilter":     `<a href="{{.}}">`,
	"_html_template_urlescaper":    `<a href="/?q={{.}}">`,
}

func newEscaperCheck(tb testing.TB) *escaperCheck {
	c := &escaperCheck{sets: map[string]*template.Template{}, progs: map[escaperKey]*Program{}}
	for name, src := range escaperContexts {
		c.sets[name] = template.Must(template.New(name).Parse(src))
		for _, t := range []reflect.Type{stringType, htmlType, urlType} {
			p, err := Compile(c.sets[name], name, t, nil)
			if err != nil {
				tb.Fatal(err)
			}
			c.progs[escaperKey{name, t}] = p
		}
	}
	return c
}

func (c *escaperCheck) check(t *testing.T, s string) {
	for _, v := range []any{s, template.HTML(s), template.URL(s)} {
		for name, set := range c.sets {
			var want bytes.Buffer
			if err := set.Execute(&want, v); err != nil {
				t.Fatal(err)
			}
			var have bytes.Buffer
			if err := c.progs[escaperKey{name, reflect.TypeOf(v)}].Execute(&have, v); err != nil {
				if _, isHTML := v.(template.HTML); isHTML && strings.Contains(escaperContexts[name], `"{{.}}"`) {
					continue // HTML in an attribute: left to html/template
				}
				t.Fatalf("%s %T %q: %v", name, v, s, err)
			}
			if have.String() != want.String() {
				t.Errorf("%s %T %q:\ncompiled:      %q\nhtml/template: %q", name, v, s, have.String(), want.String())
			}
		}
	}
}

var escaperSeeds = []string{"", "a&b<c>'\"+", "\x00", "javascript:x", "HTTP://x", "mailto:a", "a/b:c", "%41%zz%4", "ü\xff\xfe", "\uFDD0\uFFFE", "<b>x</b>", "&amp;", "?a=1&b=2#f"}

// TestEscapers runs the comparison on the seeds and on 5,000 strings drawn from the
// characters the escapers treat specially.
func TestEscapers(t *testing.T) {
	c := newEscaperCheck(t)
	for _, s := range escaperSeeds {
		c.check(t, s)
	}
	alphabet := []string{"a", "Z", "0", "-", ".", "_", "~", "%", "%4", "%41", ":", "/", "?", "#", "&", "=", "+", "'", "\"", "<", ">", " ", "\x00", "\xff", "é", "\uFFFE", "http", "javascript", "MAILTO", "!", "$", "*", ",", ";", "@", "[", "]", "(", ")"}
	rng := uint64(1)
	for range 5000 {
		var b strings.Builder
		rng = rng*6364136223846793005 + 1442695040888963407
		for n := rng >> 60; n > 0; n-- {
			rng = rng*6364136223846793005 + 1442695040888963407
			b.WriteString(alphabet[(rng>>33)%uint64(len(alphabet))])
		}
		c.check(t, b.String())
	}
}

// FuzzEscapers runs the comparison on arbitrary strings.
func FuzzEscapers(f *testing.F) {
	for _, s := range escaperSeeds {
		f.Add(s)
	}
	c := newEscaperCheck(f)
	f.Fuzz(c.check)
}
