// This file implements the notebook's plot: median bandwidth against buffer size (log x axis)
// with 25th/75th percentile error bars, as a self-contained SVG.

package lab

import (
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
)

// WriteSVG plots one or more series of summaries (e.g. "io-static read").
func WriteSVG(w io.Writer, title string, series map[string][]Summary) error {
	const W, H, left, right, top, bottom = 900, 600, 90, 30, 50, 70
	var minX, maxX, maxY float64 = math.Inf(1), 0, 0
	for _, ss := range series {
		for _, s := range ss {
			x := math.Log2(float64(s.BufferSize))
			minX, maxX = math.Min(minX, x), math.Max(maxX, x)
			maxY = math.Max(maxY, s.Q75)
		}
	}
	if maxX <= minX {
		maxX = minX + 1
	}
	if maxY <= 0 {
		maxY = 1
	}
	px := func(size int64) float64 {
		return left + (math.Log2(float64(size))-minX)/(maxX-minX)*(W-left-right)
	}
	py := func(v float64) float64 { return H - bottom - v/maxY*(H-top-bottom) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">`+"\n", W, H)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&b, `<text x="%d" y="30" font-size="16" text-anchor="middle">%s</text>`+"\n", W/2, escape(title))
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>`+"\n", left, H-bottom, W-right, H-bottom)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>`+"\n", left, top, left, H-bottom)
	for e := int(minX); e <= int(maxX); e++ {
		x := px(1 << e)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="end" transform="rotate(-45 %.1f %d)">%d</text>`+"\n", x, H-bottom+15, x, H-bottom+15, 1<<e)
	}
	for i := 0; i <= 5; i++ {
		v := maxY * float64(i) / 5
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%.0f</text>`+"\n", left-5, py(v)+4, v)
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">Buffer size (Bytes)</text>`+"\n", (W+left)/2, H-10)
	fmt.Fprintf(&b, `<text x="20" y="%d" text-anchor="middle" transform="rotate(-90 20 %d)">I/O bandwidth (KiBytes/sec)</text>`+"\n", H/2, H/2)
	colours := []string{"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"}
	i := 0
	for _, name := range slices.Sorted(maps.Keys(series)) {
		c := colours[i%len(colours)]
		var pts []string
		for _, s := range series[name] {
			x := px(s.BufferSize)
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, py(s.Median)))
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s"/>`+"\n", x, py(s.Q25), x, py(s.Q75), c)
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`+"\n", c, strings.Join(pts, " "))
		fmt.Fprintf(&b, `<text x="%d" y="%d" fill="%s">%s</text>`+"\n", W-right-200, top+20+16*i, c, escape(name))
		i++
	}
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
