// Package labplot draws the lab's figures with gonum/plot: I/O bandwidth, or the ratio of
// two bandwidths, against buffer size, one line per series with interquartile error bars,
// written as PNG or SVG. It is the only package that imports the plotting library.
//
// The buffer-size axis is log 2, one labelled tick per power of two (512 B … 16 MiB). The
// bandwidth axis takes the unit (KiB/s, MiB/s, GiB/s) that keeps its numbers below 1024 and
// puts ticks at round values of that unit (1, 2 or 5 × 10ⁿ apart).
package labplot

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Point is one buffer size's median and quartiles.
type Point struct {
	BufferSize       int64
	Median, Q25, Q75 float64
}

// Series is one line of a figure.
type Series struct {
	Name   string
	Points []Point
}

// Figure is a drawn plot, ready to be written.
type Figure struct {
	p *plot.Plot
}

// Size of every figure, and the PNG's resolution.
const (
	width  = 11 * vg.Inch
	height = 6 * vg.Inch
	dpi    = 120
)

// palette is colour-blind safe (Okabe–Ito) and prints apart in grey.
var palette = []color.Color{
	color.RGBA{0, 114, 178, 255},   // blue
	color.RGBA{213, 94, 0, 255},    // vermillion
	color.RGBA{0, 158, 115, 255},   // bluish green
	color.RGBA{204, 121, 167, 255}, // reddish purple
	color.RGBA{230, 159, 0, 255},   // orange
	color.RGBA{86, 180, 233, 255},  // sky blue
}

var glyphs = []draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.PyramidGlyph{},
	draw.RingGlyph{}, draw.BoxGlyph{},
}

// Bandwidth plots series whose values are I/O bandwidths in KiB/s (the notebook's unit).
func Bandwidth(title string, series []Series) (*Figure, error) {
	max := 0.0
	for _, s := range series {
		for _, pt := range s.Points {
			max = math.Max(max, math.Max(pt.Q75, pt.Median))
		}
	}
	scale, unit := BandwidthUnit(max)
	scaled := make([]Series, len(series))
	for i, s := range series {
		scaled[i] = Series{Name: s.Name}
		for _, pt := range s.Points {
			scaled[i].Points = append(scaled[i].Points, Point{pt.BufferSize, pt.Median / scale, pt.Q25 / scale, pt.Q75 / scale})
		}
	}
	return draw2(title, "I/O bandwidth ("+unit+")", scaled, 0)
}

// Ratio plots dimensionless series (a traced bandwidth over the untraced one): the axis runs
// from 0 to at least 1, and a dashed line marks 1 (no probe effect).
func Ratio(title, ylabel string, series []Series) (*Figure, error) {
	return draw2(title, ylabel, series, 1)
}

