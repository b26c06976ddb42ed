package pipeline

import (
	"bufio"
	"html"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/jipdec-survey/cloudsec/generator/internal/content"
)

// The survey's 18 schemes (sections 2.1 to 2.3) and the standards of 2.4, by id and section.
var surveySchemes = map[string]string{
	"isms-cloud-security": "2.1.1", "cs-mark": "2.1.2", "ismap": "2.1.3", "dx-certification": "2.1.4",
	"nisc-common-standards": "2.1.5", "mic-cloud-guidelines": "2.1.6", "medical-guidelines": "2.1.7",
	"fisc-guidelines": "2.1.8", "csa-star": "2.2.1", "ece-staraudit": "2.2.2", "eu-sec-eucc": "2.2.3",
	"fedramp": "2.3.1", "g-cloud": "2.3.2", "nis": "2.3.3", "nis2": "2.3.4", "c5": "2.3.5", "irap": "2.3.6",
	"mtcs": "2.3.7",
}

var surveyStandards = map[string]string{
	"iso-iec-27017": "2.4.1", "iso-iec-27018": "2.4.2", "iso-iec-27036-4": "2.4.3", "iso-iec-20000-1": "2.4.4",
	"soc2": "2.4.5", "nist-sp-800-53": "2.4.6", "nist-sp-800-171": "2.4.6", "nist-csf": "2.4.6",
	"nist-sp-800-144": "2.4.6", "nist-sp-800-146": "2.4.6",
}

func loadReal(t *testing.T) *content.Content {
	t.Helper()
	c, diags := content.Load(os.DirFS("../../../content"), "content", nil)
	if len(diags) > 0 {
		t.Fatal(diags.Err())
	}
	return c
}

// TestSurveyComplete fails when a scheme or a standard of 2.4 is missing or misnumbered.
func TestSurveyComplete(t *testing.T) {
	c := loadReal(t)
	have := map[string]string{}
	for _, s := range c.Schemes {
		have[string(s.ID)] = string(s.Section)
	}
	for _, s := range c.Standards {
		have[string(s.ID)] = string(s.Section)
	}
	for _, want := range []map[string]string{surveySchemes, surveyStandards} {
		for id, sec := range want {
			if have[id] != sec {
				t.Errorf("%s: section %q, want %q", id, have[id], sec)
			}
		}
	}
	if len(c.Schemes) != len(surveySchemes) {
		t.Errorf("%d scheme cards, want %d", len(c.Schemes), len(surveySchemes))
	}
	for _, id := range []string{"ismap", "dx-certification"} {
		for _, s := range c.Schemes {
			if string(s.ID) == id && s.AddedIn != "1.2" {
				t.Errorf("%s: added_in %q, want 1.2", id, s.AddedIn)
			}
		}
	}
}

// textFields returns every string field of a language struct, by toml key.
func textFields(v any) map[string]string {
	out := map[string]string{}
	rv := reflect.ValueOf(v).Elem()
	for i := range rv.NumField() {
		if f := rv.Field(i); f.Kind() == reflect.String {
			out[rv.Type().Field(i).Tag.Get("toml")] = f.String()
		}
	}
	return out
}

// cardTexts lists, for every card, its Japanese and English text fields.
func cardTexts(c *content.Content) (names []string, ja, en []map[string]string) {
	add := func(name string, j, e any) {
		names = append(names, name)
		ja = append(ja, textFields(j))
		en = append(en, textFields(e))
	}
	for _, s := range c.Schemes {
		add(s.Src.Path, &s.Ja, &s.En)
	}
	for _, s := range c.Standards {
		add(s.Src.Path, &s.Ja, &s.En)
	}
	for _, p := range c.Pages {
		add(p.Src.Path, &p.Ja, &p.En)
	}
	for i := range c.Glossary.Terms {
		term := &c.Glossary.Terms[i]
		add(c.Glossary.Src.Path+" "+string(term.ID), &term.Ja, &term.En)
	}
	for i := range c.Site.Revisions {
		r := &c.Site.Revisions[i]
		add(c.Site.Src.Path+" revision "+r.ID, &r.Ja, &r.En)
	}
	add(c.Site.Src.Path, &c.Site.Ja, &c.Site.En)
	return
}

