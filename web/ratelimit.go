package web

import (
	"sync"
	"time"
)

// limiter is a set of token buckets keyed by a string (a source address or
// an account), kept in memory. It slows password guessing: each sign-in
// attempt takes a token; tokens come back at a steady rate up to a burst.
type limiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second
	burst   float64
	buckets map[string]*bucket
	now     func() time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

// newLimiter returns a limiter refilling rate tokens per second up to burst.
func newLimiter(rate, burst float64) *limiter {
	return &limiter{rate: rate, burst: burst, buckets: make(map[string]*bucket), now: time.Now}
}

// allow takes a token from key's bucket and reports whether there was one.
func (l *limiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	b.tokens += now.Sub(b.last).Seconds() * l.rate
	if b.tokens > l.burst {
		b.tokens = l.burst
	}
	b.last = now
	if len(l.buckets) > 100_000 {
		l.sweep(now)
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// sweep forgets full buckets, so that the map does not grow without bound
// under a flood of distinct keys. Called with l.mu held.
func (l *limiter) sweep(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
}

// setClock replaces the limiter's clock (tests freeze it).
func (l *limiter) setClock(now func() time.Time) {
	l.mu.Lock()
	l.now = now
	l.mu.Unlock()
}
