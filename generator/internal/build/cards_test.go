package build

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jipdec-survey/cloudsec/generator/internal/render"
	"github.com/jipdec-survey/cloudsec/generator/internal/synth"
)

// TestCardCache edits a survey big enough to cache its cards, one change at a time, and
// checks after each build that the cards were taken from the cache where they could be,
// and that the result (the site, or the diagnostics) equals a build without stamp or
// cache.
func TestCardCache(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a survey of 600 schemes many times")
	}
	opts, tmp := bigSurvey(t)
	contentDir := opts.ContentDir
	// Each edit at a time of its own, after the files' hour-old one.
	clock := time.Now().Add(-time.Hour)
	settle := func(files ...string) {
		for _, f := range files {
			clock = clock.Add(time.Second)
			if err := os.Chtimes(f, clock, clock); err != nil {
				t.Fatal(err)
			}
		}
	}
	build := func(step string, wantCached bool) {
		t.Helper()
		res, err := Run(opts)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if got := res.Cached > 0; got != wantCached {
			t.Errorf("%s: %d cards from the cache, want some: %v", step, res.Cached, wantCached)
		}
		checkClean(t, opts, tmp, res, step)
	}
	edit := func(rel, old, new string) {
		t.Helper()
		p := filepath.Join(contentDir, rel)
		b, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(b, []byte(old)) {
			t.Fatalf("%s does not contain %q", rel, old)
		}
		os.WriteFile(p, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644)
		settle(p)
	}
	schemes, _ := filepath.Glob(filepath.Join(contentDir, "schemes", "*.toml"))
	slices.Sort(schemes)
	name := func(i int) string { r, _ := filepath.Rel(contentDir, schemes[i]); return filepath.ToSlash(r) }

	build("first build", false)
	edit(name(100), `overview = """`+"\n", `overview = """`+"\n- 追記：確認する。\n")
	build("an overview", true)
	edit(name(200), `title = "`, `title = "改 `)
	build("a title", true)
	edit(name(100), `- 追記：確認する。`+"\n", "")
	build("the overview back", true)
	b, _ := os.ReadFile(schemes[300])
	if i := bytes.Index(b, []byte("](std:")); i >= 0 {
		j := i + bytes.IndexByte(b[i:], ')')
		edit(name(300), string(b[i:j+1]), "](std:no-such-standard)")
		build("a reference to nothing", true) // fails, like the build without the cache
		edit(name(300), "](std:no-such-standard)", string(b[i:j+1]))
		build("the reference back", true)
	}
	// An edited card takes the section of a later, cached one: the diagnostic is in the
	// cached card's file, which the build then reads for its position.
	section := func(i int) string {
		b, _ := os.ReadFile(schemes[i])
		line, _, _ := strings.Cut(string(b[bytes.Index(b, []byte("section = ")):]), "\n")
		return line
	}
	first, later := section(10), section(20)
	edit(name(10), first, later)
	build("a section taken from a cached card", true) // fails, like the build without the cache
	edit(name(10), later, first)
	build("the section back", true)
	// A standard that many cards reference goes: their cached documents must report it.
	stds, _ := filepath.Glob(filepath.Join(contentDir, "standards", "*.toml"))
	gone, _ := os.ReadFile(stds[0])
	os.Remove(stds[0])
	build("a standard removed", false) // a removed file trusts nothing
	os.WriteFile(stds[0], gone, 0o644)
	settle(stds[0], filepath.Join(contentDir, "standards"))
	build("the standard back", true) // the other cards did not change
	// Bodies only: a standard's description, then a new reference in a scheme's overview,
	// which lists the scheme on the standard's page (a change of what other pages show).
	stdName, _ := filepath.Rel(contentDir, stds[1])
	edit(filepath.ToSlash(stdName), "description = \"\"\"\n", "description = \"\"\"\n追記。\n\n")
	build("a standard's description", true)
	stdID := strings.TrimSuffix(filepath.Base(stds[1]), ".toml")
	edit(name(400), `overview = """`+"\n", `overview = """`+"\n- [参照](std:"+stdID+")\n")
	build("a new reference", true)
	build("nothing changed", false) // the stamp shows it: nothing is loaded at all
	edit("glossary.toml", `abbr = "`, `abbr = "X`)
	build("the glossary", false) // every document may read differently
	edit(name(5), `title = "`, `title = "改 `)
	build("after the glossary", true)
}

