package plan

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"

	"commune/sparse"
)

// ReadInputs reads inputs.csv (product,input,quantity) into the n × n
// matrix A (A[input][product] = quantity). A file grouped by product in
// the order of products.csv (as Commune writes it) is built straight into
// compressed columns; any other order is sorted afterwards.
func ReadInputs(r io.Reader, file string, idx *Index, n int) (*sparse.CSC, error) {
	s := newScanner(r, file)
	col, err := s.readHeader([]string{"product", "input", "quantity"})
	if err != nil {
		return nil, err
	}
	b := newBuilder(n, n)
	size := sizeOf(r)
	cP, cI, cQ := col[0], col[1], col[2]
	need := max(cP, cI, cQ)
	parse := func(s *scanner, c *chunk) error {
		var last []byte
		lastJ := -1
		for s.next() {
			if need >= len(s.fields) {
				_, err := s.field(need)
				return err
			}
			p, err := s.id(cP)
			if err != nil {
				return err
			}
			// Files grouped by product repeat the product on every line
			// of the group: look it up only when it changes.
			j := lastJ
			if !bytes.Equal(p, last) {
				if j = idx.lookup(p); j < 0 {
					return s.errorf(s.line, cP+1, "product", "unknown product %q (not in products.csv)", clip(p))
				}
				last, lastJ = append(last[:0], p...), j
			}
			in, err := s.id(cI)
			if err != nil {
				return err
			}
			i := idx.lookup(in)
			if i < 0 {
				return s.errorf(s.line, cI+1, "input", "unknown product %q (not in products.csv)", clip(in))
			}
			q, err := s.quantity(cQ)
			if err != nil {
				return err
			}
			c.add(int32(i), int32(j), q, s.line)
		}
		return s.err
	}
	merge := func(p *piece, c *chunk) error {
		if k := b.addChunk(p, c); k >= 0 {
			return &InputError{File: file, Line: p.base + c.lineOf(k), Reason: fmt.Sprintf("duplicate pair (product %q, input %q)%s",
				idsOf(idx, c.col[k]), idsOf(idx, c.row[k]), firstOn(0))}
		}
		return nil
	}
	reserved := false
	progress := func(consumed int64) {
		if !reserved {
			reserved = true
			b.reserve(size, consumed+s.total-int64(s.end-s.start))
		}
	}
	if err := parallelRead(s, parse, merge, progress, nil); err != nil {
		return nil, err
	}
	m, dup := b.finish()
	if dup != nil {
		return nil, &InputError{File: file, Line: dup.line, Reason: fmt.Sprintf("duplicate pair (product %q, input %q)%s",
			idsOf(idx, dup.col), idsOf(idx, dup.row), firstOn(dup.first))}
	}
	return m, nil
}

// firstOn says where the first of a duplicate pair was, when known.
func firstOn(line int) string {
	if line > 0 {
		return fmt.Sprintf(", first on line %d", line)
	}
	return ", which appears earlier in the file"
}

func idsOf(idx *Index, k int32) string { return idx.ps[k].ID }

// sizeOf returns the size in bytes of r when r is a file (an fs.File
// has Stat) or an in-memory reader with Size, else 0.
func sizeOf(r io.Reader) int64 {
	if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size()
		}
	}
	if b, ok := r.(interface{ Size() int64 }); ok { // bytes.Reader, strings.Reader
		return b.Size()
	}
	return 0
}

// ReadResources reads resources.csv (id,unit,available); an empty
// available means unlimited.
func ReadResources(r io.Reader, file string) ([]Resource, error) {
	s := newScanner(r, file)
	col, err := s.readHeader([]string{"id", "unit", "available"})
	if err != nil {
		return nil, err
	}
	seen := map[string]int{}
	var rs []Resource
	for s.next() {
		id, err := s.id(col[0])
		if err != nil {
			return nil, err
		}
		if first, dup := seen[string(id)]; dup {
			return nil, s.errorf(s.line, col[0]+1, "id", "duplicate resource %q (first on line %d)", clip(id), first)
		}
		seen[string(id)] = s.line
		u, err := s.field(col[1])
		if err != nil {
			return nil, err
		}
		av := math.Inf(1)
		if f := s.optField(col[2]); len(f) > 0 {
			if av, err = s.quantityOf(f, col[2]); err != nil {
				return nil, err
			}
		}
		rs = append(rs, Resource{ID: string(id), Unit: string(u), Available: av})
	}
	return rs, s.err
}

