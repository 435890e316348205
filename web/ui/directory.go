package ui

import (
	"sync"
	"time"

	"commune/council"
)

// directory is the list of every council for the councils page. Building
// it walks every council (a hundred thousand in a federation of a million
// members), too slow for each request, so it is kept and rebuilt in the
// background when the record has grown and the copy is older than
// directoryAge: a request never waits for a rebuild after the first.
type directory struct {
	mu       sync.Mutex
	list     []councilRow
	size     int64 // the record size it reflects
	built    time.Time
	building bool
}

// councilRow is one council in the directory.
type councilRow struct {
	ID   council.ID
	Name string
	Kind string
	Size int64
}

// directoryAge is how stale the directory may get while the record grows.
const directoryAge = 5 * time.Second

// councils returns the directory, building it on first use and starting
// a background rebuild when it is out of date.
func (u *UI) councils() []councilRow {
	d := &u.dir
	size := u.svc.Size()
	d.mu.Lock()
	if d.list == nil {
		d.mu.Unlock()
		list := u.buildDirectory()
		d.mu.Lock()
		d.list, d.size, d.built = list, size, time.Now()
	} else if size != d.size && time.Since(d.built) > directoryAge && !d.building {
		d.building = true
		go func() {
			list := u.buildDirectory()
			d.mu.Lock()
			d.list, d.size, d.built, d.building = list, size, time.Now(), false
			d.mu.Unlock()
		}()
	}
	list := d.list
	d.mu.Unlock()
	return list
}

func (u *UI) buildDirectory() []councilRow {
	var out []councilRow
	u.svc.View(func(st *council.State) {
		all := st.Councils()
		out = make([]councilRow, len(all))
		for i, c := range all {
			out[i] = councilRow{ID: c.ID, Name: c.Name, Kind: c.Kind, Size: c.Size}
		}
	})
	return out
}
