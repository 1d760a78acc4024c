// This file implements the explanations for DTrace providers godtrace does not offer, so a
// course script naming one learns what is missing and why instead of only that its
// description matched nothing.

package provider

// missing maps DTrace provider names godtrace lacks to the reason.
var missing = map[string]string{
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

// missingProbes maps probes, as provider:name, of providers godtrace offers in part to
// the reason the probe is not offered.
var missingProbes = map[string]string{
	"sched:on-cpu": "godtrace does not provide sched:::on-cpu: Linux has no event in the context of " +
		"the thread coming on CPU (sched:sched_switch fires in the outgoing thread, before the switch; " +
		"fentry on finish_task_switch is refused by this kernel)",
	"sched:enqueue":            "godtrace does not provide sched:::enqueue yet (Linux has no run-queue enqueue tracepoint)",
	"sched:dequeue":            "godtrace does not provide sched:::dequeue yet (Linux has no run-queue dequeue tracepoint)",
	"sched:remain-cpu":         "godtrace does not provide sched:::remain-cpu (Linux does not trace a schedule that keeps the thread)",
	"sched:change-pri":         "godtrace does not provide sched:::change-pri yet",
	"sched:surrender":          "godtrace does not provide sched:::surrender",
	"sched:tick":               "godtrace does not provide sched:::tick (profile:::tick-N or profile-N are the nearest probes)",
	"sched:schedctl-nopreempt": "godtrace does not provide the schedctl probes (Linux has no schedctl)",
	"sched:schedctl-preempt":   "godtrace does not provide the schedctl probes (Linux has no schedctl)",
	"sched:schedctl-yield":     "godtrace does not provide the schedctl probes (Linux has no schedctl)",
}

// MissingProbe reports why a probe description naming exactly provider and name matches
// nothing, when godtrace knows the reason: the probe is one of DTrace's that a provider
// godtrace offers in part lacks (sched:::on-cpu), or the provider is one godtrace lacks
// (Missing).
func MissingProbe(provider, name string) (reason string, ok bool) {
	if reason, ok = missingProbes[provider+":"+name]; ok {
		return reason, true
	}
	return Missing(provider)
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
