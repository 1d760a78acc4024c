package labplot

import (
	"bytes"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSizeLabel(t *testing.T) {
	for n, want := range map[int64]string{512: "512 B", 1024: "1 KiB", 1536: "1.5 KiB", 64 << 10: "64 KiB", 1 << 20: "1 MiB", 16 << 20: "16 MiB", 3 << 30: "3 GiB"} {
		if got := SizeLabel(n); got != want {
			t.Errorf("SizeLabel(%d) = %q, want %q", n, got, want)
		}
	}
	ticks := SizeTicks(512, 16<<20)
	if len(ticks) != 16 || ticks[0].Label != "512 B" || ticks[15].Label != "16 MiB" || ticks[1].Label != "1 KiB" {
		t.Errorf("SizeTicks(512, 16 MiB) = %v", ticks)
	}
	if ticks := SizeTicks(3000, 5000); len(ticks) != 3 || ticks[0].Value != 2048 || ticks[2].Value != 8192 {
		t.Errorf("SizeTicks(3000, 5000) = %v, want 2 KiB, 4 KiB, 8 KiB", ticks)
	}
}

func TestRoundTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		labels string
	}{
		{0, 4.6, "0 1 2 3 4 5"},
		{0, 1.05, "0.0 0.2 0.4 0.6 0.8 1.0 1.2"},
		{0, 5330.652, "0 1000 2000 3000 4000 5000 6000"},
		{0, 730, "0 200 400 600 800"},
		{0, 0.03, "0.000 0.005 0.010 0.015 0.020 0.025 0.030"},
	} {
		var labels []string
		for _, tk := range RoundTicks(c.lo, c.hi) {
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			}
		}
		if got := strings.Join(labels, " "); got != c.labels {
			t.Errorf("RoundTicks(%v, %v) labels %q, want %q", c.lo, c.hi, got, c.labels)
		}
	}
	for x, want := range map[float64]float64{0.7: 1, 1: 1, 1.2: 2, 3: 5, 7: 10, 0.013: 0.02, 850: 1000} {
		if got := RoundStep(x); math.Abs(got-want) > 1e-12 {
			t.Errorf("RoundStep(%v) = %v, want %v", x, got, want)
		}
	}
	for _, c := range []struct {
		max  float64
		unit string
	}{{500, "KiB/s"}, {5330652, "GiB/s"}, {200000, "MiB/s"}} {
		if _, u := BandwidthUnit(c.max); u != c.unit {
			t.Errorf("BandwidthUnit(%v) = %s, want %s", c.max, u, c.unit)
		}
	}
}

// sample is a bandwidth curve shaped like a page-cache read sweep, in KiB/s.
func sample(scale float64) []Point {
	var pts []Point
	for e := 0; e < 16; e++ {
		size := int64(512) << e
		med := scale * 5.3e6 * (1 - math.Exp(-float64(size)/8192))
		pts = append(pts, Point{size, med, med * 0.95, med * 1.03})
	}
	return pts
}

// TestFigures draws a bandwidth and a ratio figure in both formats and checks what a reader
// sees: the PNG decodes at the stated size; the SVG carries the axis labels, the unit, the
// end tick labels and the legend's names. LABPLOT_KEEP=dir keeps the files to look at.
func TestFigures(t *testing.T) {
	dir := os.Getenv("LABPLOT_KEEP")
	if dir == "" {
		dir = t.TempDir()
	}
	bw, err := Bandwidth("io-static read performance", []Series{{"io-static read", sample(1)}, {"io-static write", sample(0.3)}})
	if err != nil {
		t.Fatal(err)
	}
	var ratio []Point
	for _, pt := range sample(1) {
		r := pt.Median / 5.3e6
		ratio = append(ratio, Point{pt.BufferSize, r, r - 0.02, r + 0.01})
	}
	rf, err := Ratio("probe effect", "traced ÷ untraced bandwidth", []Series{{"io_performance.d", ratio}})
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]*Figure{"bandwidth": bw, "ratio": rf} {
		for _, ext := range []string{".png", ".svg"} {
			path := filepath.Join(dir, name+ext)
			if err := f.Save(path); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if ext == ".png" {
				img, err := png.Decode(bytes.NewReader(b))
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				if r := img.Bounds(); r.Dx() != 11*dpi || r.Dy() != 6*dpi {
					t.Errorf("%s is %v, want %dx%d", path, r, 11*dpi, 6*dpi)
				}
				continue
			}
			want := []string{"Buffer size", "512 B", "16 MiB", "1 KiB"}
			if name == "bandwidth" {
				want = append(want, "I/O bandwidth (GiB/s)", "io-static read", "io-static write", ">5<")
			} else {
				want = append(want, "traced ÷ untraced bandwidth", "io_performance.d", ">1.0<")
			}
			for _, w := range want {
				if !strings.Contains(string(b), w) {
					t.Errorf("%s lacks %q", path, w)
				}
			}
		}
	}
	if err := bw.Save(filepath.Join(dir, "x.pdf")); err == nil {
		t.Error("a .pdf path was accepted")
	}
	if _, err := Bandwidth("empty", nil); err == nil {
		t.Error("a figure with no series was drawn")
	}
}
