package record

import "testing"

func TestRingMapSpec(t *testing.T) {
	if got := RingMapSpec(5000).MaxEntries; got != 8192 {
		t.Errorf("RingMapSpec(5000) size %d, want 8192", got)
	}
	if got := RingMapSpec(0).MaxEntries; got != DefaultRingSize {
		t.Errorf("default size %d", got)
	}
}
