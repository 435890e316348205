package web

import "commune/council"

// memberByID returns a member's id and name, or 0 and "".
func memberByID(st *council.State, id council.ID) (council.ID, string) {
	if m, ok := st.Member(id); ok {
		return m.ID, m.Name
	}
	return 0, ""
}

// memberByName returns the member of that name with the lowest id, or 0.
// Names need not be unique: members who share one sign in by id.
func memberByName(st *council.State, name string) (council.ID, string) {
	if id, ok := st.MemberByName(name); ok {
		return id, name
	}
	return 0, ""
}
