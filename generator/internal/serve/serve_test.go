package serve

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/jipdec-survey/cloudsec/generator/internal/pipeline"
)

// TestServe runs the preview over loopback on a copy of the real content: the served HTML
// carries the reload script while the file on disk does not; editing a card sends a
// reload; breaking it sends the positioned errors while the last good page stays served;
// fixing it brings the site back; cancelling stops the server.
func TestServe(t *testing.T) {
	tmp := t.TempDir()
	content, out := filepath.Join(tmp, "content"), filepath.Join(tmp, "public")
	if err := os.CopyFS(content, os.DirFS("../../../content")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	var log bytes.Buffer
	go func() {
		done <- Run(ctx, Options{
			Build:      pipeline.Options{ContentName: "content", LayoutsName: "layouts", Out: out},
			ContentDir: content,
			LayoutsDir: "../../../layouts",
			Addr:       "127.0.0.1:0",
			Debounce:   50 * time.Millisecond,
			Log:        &log,
			Ready:      func(a string) { ready <- a },
		})
	}()
	var base string
	select {
	case a := <-ready:
		base = "http://" + a
	case err := <-done:
		t.Fatal(err)
	case <-time.After(30 * time.Second):
		t.Fatal("server did not start")
	}

	page := get(t, base+"/ja/schemes/ismap.html")
	if !strings.Contains(page, Prefix+"live.js") {
		t.Error("served HTML lacks the reload script")
	}
	disk, _ := os.ReadFile(filepath.Join(out, "ja", "schemes", "ismap.html"))
	if bytes.Contains(disk, []byte("__preview")) || len(disk) == 0 {
		t.Error("the file on disk carries the reload script, or is missing")
	}
	if !strings.Contains(get(t, base+Prefix+"live.js"), "EventSource") {
		t.Error("live.js not served")
	}

	events := subscribe(t, ctx, base+Prefix+"events")
	expect(t, events, "ok")

	card := filepath.Join(content, "schemes", "ismap.toml")
	src, _ := os.ReadFile(card)
	edit := func(b []byte) {
		if err := os.WriteFile(card, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit(bytes.Replace(src, []byte("クラウドサービス事業者"), []byte("クラウドサービス事業者（編集）"), 1))
	expect(t, events, "ok")
	if !strings.Contains(get(t, base+"/ja/schemes/ismap.html"), "（編集）") {
		t.Error("the edit is not served")
	}

	edit(bytes.Replace(src, []byte(`region = "domestic"`), []byte(`region = "domestik"`), 1))
	data := expect(t, events, "errors")
	if !strings.Contains(data, `ismap.toml:4:10: unknown region`) {
		t.Errorf("errors event lacks the positioned error: %s", data)
	}
	if !strings.Contains(get(t, base+"/ja/schemes/ismap.html"), "（編集）") {
		t.Error("the last good site is not served while the content is broken")
	}

	edit(src)
	expect(t, events, "ok")
	if strings.Contains(get(t, base+"/ja/schemes/ismap.html"), "（編集）") {
		t.Error("the fixed card is not served")
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server did not stop")
	}
	if _, err := http.Get(base + "/index.html"); err == nil {
		t.Error("server still answers after it stopped")
	}
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	return string(b)
}

type event struct{ kind, data string }

func subscribe(t *testing.T, ctx context.Context, url string) <-chan event {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan event, 16)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		var ev event
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.kind = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			case line == "":
				ch <- ev
				ev = event{}
			}
		}
		close(ch)
	}()
	return ch
}

func expect(t *testing.T, events <-chan event, kind string) string {
	t.Helper()
	select {
	case ev, ok := <-events:
		if !ok {
			t.Fatalf("event stream closed, want %q", kind)
		}
		if ev.kind != kind {
			t.Fatalf("event %q (%s), want %q", ev.kind, ev.data, kind)
		}
		return ev.data
	case <-time.After(20 * time.Second):
		t.Fatalf("no %q event", kind)
	}
	return ""
}