// draw2 builds the plot; ref, when non-zero, is a value marked with a dashed line and kept
// inside the y range.
func draw2(title, ylabel string, series []Series, ref float64) (*Figure, error) {
	if len(series) == 0 {
		return nil, fmt.Errorf("labplot: %s: nothing to plot", title)
	}
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = 16
	p.Title.Padding = vg.Points(8)
	p.X.Label.Text = "Buffer size"
	p.Y.Label.Text = ylabel
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font.Size = 13
		ax.Tick.Label.Font.Size = 10.5
		ax.Label.TextStyle.Font.Variant = "Sans"
		ax.Tick.Label.Font.Variant = "Sans"
	}
	p.Title.TextStyle.Font.Variant = "Sans"
	p.Legend.TextStyle.Font.Variant = "Sans"
	p.X.Scale = plot.LogScale{}
	minX, maxX, maxY := int64(math.MaxInt64), int64(0), ref
	for _, s := range series {
		for _, pt := range s.Points {
			if pt.BufferSize <= 0 {
				return nil, fmt.Errorf("labplot: %s: buffer size %d", s.Name, pt.BufferSize)
			}
			minX, maxX = min(minX, pt.BufferSize), max(maxX, pt.BufferSize)
			maxY = math.Max(maxY, math.Max(pt.Q75, pt.Median))
		}
	}
	if maxX == 0 {
		return nil, fmt.Errorf("labplot: %s: no points", title)
	}
	// Half a power of two of margin each side, so the end bars and labels are not clipped.
	p.X.Min, p.X.Max = float64(minX)/math.Sqrt2, float64(maxX)*math.Sqrt2
	p.X.Tick.Marker = plot.ConstantTicks(SizeTicks(minX, maxX))
	if maxY <= 0 {
		maxY = 1
	}
	yt := RoundTicks(0, maxY*1.05)
	p.Y.Min, p.Y.Max = 0, yt[len(yt)-1].Value
	p.Y.Tick.Marker = plot.ConstantTicks(yt)

	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{225}
	grid.Horizontal.Color = color.Gray{215}
	p.Add(grid)
	if ref != 0 {
		l, _ := plotter.NewLine(plotter.XYs{{X: p.X.Min, Y: ref}, {X: p.X.Max, Y: ref}})
		l.Color = color.Gray{110}
		l.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
		p.Add(l)
	}

	p.Legend.Top, p.Legend.Left = emptiestCorner(series, p.X.Min, p.X.Max, p.Y.Max)
	p.Legend.TextStyle.Font.Size = 12
	p.Legend.Padding = vg.Points(4)
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(10), -vg.Points(8)
	if !p.Legend.Left {
		p.Legend.XOffs = -p.Legend.XOffs
	}
	if !p.Legend.Top {
		p.Legend.YOffs = vg.Points(8)
	}
	p.Legend.ThumbnailWidth = vg.Points(28)
	for i, s := range series {
		xys := make(xyErr, len(s.Points))
		for j, pt := range s.Points {
			xys[j] = pt
		}
		c := palette[i%len(palette)]
		line, points, err := plotter.NewLinePoints(xys)
		if err != nil {
			return nil, fmt.Errorf("labplot: %s: %w", s.Name, err)
		}
		line.Color, line.Width = c, vg.Points(2)
		points.Color, points.Shape, points.Radius = c, glyphs[i%len(glyphs)], vg.Points(3.5)
		bars, err := plotter.NewYErrorBars(xys)
		if err != nil {
			return nil, fmt.Errorf("labplot: %s: %w", s.Name, err)
		}
		bars.Color, bars.Width, bars.CapWidth = c, vg.Points(1.5), vg.Points(7)
		p.Add(bars, line, points)
		p.Legend.Add(s.Name, line, points)
	}
	return &Figure{p: p}, nil
}

// emptiestCorner picks the corner of the data area (top or bottom, left or right) holding
// the fewest points and error-bar ends, for the legend.
func emptiestCorner(series []Series, minX, maxX, maxY float64) (top, left bool) {
	var n [2][2]int // [top][left]
	for _, s := range series {
		for _, pt := range s.Points {
			x := math.Log(float64(pt.BufferSize)/minX) / math.Log(maxX/minX)
			for _, y := range []float64{pt.Q25 / maxY, pt.Median / maxY, pt.Q75 / maxY} {
				if x > 0.35 && x < 0.65 || y > 0.4 && y < 0.6 {
					continue
				}
				n[b2i(y >= 0.6)][b2i(x <= 0.35)]++
			}
		}
	}
	best := n[1][1] + 1
	for _, t := range []bool{true, false} {
		for _, l := range []bool{true, false} {
			if c := n[b2i(t)][b2i(l)]; c < best {
				best, top, left = c, t, l
			}
		}
	}
	return top, left
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// xyErr adapts points to gonum's XYer and YErrorer: Y is the median, the error bar runs from
// the 25th to the 75th percentile.
type xyErr []Point

func (x xyErr) Len() int { return len(x) }
func (x xyErr) XY(i int) (float64, float64) {
	return float64(x[i].BufferSize), x[i].Median
}
func (x xyErr) YError(i int) (float64, float64) {
	return math.Max(0, x[i].Median-x[i].Q25), math.Max(0, x[i].Q75-x[i].Median)
}

// WriteTo writes the figure as format ("png" or "svg").
func (f *Figure) WriteTo(w io.Writer, format string) error {
	var c interface {
		vg.CanvasSizer
		io.WriterTo
	}
	switch format {
	case "png":
		img := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(dpi))
		c = vgimg.PngCanvas{Canvas: img}
	case "svg":
		c = vgsvg.New(width, height)
	default:
		return fmt.Errorf("labplot: format %q is neither png nor svg", format)
	}
	// White margin round the plot: gonum draws to the canvas edge.
	const pad = vg.Inch / 6
	dc := draw.New(c)
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	f.p.Draw(draw.Crop(dc, pad, -pad, pad, -pad))
	_, err := c.WriteTo(w)
	return err
}

