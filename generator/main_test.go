package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
}
