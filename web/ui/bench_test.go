package ui

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"commune/council"
	"commune/demo"
	"commune/sqlite"
	"commune/store"
)

// BenchmarkPageRender measures how long the pages take to render, signed
// in, over a large generated federation in SQLite: 20,000 members by
// default, COMMUNE_BENCH_MEMBERS=1000000 for the full demo. It reports the
// 50th and 99th percentile and the slowest page, over every page kind.
//
//	go test ./web/ui -run '^$' -bench PageRender -benchtime 20x
func BenchmarkPageRender(b *testing.B) {
	n := 20_000
	if s := os.Getenv("COMMUNE_BENCH_MEMBERS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 20 {
			b.Fatalf("COMMUNE_BENCH_MEMBERS=%q: want a number ≥ 20", s)
		}
		n = v
	}
	ctx := context.Background()
	be, err := sqlite.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer be.Close()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	clock := demo.NewClock(time.Now().UnixMicro() - demo.LargeSpan)
	svc, err := store.Open(ctx, be, store.Options{Clock: clock.Now, Tick: -1, Logger: logger})
	if err != nil {
		b.Fatal(err)
	}
	defer svc.Close()
	start := time.Now()
	d, err := demo.Large(ctx, svc, clock, n, 1, nil)
	if err != nil {
		b.Fatal(err)
	}
	clock.Live()
	b.Logf("built %d members, %d entries in %v", n, svc.Size(), time.Since(start))

	u := New(svc, Options{Logger: logger})
	h := u.Handler()
	me := d.People[0].ID
	tok, err := svc.NewToken(ctx, me)
	if err != nil {
		b.Fatal(err)
	}
	paths := benchPaths(svc, d, me)
	durs := map[string][]time.Duration{}
	// Warm up: the plan is balanced and its charts drawn on first use.
	for _, p := range paths {
		req := httptest.NewRequest("GET", p, nil)
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: tok})
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, p := range paths {
			req := httptest.NewRequest("GET", p, nil)
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: tok})
			req.Header.Set("Accept-Language", "de-DE,de;q=0.9")
			rec := httptest.NewRecorder()
			t0 := time.Now()
			h.ServeHTTP(rec, req)
			durs[p] = append(durs[p], time.Since(t0))
			if rec.Code != http.StatusOK {
				b.Fatalf("GET %s: %d", p, rec.Code)
			}
		}
	}
	b.StopTimer()
	var all []time.Duration
	slowest, worst := "", time.Duration(0)
	for p, ds := range durs {
		all = append(all, ds...)
		if m := slices.Max(ds); m > worst {
			slowest, worst = p, m
		}
	}
	slices.Sort(all)
	pct := func(q float64) time.Duration { return all[min(len(all)-1, int(q*float64(len(all))))] }
	b.ReportMetric(float64(pct(0.50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(pct(0.99).Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(n), "members")
	b.Logf("%d renders of %d pages: p50 %v, p99 %v, slowest %s %v", len(all), len(paths), pct(0.50), pct(0.99), slowest, worst)
	for _, p := range paths {
		ds := durs[p]
		slices.Sort(ds)
		b.Logf("  %-28s median %v, max %v", p, ds[len(ds)/2], ds[len(ds)-1])
	}
}

// benchPaths lists one page of each kind in a large federation, the
// biggest of each where it matters (the region, the district).
func benchPaths(svc *store.Service, d *demo.Demo, me council.ID) []string {
	paths := []string{"/", "/councils", "/councils?page=50", "/tendencies", "/record", "/settings", "/plan",
		fmt.Sprintf("/members/%d", me), fmt.Sprintf("/record/entries/%d", svc.Size()/2),
		fmt.Sprintf("/councils/%d", d.District), fmt.Sprintf("/councils/%d", d.Region)}
	svc.View(func(st *council.State) {
		m, _ := st.Member(me)
		for _, c := range m.Councils {
			paths = append(paths, fmt.Sprintf("/councils/%d", c))
		}
		for _, c := range []council.ID{d.District, d.Region} {
			for i, p := range st.ProposalsOf(c) {
				if i < 2 {
					paths = append(paths, fmt.Sprintf("/proposals/%d", p.ID))
				}
			}
			for i, e := range st.ElectionsOf(c) {
				if i < 1 {
					paths = append(paths, fmt.Sprintf("/elections/%d", e.ID))
				}
			}
			for i, s := range st.Delegates(c) {
				if i < 1 {
					paths = append(paths, fmt.Sprintf("/members/%d", s.Member))
				}
			}
		}
	})
	return paths
}
