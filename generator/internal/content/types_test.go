package content

import (
	"cmp"
	"slices"
	"testing"
)

func TestSectionOrder(t *testing.T) {
	ordered := []Section{"0", "1.2.3.4.5.6", "2", "2.1", "2.1.3", "2.1.9", "2.1.10", "2.2", "2.10", "10"}
	for i, a := range ordered {
		for j, b := range ordered {
			if have, want := CompareSections(a, b), cmp.Compare(i, j); have != want {
				t.Errorf("CompareSections(%q, %q) = %d, want %d", a, b, have, want)
			}
		}
	}
	if have := Section("2.x.10").Parts(); !slices.Equal(have, []int{2, 0, 10}) {
		t.Errorf("Parts of a broken section: %v", have)
	}
}

// FuzzSectionOrder checks that CompareSections is an order: antisymmetric, and 0 only
// for sections of the same numbers.
func FuzzSectionOrder(f *testing.F) {
	for _, s := range []string{"2.1.3", "2.1.10", "", ".", "02.1", "0x10", "+3", "-1", "２", "99999999999999999999"} {
		f.Add(s, "2.1.3")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		x, y := Section(a), Section(b)
		if CompareSections(x, y) != -CompareSections(y, x) {
			t.Errorf("CompareSections(%q, %q) is not antisymmetric", a, b)
		}
		if (CompareSections(x, y) == 0) != slices.Equal(x.Parts(), y.Parts()) {
			t.Errorf("CompareSections(%q, %q) = 0 for different numbers, or not for the same", a, b)
		}
	})
}
