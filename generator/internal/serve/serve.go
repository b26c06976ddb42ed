// Package serve is the local preview: it builds the site, serves the output folder on a
// loopback address, watches the content and layouts folders, rebuilds incrementally after
// each batch of changes, and reloads the open browser tabs through Server-Sent Events.
//
// The reload script is injected into the HTML responses only; nothing of it is ever
// written into the output folder. When a change breaks the content, the last good site
// stays served and every open tab shows the positioned errors over the page until the
// card is fixed; before the first good build, a page of its own shows them. A change
// cancels the rebuild still running for the one before.
//
// It answers only requests whose Host header is localhost, an IP address or the host it
// listens on, so that no web page can read it through a DNS name of its own that it
// points at the loopback address.
package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/jipdec-survey/cloudsec/generator/internal/pipeline"
)

// Options configure the preview.
type Options struct {
	Build      pipeline.Options // Content and Layouts are read from ContentDir and LayoutsDir
	ContentDir string
	LayoutsDir string
	Addr       string        // host:port to listen on
	Debounce   time.Duration // how long to wait for a batch of changes; default 150 ms
	Log        io.Writer     // build summaries and errors
	// Ready, if set, receives the listening address once the first build is served.
	Ready func(addr string)
}

// Prefix is the URL path under which the preview serves its own files.
const Prefix = "/__preview/"

// state is what the tabs are told: the last build's outcome.
type state struct {
	Kind   string   `json:"kind"` // "ok" or "errors"
	Errors []string `json:"errors,omitempty"`
	Build  int      `json:"build"` // counts successful builds
}

type server struct {
	opts    Options
	builder pipeline.Builder // keeps the cards and the pages' fingerprints between builds
	mu      sync.Mutex
	st      state
	subs    map[chan state]bool
}

// Run serves until ctx is done.
func Run(ctx context.Context, opts Options) error {
	if opts.Debounce == 0 {
		opts.Debounce = 150 * time.Millisecond
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	s := &server{opts: opts, subs: map[chan state]bool{}}
	s.rebuild(ctx)

	watcher, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer watcher.Close()
	for _, dir := range []string{opts.ContentDir, opts.LayoutsDir} {
		if err := watchTree(watcher, dir); err != nil {
			return err
		}
	}

	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: s.handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	if opts.Ready != nil {
		opts.Ready(ln.Addr().String())
	}

	changes := make(chan struct{}, 1)
	go s.watch(ctx, watcher, changes)
	// Each rebuild runs on its own, so that the next change cancels it: a slow build of
	// a bad save does not hold up the save that reverts it.
	stop, done := context.CancelFunc(func() {}), make(chan struct{})
	close(done)
	for {
		select {
		case <-ctx.Done():
			stop()
			<-done
			s.closeAll()
			shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			return srv.Shutdown(shutdown)
		case <-changes:
			stop()
			<-done // the cancelled build has put the output folder back as it was
			var bctx context.Context
			bctx, stop = context.WithCancel(ctx)
			done = make(chan struct{})
			go func() {
				defer close(done)
				s.rebuild(bctx)
			}()
		}
	}
}

// watchTree watches dir and every folder below it.
func watchTree(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return w.Add(p)
		}
		return nil
	})
}

// watch turns bursts of file events into one signal on changes, after a quiet period,
// so that an editor's save (often several events) causes one rebuild.
func (s *server) watch(ctx context.Context, w *fsnotify.Watcher, changes chan<- struct{}) {
	var timer *time.Timer
	fire := func() {
		select {
		case changes <- struct{}{}:
		default:
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if ev.Op.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					_ = watchTree(w, ev.Name)
				}
			}
			if timer == nil {
				timer = time.AfterFunc(s.opts.Debounce, fire)
			} else {
				timer.Reset(s.opts.Debounce)
			}
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			fmt.Fprintf(s.opts.Log, "watch: %v\n", err)
		}
	}
}

func (s *server) rebuild(ctx context.Context) {
	opts := s.opts.Build
	opts.Content = os.DirFS(s.opts.ContentDir)
	opts.Layouts = os.DirFS(s.opts.LayoutsDir)
	start := time.Now()
	res, err := s.builder.Build(ctx, opts)
	if ctx.Err() != nil {
		s.mu.Lock()
		fmt.Fprintln(s.opts.Log, "rebuild stopped by a newer change")
		s.mu.Unlock()
		return
	}
	st := state{Kind: "ok"}
	for _, d := range res.Diagnostics {
		st.Errors = append(st.Errors, d.String())
	}
	if err != nil {
		st.Errors = append(st.Errors, err.Error())
	}
	s.mu.Lock()
	if len(st.Errors) > 0 {
		st.Kind, st.Build = "errors", s.st.Build
		for _, e := range st.Errors {
			fmt.Fprintln(s.opts.Log, e)
		}
		serving := "still serving the last good site"
		if st.Build == 0 {
			serving = "no site to serve until they are fixed"
		}
		fmt.Fprintf(s.opts.Log, "%d error(s); %s\n", max(res.Errors, len(st.Errors)), serving)
	} else {
		st.Build = s.st.Build + 1
		fmt.Fprintf(s.opts.Log, "rebuilt: %d pages rendered; %d written, %d unchanged, %d removed (%s)\n",
			len(res.Rendered), res.Written, res.Unchanged, res.Removed, time.Since(start).Round(time.Millisecond))
	}
	s.st = st
	for ch := range s.subs {
		select {
		case ch <- st:
		default: // a slow tab misses an intermediate state, never the latest
			select {
			case <-ch:
			default:
			}
			ch <- st
		}
	}
	s.mu.Unlock()
}

