// This file tests structured output (-x oformat=json): golden files for the record and
// aggregation forms, and the pseudo-probes (drops, errors, snapshots, the end) on real runs.
package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files of TestJSONGolden")

// timestamps are the output-time stamps, which differ from run to run.
var timestamps = regexp.MustCompile(`"timestamp":\d+`)

// jsonLines decodes godtrace's structured output: one object a line, nothing else.
func jsonLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %q is not a JSON object: %v\n%s", l, err, out)
		}
		lines = append(lines, m)
	}
	return lines
}

// TestJSONGolden: each action's structured form, byte for byte (timestamps zeroed).
func TestJSONGolden(t *testing.T) {
	needRoot(t)
	for _, c := range []struct {
		name string
		args []string
	}{
		{"records", []string{"-n", `BEGIN { trace(1); trace("two"); printf("%s has %d\n", "x", 42); printf("none\n"); exit(0); }`}},
		{"aggregations", []string{"-O", "-n", `BEGIN {
			@c["read", 1] = count(); @c["write", 2] = count(); @c["write", 2] = count();
			@s = sum(10); @s = sum(-3); @mn = min(5); @mn = min(2); @mx = max(5); @a = avg(4); @a = avg(8);
			@sd = stddev(2); @sd = stddev(4);
			@q["ns"] = quantize(0); @q["ns"] = quantize(3); @q["ns"] = quantize(1000);
			@l = lquantize(-5, 0, 10, 5); @l = lquantize(7, 0, 10, 5); @l = lquantize(50, 0, 10, 5);
			@ll = llquantize(120, 10, 0, 3, 10);
			exit(0); }`}},
		{"printa", []string{"-n", `BEGIN { @c["a"] = count(); @c["b"] = count(); @c["b"] = count(); printa(@c); printa("%s=%@d\n", @c); clear(@c); printa(@c); exit(0); }`}},
		{"exit-status", []string{"-n", `BEGIN { @never = count(); exit(3); }`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := runGodtrace(t, ".", 20*time.Second, append([]string{"-x", "oformat=json"}, c.args...)...)
			if want := map[string]int{"exit-status": 3}[c.name]; res.status != want {
				t.Fatalf("status %d, want %d: %s", res.status, want, res.stderr)
			}
			jsonLines(t, res.stdout)
			got := timestamps.ReplaceAllString(res.stdout, `"timestamp":0`)
			path := filepath.Join("testdata", "json", c.name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("stdout:\n%s\nwant (%s):\n%s\nstderr: %s", got, path, want, res.stderr)
			}
		})
	}
}

// TestJSONLabScript: the lab's script with its traced command: one line per run of
// io-static, its printf's message the notebook's JSON, then the EXIT line.
func TestJSONLabScript(t *testing.T) {
	needRoot(t)
	file := ioFile(t)
	res := runGodtrace(t, ".", 30*time.Second, "-x", "oformat=json", "-s", "../../examples/io_performance.d",
		"-c", filepath.Join(binDir, "io-static")+" -r -B -q -b 65536 "+file)
	lines := jsonLines(t, res.stdout)
	// The script traces every io-static on the machine: another one (another test) may
	// add its own record line; each must have the form.
	if res.status != 0 || len(lines) < 3 {
		t.Fatalf("status %d, %d lines:\n%s\n%s", res.status, len(lines), res.stdout, res.stderr)
	}
	end := lines[len(lines)-2]
	for _, run := range lines[:len(lines)-2] {
		out := run["output"].([]any)
		msg := out[0].(map[string]any)["message"].(string)
		var rec struct{ Timestamp uint64 }
		if run["provider"] != "syscall" || run["function"] != "exit_group" || run["name"] != "entry" ||
			json.Unmarshal([]byte(msg), &rec) != nil || rec.Timestamp == 0 || out[1].(map[string]any)["value"].(float64) != float64(rec.Timestamp) {
			t.Errorf("record line %v", run)
		}
	}
	if end["name"] != "END" || end["output"].([]any)[0].(map[string]any)["value"] != "Stopped" {
		t.Errorf("END line %v", end)
	}
	if last := lines[len(lines)-1]; last["name"] != "EXIT" || last["status"] != 0.0 {
		t.Errorf("last line %v", last)
	}
}

