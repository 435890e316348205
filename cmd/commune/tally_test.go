package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tallyDebian is the PrefLib data kept with package ballot.
func tallyDebian(file string) string { return filepath.Join("..", "..", "ballot", "testdata", file) }

// tallyRun runs "commune tally args…" in-process.
func tallyRun(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), append([]string{"tally"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func TestTallySchulzeDebian(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"00002-00000007.toc", []string{
			"# Debian 2012 Leader: 403 voters, 4 alternatives",
			`# Schulze ranking (winning votes), best first; "=" marks a tie`,
			"1. Stefano Zacchiroli",
			"2. Wouter Verhelst",
			"3. Gergely Nagy",
			"4. None Of The Above",
		}},
	}
	for _, tt := range tests {
		code, out, errs := tallyRun(t, "--method", "schulze", tallyDebian(tt.file))
		if code != 0 {
			t.Fatalf("exit %d, stderr %s", code, errs)
		}
		if diff := cmp.Diff(tt.want, strings.Split(strings.TrimSpace(out), "\n")); diff != "" {
			t.Errorf("output (-want +got):\n%s", diff)
		}
	}
	// The winners history records, first line of each ranking.
	for file, winner := range map[string]string{
		"00002-00000006.toc": "1. Stefano Zacchiroli",
		"00002-00000008.toc": "1. Swirl",
	} {
		code, out, errs := tallyRun(t, tallyDebian(file))
		if code != 0 {
			t.Fatalf("%s: exit %d, stderr %s", file, code, errs)
		}
		if got := strings.Split(out, "\n")[2]; got != winner {
			t.Errorf("%s: first place %q, want %q", file, got, winner)
		}
	}
}

// tallyFile puts a PrefLib file in a temporary directory.
func tallyFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const tallyABCD = "# NUMBER ALTERNATIVES: 4\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n# ALTERNATIVE NAME 3: C\n# ALTERNATIVE NAME 4: D\n"

// Schulze's example 4 ends in ties, printed with shared rank numbers.
func TestTallyTiesAndMatrix(t *testing.T) {
	path := tallyFile(t, "ex4.soc", tallyABCD+"3: 1,2,3,4\n2: 4,1,2,3\n2: 4,2,3,1\n2: 3,2,4,1\n")
	code, out, errs := tallyRun(t, path, "--matrix") // flags may follow the file
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	want := path + `: 9 voters, 4 alternatives
# Schulze ranking (winning votes), best first; "=" marks a tie
1= B (tied)
1= D (tied)
3= A (tied)
3= C (tied)

# alternatives
   1  A
   2  B
   3  C
   4  D

# d[row,col]: voters preferring row to col
   1 2 3 4
 1 - 5 5 3
 2 4 - 7 5
 3 4 2 - 5
 4 6 4 4 -

# p[row,col]: strength of the strongest path from row to col
   1 2 3 4
 1 - 5 5 5
 2 5 - 7 5
 3 5 5 - 5
 4 6 5 5 -
`
	if diff := cmp.Diff("# "+want, out); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}

// The STV example of Wikipedia's "Single transferable vote" article.
func TestTallySTV(t *testing.T) {
	path := tallyFile(t, "food.soi", "# TITLE: Food\n# DATA TYPE: soi\n# NUMBER ALTERNATIVES: 5\n"+
		"# ALTERNATIVE NAME 1: Oranges\n# ALTERNATIVE NAME 2: Pears\n# ALTERNATIVE NAME 3: Chocolate\n"+
		"# ALTERNATIVE NAME 4: Strawberries\n# ALTERNATIVE NAME 5: Hamburgers\n"+
		"4: 1\n2: 2,1\n8: 3,4\n4: 3,5\n1: 4\n1: 5\n")
	code, out, errs := tallyRun(t, "--method", "stv", "--seats", "3", path)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	lines := strings.Split(out, "\n")
	want := []string{
		"# Food: 20 voters, 5 alternatives",
		"# Meek STV, 3 seat(s), elected in order of election",
		"1. Chocolate",
		"2. Strawberries",
		"3. Oranges",
	}
	if diff := cmp.Diff(want, lines[:5]); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
	if !strings.Contains(out, "stage 1: quota 5.000000001, exhausted 0.000000000: elected Chocolate\n") {
		t.Errorf("first stage missing from:\n%s", out)
	}
}

func TestTallyErrors(t *testing.T) {
	bad := tallyFile(t, "bad.toi", tallyABCD+"1: 1,2\n2: 1,{5,2}\n")
	strict := tallyFile(t, "strict.soc", "# DATA TYPE: soc\n"+tallyABCD+"1: 1,{2,3},4\n")
	good := tallyFile(t, "good.soc", tallyABCD+"1: 1,2,3,4\n")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"out of range", []string{bad}, 1, bad + ":7: alternative 5 out of range 1..4"},
		{"tie in soc", []string{strict}, 1, strict + ":7: tie {…} in a strict-order (soc) file"},
		{"missing file", []string{filepath.Join(t.TempDir(), "none.soc")}, 1, "no such file"},
		{"too many seats", []string{"--method", "stv", "--seats", "5", good}, 1, good + ": stv: 5 seats among 4 alternatives"},
		{"no file", nil, 2, "want one FILE"},
		{"two files", []string{good, good}, 2, "want one FILE"},
		{"unknown method", []string{"--method", "borda", good}, 2, `--method "borda"`},
		{"seats with schulze", []string{"--seats", "2", good}, 2, "--seats is for --method stv"},
		{"bad flag", []string{"--nope", good}, 2, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := tallyRun(t, tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d, stderr containing %q", code, errs, tt.code, tt.stderr)
			}
			if out != "" {
				t.Errorf("stdout %q on error, want nothing", out)
			}
		})
	}
}
