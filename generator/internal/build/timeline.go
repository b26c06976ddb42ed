package build

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// timeline records when each stage of a build ended, for the -timings flag: where the
// time of a slow build went, without a profiler.
type timeline struct {
	mu    sync.Mutex
	start time.Time
	last  time.Time
	w     io.Writer // nil: record nothing
}

func newTimeline(w io.Writer) *timeline {
	now := time.Now()
	return &timeline{start: now, last: now, w: w}
}

// mark writes the stage that just ended: its duration and the time since the start. It
// does nothing on a nil timeline or one without a writer, and is safe for concurrent use.
func (t *timeline) mark(stage string) {
	if t == nil || t.w == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	now := time.Now()
	fmt.Fprintf(t.w, "%8s %8s  %s\n", ms(now.Sub(t.last)), ms(now.Sub(t.start)), stage)
	t.last = now
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }
