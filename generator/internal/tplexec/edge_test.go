package tplexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"os"
	osexec "os/exec"
	"reflect"
	"runtime/debug"
	"testing"
)

// fmtd is a named string with a Format method (fmt.Formatter), not a Stringer.
type fmtd string

func (f fmtd) Format(s fmt.State, verb rune) { fmt.Fprintf(s, "[%s]", string(f)) }

type rview struct {
	Any    any
	Err    error
	Fmt    fmtd
	Words  []string
	PWords *[]string
	Count  int
	Anys   []any
}

// compareOne compiles src for *rview and checks the contract: refused, or same bytes, or
// the program fails when html/template fails.
func compareOne(t *testing.T, src string, v *rview, fm template.FuncMap) {
	t.Helper()
	set := template.Must(template.New("t").Option("missingkey=error").Funcs(fm).Parse(src))
	p, cerr := Compile(set, "t", reflect.TypeFor[*rview](), fm)
	var want bytes.Buffer
	werr := set.Execute(&want, v)
	if cerr != nil {
		if !errors.Is(cerr, errUnsupported) {
			t.Errorf("%s: compile error other than unsupported: %v", src, cerr)
		}
		return
	}
	var have bytes.Buffer
	herr := p.Execute(&have, v)
	switch {
	case herr != nil && werr == nil:
		// allowed: caller re-renders with html/template
	case herr == nil && werr != nil:
		t.Errorf("%s: html/template failed (%v), the compiled program wrote %q", src, werr, have.String())
	case herr == nil && have.String() != want.String():
		t.Errorf("%s:\ncompiled:      %q\nhtml/template: %q", src, have.String(), want.String())
	}
}

// Edge cases found in review; each must give html/template's bytes, or be refused, or
// fail where html/template fails.

// The truth of a value in an interface is the truth of what it holds (false, "", 0).
func TestEdgeInterfaceTruth(t *testing.T) {
	for _, a := range []any{false, "", 0} {
		v := &rview{Any: a}
		for _, src := range []string{
			`{{if .Any}}TRUE{{else}}false{{end}}`,
			`{{with .Any}}[{{.}}]{{end}}`,
			`{{if not .Any}}false{{else}}TRUE{{end}}`,
			`{{if and .Any .Count}}TRUE{{end}}{{or .Any "fallback"}}`,
		} {
			t.Run(fmt.Sprintf("%T/%s", a, src), func(t *testing.T) { compareOne(t, src, v, nil) })
		}
	}
}

// A range over a nil pointer to a slice fails ("range can't iterate over <nil>"), and
// the truth of elements held in interfaces is theirs.
func TestEdgeRangeNilPointer(t *testing.T) {
	compareOne(t, `{{range .Anys}}{{if .}}T{{else}}F{{end}}{{end}}`, &rview{Anys: []any{false, "", 0, 1, "x"}}, nil)
	compareOne(t, `{{range .PWords}}{{.}}{{else}}empty{{end}}`, &rview{}, nil)
}

// Number constants written as floats are float64 in text/template (idealConstant).
func TestEdgeFloatConstants(t *testing.T) {
	v := &rview{Count: 1000}
	compareOne(t, `{{1e6}}`, v, nil)
	compareOne(t, `{{if eq .Count 1e3}}eq{{end}}`, v, nil)
	compareOne(t, `{{if eq .Count 1000.0}}eq{{end}}`, v, nil)
}

// A named string with a Format method prints through it (html/template's stringify
// calls fmt.Sprint).
func TestEdgeFormatter(t *testing.T) {
	compareOne(t, `{{.Fmt}}`, &rview{Fmt: "x"}, nil)
}