// checkClean checks that res, a build with opts, gave the diagnostics and the site of a
// build of the same content without stamp or cache (in a folder under tmp).
func checkClean(t *testing.T, opts Options, tmp string, res Result, step string) {
	t.Helper()
	clean := filepath.Join(tmp, "clean")
	os.RemoveAll(clean)
	want, err := Run(Options{Content: opts.Content, ContentName: "content", Layouts: opts.Layouts, LayoutsName: "layouts", Out: clean, Version: "test"})
	if err != nil {
		t.Fatalf("%s: clean build: %v", step, err)
	}
	if !slices.Equal(res.Diagnostics, want.Diagnostics) {
		t.Fatalf("%s: diagnostics\n%v\nwant\n%v", step, res.Diagnostics, want.Diagnostics)
	}
	if len(want.Diagnostics) > 0 {
		return
	}
	have, wantFiles := snapshot(t, opts.Out), snapshot(t, clean)
	delete(have, ".manifest")
	delete(wantFiles, ".manifest")
	if !maps.Equal(have, wantFiles) {
		for p := range wantFiles {
			if have[p] != wantFiles[p] {
				t.Errorf("%s: %s differs from a build without the cache", step, p)
			}
		}
		t.FailNow()
	}
}

// TestCardCacheTexts checks that an edit reads the texts of the cached cards only where
// it needs them, and that texts damaged on disk are decoded and parsed again from their
// cards' files: the site is as it would be otherwise.
func TestCardCacheTexts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a survey of 600 schemes several times")
	}
	opts, tmp := bigSurvey(t)
	schemes := schemeFiles(t, opts)
	clock := time.Now().Add(-time.Hour)
	edit := func(file, old, new string) {
		t.Helper()
		b, err := os.ReadFile(file)
		if err != nil || !bytes.Contains(b, []byte(old)) {
			t.Fatalf("%s does not contain %q", file, old)
		}
		os.WriteFile(file, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644)
		clock = clock.Add(time.Second)
		os.Chtimes(file, clock, clock)
	}
	build := func(step string, wantReads int64) {
		t.Helper()
		before := cacheTextReads.Load()
		res, err := Run(opts)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if res.Cached == 0 {
			t.Fatalf("%s: no card from the cache", step)
		}
		if reads := cacheTextReads.Load() - before; reads != wantReads {
			t.Errorf("%s: the texts of %d shards read, want %d", step, reads, wantReads)
		}
		checkClean(t, opts, tmp, res, step)
	}
	if _, err := Run(opts); err != nil {
		t.Fatal(err)
	}
	// An overview: the new shard of the edited card needs the texts of the others in it.
	edit(schemes[10], `overview = """`+"\n", `overview = """`+"\n- 追記：確認する。\n")
	build("an overview", 1)
	// Without the saved state of the Japanese search index, an edit of a Japanese text
	// makes it afresh from every text, all read from the cache.
	lostIndexes := func(file string) {
		if err := os.Remove(opts.Stamp + ".search-ja"); err != nil {
			t.Fatal(err)
		}
		edit(file, `overview = """`+"\n", `overview = """`+"\n- 追記：確認する。\n")
	}
	lostIndexes(schemes[30])
	build("search indexes made afresh", cacheShards)
	// The Japanese index file in the output folder changed since its state was saved:
	// the state, which does not hold the file, is refused, and the index made afresh.
	indexFile := filepath.Join(opts.Out, "assets", "search-ja.js")
	b, err := os.ReadFile(indexFile)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(indexFile, append(b, '\n'), 0o644)
	edit(schemes[40], `overview = """`+"\n", `overview = """`+"\n- 追記：確認する。\n")
	build("search index file changed", cacheShards)
	edit(schemes[40], `overview = """`+"\n", `overview = """`+"\n- 追記：再び確認する。\n")
	build("the state saved with the new file", 1)

	// The texts of the shard of schemes[20] damaged on disk: the edit that needs them
	// parses them again, and the cache it writes holds the right texts.
	damageTexts(t, opts, shardOf(cardName(t, opts, schemes[20])))
	edit(schemes[20], `overview = """`+"\n", `overview = """`+"\n- 追記：確認する。\n")
	build("damaged texts", 1)
	// The next build trusts nothing of this cache: TestDamagedTextsNotKept.
}

