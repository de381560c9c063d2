package report

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/diagnostics"
	"github.com/chunkwise/chunkwise/diagnostics/picture"
	"github.com/chunkwise/chunkwise/scheduler"
	"github.com/chunkwise/chunkwise/store/cache"
)

// WriteHTML writes the report of profile p (nil: a report of the arrays
// alone) and arrays to w. The graph drawn is that of computing arrays.
// An array with a construction error is an error and writes nothing.
func WriteHTML(ctx context.Context, w io.Writer, p *diagnostics.Profile, arrays ...*array.Array) error {
	d := page{Title: "chunkwise report", Generated: time.Now().Format(time.RFC3339)}
	for _, a := range arrays {
		var b bytes.Buffer
		if err := picture.Chunks(&b, a); err != nil {
			return err
		}
		d.Arrays = append(d.Arrays, arrayView{Name: a.Name(), SVG: template.HTML(b.String())})
	}
	if len(arrays) > 0 {
		var b bytes.Buffer
		if err := picture.Visualize(ctx, &b, picture.SVG, picture.Layers, arrays...); err != nil {
			return err
		}
		d.Graph = template.HTML(stripProlog(b.String()))
	}
	if p != nil {
		d.Profile = true
		d.Duration = p.End.Sub(p.Start).Round(time.Millisecond).String()
		d.Cache = p.Cache
		colors := map[string]string{}
		for i, o := range p.Operations() {
			colors[o.Kernel] = palette[i%len(palette)]
			d.Ops = append(d.Ops, opView{OpStats: o, Color: colors[o.Kernel],
				Mean:  (o.Time / time.Duration(o.Tasks)).Round(time.Microsecond).String(),
				Total: o.Time.Round(time.Microsecond).String(), In: diagnostics.FormatBytes(o.BytesIn), Out: diagnostics.FormatBytes(o.BytesOut)})
			d.Tasks += o.Tasks
		}
		d.Workers = p.Workers()
		d.Stream = template.HTML(taskStream(p, colors))
		d.Resources = append(d.Resources, resources(p, "this process", "", p.Samples))
		for i, name := range slices.Sorted(maps.Keys(p.WorkerSamples)) {
			d.Resources = append(d.Resources, resources(p, "worker "+name, fmt.Sprintf("-w%d", i), p.WorkerSamples[name]))
		}
	}
	return tmpl.Execute(w, d)
}

var prolog = regexp.MustCompile(`(?s)^.*?(<svg)`)

// stripProlog drops the XML declaration and doctype before <svg, which
// have no place inside HTML.
func stripProlog(s string) string { return prolog.ReplaceAllString(s, "$1") }

// palette colours operations, the most time first (Tableau 10).
var palette = []string{"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"}

type page struct {
	Title, Generated string
	Profile          bool
	Duration         string
	Tasks, Workers   int
	Cache            cache.Stats
	Ops              []opView
	Stream           template.HTML
	Resources        []resourceView
	Graph            template.HTML
	Arrays           []arrayView
}

type opView struct {
	diagnostics.OpStats
	Color, Mean, Total, In, Out string
}

// resourceView is the memory and CPU charts of one process.
type resourceView struct {
	Name        string
	Memory, CPU template.HTML
}

// resources charts the samples ss of the process name; suffix makes the
// charts' ids unique.
func resources(p *diagnostics.Profile, name, suffix string, ss []diagnostics.Sample) resourceView {
	mem := []series{
		{"RSS", "#1f77b4", func(s diagnostics.Sample) float64 { return float64(s.RSS) }},
		{"Go heap", "#ff7f0e", func(s diagnostics.Sample) float64 { return float64(s.Heap) }},
	}
	if suffix != "" { // a cluster worker
		mem = append(mem, series{"held", "#9467bd", func(s diagnostics.Sample) float64 { return float64(s.Held) }})
	}
	mem = append(mem, series{"spilled", "#d62728", func(s diagnostics.Sample) float64 { return float64(s.Spilled) }})
	return resourceView{Name: name,
		Memory: template.HTML(chart(p, ss, "memory-chart"+suffix, "bytes", mem)),
		CPU: template.HTML(chart(p, ss, "cpu-chart"+suffix, "cores", []series{
			{"CPU", "#2ca02c", func(s diagnostics.Sample) float64 { return s.CPU }},
		}))}
}

type arrayView struct {
	Name string
	SVG  template.HTML
}

const (
	streamWidth = 1000.0
	laneHeight  = 22.0
	axisHeight  = 20.0
	labelWidth  = 70.0
)

