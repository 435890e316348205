package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseRanks(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    [][]int64
		wantErr string
	}{
		{"3", [][]int64{{3}}, ""},
		{"3>1=2>4", [][]int64{{3}, {1, 2}, {4}}, ""},
		{" 3 , 1 = 2 ", [][]int64{{3}, {1, 2}}, ""},
		{"3>>1", nil, "empty rank"},
		{"3>3", nil, "ranked twice"},
		{"a>1", nil, "not an id"},
		{"-1", nil, "not an id"},
		{"", nil, "empty rank"},
	} {
		got, err := parseRanks(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("parseRanks(%q): error %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseRanks(%q): %v", tc.in, err)
		} else if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("parseRanks(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

func FuzzParseRanks(f *testing.F) {
	for _, s := range []string{"3>1=2>4", "1", "1,2,3", ">", "1=1", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := parseRanks(s)
		if err != nil {
			return
		}
		// A ranking parsed is non-empty, ids distinct and non-negative.
		seen := map[int64]bool{}
		for _, g := range r {
			if len(g) == 0 {
				t.Fatalf("%q: empty group in %v", s, r)
			}
			for _, id := range g {
				if id < 0 || seen[id] {
					t.Fatalf("%q: bad or repeated id %d in %v", s, id, r)
				}
				seen[id] = true
			}
		}
	})
}

func TestParseInterspersed(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		wantPos  []string
		wantJSON bool
		wantN    int64
	}{
		{[]string{"12", "--json"}, []string{"12"}, true, 0},
		{[]string{"--n", "3", "12", "show"}, []string{"12", "show"}, false, 3},
		{[]string{"show", "--n=4", "12", "--json"}, []string{"show", "12"}, true, 4},
		{[]string{"--", "--json"}, []string{"--json"}, false, 0},
		{[]string{"a", "--", "-b"}, []string{"a", "-b"}, false, 0},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		j := fs.Bool("json", false, "")
		n := fs.Int64("n", 0, "")
		pos, err := parseInterspersed(fs, tc.args)
		if err != nil {
			t.Errorf("%v: %v", tc.args, err)
			continue
		}
		if diff := cmp.Diff(tc.wantPos, pos); diff != "" || *j != tc.wantJSON || *n != tc.wantN {
			t.Errorf("%v: positional %v json %v n %d; want %v %v %d", tc.args, pos, *j, *n, tc.wantPos, tc.wantJSON, tc.wantN)
		}
	}
}

func TestPrintAnswerText(t *testing.T) {
	in := `{"id": 7, "name": "Bakery", "open": true, "created": 1700000000000000, "voting": 259200000000,
		"members": [{"id": 1, "name": "Rosa"}, {"id": 12, "name": "Amal", "extra": [1, 2]}], "tags": [], "parent": null}`
	var buf bytes.Buffer
	if err := printAnswer(&buf, []byte(in), false); err != nil {
		t.Fatal(err)
	}
	want := `id: 7
name: Bakery
open: yes
created: 2023-11-14T22:13:20Z
voting: 72h0m0s
members:
  ID  NAME  EXTRA
  1   Rosa
  12  Amal  1, 2
tags: (none)
parent: -
`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
	buf.Reset()
	printAnswer(&buf, []byte(in), true)
	var v any
	if err := json.Unmarshal(buf.Bytes(), &v); err != nil {
		t.Errorf("--json output is not JSON: %v", err)
	}
	buf.Reset()
	printAnswer(&buf, []byte("commune\n2\nabc=\n"), false)
	if buf.String() != "commune\n2\nabc=\n" {
		t.Errorf("non-JSON answer changed: %q", buf.String())
	}
}

func FuzzDecodeOrdered(f *testing.F) {
	for _, s := range []string{`{"a":1,"b":[{"c":"d"}]}`, `[]`, `"x"`, `{"a":{}}`, `{`, `[1,2]x`, `null`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := decodeOrdered(data)
		if (err == nil) != json.Valid(data) {
			t.Fatalf("decodeOrdered(%q): error %v, but json.Valid says %v", data, err, json.Valid(data))
		}
		if err == nil {
			renderText(io.Discard, v, "")
		}
	})
}

func TestAPIErrorIsPrinted(t *testing.T) {
	e := &apiError{Status: 409, Code: "conflict", Reason: "voting_closed", Message: "voting on question 3 has closed"}
	if got, want := e.Error(), "conflict (voting_closed): voting on question 3 has closed [HTTP 409]"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
