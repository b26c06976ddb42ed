package render

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
	"github.com/jipdec-survey/cloudsec/generator/internal/synth"
)

// checkSchemeJSON compares appendScheme with encoding/json (encodeValue) at a few depths.
func checkSchemeJSON(t *testing.T, name string, sc *content.Scheme) {
	t.Helper()
	for _, depth := range []int{0, 2, 5} {
		want, err := encodeValue(sc, depth)
		if err != nil {
			t.Fatal(err)
		}
		if have := string(appendScheme(nil, sc, depth)); have != want {
			t.Errorf("%s at depth %d:\nhand-written:  %q\nencoding/json: %q", name, depth, have, want)
		}
	}
}

// TestSchemeJSON compares the hand-written encoding of schemes with encoding/json's on
// every real card, on the cards of a synthetic survey, on an empty card, and on a card
// with every field set (a field added to content.Scheme and not to appendScheme fails
// here).
func TestSchemeJSON(t *testing.T) {
	synthetic := t.TempDir()
	if err := synth.Write(synthetic, 60); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"../../../content", synthetic} {
		c, diags := content.Load(os.DirFS(dir), "content")
		if len(diags) > 0 {
			t.Fatal(diags.Err())
		}
		for _, sc := range c.Schemes {
			checkSchemeJSON(t, string(sc.ID), sc)
		}
	}
	checkSchemeJSON(t, "empty", &content.Scheme{})
	full := &content.Scheme{}
	fill(reflect.ValueOf(full).Elem(), 0)
	full.Src = nil
	checkSchemeJSON(t, "every field", full)
	full.Targets, full.URLs = []content.Target{}, nil // empty and nil lists: both left out
	checkSchemeJSON(t, "empty lists", full)
}

// FuzzSchemeJSON compares the two encodings of a card whose text is arbitrary.
func FuzzSchemeJSON(f *testing.F) {
	for _, s := range []string{"", "a\"b\\c", "\x00\x01\b\f\n\r\t\x1f\x7f", "<&>", "\u2028\u2029", "ü\xff\xfe", "日本語"} {
		f.Add(s, "id")
	}
	f.Fuzz(func(t *testing.T, text, id string) {
		sc := &content.Scheme{ID: content.ID(id), Targets: []content.Target{content.Target(text)}}
		sc.Ja.Overview, sc.En.Notes, sc.En.Title = text, strings.Repeat(text, 2), id
		checkSchemeJSON(t, "fuzzed", sc)
	})
}

// BenchmarkSchemeJSON encodes the real scheme cards by hand and with encoding/json, side
// by side.
func BenchmarkSchemeJSON(b *testing.B) {
	c, diags := content.Load(os.DirFS("../../../content"), "content")
	if len(diags) > 0 {
		b.Fatal(diags.Err())
	}
	b.Run("hand-written", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, sc := range c.Schemes {
				_ = encodeScheme(sc)
			}
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, sc := range c.Schemes {
				if _, err := encodeValue(sc, 2); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
