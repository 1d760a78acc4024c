// This file implements the explanations for DTrace providers godtrace does not offer, so a
// course script naming one learns what is missing and why instead of only that its
// description matched nothing.

package provider

// missing maps DTrace provider names godtrace lacks to the reason.
var missing = map[string]string{
	"sched": "godtrace does not provide DTrace's sched provider yet: Linux's sched:sched_switch " +
		"tracepoint fires in the outgoing thread, and on-cpu needs the incoming thread's context",
	"io":       "godtrace does not provide DTrace's io provider yet (Linux has block:block_rq_issue/complete tracepoints for it)",
	"lockstat": "godtrace does not provide DTrace's lockstat provider: Linux's lock tracepoints need CONFIG_LOCK_STAT",
	"pid":      "godtrace does not provide DTrace's pid provider yet (Linux uprobes, which this kernel supports, would carry it)",
	"usdt":     "godtrace does not provide user-level statically defined tracing (USDT) probes yet",
	"dtmalloc": "godtrace does not provide FreeBSD's dtmalloc provider (Linux's kmem tracepoints are the nearest events)",
	"vminfo":   "godtrace does not provide DTrace's vminfo provider",
	"sysinfo":  "godtrace does not provide DTrace's sysinfo provider",
	"mib":      "godtrace does not provide DTrace's mib provider",
	"ip":       "godtrace does not provide DTrace's ip provider yet",
	"tcp":      "godtrace does not provide DTrace's tcp provider yet (Linux's tcp: and sock:inet_sock_set_state tracepoints are the nearest events)",
	"udp":      "godtrace does not provide DTrace's udp provider yet",
	"vfs":      "godtrace does not provide FreeBSD's vfs provider",
}

// Missing reports why a DTrace provider named exactly name is not offered, when it is one
// godtrace knows of but lacks. Descriptions naming it fail with DTrace's "does not match
// any probes" followed by this reason.
func Missing(name string) (reason string, ok bool) {
	if len(name) > 3 && name[:3] == "pid" && isDigits(name[3:]) {
		name = "pid"
	}
	reason, ok = missing[name]
	return reason, ok
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
