// This file implements the tests of the clear() baselines: what is added after a
// baseline is exactly what the difference shows, for every additive function.
package session

import (
	"math"
	"testing"

	"github.com/godtrace/godtrace/record"
	"github.com/godtrace/godtrace/runtime/format"
)

func TestSubData(t *testing.T) {
	for _, a := range []*format.Aggregation{
		{Func: record.FuncCount}, {Func: record.FuncSum}, {Func: record.FuncAvg}, {Func: record.FuncStddev},
		{Func: record.FuncQuantize}, {Func: record.FuncLQuantize, Low: 0, High: 10, Step: 2},
		{Func: record.FuncLLQuantize, Factor: 10, LLLow: 0, LLHigh: 3, Steps: 10},
	} {
		if !additive(a.Func) {
			t.Fatalf("%s is not additive", a.Func)
		}
		before := []int64{3, -7, 1 << 40, math.MaxInt32, 0}
		after := []int64{5, -(1 << 35), 12, 999}
		total, base, want := a.NewData(), a.NewData(), a.NewData()
		for _, v := range before {
			a.Add(&total, v, 1)
			a.Add(&base, v, 1)
		}
		base = cloneData(base)
		for _, v := range after {
			a.Add(&total, v, 1)
			a.Add(&want, v, 1)
		}
		got := subData(a.Func, total, base)
		if got.Value != want.Value || got.Count != want.Count || got.Sum != want.Sum || got.SumSq != want.SumSq {
			t.Errorf("%s: %+v, want %+v", a.Func, got, want)
		}
		for i := range want.Buckets {
			if got.Buckets[i] != want.Buckets[i] {
				t.Errorf("%s: bucket %d is %d, want %d", a.Func, i, got.Buckets[i], want.Buckets[i])
			}
		}
	}
	for _, f := range []record.Func{record.FuncMin, record.FuncMax} {
		if additive(f) {
			t.Errorf("%s is additive", f)
		}
	}
}
