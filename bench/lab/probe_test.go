package lab

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseRate(t *testing.T) {
	if r, err := ParseRate("4691203.33 KBytes/sec\n"); err != nil || r != 4691203.33 {
		t.Errorf("ParseRate = %v, %v", r, err)
	}
	for _, bad := range []string{"", "fast\n", "1 KBytes/sec\n2 KBytes/sec\n"} {
		if _, err := ParseRate(bad); err == nil {
			t.Errorf("ParseRate(%q) accepted", bad)
		}
	}
}

func TestNames(t *testing.T) {
	for n, want := range map[int64]string{512: "512 B", 4096: "4 KiB", 16 << 20: "16 MiB"} {
		if got := SizeName(n); got != want {
			t.Errorf("SizeName(%d) = %q, want %q", n, got, want)
		}
	}
	for kib, want := range map[float64]string{512: "512 KiB/s", 2048: "2.00 MiB/s", 215040: "210 MiB/s", 4691203.33: "4.47 GiB/s", 20 << 20: "20.0 GiB/s"} {
		if got := RateName(kib); got != want {
			t.Errorf("RateName(%v) = %q, want %q", kib, got, want)
		}
	}
}

// A probe-effect result reduced by hand: ratios pair the rounds, the baseline's is 1, a
// condition interrupted before a size has no row for it.
func TestProbeRows(t *testing.T) {
	r := &ProbeResult{
		Config: ProbeConfig{Bench: "bin/io-static", Mode: "read", TotalSize: 1 << 20, Trials: 2, Sizes: []int64{512, 1024},
			Conditions: []Condition{{Name: "untraced"}, {Name: "lab.d", Script: "x"}}},
		Rates:       [][][]float64{{{100, 200}, {400, 400}}, {{50, 150}, {}}},
		Interrupted: true, Runs: 6,
	}
	rows := r.Rows()
	if len(rows) != 3 {
		t.Fatalf("rows %+v", rows)
	}
	if x := rows[0]; x.Ratio.Median != 1 || x.Bandwidth.Median != 150 {
		t.Errorf("baseline row %+v", x)
	}
	// Ratios 0.5 and 0.75: median 0.625.
	if x := rows[2]; x.Condition != "lab.d" || x.BufferSize != 512 || x.Ratio.Median != 0.625 || x.Ratio.Trials != 2 {
		t.Errorf("traced row %+v", x)
	}
	var csv, table bytes.Buffer
	if err := WriteProbeCSV(&csv, rows); err != nil {
		t.Fatal(err)
	}
	if want := "lab.d,512,2,100.00,75.00,125.00,0.6250,0.5625,0.6875\n"; !strings.HasSuffix(csv.String(), want) {
		t.Errorf("CSV:\n%s\nwant last line %q", csv.String(), want)
	}
	if err := WriteProbeTable(&table, r); err != nil {
		t.Fatal(err)
	}
	want := "Probe effect: io-static read, 1 MiB per run, 2 rounds, interrupted after 6 of 8 runs.\n" +
		"Bandwidth is the benchmark's own (KBytes/sec); ratio = traced / untraced bandwidth of the\n" +
		"same round: median [25th-75th percentile]. 1.00 means no probe effect.\n\n" +
		"buffer        untraced | lab.d\n" +
		"size         bandwidth |    bandwidth ratio\n" +
		"512 B        150 KiB/s |    100 KiB/s 0.62 [0.56-0.69]\n" +
		"1 KiB        400 KiB/s |            -\n"
	if table.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", table.String(), want)
	}
}

func TestProbeConditions(t *testing.T) {
	dir := t.TempDir()
	lab := filepath.Join(dir, "lab.d")
	os.WriteFile(lab, []byte(`proc:::exec-success /execname == "io-static"/ {}`), 0o644)
	conds, err := ProbeConditions(dir, lab, "bin/io-dynamic", "write")
	if err != nil {
		t.Fatal(err)
	}
	if len(conds) != 4 || conds[0].Script != "" || conds[3].Name != "write latency quantize()" {
		t.Fatalf("conditions %+v", conds)
	}
	for _, c := range conds[1:] {
		b, _ := os.ReadFile(c.Script)
		if !strings.Contains(string(b), `execname == "io-dynamic"`) || strings.Contains(string(b), "io-static") {
			t.Errorf("%s:\n%s", c.Name, b)
		}
	}
	if b, _ := os.ReadFile(conds[3].Script); !strings.Contains(string(b), "syscall::write:return") {
		t.Errorf("latency script:\n%s", b)
	}
}
