package serve

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
