package model

import (
	"strings"
	"testing"
)

// relBySplitting is Rel as it first was, by splitting both paths: the specification.
func relBySplitting(from, to string) string {
	f := strings.Split(from, "/")
	t := strings.Split(to, "/")
	i := 0
	for i < len(f)-1 && i < len(t)-1 && f[i] == t[i] {
		i++
	}
	return strings.Repeat("../", len(f)-1-i) + strings.Join(t[i:], "/")
}

// TestRel checks Rel against splitting, on every pair of a set of paths with shared,
// different and same-prefixed folders.
func TestRel(t *testing.T) {
	paths := []string{
		"index.html", "404.html", "ja/index.html", "ja/schemes/ismap.html", "ja/schemes/c5.html",
		"ja/standards/iso-iec-27001.html", "en/schemes/ismap.html", "ja/schemesx/a.html",
		"ja/schemes/sub/deep.html", "assets/search-ja.js", "ja/", "ja/schemes/", "a/b/c/d.html", "a/bc/d.html",
	}
	for _, from := range paths {
		for _, to := range paths {
			if got, want := Rel(from, to), relBySplitting(from, to); got != want {
				t.Errorf("Rel(%q, %q) = %q, want %q", from, to, got, want)
			}
		}
	}
}

func BenchmarkRel(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Rel("ja/schemes/ismap.html", "ja/standards/iso-iec-27001.html")
	}
}