// taskStream draws a lane per worker (and one for spill I/O when there
// was any) and a bar per event, in an SVG whose viewBox the page's
// script zooms. A worker running several tasks at once (a cluster
// worker's slots) gets as many lanes as it ran at once.
func taskStream(p *diagnostics.Profile, colors map[string]string) string {
	span := p.End.Sub(p.Start).Seconds()
	if span <= 0 {
		span = 1e-9
	}
	// Each task goes to the first of its worker's lanes free at its
	// start (events are in start order).
	workers := p.Workers()
	ends := make([][]time.Time, workers) // per worker, when each of its lanes is free
	sub := make([]int, len(p.Events))
	names := map[int]string{} // cluster workers' names
	for i, ev := range p.Events {
		if ev.Kind != scheduler.EventTask {
			continue
		}
		if ev.WorkerName != "" {
			names[ev.Worker] = ev.WorkerName
		}
		e := ends[ev.Worker]
		j := 0
		for j < len(e) && e[j].After(ev.Start) {
			j++
		}
		if j == len(e) {
			e = append(e, time.Time{})
		}
		e[j], sub[i], ends[ev.Worker] = ev.End, j, e
	}
	first := make([]int, workers+1) // the first lane of each worker
	var labels []string
	for w := range workers {
		n := max(len(ends[w]), 1)
		first[w+1] = first[w] + n
		name := fmt.Sprintf("worker %d", w)
		if nm, ok := names[w]; ok {
			if name = nm; len(name) > 10 {
				name = name[:9] + "…"
			}
		}
		for j := range n {
			if n > 1 {
				labels = append(labels, fmt.Sprintf("%s·%d", name, j))
			} else {
				labels = append(labels, name)
			}
		}
	}
	spillLane := -1
	for _, ev := range p.Events {
		if ev.Kind != scheduler.EventTask {
			spillLane = len(labels)
			labels = append(labels, "spill I/O")
			break
		}
	}
	nl := len(labels)
	h := axisHeight + laneHeight*float64(nl)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg id="task-stream" xmlns="http://www.w3.org/2000/svg" width="%g" height="%g" viewBox="0 0 %g %g" preserveAspectRatio="none" data-span="%g">`+"\n",
		labelWidth+streamWidth, h, labelWidth+streamWidth, h, span)
	for l, name := range labels {
		y := float64(l) * laneHeight
		fmt.Fprintf(&b, `<rect class="lane" x="%g" y="%g" width="%g" height="%g" fill="%s"/><text class="lane-label" x="2" y="%g" font-size="11">%s</text>`+"\n",
			labelWidth, y, streamWidth, laneHeight, []string{"#f7f7f7", "#efefef"}[l%2], y+15, template.HTMLEscapeString(name))
	}
	x := func(t time.Time) float64 { return labelWidth + streamWidth*t.Sub(p.Start).Seconds()/span }
	for i, ev := range p.Events {
		lane, color, what := 0, colors[ev.Kernel], ev.Kernel
		if ev.Kind == scheduler.EventTask {
			lane = first[ev.Worker] + sub[i]
		}
		class := "task"
		if ev.Kind != scheduler.EventTask {
			lane, color, class = spillLane, "#d62728", "io"
			what = map[scheduler.EventKind]string{scheduler.EventSpill: "spill", scheduler.EventLoad: "load"}[ev.Kind]
		}
		title := what
		if ev.Kind != scheduler.EventTask && ev.WorkerName != "" {
			title += " on " + ev.WorkerName
		}
		x0, x1 := x(ev.Start), x(ev.End)
		fmt.Fprintf(&b, `<rect class="%s" data-op="%s" x="%.3f" y="%g" width="%.3f" height="%g" fill="%s"><title>%s %s: %v, %s in, %s out</title></rect>`+"\n",
			class, template.HTMLEscapeString(what), x0, float64(lane)*laneHeight+2, max(x1-x0, 0.5), laneHeight-4, color,
			template.HTMLEscapeString(title), template.HTMLEscapeString(ev.Key.String()), ev.End.Sub(ev.Start).Round(time.Microsecond),
			diagnostics.FormatBytes(ev.BytesIn), diagnostics.FormatBytes(ev.BytesOut))
	}
	for i := 0; i <= 10; i++ {
		tx := labelWidth + streamWidth*float64(i)/10
		fmt.Fprintf(&b, `<text class="tick" x="%g" y="%g" font-size="10" text-anchor="middle">%s</text>`+"\n",
			tx, h-5, roundDur(span*float64(i)/10))
	}
	b.WriteString("</svg>")
	return b.String()
}

func roundDur(s float64) string {
	d := time.Duration(s * 1e9)
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond).String()
	}
	return d.Round(time.Microsecond).String()
}

type series struct {
	name, color string
	value       func(diagnostics.Sample) float64
}

// chart draws the series of samples as lines over the profile's span.
func chart(p *diagnostics.Profile, samples []diagnostics.Sample, id, unit string, ss []series) string {
	const cw, ch = 480.0, 160.0
	span := p.End.Sub(p.Start).Seconds()
	top := 0.0
	for _, s := range samples {
		for _, sr := range ss {
			top = max(top, sr.value(s))
		}
	}
	if top == 0 {
		top = 1
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg id="%s" class="chart" xmlns="http://www.w3.org/2000/svg" width="%g" height="%g" viewBox="0 0 %g %g" font-size="10">`+"\n", id, cw+60, ch+40, cw+60, ch+40)
	fmt.Fprintf(&b, `<rect x="50" y="5" width="%g" height="%g" fill="#fafafa" stroke="#ccc"/>`+"\n", cw, ch)
	label := fmt.Sprintf("%.2f %s", top, unit)
	if unit == "bytes" {
		label = diagnostics.FormatBytes(int64(top))
	}
	fmt.Fprintf(&b, `<text x="48" y="14" text-anchor="end">%s</text><text x="48" y="%g" text-anchor="end">0</text>`+"\n", label, ch+5)
	for i, sr := range ss {
		var pts strings.Builder
		for _, s := range samples {
			x := 50 + cw*min(max(s.Time.Sub(p.Start).Seconds()/max(span, 1e-9), 0), 1) // a worker's clock may be off
			y := 5 + ch - ch*sr.value(s)/top
			fmt.Fprintf(&pts, "%.1f,%.1f ", x, y)
		}
		fmt.Fprintf(&b, `<polyline class="series" data-name="%s" points="%s" fill="none" stroke="%s" stroke-width="1.5"/>`+"\n", sr.name, strings.TrimSpace(pts.String()), sr.color)
		fmt.Fprintf(&b, `<text x="%d" y="%g" fill="%s">%s</text>`+"\n", 60+90*i, ch+30, sr.color, sr.name)
	}
	fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="end">%s</text></svg>`, 50+cw, ch+18, roundDur(span))
	return b.String()
}
