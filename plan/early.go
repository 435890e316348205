package plan

import (
	"errors"
	"io/fs"
	"sync/atomic"

	"commune/sparse"
)

// Reading inputs.mtx takes most of the time of reading an economy, and it
// needs nothing from products.csv but the number of products, which its
// size line gives too. So ReadEconomy starts it at once, beside
// products.csv, and keeps the matrix only when it matches the products
// read; on any error or mismatch it reads the file again in order, so
// every error is exactly the one the sequential reader gives.

// earlyRead is an inputs.mtx being read in the background.
type earlyRead struct {
	stop *atomic.Bool
	done chan struct{}
	m    *sparse.CSC
	err  error
}

// errStopped ends an early read that is no longer wanted.
var errStopped = errors.New("read stopped")

// stoppable is a file whose reads fail once stop is set.
type stoppable struct {
	fs.File
	stop *atomic.Bool
}

func (f stoppable) Read(p []byte) (int, error) {
	if f.stop.Load() {
		return 0, errStopped
	}
	return f.File.Read(p)
}

// readInputsEarly starts reading inputs.mtx when fsys holds it and not
// inputs.csv; it returns nil otherwise. The size line may announce at
// most one product per two bytes of products.csv, so a wrong size line
// cannot make it allocate more than reading products.csv would allow.
func readInputsEarly(fsys fs.FS) *earlyRead {
	if _, err := fs.Stat(fsys, "inputs.csv"); err == nil {
		return nil
	}
	pi, err := fs.Stat(fsys, "products.csv")
	if err != nil {
		return nil
	}
	f, err := fsys.Open("inputs.mtx")
	if err != nil {
		return nil
	}
	er := &earlyRead{stop: new(atomic.Bool), done: make(chan struct{})}
	go func() {
		defer close(er.done)
		defer f.Close()
		er.m, er.err = readMatrixMarket(stoppable{f, er.stop}, "inputs.mtx", -1, pi.Size()/2+1)
	}()
	return er
}

// result waits for the early read and returns its matrix when it read
// cleanly and is n × n, else nil.
func (er *earlyRead) result(n int) *sparse.CSC {
	if er == nil {
		return nil
	}
	<-er.done
	if er.err != nil || er.m == nil || er.m.Rows != n || er.m.Cols != n {
		er.m = nil
		return nil
	}
	m := er.m
	er.m = nil
	return m
}

// cancel stops the early read, if still running, and waits for it, so
// that nothing reads the directory after ReadEconomy returns.
func (er *earlyRead) cancel() {
	if er == nil {
		return
	}
	er.stop.Store(true)
	<-er.done
	er.m = nil
}
