package render

import (
	"reflect"
	"testing"

	"github.com/gohugoio/hashstructure"
	"github.com/jipdec-survey/cloudsec/generator/internal/fingerprint"
)

// BenchmarkViewFingerprint compares the fingerprint of a filled scheme view with
// hashstructure's, which emit used before.
func BenchmarkViewFingerprint(b *testing.B) {
	v := &SchemeView{}
	fill(reflect.ValueOf(v).Elem(), 0)
	for range 8 {
		v.Standards = append(v.Standards, v.Standards[0])
	}
	b.Run("fingerprint", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			fingerprint.Of(v)
		}
	})
	b.Run("hashstructure", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			hashstructure.Hash(v, nil)
		}
	})
}
