// This file implements the consumer side of aggregations: snapshots of the per-CPU maps
// merged into runtime/format's model, the aggregation actions (printa, clear, trunc,
// normalize, denormalize) carried out when their record is read, and the print of every
// aggregation not yet printed when tracing ends.
package session

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/cilium/ebpf"

	"github.com/godtrace/godtrace/compiler"
	dprintf "github.com/godtrace/godtrace/dlang/printf"
	"github.com/godtrace/godtrace/record"
	"github.com/godtrace/godtrace/runtime/format"
)

// aggState is the consumer's state of one aggregation.
type aggState struct {
	desc *compiler.Agg
	fa   *format.Aggregation
	keys map[*format.Record][][]byte // raw map keys of each record of the last snapshot
	raw  map[string]format.Data      // the kernel's totals per raw key in that snapshot
	// base holds, per raw key, the kernel's running totals when clear() last acted
	// (aggbase.go): additive functions print the difference.
	base map[string]format.Data
	// seq is the record whose actions the last snapshot was taken for (Session.recSeq).
	seq uint64
}

func (s *Session) initAggs() {
	s.aggs = map[int]*aggState{}
	for _, a := range s.obj.Aggs {
		s.aggs[a.ID] = &aggState{desc: a, fa: &format.Aggregation{
			Name: a.Name, ID: a.ID, Func: a.Func, Low: a.Low, High: a.High, Step: a.Step,
			Factor: a.Factor, LLLow: a.LLLow, LLHigh: a.LLHigh, Steps: a.Steps,
		}}
	}
}

// snapshot refreshes st.fa.Records from the kernel map, merging the CPUs' copies.
func (s *Session) snapshot(st *aggState) error {
	a := st.desc
	m := s.maps[a.Map]
	ncpu, err := ebpf.PossibleCPU()
	if err != nil {
		return err
	}
	st.fa.Records = nil
	st.keys = map[*format.Record][][]byte{}
	st.raw = map[string]format.Data{}
	gen, err := s.aggGeneration(a.ID)
	if err != nil {
		return err
	}
	if a.Direct {
		return s.snapshotDirect(st, gen)
	}
	var prev []byte
	for {
		next := make([]byte, a.KSize)
		var perr error
		if prev == nil {
			perr = m.NextKey(nil, &next)
		} else {
			perr = m.NextKey(prev, &next)
		}
		if errors.Is(perr, ebpf.ErrKeyNotExist) {
			break
		}
		if perr != nil {
			return fmt.Errorf("read aggregation @%s: %w", a.Name, perr)
		}
		vals := make([][]byte, ncpu)
		for i := range vals {
			vals[i] = make([]byte, a.VSize)
		}
		if err := m.Lookup(next, vals); err != nil {
			if errors.Is(err, ebpf.ErrKeyNotExist) {
				prev = next
				continue
			}
			return fmt.Errorf("read aggregation @%s: %w", a.Name, err)
		}
		rec := &format.Record{Keys: decodeKeys(a, next, s.sym), Data: st.fa.NewData()}
		for _, v := range vals {
			d, ok := decodeData(a, v, gen)
			if ok {
				rec.Data.Merge(a.Func, &d)
			}
		}
		st.raw[string(next)] = cloneData(rec.Data)
		if base, ok := st.base[string(next)]; ok && additive(a.Func) {
			rec.Data = subData(a.Func, rec.Data, base)
		}
		st.fa.Records = append(st.fa.Records, rec)
		st.keys[rec] = [][]byte{next}
		prev = next
	}
	st.mergeBySymbol(s.sym)
	return nil
}

