package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

func runCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestCLI(t *testing.T) {
	tmp := t.TempDir()
	bad := filepath.Join(tmp, "content")
	if err := os.CopyFS(bad, os.DirFS("../content")); err != nil {
		t.Fatal(err)
	}
	card := filepath.Join(bad, "schemes", "ismap.toml")
	src, _ := os.ReadFile(card)
	os.WriteFile(card, bytes.Replace(src, []byte(`region = "domestic"`), []byte(`region = "domestik"`), 1), 0o644)

	tests := []struct {
		args     []string
		code     int
		contains string
	}{
		{[]string{}, 2, "Usage:"},
		{[]string{"-h"}, 0, "-content DIR"},
		{[]string{"build", "-h"}, 0, "-out DIR"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"build", "-nope"}, 2, "flag provided but not defined"},
		{[]string{"build", "-content", filepath.Join(tmp, "missing")}, 2, "not a folder"},
		{[]string{"check", "-content", "../content", "-layouts", "../layouts"}, 0, "ok:"},
		{[]string{"build", "-content", bad, "-layouts", "../layouts", "-out", filepath.Join(tmp, "out")}, 1, `ismap.toml:4:10: unknown region "domestik"; did you mean "domestic"?`},
	}
	for _, tt := range tests {
		code, stdout, stderr := runCLI(tt.args...)
		if code != tt.code || !strings.Contains(stdout+stderr, tt.contains) {
			t.Errorf("%v: exit %d, output:\n%s%s\nwant exit %d and %q", tt.args, code, stdout, stderr, tt.code, tt.contains)
		}
	}
	if _, err := os.Stat(filepath.Join(tmp, "out")); !os.IsNotExist(err) {
		t.Errorf("a failed build created the output folder")
	}
	// check writes nothing, build writes the site.
	out := filepath.Join(tmp, "site")
	if code, _, stderr := runCLI("build", "-content", "../content", "-layouts", "../layouts", "-out", out); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "ja", "schemes", "ismap.html")); err != nil {
		t.Error(err)
	}
	// Building again writes nothing: every file already holds its bytes.
	args := []string{"build", "-content", "../content", "-layouts", "../layouts", "-out", out}
	if code, stdout, stderr := runCLI(args...); code != 0 || !strings.Contains(stdout, " 0 written") {
		t.Errorf("%v: exit %d\n%s%s", args, code, stdout, stderr)
	}
}

// TestKilledBuild kills real builds with SIGKILL at random moments, while they rewrite
// many pages, and checks that the next build always repairs everything: the result equals
// a clean build, and no temporary file is left.
func TestKilledBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the generator")
	}
	tmp := t.TempDir()
	exe := filepath.Join(tmp, "gen")
	if out, err := exec.Command("go", "build", "-o", exe, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	variants := []string{filepath.Join(tmp, "a"), filepath.Join(tmp, "b")}
	for i, dir := range variants {
		if err := os.CopyFS(dir, os.DirFS("../content")); err != nil {
			t.Fatal(err)
		}
		// A glossary change touches almost every page.
		g := filepath.Join(dir, "glossary.toml")
		src, _ := os.ReadFile(g)
		os.WriteFile(g, bytes.Replace(src, []byte(`abbr = "ISMS"`), []byte(fmt.Sprintf(`abbr = "ISMS%d"`, i)), 1), 0o644)
	}
	build := func(content, out string) *exec.Cmd {
		return exec.Command(exe, "build", "-content", content, "-layouts", "../layouts", "-out", out)
	}
	clean := map[string]map[string]string{}
	for _, v := range variants {
		out := v + "-clean"
		if b, err := build(v, out).CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, b)
		}
		clean[v] = tree(t, out)
	}
	out := filepath.Join(tmp, "public")
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 12 {
		v := variants[i%2]
		cmd := build(v, out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.IntN(60)) * time.Millisecond)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		// Whatever state the kill left, the next build repairs it.
		if b, err := build(v, out).CombinedOutput(); err != nil {
			t.Fatalf("rebuild after kill %d: %v\n%s", i, err, b)
		}
		have := tree(t, out)
		if len(have) != len(clean[v]) {
			t.Fatalf("after kill %d: %d files, want %d", i, len(have), len(clean[v]))
		}
		for p, want := range clean[v] {
			if have[p] != want {
				t.Fatalf("after kill %d: %s differs from a clean build", i, p)
			}
		}
	}
}

// TestInterruptedBuild interrupts real builds (SIGINT, as Ctrl-C does, and SIGTERM) at
// random moments while they rewrite many pages: each leaves the output folder exactly as
// it was, or, when the signal came once it was renaming files into place, complete.
// Nothing of the generator's own (its staging folder, its lock) is left either way.
func TestInterruptedBuild(t *testing.T) {
	if testing.Short() || runtime.GOOS == "windows" {
		t.Skip("builds the generator; signals a process")
	}
	tmp := t.TempDir()
	exe := filepath.Join(tmp, "gen")
	if out, err := exec.Command("go", "build", "-o", exe, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	variants := []string{filepath.Join(tmp, "a"), filepath.Join(tmp, "b")}
	for i, dir := range variants {
		if err := os.CopyFS(dir, os.DirFS("../content")); err != nil {
			t.Fatal(err)
		}
		g := filepath.Join(dir, "glossary.toml")
		src, _ := os.ReadFile(g)
		os.WriteFile(g, bytes.Replace(src, []byte(`abbr = "ISMS"`), []byte(fmt.Sprintf(`abbr = "ISMS%d"`, i)), 1), 0o644)
	}
	out := filepath.Join(tmp, "public")
	build := func(content string) *exec.Cmd {
		return exec.Command(exe, "build", "-content", content, "-layouts", "../layouts", "-out", out)
	}
	clean := map[string]map[string]string{}
	for _, v := range variants {
		if b, err := build(v).CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, b)
		}
		clean[v] = tree(t, out)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	stopped := 0
	for i := range 12 {
		v := variants[i%2]
		before := tree(t, out)
		cmd := build(v)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(20+rng.IntN(300)) * time.Millisecond)
		sig := []os.Signal{os.Interrupt, syscall.SIGTERM}[i/2%2]
		_ = cmd.Process.Signal(sig)
		err := cmd.Wait()
		have := tree(t, out)
		switch {
		case err == nil:
			if !maps.Equal(have, clean[v]) {
				t.Fatalf("%v %d: a build that finished left a folder unlike a clean build", sig, i)
			}
		case maps.Equal(have, before):
			stopped++
		default:
			t.Fatalf("%v %d: %v (%s); the folder is neither as it was nor complete", sig, i, err, stderr.String())
		}
	}
	t.Logf("%d of 12 builds stopped before they changed anything", stopped)
}

func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
