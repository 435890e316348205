package ballot

import (
	"errors"
	"strings"
	"testing"

	"commune"

	"github.com/google/go-cmp/cmp"
)

func TestReadPrefLibDebian2012(t *testing.T) {
	e := readFile(t, "testdata/00002-00000007.toc")
	if diff := cmp.Diff([]string{"Wouter Verhelst", "Gergely Nagy", "Stefano Zacchiroli", "None Of The Above"}, e.Names); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
	if e.Type != "toc" || e.Title != "Debian 2012 Leader" || e.Voters != 403 || len(e.Ballots) != 29 {
		t.Errorf("type %q title %q voters %d orders %d", e.Type, e.Title, e.Voters, len(e.Ballots))
	}
	// "167: 3,1,2,4" and "23: 3,{1,2,4}", 0-based.
	if diff := cmp.Diff(Ballot{Ranks: [][]int{{2}, {0}, {1}, {3}}, Count: 167}, e.Ballots[0]); diff != "" {
		t.Errorf("first order (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Ballot{Ranks: [][]int{{2}, {0, 1, 3}}, Count: 23}, e.Ballots[3]); diff != "" {
		t.Errorf("fourth order (-want +got):\n%s", diff)
	}
}

const header = `# FILE NAME: test.%[1]s
# TITLE: Test
# DATA TYPE: %[1]s
# NUMBER ALTERNATIVES: 3
# ALTERNATIVE NAME 1: Ann
# ALTERNATIVE NAME 2: Bob
# ALTERNATIVE NAME 3: Cy
`

func file(kind, orders string) string {
	return strings.Replace(header, "%[1]s", kind, -1) + orders
}

func TestReadPrefLibTypes(t *testing.T) {
	tests := []struct {
		name, in string
		want     []Ballot
	}{
		{"soc", file("soc", "2: 1,2,3\n1: 3, 2, 1\n"), []Ballot{
			{Ranks: [][]int{{0}, {1}, {2}}, Count: 2}, {Ranks: [][]int{{2}, {1}, {0}}, Count: 1}}},
		{"soi", file("soi", "4: 2\n1: 3,1\n"), []Ballot{
			{Ranks: [][]int{{1}}, Count: 4}, {Ranks: [][]int{{2}, {0}}, Count: 1}}},
		{"toc", file("toc", "1: {1,3},2\n"), []Ballot{
			{Ranks: [][]int{{0, 2}, {1}}, Count: 1}}},
		{"toi with spaces, CRLF and blank lines", file("toi", "1: { 2 , 1 }\r\n\n7:3\n"), []Ballot{
			{Ranks: [][]int{{1, 0}}, Count: 1}, {Ranks: [][]int{{2}}, Count: 7}}},
		{"header only", file("toi", ""), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := ReadPrefLib(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, e.Ballots); diff != "" {
				t.Errorf("ballots (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadPrefLibErrors(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
		reason   string // a part of the reason
	}{
		{"no alternatives", "# TITLE: x\n1: 1\n", 2, "NUMBER ALTERNATIVES"},
		{"bad number of alternatives", "# NUMBER ALTERNATIVES: many\n", 1, "not a whole number"},
		{"missing name", "# NUMBER ALTERNATIVES: 2\n# ALTERNATIVE NAME 1: A\n1: 1,2\n", 3, "alternative 2 has no ALTERNATIVE NAME"},
		{"duplicate name", "# NUMBER ALTERNATIVES: 2\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: A\n1: 1\n", 4, "both named"},
		{"name beyond n", "# NUMBER ALTERNATIVES: 1\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n", 3, "beyond"},
		{"metadata without colon", "# hello\n", 1, "KEY: value"},
		{"metadata twice", "# TITLE: a\n# TITLE: b\n", 2, "given twice"},
		{"not ordinal", "# DATA TYPE: cat\n", 1, "not ordinal"},
		{"metadata after orders", file("toi", "1: 1\n# TITLE: late\n"), 9, "after the first order"},
		{"no count", file("toi", "1,2,3\n"), 8, "count:"},
		{"zero count", file("toi", "0: 1\n"), 8, "count"},
		{"negative count", file("toi", "-2: 1\n"), 8, "count"},
		{"empty order", file("toi", "3:\n"), 8, "empty order"},
		{"alternative out of range", file("toi", "1: 1\n1: 4\n"), 9, "alternative 4 out of range"},
		{"alternative zero", file("toi", "1: 0\n"), 8, "out of range"},
		{"repeated alternative", file("toi", "1: 1,{2,1}\n"), 8, "twice"},
		{"unclosed tie", file("toi", "1: {1,2\n"), 8, "not closed"},
		{"empty tie", file("toi", "1: {}\n"), 8, "alternative was expected"},
		{"trailing comma", file("toi", "1: 1,\n"), 8, "alternative was expected"},
		{"garbage", file("toi", "1: 1;2\n"), 8, "unexpected"},
		{"tie in strict file", file("soi", "1: {1,2}\n"), 8, "strict-order"},
		{"incomplete in complete file", file("toc", "1: 1,2\n"), 8, "complete-order"},
		{"voters mismatch", "# NUMBER ALTERNATIVES: 1\n# ALTERNATIVE NAME 1: A\n# NUMBER VOTERS: 3\n2: 1\n", 3, "NUMBER VOTERS is 3"},
		{"orders mismatch", "# NUMBER ALTERNATIVES: 1\n# ALTERNATIVE NAME 1: A\n# NUMBER UNIQUE ORDERS: 2\n2: 1\n", 3, "NUMBER UNIQUE ORDERS is 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadPrefLib(strings.NewReader(tt.in))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *ParseError", err)
			}
			if pe.Line != tt.line || !strings.Contains(pe.Reason, tt.reason) {
				t.Errorf("got line %d %q, want line %d containing %q", pe.Line, pe.Reason, tt.line, tt.reason)
			}
			if commune.ErrorCode(err) != commune.EINVALID {
				t.Errorf("code %q, want %q", commune.ErrorCode(err), commune.EINVALID)
			}
		})
	}
}

// FuzzReadPrefLib checks that any input is either rejected with a line
// number inside the file or read into ballots that Validate accepts and
// that count without panicking.
func FuzzReadPrefLib(f *testing.F) {
	f.Add(file("toc", "2: 1,2,3\n1: {1,3},2\n"))
	f.Add(file("toi", "1: {2,1}\n7: 3\n"))
	f.Add(file("soi", "4: 2\n"))
	f.Add("# NUMBER ALTERNATIVES: 1\n# ALTERNATIVE NAME 1: A\n# NUMBER VOTERS: 3\n2: 1\n")
	f.Add(file("toi", "1: {1,2\n"))
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		e, err := ReadPrefLib(strings.NewReader(in))
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			if pe.Line < 1 || pe.Line > strings.Count(in, "\n")+2 {
				t.Fatalf("error on line %d of a %d-line input", pe.Line, strings.Count(in, "\n")+1)
			}
			return
		}
		if err := Validate(len(e.Names), e.Ballots); err != nil {
			t.Fatalf("read ballots fail Validate: %v", err)
		}
		if len(e.Names) <= 50 {
			r := Schulze(len(e.Names), e.Ballots)
			if len(e.Names) > 0 && len(r.Winners()) == 0 {
				t.Fatal("no winner")
			}
		}
	})
}