// mergeBySymbol merges the records whose keys differ only by addresses that func(),
// ufunc(), mod() and umod() print alike (libdtrace aggregates those keys by function or
// module, not by address).
func (st *aggState) mergeBySymbol(sym format.Symbolizer) {
	merge := false
	for _, k := range st.desc.Keys {
		if k.Kind == compiler.ArgSym || k.Kind == compiler.ArgUSym {
			merge = merge || k.Type == "func" || k.Type == "mod" || k.Type == "ufunc" || k.Type == "umod"
		}
	}
	if !merge || sym == nil {
		return
	}
	env := format.NewEnv(sym)
	groups := map[string]*format.Record{}
	var out []*format.Record
	for _, r := range st.fa.Records {
		var gk strings.Builder
		for i, k := range st.desc.Keys {
			v := r.Keys[i]
			if k.Kind == compiler.ArgSym || k.Kind == compiler.ArgUSym {
				gk.WriteString(strings.TrimSpace(format.TraceString(v, env)))
			} else {
				fmt.Fprintf(&gk, "%v", v)
			}
			gk.WriteByte(0)
		}
		if g, ok := groups[gk.String()]; ok {
			g.Data.Merge(st.desc.Func, &r.Data)
			st.keys[g] = append(st.keys[g], st.keys[r]...)
			delete(st.keys, r)
			continue
		}
		groups[gk.String()] = r
		out = append(out, r)
	}
	st.fa.Records = out
}

func decodeKeys(a *compiler.Agg, key []byte, sym format.Symbolizer) []format.Value {
	out := make([]format.Value, len(a.Keys))
	for i, k := range a.Keys {
		switch k.Kind {
		case compiler.ArgSym, compiler.ArgUSym:
			out[i] = symValue(k, key[k.Offset:k.Offset+k.Size])
		case compiler.ArgStack:
			out[i] = format.Stack(trimStack(sym, pcs(key[k.Offset:k.Offset+k.Size]))...)
		case compiler.ArgUStack:
			b := key[k.Offset : k.Offset+k.Size]
			out[i] = format.UStack(uint32(binary.LittleEndian.Uint64(b)), pcs(b[8:])...)
		case compiler.ArgString:
			// A short key slot (compiler.Arg.Slot) is padded to the string size DTrace
			// records, so that keys compare and join as DTrace's do.
			n := k.Size
			if k.Slot > 0 && k.Slot < n {
				n = k.Slot
			}
			b := make([]byte, k.Size)
			copy(b, key[k.Offset:k.Offset+n])
			out[i] = format.Value{Kind: format.KindString, Size: k.Size, Bytes: b}
		default:
			out[i] = format.Value{Kind: format.KindInt, Size: k.Size, Signed: k.Signed,
				Bits: binary.LittleEndian.Uint64(key[k.Offset:])}
		}
	}
	return out
}

// aggGeneration is the current generation of aggregation id (0 when the program keeps
// none: no min() or max()).
func (s *Session) aggGeneration(id int) (uint64, error) {
	m := s.maps[compiler.MapAggGen]
	if m == nil {
		return 0, nil
	}
	var buf []byte
	if err := m.Lookup(uint32(0), &buf); err != nil {
		return 0, fmt.Errorf("read aggregation generations: %w", err)
	}
	if 8*id+8 > len(buf) {
		return 0, nil
	}
	return binary.LittleEndian.Uint64(buf[8*id:]), nil
}

// nextAggGeneration starts a new generation of aggregation id: every CPU's copy of its
// entries reads as empty until that CPU updates it again.
func (s *Session) nextAggGeneration(id int) error {
	m := s.maps[compiler.MapAggGen]
	if m == nil {
		return nil
	}
	var buf []byte
	if err := m.Lookup(uint32(0), &buf); err != nil {
		return fmt.Errorf("read aggregation generations: %w", err)
	}
	binary.LittleEndian.PutUint64(buf[8*id:], binary.LittleEndian.Uint64(buf[8*id:])+1)
	return m.Update(uint32(0), buf, ebpf.UpdateAny)
}

// decodeData decodes one CPU's value; ok is false for a CPU that has no value (min, max
// not set in the current generation gen).
func decodeData(a *compiler.Agg, v []byte, gen uint64) (format.Data, bool) {
	var d format.Data
	word := func(i int) int64 { return int64(binary.LittleEndian.Uint64(v[8*i:])) }
	switch a.Func {
	case record.FuncCount, record.FuncSum:
		d.Value = word(0)
	case record.FuncMin, record.FuncMax:
		if word(1) == 0 || uint64(word(2)) != gen {
			return d, false
		}
		d.Value = word(0)
	case record.FuncAvg:
		d.Count, d.Sum = word(0), word(1)
	case record.FuncStddev:
		d.Count, d.Sum = word(0), word(1)
		d.SumSq = [2]uint64{uint64(word(2)), uint64(word(3))}
	default:
		d.Buckets = make([]int64, a.VSize/8)
		for i := range d.Buckets {
			d.Buckets[i] = word(i)
		}
	}
	return d, true
}

