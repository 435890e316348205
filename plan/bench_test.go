package plan_test

import (
	"bytes"
	"syscall"
	"testing"
	"time"

	"commune/plan"
	"commune/sparse"
)

// cpuTime returns the CPU time (user and system) used by the process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports MB parsed per CPU-second: on a machine shared with
// other work, wall-clock MB/s measures the sharing as much as the parser.
func reportCPU(b *testing.B, start time.Duration, bytes int) {
	if cpu := cpuTime() - start; cpu > 0 {
		b.ReportMetric(float64(bytes)*float64(b.N)/cpu.Seconds()/1e6, "MB/cpu-s")
	}
}

// genFiles writes a generated economy to memory.
func genFiles(b *testing.B, n, k int, mtx bool) (products, inputs, needs []byte) {
	b.Helper()
	var p, i, d bytes.Buffer
	if err := (plan.Generator{Products: n, Inputs: k, Seed: 1}).Write(&p, &i, &d, mtx, nil); err != nil {
		b.Fatal(err)
	}
	return p.Bytes(), i.Bytes(), d.Bytes()
}

// BenchmarkReadInputsCSV measures parsing inputs.csv (ids looked up in
// the product index): the MB/s figure is the CSV parsing speed.
func BenchmarkReadInputsCSV(b *testing.B) {
	p, in, _ := genFiles(b, 100000, 12, false)
	_, _, idx, err := plan.ReadProducts(bytes.NewReader(p), "products.csv", true)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(in)))
	start := cpuTime()
	for b.Loop() {
		if _, err := plan.ReadInputs(bytes.NewReader(in), "inputs.csv", idx, idx.Len()); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start, len(in))
}

// BenchmarkReadMatrixMarket measures parsing inputs.mtx.
func BenchmarkReadMatrixMarket(b *testing.B) {
	_, in, _ := genFiles(b, 100000, 12, true)
	b.SetBytes(int64(len(in)))
	start := cpuTime()
	for b.Loop() {
		if _, err := plan.ReadMatrixMarket(bytes.NewReader(in), "inputs.mtx", 100000); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start, len(in))
}

// BenchmarkReadProducts measures parsing products.csv and indexing ids,
// at 10^6 products (23 MB: several pieces, so on every core).
func BenchmarkReadProducts(b *testing.B) {
	p, _, _ := genFiles(b, 1000000, 1, false)
	b.SetBytes(int64(len(p)))
	start := cpuTime()
	for b.Loop() {
		if _, _, _, err := plan.ReadProducts(bytes.NewReader(p), "products.csv", true); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start, len(p))
}

// BenchmarkReadNeeds measures parsing needs.csv at 10^6 products.
func BenchmarkReadNeeds(b *testing.B) {
	p, _, d := genFiles(b, 1000000, 1, false)
	_, _, idx, err := plan.ReadProducts(bytes.NewReader(p), "products.csv", true)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(d)))
	start := cpuTime()
	for b.Loop() {
		if _, err := plan.ReadNeeds(bytes.NewReader(d), "needs.csv", idx); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start, len(d))
}

func benchValues(b *testing.B, n int, m sparse.Method) {
	e, err := plan.Generator{Products: n, Inputs: 12, Seed: 1}.Economy()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var res sparse.Result
	for b.Loop() {
		if _, res, err = e.Values(sparse.Settings{Method: m}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Products), "products/op")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(res.Products)/1e6, "ms/product")
}

func BenchmarkValues1e5(b *testing.B)         { benchValues(b, 100000, sparse.Auto) }
func BenchmarkValues1e6(b *testing.B)         { benchValues(b, 1000000, sparse.Auto) }
func BenchmarkValues1e6Neumann(b *testing.B)  { benchValues(b, 1000000, sparse.Neumann) }
func BenchmarkValues1e6BiCGSTAB(b *testing.B) { benchValues(b, 1000000, sparse.BiCGSTAB) }
