package plan

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
)

// Parsing the input matrix is most of the time of reading an economy of
// 10^7 products (gigabytes of text), so it runs on every core: one
// goroutine cuts the input into chunks of whole lines, workers parse
// chunks into entries, and the caller merges the entries in file order
// (so duplicates and errors are found exactly as a sequential reader
// would, with the same line numbers).

const chunkSize = 4 << 20

// entry is one parsed matrix entry; line is relative to its chunk.
type entry struct {
	i, j int32
	line int32
	v    float64
}

type chunk struct {
	data []byte
	base int // lines before the chunk
	ent  []entry
	err  error
	done chan struct{}
}

// chunkParser parses the lines of one chunk with s (whose lines count
// from 1 within the chunk), calling emit for each entry.
type chunkParser func(s *scanner, emit func(i, j int32, v float64)) error

// parallelRead parses the rest of the input after s's current position
// with parse, on GOMAXPROCS workers, and hands every entry in file order
// to add with its absolute line. progress is called after each chunk
// with the bytes handled so far.
func parallelRead(s *scanner, parse chunkParser, add func(i, j int32, v float64, line int) error, progress func(consumed int64)) error {
	workers := runtime.GOMAXPROCS(0)
	stop := make(chan struct{})
	defer close(stop)
	order := make(chan *chunk, 2*workers)
	work := make(chan *chunk, 2*workers)
	free := make(chan *chunk, 3*workers+2)

	// The cutter: whole lines per chunk, starting with what s has buffered.
	go func() {
		defer close(order)
		defer close(work)
		left := append([]byte(nil), s.buf[s.start:s.end]...)
		eof := s.eof
		base := s.line
		for {
			var c *chunk
			select {
			case c = <-free:
			default:
				c = &chunk{data: make([]byte, 0, chunkSize)}
			}
			c.data = append(c.data[:0], left...)
			c.ent, c.err, c.base = c.ent[:0], nil, base
			c.done = make(chan struct{})
			for !eof {
				if len(c.data) == cap(c.data) {
					if bytes.IndexByte(c.data, '\n') >= 0 {
						break
					}
					c.data = append(c.data, 0)[:len(c.data)] // a line longer than the buffer: grow
				}
				n, err := s.r.Read(c.data[len(c.data):cap(c.data)])
				c.data = c.data[:len(c.data)+n]
				if errors.Is(err, io.EOF) {
					eof = true
				} else if err != nil {
					c.err = fmt.Errorf("%s: %w", s.file, err)
					eof = true
				}
			}
			left = left[:0]
			if !eof {
				k := bytes.LastIndexByte(c.data, '\n')
				left = append(left, c.data[k+1:]...)
				c.data = c.data[:k+1]
			}
			base += bytes.Count(c.data, []byte{'\n'})
			select {
			case order <- c:
			case <-stop:
				return
			}
			select {
			case work <- c:
			case <-stop:
				return
			}
			if eof {
				return
			}
		}
	}()
	for w := 0; w < workers; w++ {
		go func() {
			for c := range work {
				if c.err == nil {
					cs := &scanner{file: s.file, buf: c.data, end: len(c.data), eof: true, header: s.header, inner: true}
					c.err = parse(cs, func(i, j int32, v float64) {
						c.ent = append(c.ent, entry{i: i, j: j, v: v, line: int32(cs.line)})
					})
				}
				close(c.done)
			}
		}()
	}
	var consumed int64
	for c := range order {
		<-c.done
		for _, e := range c.ent {
			if err := add(e.i, e.j, e.v, c.base+int(e.line)); err != nil {
				return err
			}
		}
		if c.err != nil {
			var ie *InputError
			if errors.As(c.err, &ie) && ie.Line > 0 {
				ie.Line += c.base
			}
			return c.err
		}
		consumed += int64(len(c.data))
		if progress != nil {
			progress(consumed)
		}
		select {
		case free <- c:
		default:
		}
	}
	return nil
}
