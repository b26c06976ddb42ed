package tplexec

import (
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
)

// The escapers below do what html/template's escaping functions of the same names do
// (html/template inserts them into every action as _html_template_<name>); FuzzEscapers
// checks each against html/template itself, in its context, for plain strings and for
// each content type. An escaper is given the text of the value and its content type,
// as html/template's stringify gives them.

// contentType is the kind of text a value holds, as html/template's content types say.
type contentType int

const (
	plain contentType = iota
	htmlContent
	urlContent
	// The other content types (CSS, HTMLAttr, JS, JSStr, Srcset) never reach an escaper:
	// textOf refuses them.
)

// escaper appends s, of content type ct, escaped, to dst. It returns false, and dst as
// it was, for a value it leaves to html/template (HTML in an attribute).
type escaper func(dst []byte, s string, ct contentType) ([]byte, bool)

// escapers are the escaping functions compiled programs may run, by the name
// html/template gives them in an escaped template. A name not here makes Compile refuse
// the template, which html/template then renders.
var escapers = map[string]escaper{
	"_html_template_htmlescaper": func(dst []byte, s string, ct contentType) ([]byte, bool) {
		if ct == htmlContent {
			return append(dst, s...), true
		}
		return appendReplaced(dst, s, false), true
	},
	"_html_template_rcdataescaper": func(dst []byte, s string, ct contentType) ([]byte, bool) {
		return appendReplaced(dst, s, ct == htmlContent), true
	},
	"_html_template_attrescaper": func(dst []byte, s string, ct contentType) ([]byte, bool) {
		if ct == htmlContent {
			return dst, false // HTML there has its tags stripped first: not done here
		}
		return appendReplaced(dst, s, false), true
	},
	"_html_template_urlfilter": func(dst []byte, s string, ct contentType) ([]byte, bool) {
		if ct != urlContent && !safeURL(s) {
			return append(dst, "#ZgotmplZ"...), true
		}
		return append(dst, s...), true
	},
	"_html_template_urlnormalizer": func(dst []byte, s string, ct contentType) ([]byte, bool) {
		return appendPercent(dst, s, true), true
	},
	"_html_template_urlescaper": func(dst []byte, s string, ct contentType) ([]byte, bool) {
		return appendPercent(dst, s, ct == urlContent), true
	},
}

// appendReplaced appends s with the characters special in HTML text and quoted
// attributes replaced by references; norm leaves & alone (the text is HTML already).
func appendReplaced(dst []byte, s string, norm bool) []byte {
	// Only ASCII is replaced, so s is scanned byte by byte: no byte of a multi-byte
	// character (nor of an invalid one) is ASCII.
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !htmlSpecial[c] {
			continue
		}
		var repl string
		switch c {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			if norm {
				continue
			}
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		}
		dst = append(dst, s[written:i]...)
		dst = append(dst, repl...)
		written = i + 1
	}
	return append(dst, s[written:]...)
}

// htmlSpecial holds the bytes appendReplaced replaces.
var htmlSpecial = [256]bool{0: true, '"': true, '&': true, '\'': true, '+': true, '<': true, '>': true}

// safeURL reports whether s is relative, or its scheme is http, https or mailto.
func safeURL(s string) bool {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") {
		return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
	}
	return true
}

// appendPercent appends s with every byte that may not stand in a URL (or, unless norm,
// in one of its parts) percent-encoded; norm also keeps existing %XX escapes.
func appendPercent(dst []byte, s string, norm bool) []byte {
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~':
			continue
		case strings.IndexByte("!#$&*+,/:;=?@[]", c) >= 0:
			if norm {
				continue
			}
		case c == '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		}
		dst = append(dst, s[written:i]...)
		dst = append(dst, '%', hexDigits[c>>4], hexDigits[c&15])
		written = i + 1
	}
	return append(dst, s[written:]...)
}

const hexDigits = "0123456789abcdef"

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

var (
	htmlType      = reflect.TypeFor[template.HTML]()
	urlType       = reflect.TypeFor[template.URL]()
	stringType    = reflect.TypeFor[string]()
	stringerType  = reflect.TypeFor[fmt.Stringer]()
	errorType     = reflect.TypeFor[error]()
	formatterType = reflect.TypeFor[fmt.Formatter]()
)

// A text turns a value into the text an escaper is given. It returns false for a value
// it cannot describe as html/template would; the program then stops, and html/template
// renders the page.
type text func(v reflect.Value) (string, contentType, bool)

// textOf returns the text function for values of static type t, or nil if the values
// of t are not ones it handles (the template is then refused).
func textOf(t reflect.Type) text {
	if t == nil || t.Kind() == reflect.Interface {
		return dynamicText
	}
	switch t {
	case stringType:
		return func(v reflect.Value) (string, contentType, bool) { return v.String(), plain, true }
	case htmlType:
		return func(v reflect.Value) (string, contentType, bool) { return v.String(), htmlContent, true }
	case urlType:
		return func(v reflect.Value) (string, contentType, bool) { return v.String(), urlContent, true }
	}
	if t.PkgPath() == "html/template" {
		return nil // CSS, JS...: not handled here
	}
	if t.Implements(stringerType) || t.Implements(errorType) || t.Implements(formatterType) || t.Kind() == reflect.Pointer {
		return nil // fmt.Sprint would call the method, or follow the pointer
	}
	switch t.Kind() {
	case reflect.String: // a named string type without String: fmt prints the string
		return func(v reflect.Value) (string, contentType, bool) { return v.String(), plain, true }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(v reflect.Value) (string, contentType, bool) { return strconv.FormatInt(v.Int(), 10), plain, true }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return func(v reflect.Value) (string, contentType, bool) {
			return strconv.FormatUint(v.Uint(), 10), plain, true
		}
	case reflect.Bool:
		return func(v reflect.Value) (string, contentType, bool) { return strconv.FormatBool(v.Bool()), plain, true }
	}
	return nil
}

// dynamicText is the text of a value whose type is known only when the program runs.
func dynamicText(v reflect.Value) (string, contentType, bool) {
	for v.IsValid() && v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if !v.IsValid() {
		return "", plain, false
	}
	f := textOf(v.Type())
	if f == nil {
		return "", plain, false
	}
	return f(v)
}
