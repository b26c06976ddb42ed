//go:build unix

package pipeline

import (
	"syscall"
	"time"
)

// cpuTime is the processor time the test process has used so far: unlike the time on
// the clock, it does not grow when other work shares the machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