// TestRequests checks how the preview answers: only to the names of its own address (a
// page elsewhere that points its own name at 127.0.0.1 is refused), a clean 400 for a
// malformed path, a redirect for a folder named without its slash, a 404 for a missing
// file, and, before any build succeeded, a page that shows the errors and reloads.
func TestRequests(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	s := &server{opts: Options{Build: pipeline.Options{Out: out}, Addr: "127.0.0.1:1313", Log: io.Discard}, subs: map[chan state]bool{}}
	h := s.handler()
	do := func(host, target string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", target, nil)
		req.Host = host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	if rec := do("127.0.0.1:1313", "/"); rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), Prefix+"live.js") {
		t.Errorf("no site yet: %d %q, want 503 and the live script", rec.Code, rec.Body.String())
	}
	for p, data := range map[string]string{"index.html": "<head></head>home", "en/index.html": "<head></head>en", "404.html": "<head></head>not found"} {
		os.MkdirAll(filepath.Dir(filepath.Join(out, p)), 0o755)
		os.WriteFile(filepath.Join(out, p), []byte(data), 0o644)
	}
	for _, tt := range []struct {
		host, target string
		code         int
		want         string // in the body, or the Location of a redirect
	}{
		{"127.0.0.1:1313", "/", 200, "home"},
		{"localhost:1313", "/en/", 200, "en"},
		{"[::1]:1313", "/en/index.html", 200, "en"},
		{"LOCALHOST.:1313", "/", 200, "home"},
		{"evil.example:1313", "/", 403, ""},
		{"127.0.0.1.evil.example", "/", 403, ""},
		{"localhost.evil.example:1313", Prefix + "events", 403, ""},
		{"", "/", 403, ""},
		{"127.0.0.1:1313", "/en", 301, "/en/"},
		{"127.0.0.1:1313", "/en?q=1", 301, "/en/?q=1"},
		{"127.0.0.1:1313", "/en/%00", 400, ""},
		{"127.0.0.1:1313", "/en/a%5Cb", 400, ""},
		{"127.0.0.1:1313", "/no/such.html", 404, "not found"},
		{"127.0.0.1:1313", "/../../etc/passwd", 307, "/etc/passwd"}, // net/http cleans it
		{"127.0.0.1:1313", "/etc/passwd", 404, "not found"},
	} {
		rec := do(tt.host, tt.target)
		have := rec.Body.String()
		if rec.Code/100 == 3 {
			have = rec.Header().Get("Location")
		}
		if rec.Code != tt.code || !strings.Contains(have, tt.want) {
			t.Errorf("Host %q, GET %s: %d %q, want %d %q", tt.host, tt.target, rec.Code, have, tt.code, tt.want)
		}
	}
}

// TestFirstBuildFails starts the preview on a site that does not build and has never
// been built: the pages show the errors, a card of a million nested brackets gives its
// error too, and the first save that fixes the card builds the site and reloads them.
func TestFirstBuildFails(t *testing.T) {
	tmp := t.TempDir()
	content, out := filepath.Join(tmp, "content"), filepath.Join(tmp, "public")
	a, err := txtar.ParseFile("../pipeline/testdata/sites/basic.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range a.Files {
		p := filepath.Join(content, filepath.FromSlash(f.Name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, f.Data, 0o644)
	}
	card := filepath.Join(content, "schemes", "alpha.toml")
	good, _ := os.ReadFile(card)
	os.WriteFile(card, bytes.Replace(good, []byte(`region = "domestic"`), []byte(`region = "domestik"`), 1), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	go Run(ctx, Options{
		Build:      pipeline.Options{ContentName: "content", LayoutsName: "layouts", Out: out},
		ContentDir: content, LayoutsDir: "../../../layouts",
		Addr: "127.0.0.1:0", Debounce: 50 * time.Millisecond,
		Ready: func(a string) { ready <- a },
	})
	var base string
	select {
	case a := <-ready:
		base = "http://" + a
	case <-time.After(30 * time.Second):
		t.Fatal("server did not start")
	}
	resp, err := http.Get(base + "/en/index.html")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), Prefix+"live.js") {
		t.Errorf("before the first good build: %s %q, want 503 and the live script", resp.Status, body)
	}
	events := subscribe(t, ctx, base+Prefix+"events")
	if data := expect(t, events, "errors"); !strings.Contains(data, `alpha.toml:3:10: unknown region`) {
		t.Errorf("errors event: %s", data)
	}
	// A card that once overflowed the decoder's stack and killed the preview.
	os.WriteFile(card, []byte("urls = "+strings.Repeat("[", 1_000_000)+strings.Repeat("]", 1_000_000)), 0o644)
	if data := expect(t, events, "errors"); !strings.Contains(data, `alpha.toml:1:24: nested too deeply`) {
		t.Errorf("errors event: %s", data)
	}
	os.WriteFile(card, good, 0o644)
	expect(t, events, "ok")
	if !strings.Contains(get(t, base+"/en/index.html"), "Test survey") {
		t.Error("the site is not served after the fix")
	}
}
