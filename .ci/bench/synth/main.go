package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

const usage = `usage: go run ./.ci/bench/synth -n N -out DIR

Writes a synthetic content folder of N schemes (default 25) into DIR, for the
benchmarks: N scheme cards, 40 standards, 5 prose pages and a glossary. DIR must be
new, empty, or a folder this program (or the generator's old synth command) wrote.

  -n N       number of schemes
  -out DIR   the folder to write
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the command, as the generator's `synth` subcommand was: the same flags, the
// same summary line and the same exit codes.
func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("synth", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	n := fl.Int("n", 25, "")
	out := fl.String("out", "", "")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			return 0
		}
		fmt.Fprintf(stderr, "%v\n\n%s", err, usage)
		return 2
	}
	if *out == "" || *n < 0 || fl.NArg() > 0 {
		fmt.Fprintf(stderr, "synth needs -n N (N >= 0) and -out DIR\n\n%s", usage)
		return 2
	}
	if err := Write(*out, *n); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote a synthetic survey of %d schemes into %s\n", *n, *out)
	return 0
}
