package pipeline

import (
	"net/url"
	"os"
	"path"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// page is what the link check needs of one HTML file.
type parsedPage struct {
	lang  string
	ids   map[string]bool
	links []string // href and src values, in document order
	alt   string   // the language switch's href
}

func parseHTML(t *testing.T, name, data string) parsedPage {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	p := parsedPage{ids: map[string]bool{}}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				switch {
				case a.Key == "id":
					if p.ids[a.Val] {
						t.Errorf("%s: duplicate id %q", name, a.Val)
					}
					p.ids[a.Val] = true
				case a.Key == "lang" && n.Data == "html":
					p.lang = a.Val
				case a.Key == "href" || a.Key == "src":
					p.links = append(p.links, a.Val)
				}
			}
			if n.Data == "a" && hasClass(n, "lang") {
				p.alt = attr(n, "href")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return p
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

// TestRealSite builds content/ and checks every HTML page: it parses; it has a lang; every
// internal href or src names an existing file (never a folder) and every #fragment an
// element id there; the language switch leads to the same page in the other language;
// every external link is http(s) or mailto.
func TestRealSite(t *testing.T) {
	out := t.TempDir()
	res := buildTo(t, os.DirFS("../../../content"), out)
	if len(res.Diagnostics) > 0 {
		t.Fatalf("the real content has errors:\n%v", res.Diagnostics.Err())
	}
	files := snapshot(t, out)
	pages := map[string]parsedPage{}
	for name, data := range files {
		if strings.HasSuffix(name, ".html") {
			pages[name] = parseHTML(t, name, data)
		}
	}
	if len(pages) < 100 {
		t.Fatalf("only %d pages built", len(pages))
	}
	for name, p := range pages {
		if p.lang != "ja" && p.lang != "en" {
			t.Errorf("%s: <html lang=%q>", name, p.lang)
		}
		for _, link := range p.links {
			u, err := url.Parse(link)
			if err != nil {
				t.Errorf("%s: bad URL %q", name, link)
				continue
			}
			if u.Scheme != "" {
				if u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto" {
					t.Errorf("%s: link %q has a forbidden scheme", name, link)
				}
				continue
			}
			if strings.HasPrefix(link, "/") || u.Host != "" {
				t.Errorf("%s: link %q is not relative", name, link)
				continue
			}
			target := name
			if u.Path != "" {
				if strings.HasSuffix(u.Path, "/") || !strings.Contains(path.Base(u.Path), ".") {
					t.Errorf("%s: link %q points at a folder", name, link)
					continue
				}
				target = path.Join(path.Dir(name), u.Path)
			}
			if _, ok := files[target]; !ok {
				t.Errorf("%s: link %q: %s does not exist", name, link, target)
				continue
			}
			if u.Fragment != "" {
				tp, ok := pages[target]
				if !ok || !tp.ids[u.Fragment] {
					t.Errorf("%s: link %q: no id %q in %s", name, link, u.Fragment, target)
				}
			}
		}
		if name == "index.html" || name == "404.html" {
			continue
		}
		lang, rest, _ := strings.Cut(name, "/")
		other := map[string]string{"ja": "en", "en": "ja"}[lang]
		if p.alt == "" {
			t.Errorf("%s: no language switch", name)
		} else if have := path.Join(path.Dir(name), p.alt); have != other+"/"+rest {
			t.Errorf("%s: language switch leads to %s, want %s/%s", name, have, other, rest)
		}
	}
	// Every page is reachable from the landing page by following links.
	seen := map[string]bool{"index.html": true}
	queue := []string{"index.html"}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		for _, link := range pages[name].links {
			u, _ := url.Parse(link)
			if u == nil || u.Scheme != "" || u.Path == "" {
				continue
			}
			target := path.Join(path.Dir(name), u.Path)
			if _, isPage := pages[target]; isPage && !seen[target] {
				seen[target] = true
				queue = append(queue, target)
			}
		}
	}
	for name := range pages {
		if !seen[name] && name != "404.html" {
			t.Errorf("%s: not reachable from index.html", name)
		}
	}
}
