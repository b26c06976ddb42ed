// Package tplexec runs html/template templates compiled for one type of data.
//
// html/template stays the reference. It parses the layouts, reports their errors,
// escapes every action by its context, and renders whatever tplexec cannot. Its cost at
// scale is its execution: each action finds fields by name and calls each escaping
// function through reflection, about 100 µs for one scheme page, more than goldmark
// takes for the page's Markdown.
//
// Compile takes a template after html/template has escaped it, and the type of the data
// it will run on. It resolves every field, variable and function of the template once,
// for that type, into a tree of Go closures. The escaping functions html/template
// inserted become the Go functions of escape.go. Running a program then costs one
// closure call per node.
//
// Compile accepts what the layouts use: text, actions, if, with, range over slices and
// arrays, template calls, the built-ins and, or, not, eq, ne, len and index, functions of
// the set of type func(int, int) int called with two ints, and a method named T of type
// func(string) (string, error) on a pointer (the views' label lookup). Values must have
// types known when compiling (no interfaces). For anything else it returns an error
// wrapping errUnsupported, and the caller keeps html/template for that template. When a
// program meets a value it cannot print as html/template would, or fails (a nil pointer,
// a failing or panicking method, template calls nested deeper than maxDepth), Execute
// returns an error, and the caller renders the page with html/template, which gives the
// page or the reference error.
//
// A compiled program writes the same bytes as html/template. FuzzEscapers checks the
// escapers against html/template, and package render renders every page of the real
// survey and of a synthetic one both ways (TestCompiledPages).
package tplexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"reflect"
	"strings"
	"sync"
	"text/template/parse"
	"unsafe"
)

// Program is a template compiled for one type of data.
type Program struct {
	dot  reflect.Type
	body *body
}

// A body is one compiled template: its code, and how many variables it declares ($ is
// the first).
type body struct {
	run   exec
	nvars int
}

// exec runs compiled nodes with the variables of their template and dot.
type exec func(st *state, vars []reflect.Value, dot reflect.Value) error

// state is one run of a program: where it writes, and memory its nodes reuse.
type state struct {
	w       *bytes.Buffer
	stack   []reflect.Value // the variables of the templates being run, innermost last
	scratch [2][]byte       // for escapers that feed another escaper
	depth   int             // of template calls
}

var states = sync.Pool{New: func() any { return &state{stack: make([]reflect.Value, 0, 32)} }}

// eval computes a value.
type eval func(vars []reflect.Value, dot reflect.Value) (reflect.Value, error)

// typed is a compiled value and its static type (nil when only the running program
// knows it).
type typed struct {
	eval eval
	t    reflect.Type
}

// errUnsupported marks what a program cannot do the way html/template does; Execute's
// caller then renders with html/template.
var errUnsupported = errors.New("tplexec: not supported")

// Compile compiles the template name of set for data of type dot. funcs must be the
// functions the set was given (Funcs): html/template does not say which they are, and
// a program calls these. It escapes the set first if html/template has not yet done so.
func Compile(set *template.Template, name string, dot reflect.Type, funcs template.FuncMap) (*Program, error) {
	t := set.Lookup(name)
	if t == nil {
		return nil, fmt.Errorf("tplexec: no template %q", name)
	}
	// Executing escapes the template and everything it calls. With no data it fails
	// at once afterwards, which does not matter; an escaping failure does.
	var escErr *template.Error
	if err := set.ExecuteTemplate(io.Discard, name, nil); errors.As(err, &escErr) {
		return nil, err
	}
	c := &compiler{set: set, funcs: funcs, bodies: map[bodyKey]*body{}}
	b, err := c.template(name, dot)
	if err != nil {
		return nil, err
	}
	return &Program{dot: dot, body: b}, nil
}

