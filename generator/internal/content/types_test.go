package content

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// oldParts is Section.Parts as it was first written, the reference for ordering.
func oldParts(s Section) []int {
	var out []int
	for _, p := range strings.Split(string(s), ".") {
		n := 0
		fmt.Sscan(p, &n)
		out = append(out, n)
	}
	return out
}

var oddSections = []Section{"2.1.3", "2.1.10", "2.1.9", "2", "2.1", "", ".", "2.", ".2", "2..1", "02.1", "010", "0", "00", "09", "0x10", "0b11", "0o7", "+3", "-1", "2.-1", "1_0", " 2", "2 ", "2.x", "x", "1e3", "２", "99999999999999999999", "999999999999999999", "123456789012345678.1", "1.2.3.4.5.6"}

func TestSectionOrder(t *testing.T) {
	for _, a := range oddSections {
		if have, want := a.Parts(), oldParts(a); !slices.Equal(have, want) {
			t.Errorf("%q.Parts() = %v, want %v", a, have, want)
		}
		for _, b := range oddSections {
			if have, want := CompareSections(a, b), slices.Compare(oldParts(a), oldParts(b)); have != want {
				t.Errorf("CompareSections(%q, %q) = %d, want %d", a, b, have, want)
			}
		}
	}
}

func FuzzSectionOrder(f *testing.F) {
	for _, s := range oddSections {
		f.Add(string(s), "2.1.3")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if have, want := CompareSections(Section(a), Section(b)), slices.Compare(oldParts(Section(a)), oldParts(Section(b))); have != want {
			t.Errorf("CompareSections(%q, %q) = %d, want %d", a, b, have, want)
		}
		if have, want := Section(a).Parts(), oldParts(Section(a)); !slices.Equal(have, want) {
			t.Errorf("%q.Parts() = %v, want %v", a, have, want)
		}
	})
}
