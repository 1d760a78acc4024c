"""godtrace for the L41 notebooks: python-dtrace's consumer, driving bin/godtrace.

The course notebooks drive DTrace through python-dtrace: a consumer thread runs a D script
and calls back ``out_func`` with each printed record, ``walk_func`` once a second with the
aggregation entries that changed since the last walk, and ``chew_func`` for each probe
record. This module has the same shape (``DTraceConsumerThread``) and the notebook helpers
(``start_instr_benchmark``, ``stop_instr_benchmark``, ``get_instr_values``, ``print_header``,
``print_footer``), so the notebook's cells run with only their import line changed::

    from l41dtrace import *

It runs godtrace as a subprocess with ``-x oformat=json`` (one JSON object a line,
docs/json-output.md) and ``-x aggrate`` for the walks. Standard library only. godtrace is
found from $GODTRACE, else bin/godtrace beside this directory, else on $PATH. Tracing needs
root.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading

__all__ = ["DTraceConsumerThread", "godtrace_path", "start_instr_benchmark", "stop_instr_benchmark",
           "get_instr_values", "print_header", "print_footer"]


def godtrace_path():
    """The godtrace binary: $GODTRACE, else ../bin/godtrace, else godtrace on $PATH."""
    env = os.environ.get("GODTRACE")
    if env:
        return env
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "bin", "godtrace")
    if os.access(here, os.X_OK):
        return os.path.normpath(here)
    return shutil.which("godtrace") or "godtrace"


def _noop(*args):
    pass


def _entry_value(entry):
    """An aggregation entry's value as python-dtrace gives it: an int, or for the
    quantizations a list of ((low, high), count)."""
    if "buckets" in entry:
        return [((b["value"], b["high"]), b["count"]) for b in entry["buckets"]]
    for k, v in entry.items():
        if k != "keys":
            return v
    return None


def _entry_func(entry):
    for k in entry:
        if k != "keys":
            return "quantize" if k == "buckets" else k
    return None


class DTraceConsumerThread(threading.Thread):
    """Runs a D script in godtrace until stop() is called (or the script exits).

    out_func(value): each printf()/trace() output, as text (a printf's formatted message;
    several on one record are passed one by one).
    walk_func(action, identifier, keys, value): once every `sleep` seconds, for each
    aggregation entry new or changed since the previous walk: action is the aggregating
    function's name ("count", "sum", "quantize" ...), identifier the aggregation's name,
    keys a list, value an int or a list of ((low, high), count).
    chew_func(cpu): for each probe record.
    """

    def __init__(self, script, consume=True, chew_func=None, chewrec_func=None, out_func=None,
                 walk_func=None, sleep=1, godtrace=None, args=()):
        super().__init__(daemon=True)
        self.script = script
        self.consume = consume
        self.chew_func = chew_func or _noop
        self.chewrec_func = chewrec_func or _noop
        self.out_func = out_func or _noop
        self.walk_func = walk_func or _noop
        self.sleep = sleep
        self.godtrace = godtrace or godtrace_path()
        self.args = list(args)
        self.status = None  # godtrace's exit status, from its EXIT line
        self.errors = []    # DROP and ERROR lines' messages
        self.stderr = ""
        self._armed = threading.Event()
        self._matched = False
        self._last = {}
        self._proc = None
        self._dir = None

    def start(self):
        """Start godtrace and return once its probes are armed (or it has failed)."""
        self._dir = tempfile.mkdtemp(prefix="l41dtrace")
        path = os.path.join(self._dir, "script.d")
        with open(path, "w") as f:
            f.write(self.script)
        cmd = [self.godtrace, "-x", "oformat=json", "-x", "aggrate=%gs" % self.sleep, "-s", path] + self.args
        self._proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                      start_new_session=True)
        threading.Thread(target=self._read_stderr, daemon=True).start()
        super().start()
        self._armed.wait(60)
        if not self._matched:
            self._proc.kill()
            self.join(10)
            self._close()
            raise RuntimeError("godtrace failed: " + self.stderr.strip())

    def _read_stderr(self):
        for line in self._proc.stderr:
            if not self._armed.is_set() and " matched " in line:
                self._matched = True
                self._armed.set()
                continue
            self.stderr += line
        self._armed.set()

    def run(self):
        for line in self._proc.stdout:
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            self._handle(rec)
        self._proc.wait()
        if self.status is None:
            self.status = self._proc.returncode

    def _handle(self, rec):
        if rec.get("module") == "INTERNAL":
            name = rec.get("name")
            if name == "EXIT":
                self.status = rec.get("status")
            elif name == "AGGREGATIONS":
                self._walk(rec.get("output", []))
            elif name in ("DROP", "ERROR"):
                self.errors.append(rec.get("msg", ""))
            return
        self.chew_func(rec.get("cpu"))
        self.chewrec_func(rec)
        out = rec.get("output", [])
        i = 0
        while i < len(out):
            item = out[i]
            i += 1
            if "message" in item:
                self.out_func(item["message"])
                i += item.get("args", 0)  # the printf's arguments are not output
            elif "aggregation-name" in item:
                self._walk([item], changed_only=False)
            elif len(item) == 1:
                # trace(), sym(), stack() ...: the datum
                self.out_func(next(iter(item.values())))

    def _walk(self, aggs, changed_only=True):
        for agg in aggs:
            name = agg.get("aggregation-name", "")
            for entry in agg.get("aggregation-data", []):
                keys = entry.get("keys", [])
                value = _entry_value(entry)
                k = (name, json.dumps(keys))
                if changed_only and self._last.get(k) == value:
                    continue
                self._last[k] = value
                self.walk_func(_entry_func(entry), name, keys, value)

    def stop(self, timeout=30):
        """Stop tracing (as Ctrl-C stops dtrace: END runs) and wait for the thread."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.send_signal(signal.SIGINT)
        self.join(timeout)
        self._close()

    def _close(self):
        if self._proc is not None:
            for f in (self._proc.stdout, self._proc.stderr):
                try:
                    f.close()
                except Exception:
                    pass
        if self._dir:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None


# The notebooks' helpers.

_instr = None
_instr_values = []


def _instr_out(value):
    if isinstance(value, str):
        s = value.strip()
        if s.startswith("{"):
            try:
                _instr_values.append(json.loads(s))
            except ValueError:
                pass


def start_instr_benchmark(script, **kw):
    """Arm script (the notebook's io_performance_script) before the benchmark runs: each
    JSON object it prints is kept for get_instr_values()."""
    global _instr
    del _instr_values[:]
    _instr = DTraceConsumerThread(script, out_func=_instr_out, **kw)
    _instr.start()


def stop_instr_benchmark():
    """Stop the script armed by start_instr_benchmark()."""
    global _instr
    if _instr is not None:
        _instr.stop()
        _instr = None


def get_instr_values():
    """The JSON objects the script printed, in order (e.g. [{"timestamp": N}, ...])."""
    return list(_instr_values)


def _banner(lines, word):
    if isinstance(lines, str):
        lines = [lines]
    bar = "-" * max([len(l) for l in lines] + [40])
    print(bar)
    for l in lines:
        print(l)
    print(bar)
    sys.stdout.flush()


def print_header(lines):
    _banner(lines, "start")


def print_footer(lines):
    _banner(lines, "end")