var (
	// Letters spaced apart by the PDF extraction: three or more single Japanese
	// characters separated by spaces ("ク ラ ウ ド").
	spacedOut = regexp.MustCompile(`(?:^|[^\p{Han}\p{Hiragana}\p{Katakana}])[\p{Han}\p{Hiragana}\p{Katakana}ー](?: [\p{Han}\p{Hiragana}\p{Katakana}ー]){2,}(?:$|[^\p{Han}\p{Hiragana}\p{Katakana}])`)
	// Page headers and the PDF's broken colon.
	pdfDamage = regexp.MustCompile(`JIP-ISMS201-1\.2 +\d+|\x{FE13}|Certif ication`)
	// Faults of the survey's own typesetting that the cards correct: a space inside a
	// katakana word (ゼロトラストサイバー セキュリティ), the horizontal bar U+2015 for a
	// long-vowel mark or a dash (プロバイダ―), full-width digits in running text (３月).
	typesetting = regexp.MustCompile(`[\p{Katakana}ー] \p{Katakana}|\x{2015}|[\x{FF10}-\x{FF19}]`)
	// A run of Japanese script, with spaces, digits and Latin letters between its parts.
	japaneseRun = regexp.MustCompile(`[\p{Han}\p{Hiragana}\p{Katakana}\x{3000}-\x{303F}\x{FF01}-\x{FF5E}ー～・－]+(?:[ 0-9.A-Za-z/-]+[\p{Han}\p{Hiragana}\p{Katakana}\x{3000}-\x{303F}\x{FF01}-\x{FF5E}ー～・－]+)*`)
)

// TestSurveyText checks every card's text: no field empty in one language only, no
// extraction damage and none of the original's typesetting faults, no Japanese script in
// English beyond the names listed in testdata/ja-in-en.txt.
func TestSurveyText(t *testing.T) {
	c := loadReal(t)
	allowed := readLines(t, "testdata/ja-in-en.txt")
	names, ja, en := cardTexts(c)
	for i, name := range names {
		for key, j := range ja[i] {
			e := en[i][key]
			if (strings.TrimSpace(j) == "") != (strings.TrimSpace(e) == "") {
				t.Errorf("%s: field %q is empty in one language only", name, key)
			}
			if m := spacedOut.FindString(j); m != "" {
				t.Errorf("%s: ja.%s: letters spaced apart: %q", name, key, m)
			}
			if m := pdfDamage.FindString(j + "\n" + e); m != "" {
				t.Errorf("%s: %s: PDF extraction damage: %q", name, key, m)
			}
			if m := typesetting.FindString(j + "\n" + e); m != "" {
				t.Errorf("%s: %s: a typesetting fault of the original: %q (write 3 月, プロバイダー, one katakana word)", name, key, m)
			}
			for _, m := range japaneseRun.FindAllString(e, -1) {
				if !slices.ContainsFunc(allowed, func(a string) bool { return strings.Contains(a, m) }) {
					t.Errorf("%s: en.%s: Japanese script %q (translate it, or list it in testdata/ja-in-en.txt if it is a name kept on purpose)", name, key, m)
				}
			}
		}
	}
}

// TestSurveyURLs checks that every URL of the survey (testdata/survey-urls.txt) is linked
// on some page of the built site.
func TestSurveyURLs(t *testing.T) {
	out := t.TempDir()
	res := buildTo(t, os.DirFS("../../../content"), out)
	if len(res.Diagnostics) > 0 {
		t.Fatal(res.Diagnostics.Err())
	}
	var all strings.Builder
	for name, data := range snapshot(t, out) {
		if strings.HasSuffix(name, ".html") {
			all.WriteString(data)
		}
	}
	site := all.String()
	urls := readLines(t, "testdata/survey-urls.txt")
	if len(urls) < 40 {
		t.Fatalf("only %d survey URLs listed", len(urls))
	}
	for _, u := range urls {
		if !strings.Contains(site, `href="`+html.EscapeString(u)+`"`) {
			t.Errorf("survey URL not linked on any page: %s", u)
		}
	}
}

func readLines(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// TestAbbreviationsInContext checks the real site for abbreviations marked up inside a
// phrase where the glossary says they mean something else ("BSI Group" is not the
// German BSI).
func TestAbbreviationsInContext(t *testing.T) {
	c := loadReal(t)
	out := t.TempDir()
	if res := buildTo(t, os.DirFS("../../../content"), out); len(res.Diagnostics) > 0 {
		t.Fatal(res.Diagnostics.Err())
	}
	pages := snapshot(t, out)
	checked := 0
	for _, term := range c.Glossary.Terms {
		for _, phrase := range term.Except {
			before, after, _ := strings.Cut(phrase, term.Abbr)
			bad := regexp.MustCompile(regexp.QuoteMeta(html.EscapeString(before)) + `<abbr title="[^"]*">` + regexp.QuoteMeta(term.Abbr) + `</abbr>` + regexp.QuoteMeta(html.EscapeString(after)))
			for name, data := range pages {
				if m := bad.FindString(data); m != "" {
					t.Errorf("%s: %s marked up inside %q: %s", name, term.Abbr, phrase, m)
				}
				checked += strings.Count(data, phrase)
			}
		}
	}
	if checked == 0 {
		t.Error("no excepted phrase found on any page: the test checks nothing")
	}
}
