package build

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// TestStamp checks the shortcut of a build with nothing to do: it loads and writes
// nothing, and any change to an input or an output makes a real build again.
func TestStamp(t *testing.T) {
	tmp := t.TempDir()
	contentDir, layoutsDir := filepath.Join(tmp, "content"), filepath.Join(tmp, "layouts")
	if err := os.CopyFS(contentDir, os.DirFS("../../../content")); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(layoutsDir, os.DirFS("../../../layouts")); err != nil {
		t.Fatal(err)
	}
	// Inputs count as settled only when older than stamp.Settle.
	settle := func() {
		past := time.Now().Add(-time.Hour)
		for _, d := range []string{contentDir, layoutsDir} {
			filepath.WalkDir(d, func(p string, _ os.DirEntry, err error) error {
				if err == nil {
					err = os.Chtimes(p, past, past)
				}
				return err
			})
		}
	}
	settle()
	out := filepath.Join(tmp, "public")
	opts := Options{
		Content: os.DirFS(contentDir), ContentName: "content", Layouts: os.DirFS(layoutsDir), LayoutsName: "layouts",
		Out: out, Version: "test", Stamp: filepath.Join(tmp, "cache", "stamp"), ContentDir: contentDir, LayoutsDir: layoutsDir,
	}
	build := func(step string, wantUpToDate bool) Result {
		t.Helper()
		res, err := Run(opts)
		if err != nil || len(res.Diagnostics) > 0 {
			t.Fatalf("%s: %v %v", step, err, res.Diagnostics)
		}
		if res.UpToDate != wantUpToDate {
			t.Fatalf("%s: up to date %v, want %v (%d rendered)", step, res.UpToDate, wantUpToDate, len(res.Rendered))
		}
		return res
	}
	first := build("first build", false)
	if got := build("no-op", true); got.Outputs != first.Outputs {
		t.Errorf("no-op reports %d files, want %d", got.Outputs, first.Outputs)
	}

	card := filepath.Join(contentDir, "schemes", "ismap.toml")
	src, _ := os.ReadFile(card)
	os.WriteFile(card, append(src, "\n"...), 0o644)
	build("after an edit", false)
	// The edit is younger than stamp.Settle: the stamp does not trust it yet.
	build("just after an edit", false)
	settle()
	build("after settling", false) // the modification times changed
	build("settled", true)

	page := filepath.Join(out, "en", "schemes", "ismap.html")
	os.Remove(page)
	build("after deleting an output", false)
	if _, err := os.Stat(page); err != nil {
		t.Errorf("the deleted page was not written again: %v", err)
	}
	build("repaired", true)

	os.WriteFile(page, []byte("vandalised"), 0o644)
	build("after changing an output", false)
	if b, _ := os.ReadFile(page); string(b) == "vandalised" {
		t.Error("the changed page was not written again")
	}

	build("again", true)

	// A card restored with its old size and modification time (cp -p, rsync -t): its
	// status-change time, which only Linux builds record, tells.
	if runtime.GOOS == "linux" {
		info, _ := os.Stat(card)
		src, _ = os.ReadFile(card)
		swapped := bytes.Replace(src, []byte("ISMAP"), []byte("ISMAQ"), 1)
		if len(swapped) != len(src) || bytes.Equal(swapped, src) {
			t.Fatal("the test card changed shape")
		}
		os.WriteFile(card, swapped, 0o644)
		os.Chtimes(card, info.ModTime(), info.ModTime())
		build("after a same-size edit with the old time", false)
		ja, _ := os.ReadFile(filepath.Join(out, "ja", "schemes", "ismap.html"))
		en, _ := os.ReadFile(filepath.Join(out, "en", "schemes", "ismap.html"))
		if !bytes.Contains(append(ja, en...), []byte("ISMAQ")) {
			t.Error("the same-size edit did not reach the page")
		}
		settle()
		build("settled again", false)
		build("up to date again", true)

	}

	// A temporary file left by a killed build (of another generator, say) beside the
	// outputs ends the shortcut, and the build that follows removes it.
	leftover := filepath.Join(out, "ja", "schemes", ".tmp-1-1-ismap.html")
	os.WriteFile(leftover, []byte("half"), 0o644)
	build("after a killed build", false)
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Error("the temporary file is still there")
	}

	opts.Version = "other"
	build("new generator", false)

	os.WriteFile(filepath.Join(layoutsDir, "assets", "extra.css"), nil, 0o644)
	settle()
	build("after adding a layout file", false)
	if _, err := os.Stat(filepath.Join(out, "assets", "extra.css")); err != nil {
		t.Error(err)
	}
}

func TestRemoveStale(t *testing.T) {
	dir := t.TempDir()
	old, fresh := filepath.Join(dir, ".cards-1"), filepath.Join(dir, ".cards-2")
	os.WriteFile(old, nil, 0o644)
	os.WriteFile(fresh, nil, 0o644)
	past := time.Now().Add(-2 * time.Hour)
	os.Chtimes(old, past, past)
	removeStale(filepath.Join(dir, ".cards-*"))
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Error("a temporary cache of two hours ago is still there")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a temporary cache being written was removed")
	}
}
