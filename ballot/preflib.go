package ballot

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"commune"
)

// Election is a PrefLib file of ordinal preferences (.soc, .soi, .toc,
// .toi) as read by ReadPrefLib.
type Election struct {
	// Type is the DATA TYPE: "soc", "soi", "toc" or "toi".
	Type string
	// Title is the TITLE metadata, possibly empty.
	Title string
	// Meta holds every metadata line, KEY → value, keys as written.
	Meta map[string]string
	// Names are the alternatives' names; PrefLib's alternative i is
	// Names[i-1] and number i-1 in Ballots.
	Names []string
	// Ballots are the orders, one per line of the file, in file order.
	Ballots []Ballot
	// Voters is the sum of the orders' counts.
	Voters int64
}

// ParseError is a malformed PrefLib file: the line (1-based) and why.
type ParseError struct {
	Line   int
	Reason string
}

// Error implements error.
func (e *ParseError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// Unwrap gives the domain error, code EINVALID, reason "bad_preflib".
func (e *ParseError) Unwrap() error {
	return commune.Errorf(commune.EINVALID, "bad_preflib", "%s", e.Error())
}

// Limits that keep a hostile file from exhausting memory or overflowing.
const (
	// MaxAlternatives is the most alternatives a PrefLib file may declare.
	MaxAlternatives = 100_000
	maxCount        = 1 << 40 // the most voters one order line may have
	maxVoters       = 1 << 50 // the most voters a file may have in total
)

// ReadPrefLib reads a PrefLib file of ordinal preferences, following
// PrefLib's format specification (FORMAT_SPECIFICATION.md of the
// PrefLib-Data repository; Mattei and Walsh, "PrefLib: A Library for
// Preferences", ADT 2013): metadata lines "# KEY: value" first, among them
// "# NUMBER ALTERNATIVES: n" and one "# ALTERNATIVE NAME i: name" for each
// i in 1..n, then one line per distinct order, "count: 1,2,{3,4},5" (a
// comma separates strictly preferred groups; braces hold ties).
//
// It checks what the specification requires: names unique and complete,
// alternatives in range and listed once per order, orders strict for
// soc/soi and complete for soc/toc, and NUMBER VOTERS and NUMBER UNIQUE
// ORDERS, when present, equal to the counts. Blank lines are ignored.
// The first problem is returned as a *ParseError naming its line.
func ReadPrefLib(r io.Reader) (*Election, error) {
	p := &parser{e: &Election{Type: "toi", Meta: map[string]string{}}, names: map[int]string{}, metaLine: map[string]int{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" {
			continue
		}
		var err error
		p.line = line
		if strings.HasPrefix(text, "#") {
			err = p.meta(text)
		} else {
			err = p.order(text)
		}
		if err != nil {
			return nil, &ParseError{Line: line, Reason: err.Error()}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &ParseError{Line: line + 1, Reason: err.Error()}
	}
	if !p.inOrders {
		if err := p.endHeader(); err != nil {
			return nil, &ParseError{Line: max(line, 1), Reason: err.Error()}
		}
	}
	if err := p.checkTotals(); err != nil {
		return nil, err
	}
	return p.e, nil
}

// parser is the state of one ReadPrefLib call.
type parser struct {
	e        *Election
	n        int            // NUMBER ALTERNATIVES, 0 until read
	names    map[int]string // ALTERNATIVE NAME i → name
	metaLine map[string]int // metadata key → the line it was on
	line     int            // the line being parsed
	inOrders bool
	lines    int // order lines read
	pos      []int
}

func (p *parser) meta(text string) error {
	if p.inOrders {
		return fmt.Errorf("metadata line after the first order")
	}
	body := strings.TrimSpace(strings.TrimPrefix(text, "#"))
	key, value, ok := strings.Cut(body, ":")
	if !ok {
		return fmt.Errorf("metadata line without \"KEY: value\"")
	}
	key, value = strings.TrimSpace(key), strings.TrimSpace(value)
	if _, dup := p.e.Meta[key]; dup {
		return fmt.Errorf("metadata %q given twice", key)
	}
	p.e.Meta[key] = value
	p.metaLine[key] = p.line
	switch {
	case key == "DATA TYPE":
		t := strings.ToLower(value)
		switch t {
		case "soc", "soi", "toc", "toi":
			p.e.Type = t
		default:
			return fmt.Errorf("data type %q is not ordinal (want soc, soi, toc or toi)", value)
		}
	case key == "TITLE":
		p.e.Title = value
	case key == "NUMBER ALTERNATIVES":
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 || n > MaxAlternatives {
			return fmt.Errorf("NUMBER ALTERNATIVES %q is not a whole number in 1..%d", value, MaxAlternatives)
		}
		p.n = n
	case key == "NUMBER VOTERS", key == "NUMBER UNIQUE ORDERS":
		if v, err := strconv.ParseInt(value, 10, 64); err != nil || v < 0 {
			return fmt.Errorf("%s %q is not a whole number", key, value)
		}
	case strings.HasPrefix(key, "ALTERNATIVE NAME "):
		i, err := strconv.Atoi(strings.TrimPrefix(key, "ALTERNATIVE NAME "))
		if err != nil || i < 1 || i > MaxAlternatives {
			return fmt.Errorf("%q does not name an alternative number", key)
		}
		if value == "" {
			return fmt.Errorf("alternative %d has an empty name", i)
		}
		p.names[i] = value
	}
	return nil
}

// endHeader checks the metadata once the orders begin (or the file ends).
func (p *parser) endHeader() error {
	p.inOrders = true
	if p.n == 0 {
		return fmt.Errorf("no \"# NUMBER ALTERNATIVES: n\" before the orders")
	}
	p.e.Names = make([]string, p.n)
	byName := map[string]int{}
	for i, name := range p.names {
		if i > p.n {
			return fmt.Errorf("ALTERNATIVE NAME %d beyond NUMBER ALTERNATIVES %d", i, p.n)
		}
		p.e.Names[i-1] = name
	}
	for i, name := range p.e.Names {
		if name == "" {
			return fmt.Errorf("alternative %d has no ALTERNATIVE NAME line", i+1)
		}
		if j, dup := byName[name]; dup {
			return fmt.Errorf("alternatives %d and %d are both named %q", j+1, i+1, name)
		}
		byName[name] = i
	}
	p.pos = make([]int, p.n)
	return nil
}

func (p *parser) order(text string) error {
	if !p.inOrders {
		if err := p.endHeader(); err != nil {
			return err
		}
	}
	p.lines++
	head, body, ok := strings.Cut(text, ":")
	if !ok {
		return fmt.Errorf("order without \"count:\"")
	}
	count, err := strconv.ParseInt(strings.TrimSpace(head), 10, 64)
	if err != nil || count < 1 || count > maxCount {
		return fmt.Errorf("count %q is not a whole number in 1..%d", strings.TrimSpace(head), int64(maxCount))
	}
	ranks, err := parseOrder(body, p.n, p.pos, p.lines)
	if err != nil {
		return err
	}
	mentioned := 0
	for _, g := range ranks {
		mentioned += len(g)
		if len(g) > 1 && (p.e.Type == "soc" || p.e.Type == "soi") {
			return fmt.Errorf("tie {…} in a strict-order (%s) file", p.e.Type)
		}
	}
	if mentioned < p.n && (p.e.Type == "soc" || p.e.Type == "toc") {
		return fmt.Errorf("order ranks %d of %d alternatives in a complete-order (%s) file", mentioned, p.n, p.e.Type)
	}
	p.e.Voters += count
	if p.e.Voters > maxVoters {
		return fmt.Errorf("more than %d voters", int64(maxVoters))
	}
	p.e.Ballots = append(p.e.Ballots, Ballot{Ranks: ranks, Count: int(count)})
	return nil
}

// parseOrder parses "1,2,{3,4},5" into 0-based groups. seen must have
// length n; it records, per alternative, the order line (stamp) that last
// used it, which finds repeats without clearing between lines.
func parseOrder(s string, n int, seen []int, stamp int) ([][]int, error) {
	var ranks [][]int
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fmt.Errorf("empty order")
	}
	for i := 0; ; {
		var group []int
		i = skipSpace(s, i)
		if i < len(s) && s[i] == '{' {
			i++
			for {
				i = skipSpace(s, i)
				a, j, err := alternative(s, i, n)
				if err != nil {
					return nil, err
				}
				group = append(group, a)
				i = skipSpace(s, j)
				if i < len(s) && s[i] == ',' {
					i++
					continue
				}
				if i < len(s) && s[i] == '}' {
					i++
					break
				}
				return nil, fmt.Errorf("tie group not closed with '}' at column %d", i+1)
			}
		} else {
			a, j, err := alternative(s, i, n)
			if err != nil {
				return nil, err
			}
			group = append(group, a)
			i = j
		}
		for _, a := range group {
			if seen[a] == stamp {
				return nil, fmt.Errorf("alternative %d appears twice in one order", a+1)
			}
			seen[a] = stamp
		}
		ranks = append(ranks, group)
		i = skipSpace(s, i)
		if i == len(s) {
			return ranks, nil
		}
		if s[i] != ',' {
			return nil, fmt.Errorf("unexpected %q at column %d of the order", s[i], i+1)
		}
		i++
	}
}

// alternative reads a 1-based alternative number at s[i:] and returns it
// 0-based with the index after it.
func alternative(s string, i, n int) (int, int, error) {
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == i {
		if i >= len(s) {
			return 0, i, fmt.Errorf("order ends where an alternative was expected")
		}
		return 0, i, fmt.Errorf("unexpected %q where an alternative was expected", s[i])
	}
	a, err := strconv.Atoi(s[i:j])
	if err != nil || a < 1 || a > n {
		return 0, i, fmt.Errorf("alternative %s out of range 1..%d", s[i:j], n)
	}
	return a - 1, j, nil
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// checkTotals compares NUMBER VOTERS and NUMBER UNIQUE ORDERS with the
// orders read.
func (p *parser) checkTotals() error {
	if v, ok := p.e.Meta["NUMBER VOTERS"]; ok {
		want, _ := strconv.ParseInt(v, 10, 64)
		if want != p.e.Voters {
			return &ParseError{Line: p.metaLineOf("NUMBER VOTERS"), Reason: fmt.Sprintf("NUMBER VOTERS is %d but the orders count %d voters", want, p.e.Voters)}
		}
	}
	if v, ok := p.e.Meta["NUMBER UNIQUE ORDERS"]; ok {
		want, _ := strconv.ParseInt(v, 10, 64)
		if want != int64(p.lines) {
			return &ParseError{Line: p.metaLineOf("NUMBER UNIQUE ORDERS"), Reason: fmt.Sprintf("NUMBER UNIQUE ORDERS is %d but there are %d order lines", want, p.lines)}
		}
	}
	return nil
}

func (p *parser) metaLineOf(key string) int { return p.metaLine[key] }
