package ui

import "commune/council"

// memberByName returns the member named name (the lowest id of that name,
// as the domain indexes it), or 0.
func (u *UI) memberByName(name string) council.ID {
	var id council.ID
	u.svc.View(func(st *council.State) { id, _ = st.MemberByName(name) })
	return id
}
