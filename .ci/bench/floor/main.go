// Command floor measures the least work a build of a content folder could take: goldmark
// alone converting all the Markdown of all cards in both languages on all cores, plus
// writing as many files of the same sizes as a built site into a fresh folder.
//
//	go run ./.ci/bench/floor -content DIR -site BUILT -tmp SCRATCH
//
// Each card's Markdown fields in one language are converted as one document, as our
// generator does (with the same extensions: GFM, footnotes, CJK), but with no card
// reference resolution, no templates and no checks. The files are written with plain
// os.WriteFile, in parallel, to SCRATCH (which is removed first and afterwards). Reading
// and decoding the TOML is not timed. It prints one line of key=value pairs, seconds as
// decimals.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// The Markdown fields of each kind of card, per language table.
var markdownFields = map[string][]string{
	"schemes":   {"name", "scope", "overview", "isms", "notes"},
	"standards": {"description", "notes"},
	"pages":     {"body", "notes"},
}

var langs = []string{"ja", "en"}

func main() {
	contentDir := flag.String("content", "", "content folder")
	site := flag.String("site", "", "a built site whose files' count and sizes are written")
	tmp := flag.String("tmp", "", "scratch folder for the writes (removed before and after)")
	flag.Parse()
	if *contentDir == "" || *site == "" || *tmp == "" {
		fmt.Fprintln(os.Stderr, "usage: floor -content DIR -site BUILT -tmp SCRATCH")
		os.Exit(2)
	}
	docs, err := collect(*contentDir)
	if err != nil {
		fail(err)
	}
	sizes, err := outputs(*site)
	if err != nil {
		fail(err)
	}
	if err := os.RemoveAll(*tmp); err != nil {
		fail(err)
	}

	mdTime, mdBytes := convert(docs)
	writeTime, outBytes, err := write(*tmp, sizes)
	if err != nil {
		fail(err)
	}
	if err := os.RemoveAll(*tmp); err != nil {
		fail(err)
	}
	fmt.Printf("md_s=%.4f write_s=%.4f floor_s=%.4f docs=%d md_bytes=%d files=%d out_bytes=%d cores=%d\n",
		mdTime.Seconds(), writeTime.Seconds(), (mdTime + writeTime).Seconds(),
		len(docs), mdBytes, len(sizes), outBytes, runtime.GOMAXPROCS(0))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "floor:", err)
	os.Exit(1)
}

// collect returns one Markdown document per card and language, plus the glossary
// descriptions and revision summaries.
func collect(dir string) ([][]byte, error) {
	var docs [][]byte
	for _, kind := range []string{"schemes", "standards", "pages"} {
		entries, err := os.ReadDir(filepath.Join(dir, kind))
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".toml") {
				continue
			}
			var card map[string]any
			if _, err := toml.DecodeFile(filepath.Join(dir, kind, e.Name()), &card); err != nil {
				return nil, err
			}
			for _, lang := range langs {
				t, _ := card[lang].(map[string]any)
				var b bytes.Buffer
				for _, f := range markdownFields[kind] {
					if s, ok := t[f].(string); ok {
						b.WriteString(s)
						b.WriteString("\n\n")
					}
				}
				docs = append(docs, b.Bytes())
			}
		}
	}
	var g struct {
		Terms []map[string]any `toml:"terms"`
	}
	if _, err := toml.DecodeFile(filepath.Join(dir, "glossary.toml"), &g); err != nil {
		return nil, err
	}
	var s struct {
		Revisions []map[string]any `toml:"revisions"`
	}
	if _, err := toml.DecodeFile(filepath.Join(dir, "site.toml"), &s); err != nil {
		return nil, err
	}
	for _, lang := range langs {
		for _, t := range g.Terms {
			if m, ok := t[lang].(map[string]any); ok {
				if d, ok := m["description"].(string); ok {
					docs = append(docs, []byte(d))
				}
			}
		}
		for _, r := range s.Revisions {
			if m, ok := r[lang].(map[string]any); ok {
				if d, ok := m["summary"].(string); ok {
					docs = append(docs, []byte(d))
				}
			}
		}
	}
	return docs, nil
}

func convert(docs [][]byte) (time.Duration, int64) {
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.NewCJK(extension.WithEastAsianLineBreaks())),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
	var next atomic.Int64
	var total atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf bytes.Buffer
			for {
				i := int(next.Add(1)) - 1
				if i >= len(docs) {
					return
				}
				buf.Reset()
				if err := md.Convert(docs[i], &buf); err != nil {
					fail(err)
				}
				total.Add(int64(len(docs[i])))
			}
		})
	}
	wg.Wait()
	return time.Since(start), total.Load()
}

type output struct {
	path string
	size int
}

func outputs(site string) ([]output, error) {
	var outs []output
	err := filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(site, p)
		outs = append(outs, output{rel, int(info.Size())})
		return nil
	})
	return outs, err
}

// write writes the files with the same relative paths and sizes into dir, on all
// cores. The folders are made first, as a generator knows its output folders.
func write(dir string, outs []output) (time.Duration, int64, error) {
	largest := 0
	for _, o := range outs {
		largest = max(largest, o.size)
	}
	data := bytes.Repeat([]byte("<p>x</p>\n"), largest/9+1)[:largest]
	start := time.Now()
	made := map[string]bool{}
	for _, o := range outs {
		d := filepath.Dir(filepath.Join(dir, o.path))
		if !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return 0, 0, err
			}
			made[d] = true
		}
	}
	var next atomic.Int64
	var total atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(outs) {
					return
				}
				o := outs[i]
				if err := os.WriteFile(filepath.Join(dir, o.path), data[:o.size], 0o644); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
				total.Add(int64(o.size))
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err, ok := firstErr.Load().(error); ok {
		return 0, 0, err
	}
	return elapsed, total.Load(), nil
}
