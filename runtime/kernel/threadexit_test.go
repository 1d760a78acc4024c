// This file implements the test of thread-local reclaiming at thread exit.

package kernel

import (
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/cilium/ebpf"

	"github.com/godtrace/godtrace/internal/testroot"
	"github.com/godtrace/godtrace/internal/testthread"
	"golang.org/x/sys/unix"
)

func TestThreadCleanup(t *testing.T) {
	testroot.Require(t, "loading eBPF programs")
	var maps []*ebpf.Map
	for i := 0; i < 2; i++ {
		m, err := ebpf.NewMap(&ebpf.MapSpec{Type: ebpf.Hash, KeySize: 8, ValueSize: 8, MaxEntries: 64})
		if err != nil {
			t.Fatal(err)
		}
		defer m.Close()
		maps = append(maps, m)
	}
	tc, err := LoadThreadCleanup(maps)
	if err != nil {
		t.Fatal(err)
	}
	defer tc.Close()

	key := func(tid int) uint64 { return uint64(os.Getpid())<<32 | uint64(tid) }
	// A thread that stays, and one that ends: a goroutine returning with
	// its thread locked makes the runtime end the thread.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	live := key(unix.Gettid())
	var gone uint64
	testthread.OnExitingThread(t, func(tid int) {
		gone = key(tid)
		for _, m := range maps {
			if err := m.Put(gone, uint64(1)); err != nil {
				t.Error(err)
			}
			if err := m.Put(live, uint64(2)); err != nil {
				t.Error(err)
			}
		}
	})
	deadline := time.Now().Add(2 * time.Second)
	for i, m := range maps {
		var v uint64
		for m.Lookup(gone, &v) == nil {
			if time.Now().After(deadline) {
				t.Fatalf("map %d still holds the ended thread's key", i)
			}
			time.Sleep(5 * time.Millisecond)
		}
		if err := m.Lookup(live, &v); err != nil || v != 2 {
			t.Errorf("map %d lost the live thread's entry: %v", i, err)
		}
	}

	bad, err := ebpf.NewMap(&ebpf.MapSpec{Type: ebpf.Array, KeySize: 4, ValueSize: 8, MaxEntries: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer bad.Close()
	if _, err := LoadThreadCleanup([]*ebpf.Map{bad}); err == nil {
		t.Error("an array map was accepted")
	}
}
