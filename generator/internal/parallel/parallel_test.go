package parallel

import (
	"sync/atomic"
	"testing"
)

func TestForEach(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 1000} {
		seen := make([]atomic.Int32, n)
		ForEach(n, func(i int) { seen[i].Add(1) })
		for i := range seen {
			if c := seen[i].Load(); c != 1 {
				t.Errorf("n=%d: job %d ran %d times", n, i, c)
			}
		}
	}
}
