// encode parses Prometheus text-format payloads with prometheus/common's
// expfmt.TextParser and writes the families back with expfmt's encoders, for
// the serializer differential test in ../serialize-differential.test.ts.
//
// Usage:
//
//	encode file...
//
// Prints a JSON array with one object per file, in order:
//
//	{"ok":true,"error":"","text":"...","openmetrics":"...","textBytes":"<base64>","openmetricsBytes":"<base64>"}
//
// "text" is every family written with MetricFamilyToText, "openmetrics" every
// family written with MetricFamilyToOpenMetrics followed by FinalizeOpenMetrics
// ("# EOF\n"). TextToMetricFamilies returns a map, which has no order, so the
// families are written sorted by name. When the parser rejects the input, ok is
// false and error holds its message; when an encoder fails, ok is false and
// error names the encoder (the output written so far is kept). The program
// exits 0 whatever the verdicts, 2 when a file cannot be read.
//
// Build: GO111MODULE=off GOPATH=/usr/share/gocode go build -o encode encode.go
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/prometheus/common/expfmt"
)

type result struct {
	Ok          bool   `json:"ok"`
	Error       string `json:"error"`
	Text        string `json:"text"`
	OpenMetrics string `json:"openmetrics"`
	// the same outputs as bytes (base64 in JSON), which keep what is not valid UTF-8
	TextBytes        []byte `json:"textBytes"`
	OpenMetricsBytes []byte `json:"openmetricsBytes"`
}

func encode(data []byte) result {
	var parser expfmt.TextParser
	families, err := parser.TextToMetricFamilies(bytes.NewReader(data))
	if err != nil {
		return result{Ok: false, Error: err.Error()}
	}
	names := make([]string, 0, len(families))
	for n := range families {
		names = append(names, n)
	}
	sort.Strings(names)

	var text, om bytes.Buffer
	res := result{Ok: true}
	for _, n := range names {
		if _, err := expfmt.MetricFamilyToText(&text, families[n]); err != nil && res.Ok {
			res.Ok = false
			res.Error = fmt.Sprintf("MetricFamilyToText(%s): %v", n, err)
		}
	}
	for _, n := range names {
		if _, err := expfmt.MetricFamilyToOpenMetrics(&om, families[n]); err != nil && res.Ok {
			res.Ok = false
			res.Error = fmt.Sprintf("MetricFamilyToOpenMetrics(%s): %v", n, err)
		}
	}
	if _, err := expfmt.FinalizeOpenMetrics(&om); err != nil && res.Ok {
		res.Ok = false
		res.Error = fmt.Sprintf("FinalizeOpenMetrics: %v", err)
	}
	res.Text = text.String()
	res.OpenMetrics = om.String()
	res.TextBytes = text.Bytes()
	res.OpenMetricsBytes = om.Bytes()
	return res
}

func main() {
	args := os.Args[1:]
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: encode file...")
		os.Exit(2)
	}
	results := make([]result, 0, len(args))
	for _, path := range args {
		data, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		results = append(results, encode(data))
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
