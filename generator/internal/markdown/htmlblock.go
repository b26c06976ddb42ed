package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// blockParsers are goldmark's default block parsers, with its HTML block parser (the
// one triggered by "<") behind htmlBlockParser.
func blockParsers() []util.PrioritizedValue {
	bps := parser.DefaultBlockParsers()
	for i, v := range bps {
		if bp, ok := v.Value.(parser.BlockParser); ok && string(bp.Trigger()) == "<" {
			bps[i].Value = htmlBlockParser{bp}
		}
	}
	return bps
}

// htmlBlockParser is goldmark's HTML block parser with a quick look at the line first.
// goldmark tries seven regular expressions on every line that begins with "<", among
// them a backtracking one for any tag. Every card's related URLs are a list of
// autolinks ("- <https://...>"), so a big survey's build spent about 2 % of its CPU
// there, finding no HTML block. mayOpenHTMLBlock rejects the lines none of the seven can
// match; the others go to goldmark as before.
type htmlBlockParser struct{ parser.BlockParser }

func (p htmlBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	if line, _ := reader.PeekLine(); !mayOpenHTMLBlock(line) {
		return nil, parser.NoChildren
	}
	return p.BlockParser.Open(parent, reader, pc)
}

// mayOpenHTMLBlock reports whether line may start an HTML block as goldmark's
// expressions see one (CommonMark's seven start conditions): up to three spaces, "<",
// then "!" or "?" (comments, declarations, CDATA, processing instructions), or an
// optional "/" and spaces, a tag name (an ASCII letter, then letters, digits and "-")
// and after it the end of the line, white space, ">" or "/". Each expression requires
// one of these after the whole name; after a shorter part of it comes another name
// byte. It is false for an autolink such as "<https://example.org>", whose name ends at
// ":". A line it passes may still start no block.
func mayOpenHTMLBlock(line []byte) bool {
	i := 0
	for i < 3 && i < len(line) && line[i] == ' ' {
		i++
	}
	if i >= len(line) || line[i] != '<' {
		return false
	}
	i++
	if i < len(line) && (line[i] == '!' || line[i] == '?') {
		return true
	}
	if i < len(line) && line[i] == '/' {
		i++
		for i < len(line) && line[i] == ' ' {
			i++
		}
	}
	if i >= len(line) || !isASCIILetter(line[i]) {
		return false
	}
	for i < len(line) && (isASCIILetter(line[i]) || '0' <= line[i] && line[i] <= '9' || line[i] == '-') {
		i++
	}
	if i == len(line) {
		return true
	}
	switch line[i] {
	case ' ', '\t', '\n', '\f', '\r', '>', '/':
		return true
	}
	return false
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
