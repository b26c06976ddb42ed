package render

import (
	"bytes"
	"os"
	"reflect"
	"testing"
)

// BenchmarkSchemeTemplate runs the scheme page template of the repository's layouts on a
// typical view (six standards, one related scheme), alone: html/template's reflective
// execution is the largest cost of a page after goldmark, and a change to the layouts
// or to the views shows here first.
func BenchmarkSchemeTemplate(b *testing.B) {
	l, diags := LoadLayouts(os.DirFS("../../../layouts"), "layouts")
	if len(diags) > 0 {
		b.Fatal(diags.Err())
	}
	v := &SchemeView{}
	fill(reflect.ValueOf(v).Elem(), 0)
	v.Labels = l.i18n["ja"]
	v.Chrome = &Chrome{}
	v.Targets = []string{"a", "b", "c"}
	lk := Link{URL: "../standards/iso-iec-27001.html", Text: "ISO/IEC 27001", Section: "2.4.1", Note: "情報セキュリティマネジメントシステム"}
	v.Standards = []Link{lk, lk, lk, lk, lk, lk}
	v.Mentions = nil
	v.RelatedBy = nil
	v.Related = []Link{{URL: "x.html", Text: "X", Section: "2.1"}}
	v.Breadcrumbs = []Link{{URL: "../index.html", Text: "ホーム"}, {URL: "../index.html#domestic", Text: "国内"}}
	v.Title, v.SiteTitle = "タイトル", "サイト"
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := l.execute(&buf, "scheme", v); err != nil {
			b.Fatal(err)
		}
	}
}