// Functions given to the set replace the built-ins of the same name.
func TestEdgeBuiltinOverride(t *testing.T) {
	fm := template.FuncMap{
		"eq":  func(a, b int) bool { return true },
		"len": func(a []string) int { return 42 },
		"not": func(a any) bool { return true },
	}
	v := &rview{Count: 1, Words: []string{"a"}}
	compareOne(t, `{{if eq .Count 2}}overridden{{end}}`, v, fm)
	compareOne(t, `{{len .Words}}`, v, fm)
	compareOne(t, `{{if not .Count}}overridden{{end}}`, v, fm)
}

// A function that panics is an error, as text/template recovers it, not a crash.
func TestEdgePanickingFunc(t *testing.T) {
	fm := template.FuncMap{"div": func(a, b int) int { return a / b }}
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("the compiled program panicked: %v", r)
		}
	}()
	compareOne(t, `{{div 1 .Count}}`, &rview{}, fm)
}

// A template called in an attribute gets a derived name, which Lookup does not find:
// Compile refuses it as unsupported.
func TestEdgeDerivedTemplate(t *testing.T) {
	compareOne(t, `{{define "x"}}{{.}}{{end}}<p title="{{template "x" .Count}}">`, &rview{Count: 1}, nil)
}

// Execute(nil) is an error, not a panic.
func TestEdgeExecuteNil(t *testing.T) {
	set := template.Must(template.New("t").Parse(`x`))
	p, err := Compile(set, "t", reflect.TypeFor[*rview](), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("Execute(nil) panicked: %v", r)
		}
	}()
	var b bytes.Buffer
	_ = p.Execute(&b, nil)
}

type chain struct{ Next *chain }

// text/template stops at a depth of 100,000 template calls ("exceeded maximum template
// depth"); a program stops earlier (maxDepth), so that an endless recursion is an
// error, never a stack overflow, which no recover catches.
func TestEdgeRecursionDepth(t *testing.T) {
	src := `{{define "r"}}{{with .Next}}{{template "r" .}}{{end}}{{end}}{{template "r" .}}done`
	set := template.Must(template.New("t").Parse(src))
	p, err := Compile(set, "t", reflect.TypeFor[*chain](), nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &chain{}
	for range 150000 {
		c = &chain{Next: c}
	}
	var want, have bytes.Buffer
	werr := set.Execute(&want, c)
	herr := p.Execute(&have, c)
	if werr != nil && herr == nil {
		t.Errorf("html/template failed (%v); the program wrote %q", werr, have.String())
	}
}

func TestEdgeEndlessRecursion(t *testing.T) {
	if os.Getenv("REVIEW_CHILD") == "1" {
		debug.SetMaxStack(64 << 20)
		set := template.Must(template.New("t").Parse(`{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}`))
		var b bytes.Buffer
		fmt.Println("html/template:", set.Execute(&b, &rview{}))
		p, err := Compile(set, "t", reflect.TypeFor[*rview](), nil)
		if err != nil {
			fmt.Println("refused:", err)
			return
		}
		fmt.Println("program:", p.Execute(&b, &rview{}))
		return
	}
	cmd := osexec.Command(os.Args[0], "-test.run=^TestEdgeEndlessRecursion$")
	cmd.Env = append(os.Environ(), "REVIEW_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		first := out
		if i := bytes.Index(out, []byte("\ngoroutine ")); i > 0 {
			first = out[:i]
		}
		t.Errorf("the program crashed the process (%v):\n%s", err, first)
	}
}

// A value piped into and/or is the previous command's, evaluated before the call: its
// failure is the action's, whatever the arguments decide.
func TestEdgePipedOrEvaluationOrder(t *testing.T) {
	set := template.Must(template.New("t").Parse(`{{.Next.URL | or .Title}}`))
	p, err := Compile(set, "t", reflect.TypeFor[*view](), nil)
	if err != nil {
		t.Fatal(err)
	}
	v := sample() // v.Next is nil
	var want, have bytes.Buffer
	werr := set.Execute(&want, v)
	herr := p.Execute(&have, v)
	if werr != nil && herr == nil {
		t.Errorf("html/template failed (%v); the program wrote %q", werr, have.String())
	}
}
