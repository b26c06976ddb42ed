package render

import (
	"reflect"
	"strings"
	"testing"

	"github.com/gohugoio/hashstructure"
)

// views are the values emit fingerprints, one of each type.
var views = []any{
	&SchemeView{}, &StandardView{}, &ProseView{}, &HomeView{}, &MatrixView{}, &ChangesView{},
	&GlossaryView{}, &LandingView{}, &DiagramView{}, &FullView{}, &SearchView{},
}

// TestViewFingerprints fills every field of every view and checks, field by field, that
// changing what a template can show changes the page's fingerprint (else an edit would
// leave the page stale), and that changing a field tagged hash:"ignore" does not (those
// are rendered from others that are hashed).
func TestViewFingerprints(t *testing.T) {
	for _, view := range views {
		v := reflect.ValueOf(view).Elem()
		fill(v, 0)
		before, err := hashstructure.Hash(view, nil)
		if err != nil {
			t.Fatalf("%T: %v", view, err)
		}
		n := 0
		leaves(v, v.Type().Name(), false, func(path string, leaf reflect.Value, ignored bool) {
			n++
			old := reflect.New(leaf.Type()).Elem()
			old.Set(leaf)
			change(leaf)
			after, _ := hashstructure.Hash(view, nil)
			leaf.Set(old)
			switch {
			case ignored && after != before:
				t.Errorf("%s is ignored but changed the fingerprint", path)
			case !ignored && after == before:
				t.Errorf("%s changed and the fingerprint did not", path)
			}
		})
		if n < 3 {
			t.Errorf("%T: only %d fields reached", view, n)
		}
	}
}

// fill sets every field reachable from v to a value other than its zero, one element per
// slice and map, to a depth that stops recursive types.
func fill(v reflect.Value, depth int) {
	if depth > 6 {
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), depth+1)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0), depth+1)
	case reflect.Array:
		for i := range v.Len() {
			fill(v.Index(i), depth+1)
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k, depth+1)
		fill(e, depth+1)
		v.SetMapIndex(k, e)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), depth+1)
			}
		}
	}
}

// leaves calls f with every settable basic value under v, and whether a field on its way
// is ignored by the fingerprint.
func leaves(v reflect.Value, path string, ignored bool, f func(string, reflect.Value, bool)) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			leaves(v.Elem(), path, ignored, f)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			leaves(v.Index(i), path+"[i]", ignored, f)
		}
	case reflect.Map:
		if ignored && v.Len() > 0 { // map values cannot be set in place: check a new entry
			f(path+"[new]", v, ignored)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			sf := v.Type().Field(i)
			if sf.IsExported() {
				leaves(v.Field(i), path+"."+sf.Name, ignored || sf.Tag.Get("hash") == "ignore", f)
			}
		}
	case reflect.Interface, reflect.Func, reflect.Chan, reflect.Invalid:
	default:
		f(path, v, ignored)
	}
}

// change gives a leaf another value (a map gets another entry).
func change(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(v.String() + "y")
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(v.Int() + 1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(v.Uint() + 1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(v.Float() + 1)
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type())) // empty: the entry goes
	default:
		panic("cannot change a " + strings.ToLower(v.Kind().String()))
	}
}
