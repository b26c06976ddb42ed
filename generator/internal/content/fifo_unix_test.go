//go:build unix

package content

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFIFO puts a named pipe called like a card into a real folder: Load reports it and
// returns, where reading it would wait for a writer forever.
func TestFIFO(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "schemes"), 0o755)
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte(siteTOML), 0o644)
	if err := syscall.Mkfifo(filepath.Join(dir, "schemes", "alpha.toml"), 0o644); err != nil {
		t.Skip(err)
	}
	done := make(chan []string)
	go func() {
		_, diags := Load(os.DirFS(dir), "content", nil)
		var out []string
		for _, d := range diags {
			out = append(out, d.String())
		}
		done <- out
	}()
	select {
	case have := <-done:
		if want := "content/schemes/alpha.toml: not a regular file (p---------); put a regular file here"; strings.Join(have, "\n") != want {
			t.Errorf("diagnostics %q, want %q", have, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Load is reading the pipe")
	}
}
