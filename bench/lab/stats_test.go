package lab

import (
	"bytes"
	"math"
	"testing"
)

func TestParseRecords(t *testing.T) {
	out := "CPU     ID                    FUNCTION:NAME\n" +
		"  1    312                 exit_group:entry {\"timestamp\": 2000000}\n" +
		"\n" +
		"{\"timestamp\": 1}{\"timestamp\": 4000000}\n" +
		"  0      2                             :END   Stopped\n"
	recs, err := ParseRecords(out)
	if err != nil {
		t.Fatal(err)
	}
	want := []uint64{2000000, 1, 4000000}
	if len(recs) != len(want) {
		t.Fatalf("got %d records %v, want %d", len(recs), recs, len(want))
	}
	for i, w := range want {
		if recs[i].Timestamp != w {
			t.Errorf("record %d = %d, want %d", i, recs[i].Timestamp, w)
		}
	}
	if _, err := ParseRecords("x {\"timestamp\": \"nope\"}"); err == nil {
		t.Error("a malformed record was accepted")
	}
}

func TestBandwidthAndQuantiles(t *testing.T) {
	// 16 MiB in 0.5 s is 32768 KiB/s.
	if bw := Bandwidth(16<<20, 500_000_000); bw != 32768 {
		t.Errorf("Bandwidth = %v, want 32768", bw)
	}
	xs := []float64{4, 1, 3, 2}
	// pandas: median 2.5, q25 1.75, q75 3.25 (linear interpolation).
	for _, c := range []struct{ q, want float64 }{{0.5, 2.5}, {0.25, 1.75}, {0.75, 3.25}, {0, 1}, {1, 4}} {
		if got := Quantile(xs, c.q); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("Quantile(%v) = %v, want %v", c.q, got, c.want)
		}
	}
	s := Summarize(8192, xs)
	if s.Median != 2.5 || s.Trials != 4 || s.Min != 1 || s.Max != 4 {
		t.Errorf("Summarize = %+v", s)
	}
	if len(LabSizes()) != 16 || LabSizes()[0] != 512 || LabSizes()[15] != 16<<20 {
		t.Errorf("LabSizes = %v", LabSizes())
	}
}

func TestOutputs(t *testing.T) {
	s := []Summary{Summarize(512, []float64{100, 200}), Summarize(1024, []float64{300, 500})}
	var csv bytes.Buffer
	if err := WriteCSV(&csv, s); err != nil {
		t.Fatal(err)
	}
	want := "buffersize,median_kib_s,q25_kib_s,q75_kib_s,min_kib_s,max_kib_s,trials\n" +
		"512,150.00,125.00,175.00,100.00,200.00,2\n" +
		"1024,400.00,350.00,450.00,300.00,500.00,2\n"
	if csv.String() != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", csv.String(), want)
	}
}