// ReadProcesses reads processes.csv (id,product,output[,capacity]); an
// empty capacity means unlimited. Output must be positive.
func ReadProcesses(r io.Reader, file string, idx *Index) ([]Process, map[string]int, error) {
	s := newScanner(r, file)
	col, err := s.readHeader([]string{"id", "product", "output"}, "capacity")
	if err != nil {
		return nil, nil, err
	}
	seen := map[string]int{}
	var ps []Process
	for s.next() {
		id, err := s.id(col[0])
		if err != nil {
			return nil, nil, err
		}
		if first, dup := seen[string(id)]; dup {
			return nil, nil, s.errorf(s.line, col[0]+1, "id", "duplicate process %q (first on line %d)", clip(id), first+2)
		}
		p, err := s.id(col[1])
		if err != nil {
			return nil, nil, err
		}
		j := idx.lookup(p)
		if j < 0 {
			return nil, nil, s.errorf(s.line, col[1]+1, "product", "unknown product %q (not in products.csv)", clip(p))
		}
		out, err := s.quantity(col[2])
		if err != nil {
			return nil, nil, err
		}
		if out == 0 {
			return nil, nil, s.errorf(s.line, col[2]+1, "output", "output must be positive")
		}
		capacity := math.Inf(1)
		if f := s.optField(col[3]); len(f) > 0 {
			if capacity, err = s.quantityOf(f, col[3]); err != nil {
				return nil, nil, err
			}
		}
		seen[string(id)] = len(ps)
		ps = append(ps, Process{ID: string(id), Product: j, Output: out, Capacity: capacity})
	}
	if s.err != nil {
		return nil, nil, s.err
	}
	if len(ps) == 0 {
		return nil, nil, s.errorf(0, 0, "", "no processes")
	}
	return ps, seen, nil
}

// ReadUses reads uses.csv (process,item,quantity): item is a product or a
// resource id. It returns the product-use and resource-use matrices.
func ReadUses(r io.Reader, file string, procs map[string]int, nproc int, idx *Index, rs []Resource) (*sparse.CSC, *sparse.CSC, error) {
	s := newScanner(r, file)
	col, err := s.readHeader([]string{"process", "item", "quantity"})
	if err != nil {
		return nil, nil, err
	}
	res := map[string]int{}
	for i, r := range rs {
		res[r.ID] = i
	}
	pb, rb := newBuilder(idx.Len(), nproc), newBuilder(len(rs), nproc)
	for s.next() {
		pid, err := s.id(col[0])
		if err != nil {
			return nil, nil, err
		}
		p, ok := procs[string(pid)]
		if !ok {
			return nil, nil, s.errorf(s.line, col[0]+1, "process", "unknown process %q (not in processes.csv)", clip(pid))
		}
		item, err := s.id(col[1])
		if err != nil {
			return nil, nil, err
		}
		q, err := s.quantity(col[2])
		if err != nil {
			return nil, nil, err
		}
		b, i := pb, idx.lookup(item)
		if i < 0 {
			b = rb
			if i, ok = res[string(item)]; !ok {
				return nil, nil, s.errorf(s.line, col[1]+1, "item", "unknown item %q (neither a product nor a resource)", clip(item))
			}
		}
		if b.add(int32(i), int32(p), q, s.line) != 0 {
			return nil, nil, s.errorf(s.line, 0, "", "duplicate pair (process %q, item %q)%s", clip(pid), clip(item), firstOn(0))
		}
	}
	if s.err != nil {
		return nil, nil, s.err
	}
	pm, d1 := pb.finish()
	rm, d2 := rb.finish()
	for _, d := range []*dupEntry{d1, d2} {
		if d != nil {
			return nil, nil, &InputError{File: file, Line: d.line, Reason: "duplicate pair (process, item)" + firstOn(d.first)}
		}
	}
	return pm, rm, nil
}

