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
	cpu   time.Duration // the process's CPU time at last
	w     io.Writer     // nil: record nothing
}

func newTimeline(w io.Writer) *timeline {
	now := time.Now()
	cpu, _ := processCPU()
	return &timeline{start: now, last: now, cpu: cpu, w: w}
}

// mark writes the stage that just ended: its duration, the time since the start, and the
// CPU time the process used meanwhile (every goroutine's, the stage's and those running
// beside it: about twice the duration means both cores were busy), where the system
// tells it. It does nothing on a nil timeline or one without a writer, and is safe for
// concurrent use.
func (t *timeline) mark(stage string) {
	if t == nil || t.w == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	now := time.Now()
	cpu, ok := processCPU()
	used := "-"
	if ok {
		used = ms(cpu - t.cpu)
	}
	fmt.Fprintf(t.w, "%8s %8s %8s cpu  %s\n", ms(now.Sub(t.last)), ms(now.Sub(t.start)), used, stage)
	t.last, t.cpu = now, cpu
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }
