// This file implements the ring-buffer reader and the drop-counter polling.

package consume

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/ringbuf"
)

// Handler receives one record: its id and the bytes after the id. data is
// only valid during the call.
type Handler func(id uint32, data []byte) error

// Drop is an increase of one CPU's drop counter.
type Drop struct {
	CPU   int
	Count uint64
}

// Options tunes a Reader. The zero value is valid.
type Options struct {
	// DropInterval is how often Run checks the drop counters while
	// records are flowing or not (default one second, DTrace's default
	// statusrate).
	DropInterval time.Duration
	// OnDrop is called, from Run's goroutine, for every CPU whose counter
	// grew, in CPU order. Nil: drops are only available from Drops.
	OnDrop func(Drop)
}

// Reader reads records from the ring buffer and watches the drop counters.
type Reader struct {
	rb    *ringbuf.Reader
	drops *ebpf.Map
	opts  Options

	mu       sync.Mutex
	reported []uint64 // per-CPU counts already reported
}

// NewReader returns a reader of ring, a ring buffer map, whose drops are
// counted in drops (made from DropMapSpec; may be nil).
func NewReader(ring, drops *ebpf.Map, opts Options) (*Reader, error) {
	rb, err := ringbuf.NewReader(ring)
	if err != nil {
		return nil, fmt.Errorf("ring buffer reader: %w", err)
	}
	if opts.DropInterval <= 0 {
		opts.DropInterval = time.Second
	}
	return &Reader{rb: rb, drops: drops, opts: opts}, nil
}

// DropMessage renders a drop report as DTrace does, without the program
// name: "1 drop on CPU 0", "12 drops on CPU 1".
func DropMessage(d Drop) string {
	s := ""
	if d.Count > 1 {
		s = "s"
	}
	return fmt.Sprintf("%d drop%s on CPU %d", d.Count, s, d.CPU)
}

// Run reads records and hands each to fn, in order, until Stop is called,
// then hands over the records still in the ring and returns nil. It returns
// fn's first error, or a read error. Drops are checked every
// Options.DropInterval and once more before Run returns.
func (r *Reader) Run(fn Handler) error {
	var rec ringbuf.Record
	for {
		r.rb.SetDeadline(time.Now().Add(r.opts.DropInterval))
		err := r.rb.ReadInto(&rec)
		switch {
		case err == nil:
			if err := deliver(&rec, fn); err != nil {
				return err
			}
			continue
		case errors.Is(err, os.ErrDeadlineExceeded):
			if err := r.checkDrops(); err != nil {
				return err
			}
			continue
		case errors.Is(err, ringbuf.ErrFlushed):
			// Stop: everything up to the flush has been read.
			return r.checkDrops()
		default:
			return fmt.Errorf("read ring buffer: %w", err)
		}
	}
}

// Drain hands every record currently in the ring to fn without waiting for
// more, and returns. Records written meanwhile are left for later (so that
// probes firing on the reader's own system calls cannot keep it draining
// forever). It is for use without Run (Run drains on Stop by itself).
func (r *Reader) Drain(fn Handler) error {
	var rec ringbuf.Record
	r.rb.SetDeadline(time.Now())
	defer r.rb.SetDeadline(time.Time{})
	budget := r.rb.AvailableBytes()
	for budget > 0 {
		err := r.rb.ReadInto(&rec)
		switch {
		case err == nil:
			// Each record takes an 8-byte header and is padded to 8.
			budget -= 8 + (len(rec.RawSample)+7)&^7
			if err := deliver(&rec, fn); err != nil {
				return err
			}
		case errors.Is(err, os.ErrDeadlineExceeded):
			return nil
		default:
			return fmt.Errorf("read ring buffer: %w", err)
		}
	}
	return nil
}

func deliver(rec *ringbuf.Record, fn Handler) error {
	if len(rec.RawSample) < 4 {
		return fmt.Errorf("ring buffer record of %d bytes: shorter than its id", len(rec.RawSample))
	}
	return fn(binary.NativeEndian.Uint32(rec.RawSample), rec.RawSample[4:])
}

// Stop makes a concurrent (or the next) Run return after handing over the
// records already in the ring.
func (r *Reader) Stop() error {
	if err := r.rb.Flush(); err != nil {
		return fmt.Errorf("stop ring buffer reader: %w", err)
	}
	return nil
}

// Drops returns the increase of each CPU's drop counter since the previous
// call (or since the previous report by Run), CPUs without new drops left
// out.
func (r *Reader) Drops() ([]Drop, error) {
	if r.drops == nil {
		return nil, nil
	}
	var buf []byte
	if err := r.drops.Lookup(uint32(0), &buf); err != nil {
		return nil, fmt.Errorf("read drop counters: %w", err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	n := len(buf) / 8
	if len(r.reported) < n {
		r.reported = append(r.reported, make([]uint64, n-len(r.reported))...)
	}
	var out []Drop
	for cpu := 0; cpu < n; cpu++ {
		c := binary.NativeEndian.Uint64(buf[cpu*8:])
		if c > r.reported[cpu] {
			out = append(out, Drop{CPU: cpu, Count: c - r.reported[cpu]})
			r.reported[cpu] = c
		}
	}
	return out, nil
}

func (r *Reader) checkDrops() error {
	if r.opts.OnDrop == nil {
		return nil
	}
	ds, err := r.Drops()
	if err != nil {
		return err
	}
	for _, d := range ds {
		r.opts.OnDrop(d)
	}
	return nil
}

// Close frees the reader. Records still in the ring are discarded: call
// Stop and let Run return (or call Drain) first.
func (r *Reader) Close() error {
	return r.rb.Close()
}
