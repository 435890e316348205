package lp

// SetMinChunk sets the smallest part of a loop and of the matrix handed to
// a goroutine, so that tests can run small problems in parts, and returns
// a function that restores them.
func SetMinChunk(n int) (restore func()) {
	oldChunk, oldPart := minChunk, minPart
	minChunk, minPart = n, n
	return func() { minChunk, minPart = oldChunk, oldPart }
}
