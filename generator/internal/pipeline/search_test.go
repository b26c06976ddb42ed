package pipeline

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestSearchOnRealSite checks the search of the real site as a reader meets it: the
// search page has one search form (the header's) and a live region that can hold only
// the count; every page loads the search script, for "/" and for the marks of a page
// opened from a result; the index keeps each card's fields apart, under their labels.
func TestSearchOnRealSite(t *testing.T) {
	out := t.TempDir()
	if res := buildTo(t, os.DirFS("../../../content"), out); len(res.Diagnostics) > 0 {
		t.Fatal(res.Diagnostics.Err())
	}
	files := snapshot(t, out)
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		doc := parseDoc(t, name, data)
		scripts := 0
		for _, n := range findAll(doc, "script") {
			if strings.HasSuffix(attr(n, "src"), "assets/search.js") {
				scripts++
			}
		}
		if scripts != 1 {
			t.Errorf("%s: loads search.js %d times, want once", name, scripts)
		}
		forms := 0
		for _, n := range findAll(doc, "form") {
			if attr(n, "role") == "search" {
				forms++
			}
		}
		if forms != 1 || len(findAll(doc, "input")) != 1 {
			t.Errorf("%s: %d search forms and %d inputs, want the header's alone", name, forms, len(findAll(doc, "input")))
		}
	}
	for _, lang := range []string{"ja", "en"} {
		name := lang + "/search.html"
		doc := parseDoc(t, name, files[name])
		var live []*html.Node
		for _, n := range findAll(doc, "*") {
			if attr(n, "aria-live") != "" || attr(n, "role") == "status" || attr(n, "role") == "alert" {
				live = append(live, n)
			}
		}
		if len(live) != 1 || live[0].Data != "p" || attr(live[0], "id") != "search-status" {
			t.Errorf("%s: live regions %v, want the one status paragraph", name, live)
		}

		// Each scheme's parts are its fields under their headings, and its notes.
		index := files["assets/search-"+lang+".js"]
		const prefix = "window.SURVEY_SEARCH="
		var ix struct {
			Records [][]json.RawMessage `json:"records"`
		}
		if err := json.Unmarshal([]byte(strings.TrimSuffix(strings.TrimPrefix(index, prefix), ";\n")), &ix); err != nil {
			t.Fatalf("%s index: %v", lang, err)
		}
		want := map[string][]string{
			"ja": {"名称（発行者）", "対象（適用範囲）", "概要・特徴", "ISMS との関連性", "関連 URL", "注"},
			"en": {"Name (publisher)", "Target (scope)", "Overview and features", "Relation to ISMS", "Related URLs", "Notes"},
		}[lang]
		found := false
		for _, r := range ix.Records {
			var url string
			var parts [][2]string
			json.Unmarshal(r[0], &url)
			json.Unmarshal(r[5], &parts)
			if url != "schemes/c5.html" {
				continue
			}
			found = true
			var labels []string
			for _, p := range parts {
				labels = append(labels, p[0])
			}
			if !slices.Equal(labels, want) {
				t.Errorf("%s index: c5's parts are labelled %q, want %q", lang, labels, want)
			}
		}
		if !found {
			t.Errorf("%s index: no record for schemes/c5.html", lang)
		}
	}
}

func parseDoc(t *testing.T, name, data string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

// findAll returns the elements named tag ("*" for any) under n, in document order.
func findAll(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	if n.Type == html.ElementNode && (tag == "*" || n.Data == tag) {
		out = append(out, n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = append(out, findAll(c, tag)...)
	}
	return out
}
