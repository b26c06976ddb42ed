// Package parallel runs independent pieces of a stage on every processor. Callers give
// each piece its own slot for results and assemble them in a fixed order afterwards, so
// that the output never depends on scheduling.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// ForEach calls job(0) ... job(n-1), on as many goroutines as there are processors, and
// returns when all have returned.
func ForEach(n int, job func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				job(i)
			}
		}()
	}
	wg.Wait()
}
