package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"commune"
	"commune/council"
	"commune/record"
)

// Remote reads the public record of a running server through its JSON API,
// so that `commune audit URL` can check it exactly as it checks a data
// directory. The shapes it expects are stated in docs/storage.md:
//
//	GET /api/v1/record/checkpoint        the signed checkpoint note (text)
//	GET /api/v1/record/entries?from=&to= {"size": N, "entries": [EntryJSON...]}
//	GET /api/v1/record/tables/{name}     {"table": ..., "columns": [...], "rows": [[...]], "size": N}
type Remote struct {
	base   *url.URL
	client *http.Client
}

// NewRemote returns a Remote for the server at base (such as
// "http://127.0.0.1:8080"). A nil client means http.DefaultClient.
func NewRemote(base string, client *http.Client) (*Remote, error) {
	u, err := url.Parse(strings.TrimSuffix(base, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, commune.Errorf(commune.EINVALID, "bad_url", "%q is not an http(s) URL", base)
	}
	if client == nil {
		client = http.DefaultClient
	}
	return &Remote{base: u, client: client}, nil
}

// maxErrorBody bounds how much of an error response is read.
const maxErrorBody = 64 << 10

// get fetches path (with query) and returns the open body of a 200 response.
func (r *Remote) get(ctx context.Context, path string, q url.Values) (io.ReadCloser, error) {
	u := *r.base
	u.Path = r.base.Path + path
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		var apiErr struct {
			Error struct{ Code, Reason, Message string } `json:"error"`
		}
		if json.Unmarshal(b, &apiErr) == nil && apiErr.Error.Code != "" {
			return nil, fmt.Errorf("GET %s: %s: %w", u.Path, resp.Status,
				&commune.Error{Code: apiErr.Error.Code, Reason: apiErr.Error.Reason, Message: apiErr.Error.Message})
		}
		return nil, fmt.Errorf("GET %s: %s", u.Path, resp.Status)
	}
	return resp.Body, nil
}

// VerifierKey returns the verifier key the server publishes. An auditor
// should rather compare it with one obtained independently (--key).
func (r *Remote) VerifierKey(ctx context.Context) (string, error) {
	body, err := r.get(ctx, "/api/v1/record/verification-key", nil)
	if err != nil {
		return "", fmt.Errorf("remote verification key: %w", err)
	}
	defer body.Close()
	b, err := io.ReadAll(io.LimitReader(body, 4096))
	if err != nil {
		return "", fmt.Errorf("remote verification key: %w", err)
	}
	return strings.TrimSpace(string(b)), nil
}