// Execute runs the program on data, which must be of the type it was compiled for,
// appending to w. On an error w may hold part of the page.
func (p *Program) Execute(w *bytes.Buffer, data any) (err error) {
	v := reflect.ValueOf(data)
	if !v.IsValid() || v.Type() != p.dot {
		return fmt.Errorf("tplexec: data %T, compiled for %s: %w", data, p.dot, errUnsupported)
	}
	st := states.Get().(*state)
	defer func() {
		// A function or method of the data that panics: text/template recovers too, and
		// reports an error, which html/template gives when it renders the page again.
		if r := recover(); r != nil {
			err = fmt.Errorf("tplexec: %v: %w", r, errUnsupported)
		}
		st.w, st.stack, st.depth = nil, st.stack[:0], 0
		states.Put(st)
	}()
	st.w = w
	return p.body.call(st, v)
}

// maxDepth bounds the nesting of template calls. text/template stops at 100,000; a
// program stops much earlier, long before its goroutine's stack could overflow, and
// html/template then renders the page (or reports the recursion).
const maxDepth = 1000

// call runs the template with dot, its variables on top of the stack.
func (b *body) call(st *state, dot reflect.Value) error {
	if st.depth++; st.depth > maxDepth {
		return fmt.Errorf("tplexec: template calls nested more than %d deep: %w", maxDepth, errUnsupported)
	}
	defer func() { st.depth-- }()
	base := len(st.stack)
	for range b.nvars {
		st.stack = append(st.stack, reflect.Value{})
	}
	vars := st.stack[base : base+b.nvars : base+b.nvars]
	vars[0] = dot
	err := b.run(st, vars, dot)
	clear(vars)
	st.stack = st.stack[:base]
	return err
}

type bodyKey struct {
	name string
	dot  reflect.Type
}

type compiler struct {
	set    *template.Template
	funcs  template.FuncMap
	bodies map[bodyKey]*body // compiled or being compiled (a template may call itself)
}

// scope is what the compiler knows where it stands: the type of dot and the variables
// declared so far, innermost last.
type scope struct {
	dot   reflect.Type
	vars  []variable
	nvars *int // the template's variable count
}

type variable struct {
	name string
	slot int
	t    reflect.Type
}

func (sc scope) with(dot reflect.Type) scope { sc.dot = dot; return sc }

func (sc scope) declare(name string, t reflect.Type) (scope, int) {
	slot := *sc.nvars
	*sc.nvars++
	sc.vars = append(sc.vars[:len(sc.vars):len(sc.vars)], variable{name, slot, t})
	return sc, slot
}

func (sc scope) lookup(name string) (variable, bool) {
	for i := len(sc.vars) - 1; i >= 0; i-- {
		if sc.vars[i].name == name {
			return sc.vars[i], true
		}
	}
	return variable{}, false
}

func (c *compiler) template(name string, dot reflect.Type) (*body, error) {
	key := bodyKey{name, dot}
	if b, ok := c.bodies[key]; ok {
		return b, nil
	}
	t := c.set.Lookup(name)
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		// Such as a template html/template copied for a call in another context
		// ("x$htmltemplate_stateAttr..."), which Lookup does not see.
		return nil, fmt.Errorf("no template %q: %w", name, errUnsupported)
	}
	b := &body{nvars: 1}
	c.bodies[key] = b
	sc := scope{dot: dot, vars: []variable{{"$", 0, dot}}, nvars: &b.nvars}
	run, err := c.list(t.Tree.Root, sc)
	if err != nil {
		delete(c.bodies, key)
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	b.run = run
	return b, nil
}

