package plan

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
)

// Reading an economy of 10^7 products means parsing gigabytes of text,
// so every file large enough runs through the same pipeline on every
// core: one goroutine cuts the input into pieces of whole lines, workers
// parse pieces into results, and the caller merges the results in file
// order — so duplicates and errors are found exactly as a sequential
// reader would, with the same line numbers.

// pieceSize is the bytes of input per piece: big enough that handing
// pieces around costs nothing, small enough to stay in the caches.
const pieceSize = 4 << 20

// piece is a run of whole lines of the input.
type piece struct {
	data   []byte
	base   int   // lines before the piece
	lines  int   // line ends in the piece
	offset int64 // line ends before the piece, after the scanner's position
	first  int64 // bytes before the piece, after the scanner's position
}

// grow returns s with room for n elements, for a worker to size its
// buffers once for a piece (n is its line count) rather than double them
// as it goes.
func grow[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s
	}
	t := make([]T, len(s), n)
	copy(t, s)
	return t
}

// job is a piece and what a worker made of it.
type job[R any] struct {
	piece
	res  R
	err  error // from reading or parsing; lines relative to the piece
	done chan struct{}
}

// inParallel cuts the rest of the input after s's current position into
// pieces, calls work on GOMAXPROCS workers for each (with a scanner over
// the piece whose lines count from 1 and the piece's reusable result),
// and then merge in file order. A work error ends the read after the
// piece's result is merged; its line is made absolute. progress, if set,
// is called after each piece with the bytes handled so far.
func inParallel[R any](s *scanner, work func(cs *scanner, p *piece, r *R) error, merge func(p *piece, r *R) error, progress func(consumed int64)) error {
	workers := runtime.GOMAXPROCS(0)
	stop := make(chan struct{})
	defer close(stop)
	order := make(chan *job[R], 2*workers)
	todo := make(chan *job[R], 2*workers)
	free := make(chan *job[R], 3*workers+2)

	// The cutter: whole lines per piece, starting with what s has buffered.
	go func() {
		defer close(order)
		defer close(todo)
		left := append([]byte(nil), s.buf[s.start:s.end]...)
		eof := s.eof
		base := s.line
		var offset, first int64
		for {
			var j *job[R]
			select {
			case j = <-free:
			default:
				j = &job[R]{piece: piece{data: make([]byte, 0, pieceSize)}}
			}
			j.data = append(j.data[:0], left...)
			j.err, j.base, j.offset, j.first = nil, base, offset, first
			j.done = make(chan struct{})
			for !eof {
				if len(j.data) == cap(j.data) {
					if bytes.IndexByte(j.data, '\n') >= 0 {
						break
					}
					j.data = append(j.data, 0)[:len(j.data)] // a line longer than the buffer: grow
				}
				n, err := s.r.Read(j.data[len(j.data):cap(j.data)])
				j.data = j.data[:len(j.data)+n]
				if errors.Is(err, io.EOF) {
					eof = true
				} else if err != nil {
					j.err = fmt.Errorf("%s: %w", s.file, err)
					eof = true
				}
			}
			left = left[:0]
			if !eof {
				k := bytes.LastIndexByte(j.data, '\n')
				left = append(left, j.data[k+1:]...)
				j.data = j.data[:k+1]
			}
			j.lines = bytes.Count(j.data, []byte{'\n'})
			base += j.lines
			offset += int64(j.lines)
			first += int64(len(j.data))
			select {
			case order <- j:
			case <-stop:
				return
			}
			select {
			case todo <- j:
			case <-stop:
				return
			}
			if eof {
				return
			}
		}
	}()
	for range workers {
		go func() {
			for j := range todo {
				cs := &scanner{file: s.file, buf: j.data, end: len(j.data), eof: true, header: s.header, inner: true}
				if err := work(cs, &j.piece, &j.res); j.err == nil {
					j.err = err
				}
				close(j.done)
			}
		}()
	}
	var consumed int64
	for j := range order {
		<-j.done
		if err := merge(&j.piece, &j.res); err != nil {
			return err
		}
		if j.err != nil {
			var ie *InputError
			if errors.As(j.err, &ie) && ie.Line > 0 {
				ie.Line += j.base
			}
			return j.err
		}
		consumed += int64(len(j.data))
		if progress != nil {
			progress(consumed)
		}
		select {
		case free <- j:
		default:
		}
	}
	return nil
}
