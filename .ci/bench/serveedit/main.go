// Command serveedit measures the preview's edit latency: how long after an editor saves a
// scheme card the open browser tabs are told that the site was rebuilt.
//
//	go run ./.ci/bench/serveedit -gen BIN -content DIR -layouts DIR -out DIR [-k 5]
//
// It starts `BIN serve -content DIR -layouts DIR -out DIR -addr 127.0.0.1:PORT` (a free
// port unless -addr is given), waits until the preview serves its first build, and
// subscribes to the preview's Server-Sent Events (/__preview/events), as the reload
// script of every page does. Then, K times: it appends a bullet with a new sentence to the
// [ja] overview of one scheme card (-card; by default the middle one of schemes/ in name
// order, the card make bench edits), saves the file in place, as most editors do (-rename:
// through a temporary file renamed over it, as others do), and measures the time from the
// end of the save to the first event that reports a successful build newer than the last
// one ("event: ok", data {"kind":"ok","build":N}). A failed build ("event: errors") ends
// the measurement with its errors. It waits -pause between edits, so that each save is a
// batch of its own for the preview's watcher.
//
// It prints one line of key=value pairs, seconds as decimals:
//
//	edits=5 min_s=0.181 median_s=0.190 max_s=0.204 startup_s=1.234 cpu_s=0.120 rss_kb=123456 written=3
//
// startup_s is from starting the command to its first build being served; cpu_s the
// median CPU time (user+system) the preview used per edit; rss_kb its peak resident
// memory at the end (VmHWM); written the files its last rebuild reported written. The
// last three are Linux only, and written only when the preview's log line says "N
// written"; a value it cannot tell is left out. With -v it prints each edit to stderr.
//
// The card is left with the added bullets; the preview is stopped with an interrupt (and
// killed if it has not stopped within 5 s).
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// eventsPath is where the preview streams its build state (generator/internal/serve).
const eventsPath = "/__preview/events"

// state is the data of one event.
type state struct {
	Kind   string   `json:"kind"` // "ok" or "errors"
	Errors []string `json:"errors"`
	Build  int      `json:"build"` // counts successful builds
}

type options struct {
	gen, content, layouts, out, addr, card string
	k                                      int
	pause, startTimeout, editTimeout       time.Duration
	rename, verbose                        bool
}

func main() {
	var o options
	flag.StringVar(&o.gen, "gen", "", "the generator binary")
	flag.StringVar(&o.content, "content", "", "content folder (a synthetic corpus: one card is edited)")
	flag.StringVar(&o.layouts, "layouts", "layouts", "layouts folder")
	flag.StringVar(&o.out, "out", "", "output folder for the preview")
	flag.StringVar(&o.addr, "addr", "", "address for the preview (default: 127.0.0.1 and a free port)")
	flag.StringVar(&o.card, "card", "", "the scheme card to edit (default: the middle one of CONTENT/schemes)")
	flag.IntVar(&o.k, "k", 5, "number of edits")
	flag.DurationVar(&o.pause, "pause", 500*time.Millisecond, "wait between an edit's event and the next edit")
	flag.DurationVar(&o.startTimeout, "start-timeout", 10*time.Minute, "how long the first build may take")
	flag.DurationVar(&o.editTimeout, "edit-timeout", time.Minute, "how long one edit's rebuild may take")
	flag.BoolVar(&o.rename, "rename", false, "save through a temporary file renamed over the card")
	flag.BoolVar(&o.verbose, "v", false, "print each edit to stderr")
	flag.Parse()
	if o.gen == "" || o.content == "" || o.out == "" || o.k < 1 || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: serveedit -gen BIN -content DIR -layouts DIR -out DIR [-k K] [-card FILE] [-addr HOST:PORT] [-rename] [-v]")
		os.Exit(2)
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "serveedit:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	if o.card == "" {
		card, err := middleCard(o.content)
		if err != nil {
			return err
		}
		o.card = card
	}
	orig, err := os.ReadFile(o.card)
	if err != nil {
		return err
	}
	if _, err := addBullet(orig, 0); err != nil {
		return fmt.Errorf("%s: %v", o.card, err)
	}
	if o.addr == "" {
		if o.addr, err = freeAddr(); err != nil {
			return err
		}
	}

	p, err := startPreview(o)
	if err != nil {
		return err
	}
	defer p.stop()

	// Serving: the first build is done and its pages are served.
	base := "http://" + o.addr
	if err := p.waitServing(base+"/", o.startTimeout); err != nil {
		return err
	}
	events, err := subscribe(base + eventsPath)
	if err != nil {
		return err
	}
	defer events.close()
	// The stream opens with the current state.
	first, err := events.next(p, o.editTimeout)
	if err != nil {
		return fmt.Errorf("the first event: %v", err)
	}
	if first.Kind != "ok" {
		return fmt.Errorf("the preview's first build failed:\n%s", strings.Join(first.Errors, "\n"))
	}
	startup := time.Since(p.started)
	last := first.Build
	time.Sleep(o.pause) // let the watcher settle after the first build

	var lat, cpu []time.Duration
	data := orig
	for i := 1; i <= o.k; i++ {
		if data, err = addBullet(data, i); err != nil {
			return err
		}
		cpu0, cpuOK := p.cpuTime()
		if err := save(o.card, data, o.rename); err != nil {
			return err
		}
		saved := time.Now()
		st, err := events.waitBuild(p, last, o.editTimeout)
		d := time.Since(saved)
		if err != nil {
			return fmt.Errorf("edit %d: %v", i, err)
		}
		last = st.Build
		lat = append(lat, d)
		if cpu1, ok := p.cpuTime(); ok && cpuOK {
			cpu = append(cpu, cpu1-cpu0)
		}
		if o.verbose {
			fmt.Fprintf(os.Stderr, "serveedit: edit %d of %s: build %d after %.3f s\n", i, o.card, st.Build, d.Seconds())
		}
		if i < o.k {
			time.Sleep(o.pause)
		}
	}

	line := fmt.Sprintf("edits=%d min_s=%.4f median_s=%.4f max_s=%.4f startup_s=%.3f",
		len(lat), slices.Min(lat).Seconds(), median(lat).Seconds(), slices.Max(lat).Seconds(), startup.Seconds())
	if len(cpu) == len(lat) {
		line += fmt.Sprintf(" cpu_s=%.2f", median(cpu).Seconds())
	}
	if kb, ok := p.peakRSS(); ok {
		line += fmt.Sprintf(" rss_kb=%d", kb)
	}
	if w, ok := p.lastWritten(); ok {
		line += fmt.Sprintf(" written=%d", w)
	}
	fmt.Println(line)
	return nil
}

