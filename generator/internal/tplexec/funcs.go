package tplexec

import (
	"fmt"
	"reflect"
	"text/template/parse"
)

var (
	boolType = reflect.TypeFor[bool]()
	intType  = reflect.TypeFor[int]()
)

// function compiles a call of the function name with args (and prev, piped in last).
func (c *compiler) function(name string, argNodes []parse.Node, sc scope, prev *typed) (typed, error) {
	args, err := c.args(argNodes, sc, prev)
	if err != nil {
		return typed{}, err
	}
	if f, ok := c.funcs[name]; ok {
		// The set's functions come before the built-ins, as in text/template.
		return userFunc(name, f, args)
	}
	switch name {
	case "and", "or":
		if len(args) == 0 {
			break
		}
		return andOr(name == "or", args, prev != nil), nil
	case "not":
		if len(args) != 1 {
			break
		}
		a := args[0]
		return typed{func(vars []reflect.Value, dot reflect.Value) (reflect.Value, error) {
			v, err := a.eval(vars, dot)
			if err != nil {
				return v, err
			}
			truth, ok := isTrue(v)
			if !ok {
				return v, errUnsupported
			}
			return reflect.ValueOf(!truth), nil
		}, boolType}, nil
	case "eq", "ne":
		if len(args) != 2 {
			break
		}
		return compare(name == "ne", args[0], args[1])
	case "len":
		if len(args) != 1 {
			break
		}
		return length(args[0])
	case "index":
		if len(args) != 2 {
			break
		}
		return index(args[0], args[1])
	}
	return typed{}, fmt.Errorf("a call of %s with %d arguments: %w", name, len(args), errUnsupported)
}

// userFunc compiles a call of a function of the set: only func(int, int) int, given two
// ints.
func userFunc(name string, fn any, args []typed) (typed, error) {
	f, ok := fn.(func(int, int) int)
	if !ok || len(args) != 2 || args[0].t != intType || args[1].t != intType {
		return typed{}, fmt.Errorf("a call of %s (%T) with %d arguments: %w", name, fn, len(args), errUnsupported)
	}
	a, b := args[0], args[1]
	return typed{func(vars []reflect.Value, dot reflect.Value) (reflect.Value, error) {
		x, y, err := evalBoth(a, b, vars, dot)
		if err != nil {
			return x, err
		}
		return reflect.ValueOf(f(int(x.Int()), int(y.Int()))), nil
	}, intType}, nil
}

// evalBoth evaluates a, then b.
func evalBoth(a, b typed, vars []reflect.Value, dot reflect.Value) (x, y reflect.Value, err error) {
	if x, err = a.eval(vars, dot); err == nil {
		y, err = b.eval(vars, dot)
	}
	return x, y, err
}

// andOr evaluates its arguments in order and stops at the first false one (and) or
// true one (or), which it returns; else it returns the last. A value piped in (the last
// argument, when piped) is the command before's: it is evaluated first, whatever decides.
func andOr(or bool, args []typed, piped bool) typed {
	t := args[0].t
	for _, a := range args[1:] {
		if a.t != t {
			t = nil // the running program knows
		}
	}
	return typed{func(vars []reflect.Value, dot reflect.Value) (reflect.Value, error) {
		var last reflect.Value
		if piped {
			var err error
			if last, err = args[len(args)-1].eval(vars, dot); err != nil {
				return last, err
			}
		}
		var v reflect.Value
		for i, a := range args {
			var err error
			if piped && i == len(args)-1 {
				v = last
			} else if v, err = a.eval(vars, dot); err != nil {
				return v, err
			}
			truth, ok := isTrue(v)
			if !ok {
				return v, errUnsupported
			}
			if truth == or {
				return v, nil
			}
		}
		return v, nil
	}, t}
}

// compare compiles eq or ne of two strings, two signed integers or two booleans (of
// any types of those kinds, as text/template compares them by kind).
func compare(ne bool, a, b typed) (typed, error) {
	if a.t == nil || b.t == nil || kindClass(a.t) == 0 || kindClass(a.t) != kindClass(b.t) {
		return typed{}, fmt.Errorf("a comparison of %v and %v: %w", a.t, b.t, errUnsupported)
	}
	var equal func(x, y reflect.Value) bool
	switch kindClass(a.t) {
	case reflect.String:
		equal = func(x, y reflect.Value) bool { return x.String() == y.String() }
	case reflect.Int:
		equal = func(x, y reflect.Value) bool { return x.Int() == y.Int() }
	case reflect.Bool:
		equal = func(x, y reflect.Value) bool { return x.Bool() == y.Bool() }
	}
	return typed{func(vars []reflect.Value, dot reflect.Value) (reflect.Value, error) {
		x, y, err := evalBoth(a, b, vars, dot)
		if err != nil {
			return x, err
		}
		return reflect.ValueOf(equal(x, y) != ne), nil
	}, boolType}, nil
}

// kindClass is String, Int (for every signed integer kind) or Bool, or 0 for the kinds
// compare does not handle.
func kindClass(t reflect.Type) reflect.Kind {
	switch t.Kind() {
	case reflect.String, reflect.Bool:
		return t.Kind()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return reflect.Int
	}
	return 0
}

func length(a typed) (typed, error) {
	if a.t == nil {
		return typed{}, fmt.Errorf("len of a value whose type is known only when run: %w", errUnsupported)
	}
	switch a.t.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map, reflect.String:
	default:
		return typed{}, fmt.Errorf("len of %v: %w", a.t, errUnsupported)
	}
	return typed{func(vars []reflect.Value, dot reflect.Value) (reflect.Value, error) {
		x, err := a.eval(vars, dot)
		if err != nil {
			return x, err
		}
		return reflect.ValueOf(x.Len()), nil
	}, intType}, nil
}

// index compiles index of a map with string keys: a missing key gives the zero value.
func index(m, key typed) (typed, error) {
	if m.t == nil || m.t.Kind() != reflect.Map || m.t.Key() != stringType || key.t != stringType || m.t.Elem().Kind() == reflect.Interface {
		return typed{}, fmt.Errorf("index of %v by %v: %w", m.t, key.t, errUnsupported)
	}
	zero := reflect.Zero(m.t.Elem())
	return typed{func(vars []reflect.Value, dot reflect.Value) (reflect.Value, error) {
		x, k, err := evalBoth(m, key, vars, dot)
		if err != nil {
			return x, err
		}
		if v := x.MapIndex(k); v.IsValid() {
			return v, nil
		}
		return zero, nil
	}, m.t.Elem()}, nil
}

// isTrue is text/template's truth: false for zero numbers, empty strings and
// collections, and nil pointers; ok is false for a value with no truth (invalid kinds).
func isTrue(v reflect.Value) (truth, ok bool) {
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem() // the value inside, as text/template's indirectInterface
	}
	if !v.IsValid() {
		return false, true
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0, true
	case reflect.Bool:
		return v.Bool(), true
	case reflect.Complex64, reflect.Complex128:
		return v.Complex() != 0, true
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !v.IsNil(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0, true
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0, true
	case reflect.Struct:
		return true, true
	}
	return false, false
}
