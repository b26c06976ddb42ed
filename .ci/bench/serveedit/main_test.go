package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

const card = `id = "x-0001"

[ja]
title = "X"
overview = """
- 一つ目
"""

[en]
title = "X"
overview = """
- one
"""
`

func TestAddBullet(t *testing.T) {
	got, err := addBullet([]byte(card), 7)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(card, "- 一つ目\n", "- 一つ目\n- 追記 serve 7：クラウドサービスカスタマは、責任分界点を定期的に確認することが求められる。\n", 1)
	if string(got) != want {
		t.Errorf("have\n%s\nwant\n%s", got, want)
	}
	if _, err := addBullet([]byte("[en]\noverview = \"\"\"\n- one\n\"\"\"\n"), 1); err == nil {
		t.Error("a card without a [ja] overview: no error")
	}
}

// TestEvents reads a stream as the preview writes it: the current state first, a failed
// build, then a successful one.
func TestEvents(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for _, ev := range []string{
			`event: ok` + "\n" + `data: {"kind":"ok","build":1}`,
			`: keep-alive`,
			`event: errors` + "\n" + `data: {"kind":"errors","errors":["a.toml:1:1: bad"],"build":1}`,
			`event: ok` + "\n" + `data: {"kind":"ok","build":2}`,
		} {
			fmt.Fprintf(w, "%s\n\n", ev)
			w.(http.Flusher).Flush()
		}
	}))
	defer srv.Close()
	es, err := subscribe(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer es.close()
	p := &preview{exited: make(chan struct{}), log: &tailBuffer{max: 100}}
	st, err := es.next(p, 5*time.Second)
	if err != nil || st.Kind != "ok" || st.Build != 1 {
		t.Fatalf("first event: %+v, %v", st, err)
	}
	if _, err := es.waitBuild(p, 1, 5*time.Second); err == nil || !strings.Contains(err.Error(), "a.toml:1:1: bad") {
		t.Errorf("a failed build: have error %v", err)
	}
	st, err = es.waitBuild(p, 1, 5*time.Second)
	if err != nil || st.Build != 2 {
		t.Errorf("the next build: %+v, %v", st, err)
	}
	if _, err := es.next(p, 5*time.Second); err == nil {
		t.Error("after the end of the stream: no error")
	}
}