// middleCard is the scheme card make bench edits: the ((n+1)/2)th of schemes/ by name.
func middleCard(content string) (string, error) {
	names, err := filepath.Glob(filepath.Join(content, "schemes", "*.toml"))
	if err != nil {
		return "", err
	}
	if len(names) == 0 {
		return "", fmt.Errorf("no scheme card in %s", filepath.Join(content, "schemes"))
	}
	slices.Sort(names)
	return names[(len(names)+1)/2-1], nil
}

// addBullet appends a bullet with one sentence to the [ja] overview of a scheme card, as
// an editor's revision would (.ci/bench/lib.sh's edit_card does the same); k makes each
// sentence new. The overview must be a multi-line string whose closing quotes stand on a
// line of their own, as in every card synth writes.
func addBullet(card []byte, k int) ([]byte, error) {
	lines := strings.SplitAfter(string(card), "\n")
	inJa, inOverview := false, false
	for i, l := range lines {
		switch t := strings.TrimRight(l, "\r\n"); {
		case t == "[ja]":
			inJa = true
		case t == "[en]":
			inJa = false
		case inJa && t == `overview = """`:
			inOverview = true
		case inOverview && t == `"""`:
			bullet := fmt.Sprintf("- 追記 serve %d：クラウドサービスカスタマは、責任分界点を定期的に確認することが求められる。\n", k)
			out := slices.Concat(lines[:i], []string{bullet}, lines[i:])
			return []byte(strings.Join(out, "")), nil
		}
	}
	return nil, errors.New(`no [ja] overview = """ ... """ to add to`)
}

// save writes the card in place (truncate and write, as most editors save), or through a
// temporary file renamed over it.
func save(name string, data []byte, rename bool) error {
	if !rename {
		return os.WriteFile(name, data, 0o644)
	}
	tmp := filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+".swp")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// ---- the preview process ----

type preview struct {
	cmd     *exec.Cmd
	started time.Time
	exited  chan struct{} // closed when the process has ended
	waitErr error
	log     *tailBuffer // its stdout and stderr
}

func startPreview(o options) (*preview, error) {
	p := &preview{exited: make(chan struct{}), log: &tailBuffer{max: 64 << 10}}
	p.cmd = exec.Command(o.gen, "serve", "-content", o.content, "-layouts", o.layouts, "-out", o.out, "-addr", o.addr)
	p.cmd.Stdout, p.cmd.Stderr = p.log, p.log
	p.started = time.Now()
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		p.waitErr = p.cmd.Wait()
		close(p.exited)
	}()
	return p, nil
}

// failed says why the preview is no longer running, with the end of its output.
func (p *preview) failed() error {
	return fmt.Errorf("the preview ended (%v); its output ends:\n%s", p.waitErr, p.log.String())
}

