package record

import (
	"errors"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"commune"
)

// logOf builds what a store holds for es: the stored tree and a checkpoint
// of all of es.
func logOf(t *testing.T, es []Entry) (*MemoryHashes, Checkpoint) {
	t.Helper()
	m := treeOf(t, encodeAll(es))
	root, err := TreeHash(int64(len(es)), m)
	if err != nil {
		t.Fatal(err)
	}
	return m, Checkpoint{Origin: "test.example/log", Size: int64(len(es)), Hash: root}
}

// replay feeds es to a new Verifier, stopping at the first error.
func replay(es []Entry) (*Verifier, error) {
	v := NewVerifier()
	for _, e := range es {
		if err := v.Add(e); err != nil {
			return v, err
		}
	}
	return v, nil
}

func TestVerifierAcceptsHonestLog(t *testing.T) {
	es := sampleEntries(100)
	stored, c := logOf(t, es)
	v, err := replay(es)
	if err != nil {
		t.Fatal(err)
	}
	if v.Size() != 100 {
		t.Errorf("Size() = %d, want 100", v.Size())
	}
	if bad, err := v.CompareStored(stored); bad != -1 || err != nil {
		t.Errorf("CompareStored = %d, %v; want -1, nil", bad, err)
	}
	if err := v.Check(c); err != nil {
		t.Errorf("Check: %v", err)
	}
	// An older checkpoint of the same log also checks: the log grew since.
	old, err := TreeHash(37, stored)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Check(Checkpoint{Origin: c.Origin, Size: 37, Hash: old}); err != nil {
		t.Errorf("Check(older checkpoint): %v", err)
	}
	// The recomputed tree serves proofs that verify against the checkpoint.
	p, err := InclusionProof(63, 100, v.Hashes())
	if err != nil {
		t.Fatal(err)
	}
	if err := VerifyInclusion(p, c.Size, c.Hash, 63, es[63].Encode()); err != nil {
		t.Error(err)
	}
}

// TestVerifierNamesEveryTamperedEntry changes one byte of every entry of a
// log in turn, the way someone editing the database would, and checks that
// the audit fails and names that entry.
func TestVerifierNamesEveryTamperedEntry(t *testing.T) {
	es := sampleEntries(40)
	stored, c := logOf(t, es)
	tampered := 0
	for i := range es {
		enc := es[i].Encode()
		for pos := range enc {
			for _, bit := range []byte{0x01, 0x80} {
				b := append([]byte(nil), enc...)
				b[pos] ^= bit
				e, err := DecodeEntry(b)
				if err != nil {
					continue // the store's decoder already refuses it
				}
				tampered++
				log := append([]Entry(nil), es...)
				log[i] = e
				v, err := replay(log)
				if err != nil {
					// A changed index or time is caught in order; a later
					// time shows as the next entry going back in time.
					got, ok := FailedEntry(err)
					if !ok || (got != int64(i) && got != int64(i)+1) {
						t.Fatalf("entry %d byte %d: Add error names %d (%v), want %d", i, pos, got, err, i)
					}
					continue
				}
				bad, err := v.CompareStored(stored)
				if bad != int64(i) || err == nil {
					t.Fatalf("entry %d byte %d: CompareStored = %d, %v; want %d", i, pos, bad, err, i)
				}
				if got, _ := FailedEntry(err); got != int64(i) {
					t.Errorf("entry %d byte %d: error names entry %d", i, pos, got)
				}
				if err := v.Check(c); err == nil {
					t.Fatalf("entry %d byte %d: Check passed with a changed entry", i, pos)
				}
			}
		}
	}
	if tampered < 40*20 {
		t.Errorf("only %d tampered logs decoded; the test exercises too little", tampered)
	}
}

func TestVerifierOrder(t *testing.T) {
	es := sampleEntries(10)
	tests := []struct {
		name string
		log  func() []Entry
		want int64
	}{
		{"gap", func() []Entry { return append(append([]Entry(nil), es[:4]...), es[5:]...) }, 4},
		{"duplicate", func() []Entry { return append(append([]Entry(nil), es[:4]...), es[3:]...) }, 4},
		{"starts at 1", func() []Entry { return es[1:] }, 0},
		{"time goes back", func() []Entry {
			log := append([]Entry(nil), es...)
			log[6].Time = log[5].Time - 1
			return log
		}, 6},
		{"empty actor", func() []Entry {
			log := append([]Entry(nil), es...)
			log[2].Actor = ""
			return log
		}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := replay(tc.log())
			got, ok := FailedEntry(err)
			if !ok || got != tc.want {
				t.Errorf("error %v names %d, want %d", err, got, tc.want)
			}
			if commune.ErrorCode(err) != commune.EINVALID {
				t.Errorf("error %v is not EINVALID", err)
			}
		})
	}
}

func TestVerifierCheckFailures(t *testing.T) {
	es := sampleEntries(20)
	_, c := logOf(t, es)

	// Entries missing at the end: the checkpoint covers more than the record.
	v, err := replay(es[:15])
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := FailedEntry(v.Check(c)); !ok || got != 15 {
		t.Errorf("truncated log: Check names %d, want 15", got)
	}

	// A wrong root cannot be pinned to an entry by the checkpoint alone.
	v, err = replay(es)
	if err != nil {
		t.Fatal(err)
	}
	wrong := c
	wrong.Hash[0] ^= 1
	err = v.Check(wrong)
	var ve *VerifyError
	if !errors.As(err, &ve) || ve.Index != -1 {
		t.Errorf("wrong root: Check = %v, want a VerifyError with Index -1", err)
	}
	if _, ok := FailedEntry(err); ok {
		t.Error("FailedEntry named an entry for a bare root mismatch")
	}
}

// TestCompareStoredRewrittenLeafHash: someone changes entry 5 and its
// stored leaf hash, but not the interior hashes above it. The first
// interior hash over it differs; the error names the range's first entry.
func TestCompareStoredRewrittenLeafHash(t *testing.T) {
	es := sampleEntries(16)
	stored, _ := logOf(t, es)
	log := append([]Entry(nil), es...)
	log[5].Body = []byte(`{"proposal":1,"member":1,"choice":"no"}`)
	forged := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		hs, err := stored.ReadHashes(idx)
		for i, x := range idx {
			if x == tlog.StoredHashIndex(0, 5) {
				hs[i] = log[5].LeafHash()
			}
		}
		return hs, err
	})
	v, err := replay(log)
	if err != nil {
		t.Fatal(err)
	}
	bad, err := v.CompareStored(forged)
	if bad != 4 || err == nil {
		t.Errorf("CompareStored = %d, %v; want 4 (entries 4..5)", bad, err)
	}
}

func TestCompareStoredShortStore(t *testing.T) {
	es := sampleEntries(9)
	stored, _ := logOf(t, es[:8])
	v, err := replay(es)
	if err != nil {
		t.Fatal(err)
	}
	if bad, err := v.CompareStored(stored); err == nil {
		t.Errorf("CompareStored against a shorter store = %d, nil", bad)
	}
}
