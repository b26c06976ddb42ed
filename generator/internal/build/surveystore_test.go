package build

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cespare/xxhash/v2"

	"github.com/jipdec-survey/cloudsec/generator/internal/stamp"
)

// TestSurveyCopied checks that an edit of one card copies the other schemes of
// data/survey.json from the file the last build wrote, and that it does not when that
// file is no longer the one the layout describes (changed by hand, even to the same size,
// or its layout lost or damaged): each time, the file equals a build's without stamp.
func TestSurveyCopied(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a survey of 600 schemes many times")
	}
	opts, tmp := bigSurvey(t)
	survey := filepath.Join(opts.Out, filepath.FromSlash(surveyPath))
	schemes := schemeFiles(t, opts)
	clock := time.Now().Add(-time.Hour)
	edits := 0
	// build edits one scheme's overview and builds; copied tells whether the build made
	// survey.json of parts of the last one (whose bytes it then did not hash).
	build := func(step string, wantCopied bool) {
		t.Helper()
		p := schemes[edits%len(schemes)]
		edits++
		b, _ := os.ReadFile(p)
		os.WriteFile(p, bytes.Replace(b, []byte("overview = \"\"\"\n"), []byte("overview = \"\"\"\n- 追記。\n"), 1), 0o644)
		clock = clock.Add(time.Second)
		os.Chtimes(p, clock, clock)
		if _, err := Run(opts); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		manifest, _ := os.ReadFile(filepath.Join(opts.Out, ".manifest"))
		copied := false
		for line := range strings.Lines(string(manifest)) {
			if strings.HasSuffix(line, " "+surveyPath+"\n") {
				copied = strings.HasPrefix(line, "0000000000000000 ")
			}
		}
		if copied != wantCopied {
			t.Errorf("%s: survey.json copied from the last one: %v, want %v", step, copied, wantCopied)
		}
		clean := filepath.Join(tmp, "clean")
		os.RemoveAll(clean)
		if _, err := Run(Options{Content: opts.Content, ContentName: "content", Layouts: opts.Layouts, LayoutsName: "layouts", Out: clean, Version: "test"}); err != nil {
			t.Fatal(err)
		}
		have, _ := os.ReadFile(survey)
		want, _ := os.ReadFile(filepath.Join(clean, filepath.FromSlash(surveyPath)))
		if !bytes.Equal(have, want) {
			t.Fatalf("%s: survey.json differs from a build's without stamp", step)
		}
	}
	if _, err := Run(opts); err != nil {
		t.Fatal(err)
	}
	build("an edit", true)
	build("another edit", true)
	// The same bytes, written again: its times are not the ones the stamp saw.
	b, _ := os.ReadFile(survey)
	os.WriteFile(survey, b, 0o644)
	build("survey.json rewritten by hand", false)
	build("the edit after", true)
	// A byte of the last scheme changed in place, the size kept.
	b, _ = os.ReadFile(survey)
	i := bytes.Index(b, []byte(`"standards": [`))
	i = bytes.LastIndex(b[:i], []byte(`"id": "`)) + len(`"id": "`)
	b[i] ^= 0x20
	os.WriteFile(survey, b, 0o644)
	build("survey.json changed by hand", false)
	build("the edit after that", true)
	layout := opts.Stamp + ".survey"
	os.Remove(layout)
	build("the layout lost", false)
	l, _ := os.ReadFile(layout)
	os.WriteFile(layout, append(l, "not-a-scheme 1 99999999999\n"...), 0o644)
	build("the layout damaged", false)
	build("the layout back", true)
	// A layout whose checksum holds but whose ranges overlap, or run past the file.
	old, err := stamp.Load(opts.Stamp)
	if err != nil {
		t.Fatal(err)
	}
	store := surveyStore{file: layout, version: opts.Version, old: old, out: opts.Out}
	if store.Load() == nil {
		t.Fatal("the layout the last build saved is not taken")
	}
	l, _ = os.ReadFile(layout)
	version, rest, _ := bytes.Cut(l, []byte("\n"))
	head, _, _ := bytes.Cut(rest, []byte("\n"))
	var started, size int64
	fmt.Sscan(string(head), &started, &size)
	for _, bad := range []string{"a 0 20\nb 10 20\n", "a 0 20\nb 9223372036854775807 9223372036854775807\n", "a 0 20\na 40 20\n"} {
		os.WriteFile(layout, fmt.Appendf(nil, "%s\n%d %d %x\n%s", version, started, size, xxhash.Sum64String(bad), bad), 0o644)
		if store.Load() != nil {
			t.Errorf("a layout of %q was taken", bad)
		}
	}
	good := "a 0 20\nb 24 20\n"
	os.WriteFile(layout, fmt.Appendf(nil, "%s\n%d %d %x\n%s", version, started, size, xxhash.Sum64String(good), good), 0o644)
	if store.Load() == nil {
		t.Errorf("a layout of %q was not taken", good)
	}
}
