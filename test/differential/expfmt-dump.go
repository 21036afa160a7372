// expfmt-dump parses Prometheus text-format payloads with prometheus/common's
// expfmt.TextParser and prints what it accepted as JSON, for the differential
// test in ../differential.test.ts.
//
// Usage:
//
//	expfmt-dump [file]              one JSON object (stdin when no file is given)
//	expfmt-dump --array file...     a JSON array with one object per file, in order
//
// Object: {"ok":true,"families":[...]} or {"ok":false,"error":"..."}. Histograms
// and summaries are flattened back into samples (name_bucket with le, name_sum,
// name_count, name with quantile). TextToMetricFamilies returns a map, which has
// no order, so families are listed by name; metrics keep expfmt's order. The
// program exits 0 whatever the verdicts.
//
// Build: GO111MODULE=off GOPATH=/usr/share/gocode go build -o expfmt-dump expfmt-dump.go
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

type sample struct {
	Name        string            `json:"name"`
	Labels      map[string]string `json:"labels"`
	Value       string            `json:"value"`
	TimestampMs *int64            `json:"timestamp_ms"`
	// Uint marks bucket counts and _count values, which expfmt stores as uint64
	// (a float value is truncated on the way in).
	Uint bool `json:"uint,omitempty"`
}

type family struct {
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Help    *string  `json:"help"`
	Samples []sample `json:"samples"`
}

type result struct {
	Ok       bool      `json:"ok"`
	Error    string    `json:"error,omitempty"`
	Families *[]family `json:"families,omitempty"`
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func labelsOf(m *dto.Metric, extraName, extraValue string) map[string]string {
	labels := make(map[string]string, len(m.GetLabel())+1)
	for _, l := range m.GetLabel() {
		labels[l.GetName()] = l.GetValue()
	}
	if extraName != "" {
		labels[extraName] = extraValue
	}
	return labels
}

func flatten(mf *dto.MetricFamily) []sample {
	name := mf.GetName()
	out := []sample{}
	for _, m := range mf.GetMetric() {
		ts := m.TimestampMs
		add := func(n string, labels map[string]string, value string, isUint bool) {
			out = append(out, sample{Name: n, Labels: labels, Value: value, TimestampMs: ts, Uint: isUint})
		}
		switch mf.GetType() {
		case dto.MetricType_COUNTER:
			add(name, labelsOf(m, "", ""), formatFloat(m.GetCounter().GetValue()), false)
		case dto.MetricType_GAUGE:
			add(name, labelsOf(m, "", ""), formatFloat(m.GetGauge().GetValue()), false)
		case dto.MetricType_UNTYPED:
			add(name, labelsOf(m, "", ""), formatFloat(m.GetUntyped().GetValue()), false)
		case dto.MetricType_SUMMARY:
			s := m.GetSummary()
			for _, q := range s.GetQuantile() {
				add(name, labelsOf(m, "quantile", formatFloat(q.GetQuantile())), formatFloat(q.GetValue()), false)
			}
			if s.SampleSum != nil {
				add(name+"_sum", labelsOf(m, "", ""), formatFloat(s.GetSampleSum()), false)
			}
			if s.SampleCount != nil {
				add(name+"_count", labelsOf(m, "", ""), strconv.FormatUint(s.GetSampleCount(), 10), true)
			}
		case dto.MetricType_HISTOGRAM:
			h := m.GetHistogram()
			for _, b := range h.GetBucket() {
				add(name+"_bucket", labelsOf(m, "le", formatFloat(b.GetUpperBound())), strconv.FormatUint(b.GetCumulativeCount(), 10), true)
			}
			if h.SampleSum != nil {
				add(name+"_sum", labelsOf(m, "", ""), formatFloat(h.GetSampleSum()), false)
			}
			if h.SampleCount != nil {
				add(name+"_count", labelsOf(m, "", ""), strconv.FormatUint(h.GetSampleCount(), 10), true)
			}
		default:
			// GAUGE_HISTOGRAM: TextParser stores no value for it.
		}
	}
	return out
}

func run(in io.Reader) result {
	var parser expfmt.TextParser
	families, err := parser.TextToMetricFamilies(in)
	if err != nil {
		return result{Ok: false, Error: err.Error()}
	}
	names := make([]string, 0, len(families))
	for n := range families {
		names = append(names, n)
	}
	sort.Strings(names)
	list := make([]family, 0, len(names))
	for _, n := range names {
		mf := families[n]
		list = append(list, family{Name: mf.GetName(), Type: mf.GetType().String(), Help: mf.Help, Samples: flatten(mf)})
	}
	return result{Ok: true, Families: &list}
}

func runFile(path string) result {
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	return run(bytes.NewReader(data))
}

func main() {
	args := os.Args[1:]
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	var out interface{}
	switch {
	case len(args) > 0 && args[0] == "--array":
		results := make([]result, 0, len(args)-1)
		for _, path := range args[1:] {
			results = append(results, runFile(path))
		}
		out = results
	case len(args) == 1:
		out = runFile(args[0])
	case len(args) == 0:
		out = run(os.Stdin)
	default:
		fmt.Fprintln(os.Stderr, "usage: expfmt-dump [file] | expfmt-dump --array file...")
		os.Exit(2)
	}
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
