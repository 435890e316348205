package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// The client commands print the server's JSON as is with --json, and
// otherwise as readable text: objects as "key: value" lines, lists of
// objects as aligned tables. The rendering is generic so that every
// answer of the API stays readable as the API grows.

// field is one member of a JSON object, in the order the server wrote it.
type field struct {
	key string
	val any
}

// object is a JSON object with its members in order.
type object []field

// decodeOrdered decodes JSON keeping object member order and exact numbers.
func decodeOrdered(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("trailing data after JSON value")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			var o object
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				o = append(o, field{k.(string), v})
			}
			_, err := dec.Token() // '}'
			return o, err
		case '[':
			a := []any{}
			for dec.More() {
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				a = append(a, v)
			}
			_, err := dec.Token() // ']'
			return a, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	default:
		return tok, nil
	}
}

// printAnswer prints a server answer: indented JSON when asJSON, text otherwise.
func printAnswer(w io.Writer, data []byte, asJSON bool) error {
	if asJSON {
		var buf bytes.Buffer
		if err := json.Indent(&buf, data, "", "  "); err != nil {
			_, err = w.Write(data)
			return err
		}
		buf.WriteByte('\n')
		_, err := w.Write(buf.Bytes())
		return err
	}
	v, err := decodeOrdered(data)
	if err != nil {
		// Not JSON (a checkpoint, for instance): print it as it is.
		_, err = w.Write(data)
		return err
	}
	renderText(w, v, "")
	return nil
}

// renderText writes v as text, each line prefixed with indent.
func renderText(w io.Writer, v any, indent string) {
	switch t := v.(type) {
	case object:
		for _, f := range t {
			switch fv := f.val.(type) {
			case object:
				if len(fv) == 0 {
					fmt.Fprintf(w, "%s%s: {}\n", indent, f.key)
					continue
				}
				fmt.Fprintf(w, "%s%s:\n", indent, f.key)
				renderText(w, fv, indent+"  ")
			case []any:
				if len(fv) == 0 || !allObjects(fv) {
					fmt.Fprintf(w, "%s%s: %s\n", indent, f.key, scalarText(fv))
					continue
				}
				fmt.Fprintf(w, "%s%s:\n", indent, f.key)
				renderTable(w, fv, indent+"  ")
			default:
				fmt.Fprintf(w, "%s%s: %s\n", indent, f.key, scalarText(fieldText(f.key, fv)))
			}
		}
	case []any:
		if len(t) > 0 && allObjects(t) {
			renderTable(w, t, indent)
			return
		}
		for _, e := range t {
			fmt.Fprintf(w, "%s%s\n", indent, scalarText(e))
		}
	default:
		fmt.Fprintf(w, "%s%s\n", indent, scalarText(t))
	}
}

func allObjects(a []any) bool {
	for _, e := range a {
		if _, ok := e.(object); !ok {
			return false
		}
	}
	return true
}

// renderTable prints a list of objects as aligned columns, one per key
// (in first-seen order); nested values are shown as compact JSON.
func renderTable(w io.Writer, rows []any, indent string) {
	var cols []string
	seen := map[string]bool{}
	for _, r := range rows {
		for _, f := range r.(object) {
			if !seen[f.key] {
				seen[f.key] = true
				cols = append(cols, f.key)
			}
		}
	}
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s%s\n", indent, strings.ToUpper(strings.Join(cols, "\t")))
	for _, r := range rows {
		vals := map[string]any{}
		for _, f := range r.(object) {
			vals[f.key] = f.val
		}
		cells := make([]string, len(cols))
		for i, c := range cols {
			if v, ok := vals[c]; ok {
				cells[i] = cellText(fieldText(c, v))
			}
		}
		fmt.Fprintf(tw, "%s%s\n", indent, strings.Join(cells, "\t"))
	}
	tw.Flush()
	for _, line := range strings.SplitAfter(buf.String(), "\n") {
		if line != "" {
			io.WriteString(w, strings.TrimRight(line, " \n")+"\n")
		}
	}
}

// Keys whose integer values are times (microseconds since the epoch) or
// durations (microseconds), shown readably in text output.
var (
	timeKeys = map[string]bool{"time": true, "at": true, "created": true, "since": true, "joined": true,
		"opened": true, "closes": true, "opens": true, "decided": true, "expires": true, "ended": true,
		"voting_opens": true, "voting_closes": true, "voting_close": true, "nominations_close": true,
		"term_start": true, "term_end": true}
	durationKeys = map[string]bool{"term": true, "discussion": true, "voting": true, "petition": true}
)

// fieldText is scalarText, but shows times as RFC 3339 (UTC) and
// durations as hours.
func fieldText(key string, v any) any {
	n, ok := v.(json.Number)
	if !ok {
		return v
	}
	us, err := n.Int64()
	if err != nil {
		return v
	}
	switch {
	case timeKeys[key] && us > 0:
		return time.UnixMicro(us).UTC().Format(time.RFC3339)
	case durationKeys[key]:
		return (time.Duration(us) * time.Microsecond).String()
	}
	return v
}

// cellText is scalarText shortened to fit a table cell.
func cellText(v any) string {
	s := scalarText(v)
	s = strings.ReplaceAll(s, "\n", " ")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:59]) + "…"
	}
	return s
}

// scalarText writes a scalar as text and anything else as compact JSON.
func scalarText(v any) string {
	switch t := v.(type) {
	case nil:
		return "-"
	case string:
		return t
	case json.Number:
		return t.String()
	case bool:
		if t {
			return "yes"
		}
		return "no"
	case []any:
		if len(t) == 0 {
			return "(none)"
		}
		parts := make([]string, len(t))
		for i, e := range t {
			parts[i] = scalarText(e)
		}
		return strings.Join(parts, ", ")
	case object:
		parts := make([]string, len(t))
		for i, f := range t {
			parts[i] = f.key + "=" + scalarText(f.val)
		}
		return "{" + strings.Join(parts, " ") + "}"
	}
	return fmt.Sprint(v)
}
