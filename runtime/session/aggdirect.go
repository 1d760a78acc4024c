// This file implements the consumer side of unkeyed aggregations (compiler.Agg.Direct):
// one array value holding a slot per possible CPU, each the function's value followed by
// a word the programs set once the CPU has updated the slot.
package session

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/cilium/ebpf"

	"github.com/godtrace/godtrace/compiler"
	"github.com/godtrace/godtrace/runtime/format"
)

// directKey is the raw key of an unkeyed aggregation's one record (baselines use it).
var directKey = make([]byte, 8)

// snapshotDirect refreshes the one record of an unkeyed aggregation: present once some CPU
// has updated its slot, its data the merge of those slots.
func (s *Session) snapshotDirect(st *aggState, gen uint64) error {
	a := st.desc
	m := s.maps[a.Map]
	buf := make([]byte, m.ValueSize())
	if err := m.Lookup(uint32(0), buf); err != nil {
		return fmt.Errorf("read aggregation @%s: %w", a.Name, err)
	}
	rec := &format.Record{Keys: decodeKeys(a, directKey, s.sym), Data: st.fa.NewData()}
	present := false
	for off := 0; off+a.Stride <= len(buf); off += a.Stride {
		slot := buf[off : off+a.Stride]
		if binary.LittleEndian.Uint64(slot[a.VSize:]) == 0 {
			continue
		}
		present = true
		if d, ok := decodeData(a, slot[:a.VSize], gen); ok {
			rec.Data.Merge(a.Func, &d)
		}
	}
	if !present {
		return nil
	}
	st.raw[string(directKey)] = cloneData(rec.Data)
	if base, ok := st.base[string(directKey)]; ok && additive(a.Func) {
		rec.Data = subData(a.Func, rec.Data, base)
	}
	st.fa.Records = append(st.fa.Records, rec)
	st.keys[rec] = [][]byte{directKey}
	return nil
}

// deleteKey removes an entry from an aggregation's map, as trunc() does; an unkeyed
// aggregation's slots are zeroed (an update racing with either goes with the entry).
func deleteKey(m *ebpf.Map, a *compiler.Agg, k []byte) error {
	if a.Direct {
		return m.Update(uint32(0), make([]byte, m.ValueSize()), ebpf.UpdateAny)
	}
	if err := m.Delete(k); err != nil && !errors.Is(err, ebpf.ErrKeyNotExist) {
		return err
	}
	return nil
}
