// This file implements the consumer-side aggregation actions trunc(),
// clear(), normalize() and denormalize() on a snapshot, as libdtrace does
// them (dt_trunc, dt_clear_agg, dt_normalize, dt_denormalize_agg).

package format

import "sort"

// Trunc is trunc(@a, n): keep the n entries with the largest values (n > 0)
// or the -n entries with the smallest (n < 0); trunc(@a) (n = 0) removes all.
// Ties are broken by key, as libdtrace's value sort does.
func Trunc(a *Aggregation, n int64) {
	recs := append([]*Record(nil), a.Records...)
	sort.SliceStable(recs, func(i, j int) bool {
		c := valCmp(a, &recs[i].Data, &recs[j].Data)
		if c == 0 {
			c = keyCmp(recs[i].Keys, recs[j].Keys, 0)
		}
		if n > 0 {
			return c > 0 // dtrace_aggregate_walk_valrevsorted
		}
		return c < 0 // dtrace_aggregate_walk_valsorted
	})
	if n < 0 {
		n = -n
	}
	if int64(len(recs)) > n {
		recs = recs[:n]
	}
	keep := make(map[*Record]bool, len(recs))
	for _, r := range recs {
		keep[r] = true
	}
	out := a.Records[:0]
	for _, r := range a.Records {
		if keep[r] {
			out = append(out, r)
		}
	}
	a.Records = out
}

// Clear is clear(@a): every value becomes zero; the keys stay, and print
// with zero values until they are updated again.
func Clear(a *Aggregation) {
	for _, r := range a.Records {
		b := r.Data.Buckets
		for i := range b {
			b[i] = 0
		}
		r.Data = Data{Buckets: b}
	}
}

// Normalize is normalize(@a, n): values print divided by n.
func Normalize(a *Aggregation, n uint64) { a.Normal = n }

// Denormalize is denormalize(@a): values print as they are again.
func Denormalize(a *Aggregation) { a.Normal = 1 }
