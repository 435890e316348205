package ui

import (
	"sync"
	"time"

	"commune/council"
)

// nameIndex maps member names to the lowest id of that name, for signing
// in by name: the domain keeps no index by name, and walking a million
// members for each attempt would cost too much. It is rebuilt when a name
// is not found and the record has grown since the last build, at most
// once every nameIndexAge, so a newcomer can sign in by name at once and
// a flood of wrong names cannot force a rebuild per attempt.
type nameIndex struct {
	mu    sync.Mutex
	ids   map[string]council.ID
	size  int64
	built time.Time
}

const nameIndexAge = time.Second

// memberByName returns the member named name, or 0.
func (u *UI) memberByName(name string) council.ID {
	x := &u.names
	x.mu.Lock()
	defer x.mu.Unlock()
	if id, ok := x.ids[name]; ok {
		return id
	}
	size := u.svc.Size()
	if x.ids != nil && (size == x.size || time.Since(x.built) < nameIndexAge) {
		return 0
	}
	ids := make(map[string]council.ID, len(x.ids)+16)
	u.svc.View(func(st *council.State) {
		for _, m := range st.Members() { // by id: the first of a name wins
			if _, dup := ids[m.Name]; !dup {
				ids[m.Name] = m.ID
			}
		}
	})
	x.ids, x.size, x.built = ids, size, time.Now()
	return ids[name]
}

// add records a newcomer's name (when no one holds it yet), so that they
// can sign in by it before the next rebuild.
func (u *UI) addName(name string, id council.ID) {
	x := &u.names
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.ids == nil {
		return // built on first use
	}
	if _, ok := x.ids[name]; !ok {
		x.ids[name] = id
	}
}