// ReadEconomy reads the single-technique form from a directory:
// products.csv, inputs.csv or inputs.mtx, and the optional needs.csv and
// resources.csv.
func ReadEconomy(fsys fs.FS) (*Economy, error) {
	e := &Economy{}
	var idx *Index
	early := readInputsEarly(fsys)
	defer early.cancel()
	err := withFile(fsys, "products.csv", true, func(r io.Reader) (err error) {
		e.Products, e.Labour, idx, err = ReadProducts(r, "products.csv", true)
		return err
	})
	if err != nil {
		return nil, err
	}
	// needs.csv and resources.csv need only the products: read them
	// while the matrix is read, and report their errors after its own, as
	// reading file by file would.
	optional := make(chan error, 1)
	go func() { optional <- readOptional(fsys, idx, &e.Needs, &e.Resources) }()
	var optErr error
	waited := false
	wait := func() error {
		if !waited {
			optErr, waited = <-optional, true
		}
		return optErr
	}
	defer wait() // never leave the reader writing e behind us
	n := len(e.Products)
	_, csvErr := fs.Stat(fsys, "inputs.csv")
	_, mtxErr := fs.Stat(fsys, "inputs.mtx")
	switch {
	case csvErr == nil && mtxErr == nil:
		return nil, &InputError{File: "inputs.mtx", Reason: "both inputs.csv and inputs.mtx are present; keep one"}
	case mtxErr == nil:
		if e.A = early.result(n); e.A != nil {
			break
		}
		// Not read early, or not cleanly: read it again in order, for
		// the same matrix or error as without the early read.
		err = withFile(fsys, "inputs.mtx", true, func(r io.Reader) (err error) {
			e.A, err = ReadMatrixMarket(r, "inputs.mtx", n)
			return err
		})
	case csvErr == nil:
		err = withFile(fsys, "inputs.csv", true, func(r io.Reader) (err error) {
			e.A, err = ReadInputs(r, "inputs.csv", idx, n)
			return err
		})
	default:
		return nil, &InputError{File: "inputs.csv", Reason: "missing: the economy needs inputs.csv (or inputs.mtx)"}
	}
	if err != nil {
		return nil, err
	}
	if err := wait(); err != nil {
		return nil, err
	}
	return e, nil
}

// readOptional reads needs.csv and resources.csv.
func readOptional(fsys fs.FS, idx *Index, needs *[]Need, rs *[]Resource) error {
	err := withFile(fsys, "needs.csv", false, func(r io.Reader) (err error) {
		*needs, err = ReadNeeds(r, "needs.csv", idx)
		return err
	})
	if err != nil {
		return err
	}
	return withFile(fsys, "resources.csv", false, func(r io.Reader) (err error) {
		*rs, err = ReadResources(r, "resources.csv")
		return err
	})
}

// ReadTechniques reads the multi-technique form (products.csv,
// processes.csv, uses.csv, optional needs.csv and resources.csv). A
// directory without processes.csv is read as the single-technique form
// and converted with Economy.Techniques.
func ReadTechniques(fsys fs.FS) (*Techniques, error) {
	if _, err := fs.Stat(fsys, "processes.csv"); err != nil {
		e, err := ReadEconomy(fsys)
		if err != nil {
			return nil, err
		}
		return e.Techniques(), nil
	}
	t := &Techniques{}
	var idx *Index
	err := withFile(fsys, "products.csv", true, func(r io.Reader) (err error) {
		t.Products, _, idx, err = ReadProducts(r, "products.csv", false)
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := readOptional(fsys, idx, &t.Needs, &t.Resources); err != nil {
		return nil, err
	}
	for i, r := range t.Resources {
		if idx.Lookup(r.ID) >= 0 {
			return nil, &InputError{File: "resources.csv", Line: i + 2, Column: 1, Field: "id", Reason: fmt.Sprintf("%q is also a product id", r.ID)}
		}
	}
	var procs map[string]int
	err = withFile(fsys, "processes.csv", true, func(r io.Reader) (err error) {
		t.Processes, procs, err = ReadProcesses(r, "processes.csv", idx)
		return err
	})
	if err != nil {
		return nil, err
	}
	err = withFile(fsys, "uses.csv", true, func(r io.Reader) (err error) {
		t.ProductUse, t.ResourceUse, err = ReadUses(r, "uses.csv", procs, len(t.Processes), idx, t.Resources)
		return err
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// withFile opens name in fsys and calls read with it. A missing optional
// file is skipped; a missing required one is an *InputError.
func withFile(fsys fs.FS, name string, required bool, read func(io.Reader) error) error {
	f, err := fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		if required {
			return &InputError{File: name, Reason: "missing file"}
		}
		return nil
	} else if err != nil {
		return fmt.Errorf("open %s: %w", name, err)
	}
	defer f.Close()
	return read(f)
}