// aggAction carries out an aggregation action of a record.
func (s *Session) aggAction(a *compiler.Action, data []byte, w io.Writer, env *format.Env) error {
	var sts []*aggState
	var fas []*format.Aggregation
	for _, id := range a.Aggs {
		st := s.aggs[id]
		if st == nil {
			return fmt.Errorf("record names unknown aggregation %d", id)
		}
		// One snapshot per record: the actions of one record (printa() then clear())
		// act on the same data, as libdtrace's act on its one snapshot, so that clear()
		// forgets exactly what printa() printed.
		if st.seq != s.recSeq {
			if err := s.snapshot(st); err != nil {
				return err
			}
			st.seq = s.recSeq
		}
		sts = append(sts, st)
		fas = append(fas, st.fa)
	}
	intArg := func(i int, def int64) int64 {
		if i >= len(a.Args) {
			return def
		}
		return int64(decode(a.Args[i], data, nil).Bits)
	}
	switch a.Kind {
	case compiler.ActPrinta:
		if a.Format == "" {
			return format.Printa(w, fas, s.cfg.Sort, env)
		}
		f, err := dprintf.Parse(a.Format)
		if err != nil {
			return err
		}
		return format.PrintaFormat(w, f, fas, s.cfg.Sort, env)
	case compiler.ActNormalize:
		format.Normalize(fas[0], uint64(intArg(0, 1)))
	case compiler.ActDenormalize:
		format.Denormalize(fas[0])
	case compiler.ActClear:
		return s.clearAgg(sts[0])
	case compiler.ActTrunc:
		st := sts[0]
		keep := map[*format.Record]bool{}
		format.Trunc(st.fa, intArg(0, 0)) // trunc(@a) keeps none
		for _, r := range st.fa.Records {
			keep[r] = true
		}
		// The removed keys go from the kernel's maps too (an update racing with the
		// delete goes with its key).
		m := s.maps[st.desc.Map]
		for r, ks := range st.keys {
			if keep[r] {
				continue
			}
			for _, k := range ks {
				if err := deleteKey(m, st.desc, k); err != nil {
					return err
				}
				delete(st.base, string(k))
			}
			delete(st.keys, r)
		}
	}
	return nil
}

// clearAgg empties every value of the aggregation and keeps its keys, as clear() does,
// without losing updates made since the snapshot: additive functions remember the totals
// the snapshot saw (aggbase.go), min() and max() start a new generation.
func (s *Session) clearAgg(st *aggState) error {
	if additive(st.desc.Func) {
		if st.base == nil {
			st.base = map[string]format.Data{}
		}
		for _, ks := range st.keys {
			for _, k := range ks {
				st.base[string(k)] = st.raw[string(k)]
			}
		}
		format.Clear(st.fa)
		return nil
	}
	if err := s.nextAggGeneration(st.desc.ID); err != nil {
		return err
	}
	// libdtrace resets min to INT64_MAX and max to INT64_MIN (dt_aggregate_clear_one),
	// which is what an entry without a value prints.
	for _, r := range st.fa.Records {
		r.Data = st.fa.NewData()
	}
	return nil
}

// PrintAggregations prints every aggregation printa() has not printed, as dtrace(1) does
// when tracing ends.
func (s *Session) PrintAggregations(w io.Writer, quiet bool) error {
	var fas []*format.Aggregation
	for _, a := range s.obj.Aggs {
		st := s.aggs[a.ID]
		if err := s.snapshot(st); err != nil {
			return err
		}
		fas = append(fas, st.fa)
	}
	if len(fas) == 0 {
		return nil
	}
	env := format.NewEnv(s.sym)
	env.Quiet = quiet
	if rp, ok := s.cfg.Printer.(*RecordPrinter); ok {
		env = rp.Env()
	}
	return format.PrintAggregations(w, fas, s.cfg.Sort, env)
}
