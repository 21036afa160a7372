// expfmt-bench times prometheus/common expfmt's TextParser.TextToMetricFamilies
// in-process, for bench/parse.mjs. Each file is read once; after a warm-up, the
// parser runs over it until both -min-time and -min-iters are reached. One JSON
// line per file: bytes, iterations, median and mean milliseconds, MB/s (10^6
// bytes per second, from the median).
//
// Build: GO111MODULE=off GOPATH=/usr/share/gocode go build -o expfmt-bench expfmt-bench.go
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"time"

	"github.com/prometheus/common/expfmt"
)

type result struct {
	File       string  `json:"file"`
	Bytes      int     `json:"bytes"`
	Families   int     `json:"families"`
	Iterations int     `json:"iterations"`
	MedianMs   float64 `json:"median_ms"`
	MeanMs     float64 `json:"mean_ms"`
	MBPerSec   float64 `json:"mb_per_s"`
	Error      string  `json:"error,omitempty"`
}

func parseOnce(data []byte) (int, error) {
	var parser expfmt.TextParser
	families, err := parser.TextToMetricFamilies(bytes.NewReader(data))
	return len(families), err
}

func bench(path string, warmup, minTime time.Duration, minIters int) result {
	data, err := os.ReadFile(path)
	if err != nil {
		return result{File: path, Error: err.Error()}
	}
	res := result{File: path, Bytes: len(data)}
	if res.Families, err = parseOnce(data); err != nil {
		res.Error = err.Error()
		return res
	}
	for start := time.Now(); time.Since(start) < warmup; {
		parseOnce(data)
	}
	var times []float64
	var total time.Duration
	for len(times) < minIters || total < minTime {
		t := time.Now()
		parseOnce(data)
		d := time.Since(t)
		total += d
		times = append(times, float64(d.Nanoseconds())/1e6)
	}
	sort.Float64s(times)
	res.Iterations = len(times)
	res.MedianMs = times[len(times)/2]
	if len(times)%2 == 0 {
		res.MedianMs = (times[len(times)/2-1] + times[len(times)/2]) / 2
	}
	res.MeanMs = float64(total.Nanoseconds()) / 1e6 / float64(len(times))
	res.MBPerSec = float64(len(data)) / 1e6 / (res.MedianMs / 1e3)
	return res
}

func main() {
	warmup := flag.Duration("warmup", 300*time.Millisecond, "warm-up time per file")
	minTime := flag.Duration("min-time", time.Second, "minimum measured time per file")
	minIters := flag.Int("min-iters", 5, "minimum measured iterations per file")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: expfmt-bench [-warmup d] [-min-time d] [-min-iters n] file...")
		os.Exit(2)
	}
	enc := json.NewEncoder(os.Stdout)
	for _, path := range flag.Args() {
		if err := enc.Encode(bench(path, *warmup, *minTime, *minIters)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
}
