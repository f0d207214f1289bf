// Command runtime is the Go anchor for bench/runtime.ts: the same programs
// written idiomatically (goroutines, channels, sync.WaitGroup), each printing
// one JSON line {"name","value","unit"}. Run one with -only NAME.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

type result struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
}

func emit(name string, value float64, unit string) {
	b, _ := json.Marshal(result{name, value, unit})
	fmt.Println(string(b))
}

// unbuffered bounces n messages each way over two unbuffered channels;
// every send counts as one message.
func unbuffered(n int) float64 {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v
		}
	}()
	start := time.Now()
	for i := 0; i < n; i++ {
		ping <- i
		<-pong
	}
	elapsed := time.Since(start)
	close(ping)
	return float64(2*n) / elapsed.Seconds()
}

// buffered streams n messages from one producer to one consumer over a
// channel of capacity 128.
func buffered(n int) float64 {
	ch := make(chan int, 128)
	start := time.Now()
	go func() {
		for i := 0; i < n; i++ {
			ch <- i
		}
		close(ch)
	}()
	sum := 0
	for v := range ch {
		sum += v
	}
	elapsed := time.Since(start)
	if sum != n*(n-1)/2 {
		panic("lost messages")
	}
	return float64(n) / elapsed.Seconds()
}

func signal(wg *sync.WaitGroup) {
	wg.Done()
}

// spawn starts n goroutines that each signal a WaitGroup, and waits for all;
// reports milliseconds.
func spawn(n int) float64 {
	start := time.Now()
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go signal(&wg)
	}
	wg.Wait()
	return float64(time.Since(start).Microseconds()) / 1000
}

func parkRecv(ch chan struct{}, ready *sync.WaitGroup) {
	ready.Done()
	<-ch
}

func parkWait(gate, ready *sync.WaitGroup) {
	ready.Done()
	gate.Wait()
}

// blocked parks n goroutines, on a channel receive or on a WaitGroup, and
// reports the peak resident set size in MB once all of them are parked.
func blocked(n int, onChannel bool) float64 {
	ch := make(chan struct{})
	var gate, ready sync.WaitGroup
	gate.Add(1)
	ready.Add(n)
	for i := 0; i < n; i++ {
		if onChannel {
			go parkRecv(ch, &ready)
		} else {
			go parkWait(&gate, &ready)
		}
	}
	ready.Wait()
	peak := peakRSS()
	close(ch)
	gate.Done()
	return peak
}

// peakRSS reads VmHWM (peak resident set) from /proc/self/status, in MB.
func peakRSS() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if line := s.Text(); strings.HasPrefix(line, "VmHWM:") {
			kb, _ := strconv.ParseFloat(strings.Fields(line)[1], 64)
			return kb / 1024
		}
	}
	return -1
}

func main() {
	only := flag.String("only", "", "run one benchmark: unbuffered|buffered|spawn|blocked-wg|blocked-chan")
	msgs := flag.Int("messages", 2_000_000, "messages for the channel benchmarks")
	tasks := flag.Int("tasks", 1_000_000, "tasks for the spawn and blocked benchmarks")
	flag.Parse()
	run := func(name string) bool { return *only == "" || *only == name }
	if run("unbuffered") {
		emit("unbuffered", unbuffered(*msgs), "msgs/s")
	}
	if run("buffered") {
		emit("buffered", buffered(*msgs), "msgs/s")
	}
	if run("spawn") {
		emit("spawn", spawn(*tasks), "ms")
	}
	if run("blocked-wg") {
		emit("blocked-wg", blocked(*tasks, false), "MB")
	}
	if run("blocked-chan") {
		emit("blocked-chan", blocked(*tasks, true), "MB")
	}
}