func (p *preview) waitServing(url string, timeout time.Duration) error {
	client := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(timeout)
	for {
		select {
		case <-p.exited:
			return p.failed()
		default:
		}
		resp, err := client.Get(url)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the preview did not serve %s within %s (last: %v); its output ends:\n%s", url, timeout, err, p.log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (p *preview) stop() {
	select {
	case <-p.exited:
		return
	default:
	}
	if runtime.GOOS == "windows" {
		p.cmd.Process.Kill()
	} else {
		p.cmd.Process.Signal(os.Interrupt)
	}
	select {
	case <-p.exited:
	case <-time.After(5 * time.Second):
		p.cmd.Process.Kill()
		<-p.exited
	}
}

// cpuTime is the CPU time (user+system, all threads) the preview has used so far, from
// /proc (Linux).
func (p *preview) cpuTime() (time.Duration, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		return 0, false
	}
	// The fields after the command name, which is in parentheses and may hold spaces;
	// utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, false
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	s, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	const hz = 100 // USER_HZ, 100 on every Linux architecture Go supports
	return time.Duration(u+s) * time.Second / hz, true
}

// peakRSS is the preview's peak resident memory in KiB, from /proc (Linux).
func (p *preview) peakRSS() (int, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0, false
	}
	for l := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			f := strings.Fields(rest)
			if len(f) == 2 && f[1] == "kB" {
				n, err := strconv.Atoi(f[0])
				return n, err == nil
			}
		}
	}
	return 0, false
}

var writtenCount = regexp.MustCompile(`(\d+) written`)

// lastWritten is the count of files written that the preview's last log line saying so
// gives.
func (p *preview) lastWritten() (int, bool) {
	m := writtenCount.FindAllStringSubmatch(p.log.String(), -1)
	if len(m) == 0 {
		return 0, false
	}
	n, err := strconv.Atoi(m[len(m)-1][1])
	return n, err == nil
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	b   []byte
	max int
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = slices.Clone(t.b[len(t.b)-t.max:])
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}

// ---- the event stream ----

type eventStream struct {
	body io.Closer
	ch   chan state
	err  error // why ch was closed; read after it is
}

// subscribe connects to the preview's events, as a browser tab's EventSource does.
func subscribe(url string) (*eventStream, error) {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		resp.Body.Close()
		return nil, fmt.Errorf("%s: %s, Content-Type %q; want an event stream", url, resp.Status, resp.Header.Get("Content-Type"))
	}
	es := &eventStream{body: resp.Body, ch: make(chan state, 16)}
	go es.read(resp.Body)
	return es, nil
}

// read parses the stream (the part of the Server-Sent Events format the preview uses:
// "event:" and "data:" lines, a blank line ending each event) into states.
func (es *eventStream) read(r io.Reader) {
	defer close(es.ch)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	var event string
	var data []string
	for sc.Scan() {
		l := sc.Text()
		switch {
		case l == "":
			if len(data) > 0 {
				var st state
				if err := json.Unmarshal([]byte(strings.Join(data, "\n")), &st); err != nil {
					es.err = fmt.Errorf("event %q: %v", event, err)
					return
				}
				if st.Kind == "" {
					st.Kind = event
				}
				es.ch <- st
			}
			event, data = "", nil
		case strings.HasPrefix(l, ":"): // a comment, such as a keep-alive
		default:
			field, value, _ := strings.Cut(l, ":")
			value = strings.TrimPrefix(value, " ")
			switch field {
			case "event":
				event = value
			case "data":
				data = append(data, value)
			}
		}
	}
	es.err = sc.Err()
	if es.err == nil {
		es.err = io.EOF
	}
}

func (es *eventStream) close() { es.body.Close() }

// next returns the next event.
func (es *eventStream) next(p *preview, timeout time.Duration) (state, error) {
	select {
	case st, ok := <-es.ch:
		if !ok {
			return state{}, fmt.Errorf("the event stream ended: %v", es.err)
		}
		return st, nil
	case <-p.exited:
		return state{}, p.failed()
	case <-time.After(timeout):
		return state{}, fmt.Errorf("no event within %s", timeout)
	}
}

// waitBuild returns the first event of a successful build after build number last; a
// failed build is an error.
func (es *eventStream) waitBuild(p *preview, last int, timeout time.Duration) (state, error) {
	deadline := time.Now().Add(timeout)
	for {
		st, err := es.next(p, time.Until(deadline))
		if err != nil {
			return st, err
		}
		switch {
		case st.Kind == "errors":
			return st, fmt.Errorf("the rebuild failed:\n%s", strings.Join(st.Errors, "\n"))
		case st.Kind == "ok" && st.Build > last:
			return st, nil
		}
	}
}