func (s *server) closeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for ch := range s.subs {
		close(ch)
		delete(s.subs, ch)
	}
}

func (s *server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(Prefix+"events", s.events)
	for name, file := range map[string]struct{ ctype, body string }{
		"live.js":  {"text/javascript; charset=utf-8", liveJS},
		"live.css": {"text/css; charset=utf-8", liveCSS},
	} {
		mux.HandleFunc(Prefix+name, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", file.ctype)
			w.Header().Set("Cache-Control", "no-store")
			io.WriteString(w, file.body)
		})
	}
	mux.HandleFunc("/", s.file)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.hostAllowed(r.Host) {
			http.Error(w, "this preview answers only to the address it listens on", http.StatusForbidden)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// hostAllowed reports whether a request's Host header names this server: an address
// (no DNS name can then be made to point at the preview), localhost, or the host it was
// told to listen on. A web page elsewhere that rebinds its own name to 127.0.0.1 could
// otherwise read the drafts and the errors.
func (s *server) hostAllowed(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	listen, _, _ := net.SplitHostPort(s.opts.Addr)
	return host == "localhost" || net.ParseIP(host) != nil || host != "" && host == strings.ToLower(listen)
}

// events streams the build state to one tab: the current state at once, then every new one.
func (s *server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	ch := make(chan state, 1)
	s.mu.Lock()
	ch <- s.st
	s.subs[ch] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.subs, ch) // closeAll may have done it
		s.mu.Unlock()
	}()
	for {
		select {
		case <-r.Context().Done():
			return
		case st, ok := <-ch:
			if !ok {
				return
			}
			b, _ := json.Marshal(st)
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", st.Kind, b)
			flusher.Flush()
		}
	}
}

// file serves the output folder, injecting the live script into HTML. Before the first
// good build there is no site: a page that shows the errors and reloads once it is built.
func (s *server) file(w http.ResponseWriter, r *http.Request) {
	rel := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if strings.HasSuffix(r.URL.Path, "/") || rel == "" {
		rel = path.Join(rel, "index.html")
	}
	if !fs.ValidPath(rel) || strings.ContainsAny(rel, "\x00\\") {
		http.Error(w, "malformed path", http.StatusBadRequest)
		return
	}
	root, err := os.OpenRoot(s.opts.Build.Out)
	if errors.Is(err, fs.ErrNotExist) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write(inject([]byte(noSite)))
		return
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	defer root.Close()
	if info, err := root.Stat(rel); err == nil && info.IsDir() {
		u := *r.URL
		u.Path = "/" + rel + "/"
		http.Redirect(w, r, u.RequestURI(), http.StatusMovedPermanently)
		return
	}
	data, err := root.ReadFile(rel)
	if errors.Is(err, fs.ErrNotExist) {
		w.WriteHeader(http.StatusNotFound)
		if b, err := root.ReadFile("404.html"); err == nil {
			w.Write(inject(b))
		}
		return
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if strings.HasSuffix(rel, ".html") {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(inject(data))
		return
	}
	http.ServeContent(w, r, rel, time.Time{}, bytes.NewReader(data))
}

// fail answers a request that the output folder could not serve: the reason goes to
// the terminal, not to the browser.
func (s *server) fail(w http.ResponseWriter, err error) {
	s.mu.Lock()
	fmt.Fprintf(s.opts.Log, "serve: %v\n", err)
	s.mu.Unlock()
	http.Error(w, "cannot read the file; see the terminal", http.StatusInternalServerError)
}

// noSite is served while no build has succeeded.
const noSite = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>No site yet</title></head>
<body><p>The site has not been built yet. Fix the errors shown below; this page reloads when the build succeeds.</p></body></html>
`

var tag = []byte(`<link rel="stylesheet" href="` + Prefix + `live.css"><script src="` + Prefix + `live.js" defer></script>`)

// inject adds the live script and style before </head>.
func inject(page []byte) []byte {
	i := bytes.Index(page, []byte("</head>"))
	if i < 0 {
		return page
	}
	return bytes.Join([][]byte{page[:i], tag, page[i:]}, nil)
}

// liveJS reloads the page after a successful rebuild and shows the errors of a failed
// one over the page. It is served from the site's own origin, as the pages' CSP wants.
const liveJS = `(function () {
  var box = null, last = -1;
  function show(errors) {
    if (!box) {
      box = document.createElement('div');
      box.className = 'preview-errors';
      box.setAttribute('role', 'alert');
      document.body.appendChild(box);
    }
    box.textContent = '';
    var h = document.createElement('strong');
    h.textContent = errors.length + ' error(s); the last good site is shown';
    box.appendChild(h);
    var pre = document.createElement('pre');
    pre.textContent = errors.join('\n');
    box.appendChild(pre);
  }
  var es = new EventSource('` + Prefix + `events');
  es.addEventListener('ok', function (e) {
    var st = JSON.parse(e.data);
    if (last >= 0 && st.build !== last) { location.reload(); return; }
    if (box) { box.remove(); box = null; if (last >= 0) location.reload(); }
    last = st.build;
  });
  es.addEventListener('errors', function (e) {
    var st = JSON.parse(e.data);
    if (last < 0) last = st.build;
    show(st.errors);
  });
})();
`

const liveCSS = `.preview-errors { position: fixed; z-index: 1000; left: 1rem; right: 1rem; bottom: 1rem;
  max-height: 60vh; overflow: auto; background: #3b0d0d; color: #fff; border: 2px solid #ff6b6b;
  border-radius: .5rem; padding: 1rem; font: 14px/1.5 ui-monospace, monospace; }
.preview-errors pre { white-space: pre-wrap; margin: .5rem 0 0; }
`