// TestCardTextLost checks a card whose text neither the card cache (damaged) nor its file
// (unreadable, for one build) can give, when a page needs it: the build fails, changing
// nothing, and the next one, the file readable again, equals a build without the cache.
func TestCardTextLost(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a survey of 600 schemes three times")
	}
	opts, tmp, schemes := builtBigSurvey(t)
	edited, shard := schemes[0], shardOf(cardName(t, opts, schemes[0]))
	lost := schemes[slices.IndexFunc(schemes[1:], func(f string) bool { return shardOf(cardName(t, opts, f)) == shard })+1]
	damageTexts(t, opts, shard)
	// A title: every scheme page's view is built, with its Markdown's digest.
	b, _ := os.ReadFile(edited)
	os.WriteFile(edited, bytes.Replace(b, []byte(`title = "`), []byte(`title = "改 `), 1), 0o644)
	past := time.Now().Add(-30 * time.Minute)
	os.Chtimes(edited, past, past)
	before := snapshot(t, opts.Out)
	readable := opts.Content
	opts.Content = unreadable{readable, cardName(t, opts, lost)}
	if _, err := Run(opts); err == nil || !strings.Contains(err.Error(), cardName(t, opts, lost)) {
		t.Errorf("a card without its text: the build gave %v, want an error naming it", err)
	}
	if after := snapshot(t, opts.Out); !maps.Equal(before, after) {
		t.Error("the failed build changed the output folder")
	}
	opts.Content = readable
	res, err := Run(opts)
	if err != nil {
		t.Fatal(err)
	}
	checkClean(t, opts, tmp, res, "the file readable again")
}

// TestDamagedTextsNotKept checks that texts of the card cache found damaged are not
// found again by the next build: the cache that would keep them is not trusted.
func TestDamagedTextsNotKept(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a survey of 600 schemes three times")
	}
	opts, tmp, schemes := builtBigSurvey(t)
	edited := schemes[0]
	damageTexts(t, opts, (shardOf(cardName(t, opts, edited))+1)%cacheShards)
	for i, wantDamage := range []bool{true, false} {
		// The Japanese index built afresh reads every shard's texts it has.
		os.Remove(opts.Stamp + ".search-ja")
		b, _ := os.ReadFile(edited)
		os.WriteFile(edited, bytes.Replace(b, []byte(`overview = """`+"\n"), []byte(`overview = """`+"\n- 追記。\n"), 1), 0o644)
		past := time.Now().Add(-time.Duration(50-i) * time.Minute)
		os.Chtimes(edited, past, past)
		before := cacheTextDamage.Load()
		res, err := Run(opts)
		if err != nil {
			t.Fatal(err)
		}
		if damage := cacheTextDamage.Load() > before; damage != wantDamage {
			t.Errorf("build %d: damaged texts found: %v, want %v", i+1, damage, wantDamage)
		}
		checkClean(t, opts, tmp, res, fmt.Sprintf("build %d", i+1))
	}
}

// builtBigSurvey is bigSurvey, built once, and the files of its schemes, sorted.
func builtBigSurvey(t *testing.T) (opts Options, tmp string, schemes []string) {
	t.Helper()
	opts, tmp = bigSurvey(t)
	schemes = schemeFiles(t, opts)
	if _, err := Run(opts); err != nil {
		t.Fatal(err)
	}
	return opts, tmp, schemes
}

// schemeFiles returns the paths of the scheme cards of opts's content, sorted.
func schemeFiles(t *testing.T, opts Options) []string {
	t.Helper()
	schemes, err := filepath.Glob(filepath.Join(opts.ContentDir, "schemes", "*.toml"))
	if err != nil || len(schemes) == 0 {
		t.Fatalf("no scheme cards in %s (%v)", opts.ContentDir, err)
	}
	return schemes // Glob sorts them
}

// damageTexts flips a byte in the middle of the texts of a shard of the card cache.
func damageTexts(t *testing.T, opts Options, shard int) {
	t.Helper()
	s := readCacheHeader(t, cardsFile(opts.Stamp)).Shards[shard]
	flipCacheByte(t, opts, s.Off+(s.TextOff+s.Len)/2)
}

// flipCacheByte flips a bit of the card cache's byte at offset at.
func flipCacheByte(t *testing.T, opts Options, at int64) {
	t.Helper()
	f, err := os.OpenFile(cardsFile(opts.Stamp), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b [1]byte
	if _, err := f.ReadAt(b[:], at); err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte{b[0] ^ 1}, at); err != nil {
		t.Fatal(err)
	}
}

// unreadable is a folder whose file name cannot be opened.
type unreadable struct {
	fs.FS
	name string
}

func (u unreadable) Open(name string) (fs.File, error) {
	if name == u.name {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("an input/output error")}
	}
	return u.FS.Open(name)
}