// TestJSONSnapshots: -x aggrate prints every aggregation while tracing runs, each line as
// it happens, the counts never falling; the last line is EXIT.
func TestJSONSnapshots(t *testing.T) {
	needRoot(t)
	res := runGodtrace(t, ".", 20*time.Second, "-x", "oformat=json", "-x", "aggrate=200ms", "-n",
		`tick-10ms { @ticks = count(); } tick-1500ms { exit(0); }`)
	lines := jsonLines(t, res.stdout)
	var counts []float64
	for _, l := range lines[:len(lines)-1] {
		if l["name"] == "tick-1500ms" {
			continue // the clause that calls exit(): a record with an empty output list
		}
		if l["name"] != "AGGREGATIONS" || l["module"] != "INTERNAL" {
			t.Fatalf("line %v", l)
		}
		data := l["output"].([]any)[0].(map[string]any)["aggregation-data"].([]any)
		if len(data) == 1 {
			counts = append(counts, data[0].(map[string]any)["count"].(float64))
		}
	}
	if len(counts) < 4 || lines[len(lines)-1]["name"] != "EXIT" {
		t.Fatalf("%d snapshots with a count (want at least 4 in 1.5 s at 200 ms):\n%s", len(counts), res.stdout)
	}
	for i := 1; i < len(counts); i++ {
		if counts[i] < counts[i-1] {
			t.Errorf("count fell from %v to %v: %v", counts[i-1], counts[i], counts)
		}
	}
	if counts[len(counts)-1] < 50 {
		t.Errorf("last snapshot counted %v ticks of 10 ms in over a second", counts[len(counts)-1])
	}
}

// TestJSONDropsAndErrors: an aggregation drop and a fault are dtrace:INTERNAL DROP and
// ERROR lines with dtrace(1)'s messages (which stderr still carries).
func TestJSONDropsAndErrors(t *testing.T) {
	needRoot(t)
	res := runGodtrace(t, ".", 30*time.Second, "-x", "oformat=json", "-c", filepath.Join(binDir, "trigger")+" getppid 20000", "-n",
		`syscall::getppid:entry /pid == $target/ { @a[n++] = count(); }`)
	want := `{"cpu":-1,"id":-1,"provider":"dtrace","module":"INTERNAL","function":"INTERNAL","name":"DROP","count":3616,"kind":"aggregation","msg":"3616 aggregation drops on CPU 0"}`
	if got := timestamps.ReplaceAllString(res.stdout, ""); !strings.Contains(strings.ReplaceAll(got, `{,`, `{`), want) {
		t.Errorf("no DROP line %s in:\n%s", want, res.stdout)
	}
	res = runGodtrace(t, ".", 20*time.Second, "-x", "oformat=json", "-c", filepath.Join(binDir, "trigger")+" openat-enoent", "-n",
		`syscall::openat:entry /pid == $target && arg2 == 0x20000/ { trace(copyinstr(arg0)); }`)
	lines := jsonLines(t, res.stdout)
	re := regexp.MustCompile(`^error on enabled probe ID 1 \(ID \d+: syscall:vmlinux:openat:entry\): invalid address \(0xffffffffffffff9c\) in action #1$`)
	if len(lines) != 2 || lines[0]["name"] != "ERROR" || lines[0]["kind"] != "fault" || !re.MatchString(lines[0]["msg"].(string)) || lines[1]["name"] != "EXIT" {
		t.Errorf("stdout:\n%s", res.stdout)
	}
}

// TestJSONBadFormat: an output format godtrace does not write is refused as dtrace(1)
// refuses a bad option value.
func TestJSONBadFormat(t *testing.T) {
	needBinaries(t)
	res := runGodtrace(t, ".", 10*time.Second, "-x", "oformat=xml", "-n", "BEGIN { exit(0); }")
	if res.status != 1 || res.stderr != "godtrace: failed to set -x oformat: Invalid value for specified option\n" {
		t.Errorf("status %d stderr %q", res.status, res.stderr)
	}
}