// Checkpoint returns the server's latest signed checkpoint.
func (r *Remote) Checkpoint(ctx context.Context) ([]byte, error) {
	body, err := r.get(ctx, "/api/v1/record/checkpoint", nil)
	if err != nil {
		return nil, fmt.Errorf("remote checkpoint: %w", err)
	}
	defer body.Close()
	b, err := io.ReadAll(io.LimitReader(body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("remote checkpoint: %w", err)
	}
	return b, nil
}

// EntriesPage is the JSON shape of GET /api/v1/record/entries: the
// record's size and the entries from the requested index on (a server
// may return fewer than asked, never more, and never zero while some are
// left in the range); To is where the next page starts.
type EntriesPage struct {
	From    int64              `json:"from"`
	To      int64              `json:"to"`
	Size    int64              `json:"size"`
	Entries []record.EntryJSON `json:"entries"`
}

// DecodeEntriesPage decodes and validates an entries page.
func DecodeEntriesPage(rd io.Reader) (EntriesPage, error) {
	var p EntriesPage
	dec := json.NewDecoder(rd)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return EntriesPage{}, fmt.Errorf("entries page: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return EntriesPage{}, errors.New("entries page: data after the JSON object")
	}
	if p.Size < 0 {
		return EntriesPage{}, fmt.Errorf("entries page: negative size %d", p.Size)
	}
	return p, nil
}

// Size returns the record's size as the server reports it.
func (r *Remote) Size(ctx context.Context) (int64, error) {
	p, err := r.page(ctx, 0, 0)
	if err != nil {
		return 0, err
	}
	return p.Size, nil
}

func (r *Remote) page(ctx context.Context, from, to int64) (EntriesPage, error) {
	q := url.Values{"from": {strconv.FormatInt(from, 10)}, "to": {strconv.FormatInt(to, 10)}}
	body, err := r.get(ctx, "/api/v1/record/entries", q)
	if err != nil {
		return EntriesPage{}, fmt.Errorf("remote entries: %w", err)
	}
	defer body.Close()
	p, err := DecodeEntriesPage(body)
	if err != nil {
		return EntriesPage{}, fmt.Errorf("remote entries from %d: %w", from, err)
	}
	return p, nil
}

// Entries calls fn for the entries with from <= Index < to, fetching them
// page by page.
func (r *Remote) Entries(ctx context.Context, from, to int64, fn func(record.Entry) error) error {
	for from < to {
		p, err := r.page(ctx, from, to)
		if err != nil {
			return err
		}
		if len(p.Entries) == 0 {
			return fmt.Errorf("remote entries: the server returned none from %d (size %d)", from, p.Size)
		}
		for _, j := range p.Entries {
			if j.Index != from {
				return fmt.Errorf("remote entries: got entry %d, want %d", j.Index, from)
			}
			if from >= to {
				return fmt.Errorf("remote entries: got entry %d beyond the range asked", j.Index)
			}
			e, err := j.Entry()
			if err != nil {
				return &record.VerifyError{Index: j.Index, Err: err}
			}
			if err := fn(e); err != nil {
				return err
			}
			from++
		}
	}
	return nil
}

// Rows streams a derived table from GET /api/v1/record/tables/{name}.
func (r *Remote) Rows(ctx context.Context, table string, fn func(row []any) error) (int64, error) {
	spec, ok := TableSpec(table)
	if !ok {
		return 0, commune.Errorf(commune.ENOTFOUND, "unknown_table", "no derived table %q", table)
	}
	body, err := r.get(ctx, "/api/v1/record/tables/"+url.PathEscape(table), nil)
	if err != nil {
		return 0, fmt.Errorf("remote table %s: %w", table, err)
	}
	defer body.Close()
	size, err := DecodeTable(body, spec, fn)
	if err != nil {
		return 0, fmt.Errorf("remote table %s: %w", table, err)
	}
	return size, nil
}

// TableColumn is a column in the JSON shape of a derived table.
type TableColumn struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// DecodeTable reads the JSON shape of a derived table, checking its name
// and columns against spec, and calls fn for each row (values converted to
// int64 or string by column type) as it is read, so a large table is never
// held in memory. It returns the "size" member. fn's errors are returned
// as they are.
func DecodeTable(rd io.Reader, spec council.Table, fn func(row []any) error) (int64, error) {
	dec := json.NewDecoder(rd)
	dec.UseNumber()
	if err := expectDelim(dec, '{'); err != nil {
		return 0, err
	}
	size := int64(-1)
	var seen = map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return 0, err
		}
		key, _ := tok.(string)
		if seen[key] {
			return 0, fmt.Errorf("member %q twice", key)
		}
		seen[key] = true
		switch key {
		case "table":
			var name string
			if err := dec.Decode(&name); err != nil {
				return 0, fmt.Errorf("table: %w", err)
			}
			if name != spec.Name {
				return 0, fmt.Errorf("table is %q, want %q", name, spec.Name)
			}
		case "columns":
			var cols []TableColumn
			if err := dec.Decode(&cols); err != nil {
				return 0, fmt.Errorf("columns: %w", err)
			}
			if len(cols) != len(spec.Columns) {
				return 0, fmt.Errorf("%d columns, want %d", len(cols), len(spec.Columns))
			}
			for i, c := range cols {
				if c.Name != spec.Columns[i].Name || c.Type != spec.Columns[i].Type {
					return 0, fmt.Errorf("column %d is %s %s, want %s %s", i, c.Name, c.Type, spec.Columns[i].Name, spec.Columns[i].Type)
				}
			}
		case "size":
			if err := dec.Decode(&size); err != nil || size < 0 {
				return 0, fmt.Errorf("size is not a non-negative integer")
			}
		case "rows":
			if err := decodeRows(dec, spec, fn); err != nil {
				return 0, err
			}
		default:
			return 0, fmt.Errorf("unknown member %q", key)
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return 0, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return 0, errors.New("data after the JSON object")
	}
	if !seen["rows"] || size < 0 {
		return 0, errors.New(`"rows" and "size" are required`)
	}
	return size, nil
}

func decodeRows(dec *json.Decoder, spec council.Table, fn func(row []any) error) error {
	if err := expectDelim(dec, '['); err != nil {
		return fmt.Errorf("rows: %w", err)
	}
	for n := 0; dec.More(); n++ {
		var raw []any
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("row %d: %w", n, err)
		}
		row, err := convertRow(spec, raw)
		if err != nil {
			return fmt.Errorf("row %d: %w", n, err)
		}
		if err := fn(row); err != nil {
			return err
		}
	}
	return expectDelim(dec, ']')
}

// convertRow checks a decoded row against the column types.
func convertRow(spec council.Table, raw []any) ([]any, error) {
	if len(raw) != len(spec.Columns) {
		return nil, fmt.Errorf("%d values, want %d", len(raw), len(spec.Columns))
	}
	row := make([]any, len(raw))
	for i, v := range raw {
		c := spec.Columns[i]
		switch c.Type {
		case "INTEGER":
			num, ok := v.(json.Number)
			if !ok {
				return nil, fmt.Errorf("column %s: %v is not an integer", c.Name, v)
			}
			n, err := strconv.ParseInt(string(num), 10, 64)
			if err != nil {
				return nil, fmt.Errorf("column %s: %v is not an int64", c.Name, v)
			}
			row[i] = n
		case "TEXT":
			s, ok := v.(string)
			if !ok {
				return nil, fmt.Errorf("column %s: %v is not a string", c.Name, v)
			}
			row[i] = s
		default:
			return nil, fmt.Errorf("column %s: unknown type %s", c.Name, c.Type)
		}
	}
	return row, nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("got %v, want %q", tok, want)
	}
	return nil
}
