package lptest

import (
	"strings"
	"testing"
)

func TestParseSolution(t *testing.T) {
	in := "c Problem:\nc\ns bas 2 2 f f -5.5\ni 1 l -4 1.5\ni 2 s 1 0.5\nj 1 b 2.5 0\nj 2 b 1.5 0\ne o f\n"
	sol, err := ParseSolution(strings.NewReader(in), 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	if sol.Status != "optimal" || sol.Objective != -5.5 || sol.X[0] != 2.5 || sol.X[1] != 1.5 || sol.Y[0] != 1.5 || sol.Y[1] != 0.5 {
		t.Errorf("got %+v", sol)
	}
	for _, bad := range []string{
		"",
		"s bas 2 2 f f -5.5\n",                // no end line
		"i 1 l 0 0\ns bas 1 1 f f 0\ne o f\n", // row before s
		"s bas 3 2 f f 0\ne o f\n",            // wrong size
		"s bas 2 2 f f x\ne o f\n",            // bad objective
		"s bas 2 2 f f 0\nj 3 b 1 0\ne o f\n", // index out of range
		"s bas 2 2 f f 0\nq\ne o f\n",         // unknown line
	} {
		if _, err := ParseSolution(strings.NewReader(bad), 2, 2); err == nil {
			t.Errorf("ParseSolution(%q) succeeded", bad)
		}
	}
}

func FuzzParseSolution(f *testing.F) {
	f.Add("s bas 2 2 f f -5.5\ni 1 l -4 1.5\ni 2 s 1 0.5\nj 1 b 2.5 0\nj 2 b 1.5 0\ne o f\n")
	f.Add("s bas 2 2 n f 0\ne o f\n")
	f.Add("c x\nj 0 b 1 1\n")
	f.Fuzz(func(t *testing.T, in string) {
		sol, err := ParseSolution(strings.NewReader(in), 2, 2)
		if err == nil && (len(sol.X) != 2 || len(sol.Y) != 2 || sol.Status == "") {
			t.Errorf("accepted %q as %+v", in, sol)
		}
	})
}