// cardName is the name of a card file in the card cache.
func cardName(t *testing.T, opts Options, file string) string {
	r, err := filepath.Rel(opts.ContentDir, file)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.ToSlash(r)
}

// readCacheHeader reads the trailer of the card cache file.
func readCacheHeader(t *testing.T, file string) cacheHeader {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	n := int(binary.BigEndian.Uint64(b[len(b)-8:]))
	var h cacheHeader
	if err := gob.NewDecoder(bytes.NewReader(b[len(b)-8-n : len(b)-8])).Decode(&h); err != nil {
		t.Fatal(err)
	}
	return h
}

// TestCardCacheAppend checks how the card cache file is kept: an edit appends the shard
// it changed to the same file, which the next build still takes every other card from;
// the file is written afresh once it would be more than twice the size of its shards;
// and a build that fails gives the file back as it was.
func TestCardCacheAppend(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a survey of 600 schemes many times")
	}
	opts, _ := bigSurvey(t)
	contentDir := opts.ContentDir
	clock := time.Now().Add(-time.Hour)
	settle := func(p string) {
		clock = clock.Add(time.Second)
		if err := os.Chtimes(p, clock, clock); err != nil {
			t.Fatal(err)
		}
	}
	cacheFile := cardsFile(opts.Stamp)
	stat := func() os.FileInfo {
		t.Helper()
		info, err := os.Stat(cacheFile)
		if err != nil {
			t.Fatal(err)
		}
		return info
	}
	schemes, _ := filepath.Glob(filepath.Join(contentDir, "schemes", "*.toml"))
	slices.Sort(schemes)
	edit := func(i int) {
		b, _ := os.ReadFile(schemes[i])
		os.WriteFile(schemes[i], bytes.Replace(b, []byte(`overview = """`+"\n"), []byte(`overview = """`+"\n- 追記。\n"), 1), 0o644)
		settle(schemes[i])
	}
	if _, err := Run(opts); err != nil {
		t.Fatal(err)
	}
	first := stat()
	appended, compacted := false, false
	for i := 0; i < 60 && !compacted; i++ {
		before := stat()
		edit(i * 7 % len(schemes))
		res, err := Run(opts)
		if err != nil {
			t.Fatal(err)
		}
		if res.Cached < len(schemes)-1 {
			t.Fatalf("edit %d: %d cards from the cache, want all but the edited one of %d", i, res.Cached, len(schemes)+40)
		}
		after := stat()
		switch {
		case os.SameFile(before, after) && after.Size() > before.Size():
			appended = true
		case !os.SameFile(before, after) && after.Size() < before.Size():
			compacted = true
			if after.Size() > 2*first.Size() {
				t.Errorf("written afresh at %d bytes, from %d at first", after.Size(), first.Size())
			}
		default:
			t.Fatalf("edit %d: the cache went from %d bytes to %d, same file: %v", i, before.Size(), after.Size(), os.SameFile(before, after))
		}
	}
	if !appended || !compacted {
		t.Fatalf("appended: %v, written afresh: %v", appended, compacted)
	}
	// A build that fails at the end (its page cannot replace a folder put in its place)
	// after it appended to the cache: the cache is as it was.
	before := stat()
	edit(3)
	page := filepath.Join(opts.Out, "ja", "schemes", strings.TrimSuffix(filepath.Base(schemes[3]), ".toml")+".html")
	if err := os.Remove(page); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(page, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(opts); err == nil {
		t.Fatal("a page replaced a folder")
	}
	if after := stat(); !os.SameFile(before, after) || after.Size() != before.Size() {
		t.Errorf("a failed build changed the cache: %d bytes, was %d", after.Size(), before.Size())
	}
}

// bigSurvey writes a synthetic survey just big enough to cache its cards, with a copy of
// the layouts, every file saved an hour ago, and returns the options of a build of it
// with a stamp, and the folder that holds it all.
func bigSurvey(t *testing.T) (Options, string) {
	t.Helper()
	tmp := t.TempDir()
	contentDir, layoutsDir := filepath.Join(tmp, "content"), filepath.Join(tmp, "layouts")
	if err := synth.Write(contentDir, render.MaxFullCards+1); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(layoutsDir, os.DirFS("../../../layouts")); err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-time.Hour)
	filepath.WalkDir(tmp, func(p string, e os.DirEntry, err error) error {
		if err == nil {
			err = os.Chtimes(p, past, past)
		}
		return err
	})
	return Options{
		Content: os.DirFS(contentDir), ContentName: "content", Layouts: os.DirFS(layoutsDir), LayoutsName: "layouts",
		Out: filepath.Join(tmp, "public"), Version: "test", Stamp: filepath.Join(tmp, "cache", "stamp"), ContentDir: contentDir, LayoutsDir: layoutsDir,
	}, tmp
}