// Save writes the figure to path, in the format its extension names (.png or .svg).
func (f *Figure) Save(path string) error {
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	if format != "png" && format != "svg" {
		return fmt.Errorf("labplot: %s: format %q is neither png nor svg", path, format)
	}
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := f.WriteTo(out, format); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// SizeLabel names a byte count in binary units: 512 B, 1 KiB, 16 MiB; sizes that are not a
// whole number of the unit keep one decimal (1.5 KiB).
func SizeLabel(n int64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	v, u := float64(n), 0
	for v >= 1024 && u < len(units)-1 {
		v /= 1024
		u++
	}
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) + " " + units[u]
}

// SizeTicks are the labelled powers of two from lo's to hi's, inclusive (lo's rounded down,
// hi's up).
func SizeTicks(lo, hi int64) []plot.Tick {
	var ticks []plot.Tick
	e := int64(1)
	for e*2 <= lo {
		e *= 2
	}
	for ; e <= hi || (len(ticks) > 0 && ticks[len(ticks)-1].Value < float64(hi)); e *= 2 {
		ticks = append(ticks, plot.Tick{Value: float64(e), Label: SizeLabel(e)})
	}
	return ticks
}

// BandwidthUnit chooses the unit for bandwidths up to max KiB/s: the largest binary unit in
// which max is at least 1. It returns the unit in KiB/s and its name.
func BandwidthUnit(max float64) (float64, string) {
	switch {
	case max >= 1<<30:
		return 1 << 30, "TiB/s"
	case max >= 1<<20:
		return 1 << 20, "GiB/s"
	case max >= 1<<10:
		return 1 << 10, "MiB/s"
	}
	return 1, "KiB/s"
}

// RoundTicks are labelled ticks from lo up to the first round value at or above hi, a round
// step apart (1, 2 or 5 × 10ⁿ, 4 to 10 intervals), with an unlabelled minor tick halfway.
func RoundTicks(lo, hi float64) []plot.Tick {
	if hi <= lo {
		hi = lo + 1
	}
	step := RoundStep((hi - lo) / 6)
	prec := 0
	if step < 1 {
		prec = int(math.Ceil(-math.Log10(step) - 1e-9))
	}
	var ticks []plot.Tick
	start := math.Floor(lo/step) * step
	for i := 0; ; i++ {
		v := start + float64(i)*step
		// Sums of steps drift (0.1+0.2); round to the label's precision.
		v = math.Round(v*math.Pow10(prec)) / math.Pow10(prec)
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', prec, 64)})
		if v >= hi-step*1e-9 {
			break
		}
		ticks = append(ticks, plot.Tick{Value: v + step/2})
	}
	return ticks
}

// RoundStep is the smallest of 1, 2 or 5 × 10ⁿ at or above x (x > 0).
func RoundStep(x float64) float64 {
	mag := math.Pow10(int(math.Floor(math.Log10(x))))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= x*(1-1e-9) {
			return m * mag
		}
	}
	return 10 * mag
}
