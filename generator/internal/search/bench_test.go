package search

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// corpus fabricates n records in lang that look like the cards of a large survey:
// a title with an acronym, a section, and a body of about 1.5 KB that mixes the
// language's prose with designations, URLs, full-width and half-width forms and line
// breaks. It is deterministic, so benchmarks and comparisons see the same bytes.
func corpus(lang string, n int) []Record {
	rng := rand.New(rand.NewPCG(uint64(n), uint64(len(lang))))
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	jaWords := []string{
		"クラウドサービス", "金融機関", "第三者認証", "ゼロトラスト", "ゼロ・トラスト", "事業継続計画",
		"構成管理の記録", "供給者", "監査人", "重要インフラ", "個人情報", "セキュリティ水準", "委託先",
		"政府機関", "サプライチェーン", "リスク", "認定機関", "評価制度", "医療情報システム", "統制",
		"ｸﾗｳﾄﾞ", "ﾘｽｸ", "㈱", "①", "情報処理推進機構", "人々", "デジタルインフラ", "エネルギー",
	}
	jaGlue := []string{"は、", "が", "を", "に", "の", "では、", "と", "及び", "により、", "することが求められる。", "する。", "。\n", "、", "（", "）"}
	enWords := []string{
		"cloud", "service", "services", "financial", "institution", "certification", "third-party",
		"assessment", "organisation", "business", "continuity", "plan", "configuration", "management",
		"records", "supplier", "auditor", "zero", "trust", "approach", "critical", "infrastructure",
		"personal", "information", "Straße", "café", "Self-Assessment", "the", "of", "and", "is", "to",
		"by", "a", "in", "provides", "establishes", "publishes", "required", "scope", "extended",
	}
	designations := []string{"ISO/IEC 27001", "ISO/IEC 27017:2015", "NIST SP 800-53 Rev. 5", "ＩＳＯ／ＩＥＣ　２７００２", "SOC 2", "PCI DSS v4.0", "FedRAMP®", "ISMAP"}
	acronym := func() string {
		var b strings.Builder
		for range 3 + rng.IntN(4) {
			b.WriteByte(byte('A' + rng.IntN(26)))
		}
		return b.String()
	}
	kinds := []string{"scheme", "standard", "page", "term"}
	recs := make([]Record, n)
	for i := range recs {
		acr := acronym()
		id := fmt.Sprintf("%s-%04d", strings.ToLower(acr), i)
		var title, body strings.Builder
		if lang == "ja" {
			for range 2 + rng.IntN(3) {
				title.WriteString(pick(jaWords))
			}
		} else {
			for j := range 3 + rng.IntN(5) {
				if j > 0 {
					title.WriteByte(' ')
				}
				w := pick(enWords)
				title.WriteString(strings.ToUpper(w[:1]) + w[1:])
			}
		}
		fmt.Fprintf(&title, "（%s）", acr)
		for body.Len() < 1400+rng.IntN(300) {
			switch k := rng.IntN(20); {
			case k == 0:
				fmt.Fprintf(&body, " https://example.com/publications/%s/news.html ", id)
			case k < 3:
				body.WriteString(" " + pick(designations) + " ")
			case k < 4:
				fmt.Fprintf(&body, " %s %d ", acr, 2000+rng.IntN(30))
			case lang == "ja":
				body.WriteString(pick(jaWords))
				body.WriteString(pick(jaGlue))
			default:
				body.WriteString(pick(enWords))
				if rng.IntN(8) == 0 {
					body.WriteString(".\n")
				} else {
					body.WriteByte(' ')
				}
			}
		}
		recs[i] = Record{
			URL:     "schemes/" + id + ".html",
			Title:   title.String(),
			Section: fmt.Sprintf("2.%d.%d", 1+i%4, 1+i%97),
			Kind:    kinds[i%len(kinds)],
			Name:    acr,
			Parts:   []Part{{Label: "概要", Text: body.String()}},
		}
	}
	return recs
}

// BenchmarkBuild builds the index of a survey of 10,000 cards, once per language.
func BenchmarkBuild(b *testing.B) {
	for _, lang := range []string{"ja", "en"} {
		recs := corpus(lang, 10000)
		b.Run(lang, func(b *testing.B) {
			b.ReportAllocs()
			var size int
			for b.Loop() {
				out, err := Build(lang, recs)
				if err != nil {
					b.Fatal(err)
				}
				size = len(out)
			}
			b.ReportMetric(float64(size), "bytes/index")
		})
	}
}