// TestPauseGC checks that overlapping pauses of the garbage collector (two builds in one
// process reading their card caches) leave it as it was once the last one ends.
func TestPauseGC(t *testing.T) {
	before := debug.SetGCPercent(137)
	defer debug.SetGCPercent(before)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				resume := pauseGC()
				runtime.Gosched()
				resume()
			}
		})
	}
	wg.Wait()
	if got := debug.SetGCPercent(137); got != 137 {
		t.Errorf("after overlapping pauses the collector is at %d, want 137", got)
	}
}

// TestBuildPausesGC checks that a build pauses the garbage collector from the moment
// its inputs' size is known to the end when the process has a memory limit, and only
// then: an edit read from the card cache, a cold build with a stamp and a build without
// one. The collector is as it was afterwards.
func TestBuildPausesGC(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a survey of 600 schemes seven times")
	}
	opts, tmp, schemes := builtBigSurvey(t)
	clock := time.Now().Add(-time.Hour)
	gcPercent := func() int {
		p := debug.SetGCPercent(-1)
		debug.SetGCPercent(p)
		return p
	}
	before := gcPercent()
	for i, limited := range []bool{false, true} {
		if limited {
			defer debug.SetMemoryLimit(debug.SetMemoryLimit(1 << 40))
		}
		for _, kind := range []string{"edit", "cold", "no stamp"} {
			o := opts
			switch kind {
			case "edit":
				b, _ := os.ReadFile(schemes[i])
				os.WriteFile(schemes[i], bytes.Replace(b, []byte(`title = "`), []byte(`title = "改 `), 1), 0o644)
				clock = clock.Add(time.Second)
				os.Chtimes(schemes[i], clock, clock)
			case "cold":
				o.Out = filepath.Join(tmp, fmt.Sprint("cold", i))
				o.Stamp = filepath.Join(tmp, fmt.Sprint("stamps", i), "s")
			case "no stamp":
				o.Out = filepath.Join(tmp, fmt.Sprint("nostamp", i))
				o.Stamp = ""
			}
			// What the collector is set to as each stage of the build ends.
			stages := map[string]int{}
			o.Timings = writerFunc(func(p []byte) {
				fields := strings.Fields(string(p)) // duration, since the start, CPU, "cpu", stage
				stages[strings.Join(fields[4:], " ")] = gcPercent()
			})
			var inputs int64
			o.Inputs = func(size int64) { inputs = size }
			res, err := Run(o)
			if err != nil || (kind == "edit") != (res.Cached > 0) || inputs == 0 {
				t.Fatalf("limited %v, %s: %d cards from the cache, inputs %d (%v)", limited, kind, res.Cached, inputs, err)
			}
			want := before
			if limited {
				want = -1
			}
			for _, stage := range []string{"model", "render and write"} {
				if got, ok := stages[stage]; !ok || got != want {
					t.Errorf("limited %v, %s: at the end of %q the collector is at %d (%v), want %d", limited, kind, stage, got, ok, want)
				}
			}
			if got := gcPercent(); got != before {
				t.Errorf("limited %v, %s: after the build the collector is at %d, want %d", limited, kind, got, before)
			}
		}
	}
}

type writerFunc func(p []byte)

func (f writerFunc) Write(p []byte) (int, error) {
	f(p)
	return len(p), nil
}

// TestCardCacheDamaged checks that a card cache whose cards are damaged on disk is not
// used, even where the damage leaves it readable: each shard's hash is checked.
func TestCardCacheDamaged(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a survey of 600 schemes")
	}
	opts, _, schemes := builtBigSurvey(t)
	// A byte in the middle of a shard's cards (most likely in a title): still a valid
	// encoding of a card. (Damaged texts: TestCardCacheTexts.)
	s := readCacheHeader(t, cardsFile(opts.Stamp)).Shards[0]
	flipCacheByte(t, opts, s.Off+s.TextOff/2)
	// Something must make the build load: the stamp of one input is made to differ.
	past := time.Now().Add(-30 * time.Minute)
	os.Chtimes(schemes[0], past, past)
	res, err := Run(opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Cached != 0 {
		t.Errorf("%d cards taken from a damaged cache", res.Cached)
	}
}
