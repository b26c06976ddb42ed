package search

import "golang.org/x/text/unicode/norm"

// nfkc folds full-width and half-width forms and compatibility characters, so that
// "ＩＳＭＳ" finds "ISMS" and "ｸﾗｳﾄﾞ" finds "クラウド". search.js applies
// String.prototype.normalize("NFKC") to queries, the same transformation.
func nfkc(s string) string { return norm.NFKC.String(s) }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
