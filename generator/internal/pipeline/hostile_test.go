package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// alphaCard is the basic site's scheme card alpha, for cases that add to it.
func alphaCard(t *testing.T) string {
	return string(readSite(t, "testdata/sites/basic.txtar")["schemes/alpha.toml"].Data)
}

// TestHostileInput builds the basic site with one card made huge or deep by the test
// itself (such files have no place in the repository): each must end in its positioned
// diagnostics within a second and 200 MB, where the decoder once overflowed its stack
// and the positions took time and memory growing with the square of the card's size.
func TestHostileInput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds large inputs")
	}
	const budget = 200 << 20
	tests := []struct {
		name string        // and that of its golden diagnostics in testdata/hostile/
		card func() string // schemes/alpha.toml
	}{
		{
			name: "5000000 brackets",
			card: func() string {
				return "urls = " + strings.Repeat("[", 5_000_000) + strings.Repeat("]", 5_000_000) + "\n"
			},
		},
		{
			name: "100000 brackets",
			card: func() string {
				return alphaCard(t) + "x = " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "\n"
			},
		},
		{
			name: "100000 inline tables",
			card: func() string {
				return alphaCard(t) + "x = " + strings.Repeat("{a=", 100_000) + "1" + strings.Repeat("}", 100_000) + "\n"
			},
		},
		{
			name: "a dotted key of 500000 parts",
			card: func() string { return alphaCard(t) + strings.Repeat("a.", 500_000) + "a = 1\n" },
		},
		{
			name: "16000 unknown keys in a table",
			card: func() string {
				var b strings.Builder
				b.WriteString(alphaCard(t))
				b.WriteString("[en.extra]\n")
				for i := range 16_000 {
					b.WriteString("k")
					b.WriteString(strings.Repeat("x", i%7))
					b.WriteString(strings.Repeat("y", i/7%30))
					b.WriteString(strings.Repeat("z", i/210))
					b.WriteString(" = 1\n")
				}
				return b.String()
			},
		},
		{
			name: "16000 unknown keys",
			card: func() string {
				var b strings.Builder
				b.WriteString("#:schema x\n")
				for i := range 16_000 {
					b.WriteString("k")
					b.WriteString(strings.Repeat("x", i%7))
					b.WriteString(strings.Repeat("y", i/7%30))
					b.WriteString(strings.Repeat("z", i/210))
					b.WriteString(" = 1\n")
				}
				b.WriteString(alphaCard(t))
				return b.String()
			},
		},
		{
			name: "100000 malformed ids on one line",
			card: func() string {
				card := alphaCard(t)
				return strings.Replace(card, `standards = ["std-a"]`, `standards = ["std-a"`+strings.Repeat(`, "Ｘ"`, 100_000)+`]`, 1)
			},
		},
		{
			name: "100000 unknown ids",
			card: func() string {
				var b strings.Builder
				for i := range 100_000 {
					fmt.Fprintf(&b, `, "s%d"`, i)
				}
				return strings.Replace(alphaCard(t), `standards = ["std-a"]`, `standards = ["std-a"`+b.String()+`]`, 1)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := readSite(t, "testdata/sites/basic.txtar")
			fsys["schemes/alpha.toml"] = &fstest.MapFile{Data: []byte(tt.card())}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := cpuTime()
			res, err := Run(context.Background(), Options{Content: fsys, ContentName: "content", Layouts: layouts, LayoutsName: "layouts"})
			elapsed := cpuTime() - start
			runtime.ReadMemStats(&after)
			if err != nil {
				t.Fatal(err)
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			var have bytes.Buffer
			for _, d := range res.Diagnostics {
				have.WriteString(d.String() + "\n")
			}
			golden := filepath.Join("testdata", "hostile", strings.ReplaceAll(tt.name, " ", "-")+".txt")
			if *update {
				if err := os.WriteFile(golden, have.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			} else if want, err := os.ReadFile(golden); err != nil || have.String() != string(want) {
				t.Errorf("diagnostics:\nhave:\n%swant:\n%s", have.String(), want)
			}
			t.Logf("%s of processor time, %d MB allocated", elapsed.Round(time.Millisecond), alloc>>20)
			if alloc > budget {
				t.Errorf("allocated %d MB, more than %d", alloc>>20, budget>>20)
			}
			if elapsed > time.Second {
				t.Errorf("took %s of processor time, more than a second", elapsed)
			}
		})
	}
}

// TestFileKinds puts into the content folder what is not a card file: each is reported
// at its name (escaped, when the name holds a terminal's control characters), none is
// opened, and hidden files (an editor's lock, .git) are left alone.
func TestFileKinds(t *testing.T) {
	fsys := readSite(t, "testdata/sites/basic.txtar")
	alpha := fsys["schemes/alpha.toml"].Data
	fsys["schemes/GAMMA.TOML"] = &fstest.MapFile{Data: alpha}
	fsys["schemes/delta.toml/x.toml"] = &fstest.MapFile{Data: alpha}
	fsys["schemes/fifo.toml"] = &fstest.MapFile{Mode: fs.ModeNamedPipe}
	fsys["schemes/device.toml"] = &fstest.MapFile{Mode: fs.ModeDevice}
	fsys["schemes/outside.toml"] = &fstest.MapFile{Mode: fs.ModeSymlink, Data: []byte("../../secret.toml")}
	fsys["linked"] = &fstest.MapFile{Mode: fs.ModeSymlink, Data: []byte("schemes")}
	fsys["notes.txt"] = &fstest.MapFile{Mode: fs.ModeSymlink, Data: []byte("../notes.txt")}
	fsys["schemes/.#alpha.toml"] = &fstest.MapFile{Mode: fs.ModeSymlink, Data: []byte("user@host.1234")}
	fsys[".git/config.toml"] = &fstest.MapFile{Data: []byte("not = [a card")}
	fsys["schemes/\x1b[2Jred.toml"] = &fstest.MapFile{Data: alpha}
	res, err := Run(context.Background(), Options{Content: fsys, ContentName: "content", Layouts: layouts, LayoutsName: "layouts"})
	if err != nil {
		t.Fatal(err)
	}
	var have bytes.Buffer
	for _, d := range res.Diagnostics {
		have.WriteString(d.String() + "\n")
	}
	want := `content/linked: a symbolic link: the generator reads only the files in this folder; put the file or folder itself here
content/schemes/\x1b[2Jred.toml:1:6: id "alpha" differs from its file name "\x1b[2Jred.toml"; the id must equal the file name: rename the file or write id = "\x1b[2Jred"
content/schemes/GAMMA.TOML: not read: the name of a card ends in .toml; rename it to end in .toml, in lowercase
content/schemes/alpha.toml:2:11: section 2.1.1 is also used by "alpha"; each scheme has its own section number
content/schemes/delta.toml: a folder named like a card; rename it: cards are files, in schemes/, standards/ or pages/
content/schemes/device.toml: not a regular file (D---------); put a regular file here
content/schemes/fifo.toml: not a regular file (p---------); put a regular file here
content/schemes/outside.toml: a symbolic link: the generator reads only the files in this folder; put the file or folder itself here
`
	if have.String() != want {
		t.Errorf("diagnostics:\nhave:\n%swant:\n%s", have.String(), want)
	}
}
