//go:build !unix

package pipeline

import "time"

var start = time.Now()

// cpuTime stands in for the processor time where there is no getrusage: the time on the
// clock since the tests started.
func cpuTime() time.Duration { return time.Since(start) }