func (c *compiler) list(l *parse.ListNode, sc scope) (exec, error) {
	if l == nil {
		return func(*state, []reflect.Value, reflect.Value) error { return nil }, nil
	}
	var steps []exec
	for _, n := range l.Nodes {
		e, err := c.node(n, sc)
		if err != nil {
			return nil, err
		}
		if e != nil {
			steps = append(steps, e)
		}
	}
	switch len(steps) {
	case 0:
		return func(*state, []reflect.Value, reflect.Value) error { return nil }, nil
	case 1:
		return steps[0], nil
	}
	return func(st *state, vars []reflect.Value, dot reflect.Value) error {
		for _, s := range steps {
			if err := s(st, vars, dot); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

func (c *compiler) node(n parse.Node, sc scope) (exec, error) {
	switch n := n.(type) {
	case *parse.TextNode:
		text := string(n.Text)
		return func(st *state, _ []reflect.Value, _ reflect.Value) error {
			st.w.WriteString(text)
			return nil
		}, nil
	case *parse.CommentNode:
		return nil, nil
	case *parse.ActionNode:
		if len(n.Pipe.Decl) > 0 {
			return nil, fmt.Errorf("%s: a variable declaration: %w", n, errUnsupported)
		}
		return c.print(n.Pipe, sc)
	case *parse.IfNode:
		return c.branch(&n.BranchNode, sc, false)
	case *parse.WithNode:
		return c.branch(&n.BranchNode, sc, true)
	case *parse.RangeNode:
		return c.rangeNode(n, sc)
	case *parse.TemplateNode:
		return c.call(n, sc)
	}
	return nil, fmt.Errorf("%s: %w", n, errUnsupported)
}

// print compiles an action that writes its pipeline's value. html/template ends every
// such pipeline with escapers, which write straight into w.
func (c *compiler) print(p *parse.PipeNode, sc scope) (exec, error) {
	cmds := p.Cmds
	var escs []escaper
	for len(cmds) > 1 {
		last := cmds[len(cmds)-1]
		id, ok := last.Args[0].(*parse.IdentifierNode)
		if !ok || len(last.Args) != 1 || escapers[id.Ident] == nil {
			break
		}
		escs = append([]escaper{escapers[id.Ident]}, escs...)
		cmds = cmds[:len(cmds)-1]
	}
	if len(escs) == 0 {
		return nil, fmt.Errorf("%s: an action without an escaper: %w", p, errUnsupported)
	}
	v, err := c.pipeline(&parse.PipeNode{NodeType: p.NodeType, Pos: p.Pos, Line: p.Line, Cmds: cmds}, sc)
	if err != nil {
		return nil, err
	}
	text := textOf(v.t)
	if text == nil {
		return nil, fmt.Errorf("%s: a value of type %s: %w", p, v.t, errUnsupported)
	}
	last, chain := escs[len(escs)-1], escs[:len(escs)-1]
	return func(st *state, vars []reflect.Value, dot reflect.Value) error {
		x, err := v.eval(vars, dot)
		if err != nil {
			return err
		}
		s, ct, ok := text(x)
		if !ok {
			return errUnsupported
		}
		// An escaper that feeds another writes into a scratch buffer, whose text is
		// plain for the next, as html/template's escapers return strings.
		for i, esc := range chain {
			b, ok := esc(st.scratch[i%2][:0], s, ct)
			if !ok {
				return errUnsupported
			}
			st.scratch[i%2] = b
			s, ct = unsafe.String(unsafe.SliceData(b), len(b)), plain
		}
		out, ok := last(st.w.AvailableBuffer(), s, ct)
		if !ok {
			return errUnsupported
		}
		st.w.Write(out)
		return nil
	}, nil
}

// branch compiles if (with false) and with.
func (c *compiler) branch(n *parse.BranchNode, sc scope, with bool) (exec, error) {
	if len(n.Pipe.Decl) > 0 {
		return nil, fmt.Errorf("%s: a variable declaration: %w", n, errUnsupported)
	}
	cond, err := c.pipeline(n.Pipe, sc)
	if err != nil {
		return nil, err
	}
	inner := sc
	if with {
		inner = sc.with(cond.t)
	}
	then, otherwise, err := c.branches(n.List, inner, n.ElseList, sc)
	if err != nil {
		return nil, err
	}
	return func(st *state, vars []reflect.Value, dot reflect.Value) error {
		v, err := cond.eval(vars, dot)
		if err != nil {
			return err
		}
		truth, ok := isTrue(v)
		if !ok {
			return errUnsupported
		}
		if !truth {
			return otherwise(st, vars, dot)
		}
		if with {
			return then(st, vars, v)
		}
		return then(st, vars, dot)
	}, nil
}

// branches compiles the two lists of an if, with or range, each in its scope.
func (c *compiler) branches(then *parse.ListNode, thenScope scope, otherwise *parse.ListNode, otherScope scope) (exec, exec, error) {
	a, err := c.list(then, thenScope)
	if err != nil {
		return nil, nil, err
	}
	b, err := c.list(otherwise, otherScope)
	return a, b, err
}

func (c *compiler) rangeNode(n *parse.RangeNode, sc scope) (exec, error) {
	p := n.Pipe
	if p.IsAssign || len(p.Decl) > 2 {
		return nil, fmt.Errorf("%s: a range assignment: %w", n, errUnsupported)
	}
	list, err := c.pipeline(&parse.PipeNode{NodeType: p.NodeType, Pos: p.Pos, Line: p.Line, Cmds: p.Cmds}, sc)
	if err != nil {
		return nil, err
	}
	t := list.t
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || (t.Kind() != reflect.Slice && t.Kind() != reflect.Array) || t.Elem().Kind() == reflect.Interface {
		return nil, fmt.Errorf("%s: a range over %v: %w", n, list.t, errUnsupported)
	}
	inner := sc.with(t.Elem())
	elemSlot, indexSlot := -1, -1
	switch len(p.Decl) {
	case 1:
		inner, elemSlot = inner.declare(p.Decl[0].Ident[0], t.Elem())
	case 2:
		inner, indexSlot = inner.declare(p.Decl[0].Ident[0], reflect.TypeFor[int]())
		inner, elemSlot = inner.declare(p.Decl[1].Ident[0], t.Elem())
	}
	body, otherwise, err := c.branches(n.List, inner, n.ElseList, sc)
	if err != nil {
		return nil, err
	}
	return func(st *state, vars []reflect.Value, dot reflect.Value) error {
		v, err := list.eval(vars, dot)
		if err != nil {
			return err
		}
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return fmt.Errorf("range over a nil %s: %w", list.t, errUnsupported) // text/template fails too
			}
			v = v.Elem()
		}
		if v.Len() == 0 {
			return otherwise(st, vars, dot)
		}
		for i := range v.Len() {
			elem := v.Index(i)
			if elemSlot >= 0 {
				vars[elemSlot] = elem
			}
			if indexSlot >= 0 {
				vars[indexSlot] = reflect.ValueOf(i)
			}
			if err := body(st, vars, elem); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

func (c *compiler) call(n *parse.TemplateNode, sc scope) (exec, error) {
	if n.Pipe == nil {
		return nil, fmt.Errorf("%s: a template call without data: %w", n, errUnsupported)
	}
	arg, err := c.pipeline(n.Pipe, sc)
	if err != nil {
		return nil, err
	}
	if arg.t == nil || arg.t.Kind() == reflect.Interface {
		return nil, fmt.Errorf("%s: data of a type known only when run: %w", n, errUnsupported)
	}
	b, err := c.template(n.Name, arg.t)
	if err != nil {
		return nil, err
	}
	return func(st *state, vars []reflect.Value, dot reflect.Value) error {
		v, err := arg.eval(vars, dot)
		if err != nil {
			return err
		}
		return b.call(st, v)
	}, nil
}

// pipeline compiles the commands of p, each but the first given the value of the one
// before as its last argument.
func (c *compiler) pipeline(p *parse.PipeNode, sc scope) (typed, error) {
	if len(p.Decl) > 0 || len(p.Cmds) == 0 {
		return typed{}, fmt.Errorf("%s: %w", p, errUnsupported)
	}
	v, err := c.command(p.Cmds[0], sc, nil)
	if err != nil {
		return typed{}, err
	}
	for _, cmd := range p.Cmds[1:] {
		if v, err = c.command(cmd, sc, &v); err != nil {
			return typed{}, err
		}
	}
	return v, nil
}

// command compiles one command; prev, if not nil, is the value piped into it.
func (c *compiler) command(cmd *parse.CommandNode, sc scope, prev *typed) (typed, error) {
	switch first := cmd.Args[0].(type) {
	case *parse.IdentifierNode:
		return c.function(first.Ident, cmd.Args[1:], sc, prev)
	case *parse.FieldNode:
		if len(cmd.Args) > 1 || prev != nil {
			return c.method(sc.dot, dotValue, first.Ident, cmd.Args[1:], sc, prev)
		}
	case *parse.VariableNode:
		if len(first.Ident) > 1 && (len(cmd.Args) > 1 || prev != nil) {
			v, ok := sc.lookup(first.Ident[0])
			if !ok {
				return typed{}, fmt.Errorf("%s: undefined variable: %w", first, errUnsupported)
			}
			return c.method(v.t, varValue(v.slot), first.Ident[1:], cmd.Args[1:], sc, prev)
		}
	}
	if len(cmd.Args) > 1 || prev != nil {
		return typed{}, fmt.Errorf("%s: arguments to a value: %w", cmd, errUnsupported)
	}
	return c.operand(cmd.Args[0], sc)
}

func dotValue(_ []reflect.Value, dot reflect.Value) (reflect.Value, error) { return dot, nil }

func varValue(slot int) eval {
	return func(vars []reflect.Value, _ reflect.Value) (reflect.Value, error) { return vars[slot], nil }
}

func (c *compiler) operand(n parse.Node, sc scope) (typed, error) {
	switch n := n.(type) {
	case *parse.DotNode:
		return typed{dotValue, sc.dot}, nil
	case *parse.FieldNode:
		return c.fields(typed{dotValue, sc.dot}, n.Ident)
	case *parse.VariableNode:
		v, ok := sc.lookup(n.Ident[0])
		if !ok {
			return typed{}, fmt.Errorf("%s: undefined variable: %w", n, errUnsupported)
		}
		return c.fields(typed{varValue(v.slot), v.t}, n.Ident[1:])
	case *parse.StringNode:
		return constant(reflect.ValueOf(n.Text)), nil
	case *parse.NumberNode:
		// Only plain decimal integers: text/template makes 1e3 or 1.0 a float64, 'a' a
		// rune, 0x10 an int, and this need not follow it there.
		if n.IsInt && strings.Trim(n.Text, "0123456789") == "" {
			return constant(reflect.ValueOf(int(n.Int64))), nil
		}
	case *parse.BoolNode:
		return constant(reflect.ValueOf(n.True)), nil
	case *parse.PipeNode:
		return c.pipeline(n, sc)
	}
	return typed{}, fmt.Errorf("%s: %w", n, errUnsupported)
}

func constant(v reflect.Value) typed {
	return typed{func([]reflect.Value, reflect.Value) (reflect.Value, error) { return v, nil }, v.Type()}
}

// fields compiles a chain of field names from v. Each step follows pointers, as
// text/template does, and a nil pointer on the way is an error.
func (c *compiler) fields(v typed, names []string) (typed, error) {
	for _, name := range names {
		t := v.t
		if t == nil || t.Kind() == reflect.Interface {
			return typed{}, fmt.Errorf(".%s of a value whose type is known only when run: %w", name, errUnsupported)
		}
		if _, ok := methodOf(t, name); ok {
			return typed{}, fmt.Errorf(".%s is a method of %s: %w", name, t, errUnsupported)
		}
		ptrs := 0
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
			ptrs++
		}
		if t.Kind() != reflect.Struct {
			return typed{}, fmt.Errorf(".%s of %s: %w", name, v.t, errUnsupported)
		}
		f, ok := t.FieldByName(name)
		if !ok || !f.IsExported() {
			return typed{}, fmt.Errorf("%s has no field %s: %w", t, name, errUnsupported)
		}
		if f.Type.Kind() == reflect.Interface {
			// text/template looks inside an interface for truth and for fields; a
			// program only handles values whose type it knows when it compiles.
			return typed{}, fmt.Errorf("%s.%s is an interface: %w", t, name, errUnsupported)
		}
		for i := 1; i < len(f.Index); i++ { // an embedded pointer could be nil
			if t.FieldByIndex(f.Index[:i]).Type.Kind() == reflect.Pointer {
				return typed{}, fmt.Errorf("%s.%s through an embedded pointer: %w", t, name, errUnsupported)
			}
		}
		from, index, owner := v.eval, f.Index, v.t
		v = typed{func(vars []reflect.Value, dot reflect.Value) (reflect.Value, error) {
			x, err := from(vars, dot)
			if err != nil {
				return x, err
			}
			for range ptrs {
				if x.IsNil() {
					return reflect.Value{}, fmt.Errorf("nil pointer evaluating %s.%s", owner, name)
				}
				x = x.Elem()
			}
			if len(index) == 1 {
				return x.Field(index[0]), nil
			}
			return x.FieldByIndex(index), nil
		}, f.Type}
	}
	return v, nil
}

// labeler is the one kind of method compiled programs call: a label lookup.
type labeler interface {
	T(key string) (string, error)
}

var labelerType = reflect.TypeFor[labeler]()

// methodOf reports whether t (or *t) has the exported method name.
func methodOf(t reflect.Type, name string) (reflect.Method, bool) {
	if m, ok := t.MethodByName(name); ok {
		return m, true
	}
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
		return reflect.PointerTo(t).MethodByName(name)
	}
	return reflect.Method{}, false
}

// method compiles recv.names[0]...names[n-1] called with args (and prev): the last name
// must be a T(string) (string, error) method of a pointer.
func (c *compiler) method(recvType reflect.Type, recv eval, names []string, args []parse.Node, sc scope, prev *typed) (typed, error) {
	r, err := c.fields(typed{recv, recvType}, names[:len(names)-1])
	if err != nil {
		return typed{}, err
	}
	name := names[len(names)-1]
	if r.t == nil || r.t.Kind() != reflect.Pointer || name != "T" || !r.t.Implements(labelerType) {
		return typed{}, fmt.Errorf("a call of %s.%s: %w", r.t, name, errUnsupported)
	}
	all, err := c.args(args, sc, prev)
	if err != nil {
		return typed{}, err
	}
	if len(all) != 1 || all[0].t != stringType {
		return typed{}, fmt.Errorf("%s.T takes one string: %w", r.t, errUnsupported)
	}
	key := all[0]
	return typed{func(vars []reflect.Value, dot reflect.Value) (reflect.Value, error) {
		x, err := r.eval(vars, dot)
		if err != nil {
			return x, err
		}
		if x.IsNil() {
			return reflect.Value{}, fmt.Errorf("nil pointer evaluating %s.T", r.t)
		}
		k, err := key.eval(vars, dot)
		if err != nil {
			return k, err
		}
		s, err := x.Interface().(labeler).T(k.String())
		if err != nil {
			return reflect.Value{}, err
		}
		return reflect.ValueOf(s), nil
	}, stringType}, nil
}

func (c *compiler) args(args []parse.Node, sc scope, prev *typed) ([]typed, error) {
	out := make([]typed, 0, len(args)+1)
	for _, a := range args {
		v, err := c.operand(a, sc)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if prev != nil {
		out = append(out, *prev)
	}
	return out, nil
}
