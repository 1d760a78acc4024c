// This file implements the profile provider's probe names (tick-N and
// profile-N, created on demand when a description names them literally).
//
//	probe                  kernel mechanism
//	profile:::tick-N       not yet: a bpf_timer armed from a tp_btf program
//	profile:::profile-N    not yet: a cpu-clock perf event per CPU
//
// Attaching either fails with a clear error until the firing mechanism
// lands; matching them already works so that listings and errors are right.

package provider

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
)

type profileProvider struct{}

func (*profileProvider) name() string { return "profile" }

func (*profileProvider) populate(*Catalogue) error { return nil }

// profileUnits are DTrace's time suffixes for profile probe names.
var profileUnits = map[string]time.Duration{
	"ns": time.Nanosecond, "nsec": time.Nanosecond,
	"us": time.Microsecond, "usec": time.Microsecond,
	"ms": time.Millisecond, "msec": time.Millisecond,
	"s": time.Second, "sec": time.Second,
	"m": time.Minute, "min": time.Minute,
	"h": time.Hour, "hour": time.Hour,
	"d": 24 * time.Hour, "day": 24 * time.Hour,
}

// ParseProfileName parses tick-N[unit] or profile-N[unit]; a bare N or the
// suffix hz is a rate per second. It returns the kind ("tick" or
// "profile") and the period.
func ParseProfileName(name string) (kind string, period time.Duration, err error) {
	kind, spec, ok := strings.Cut(name, "-")
	if !ok || (kind != "tick" && kind != "profile") || spec == "" {
		return "", 0, fmt.Errorf("%q is not a tick-N or profile-N probe name", name)
	}
	i := 0
	for i < len(spec) && spec[i] >= '0' && spec[i] <= '9' {
		i++
	}
	n, err := strconv.ParseUint(spec[:i], 10, 63)
	if err != nil || n == 0 {
		return "", 0, fmt.Errorf("probe name %q: bad number", name)
	}
	unit := spec[i:]
	if unit == "" || unit == "hz" {
		return kind, time.Second / time.Duration(n), nil
	}
	u, ok := profileUnits[unit]
	if !ok {
		return "", 0, fmt.Errorf("probe name %q: unknown unit %q", name, unit)
	}
	return kind, time.Duration(n) * u, nil
}

func (pp *profileProvider) demand(c *Catalogue, module, function, name string) (*Probe, error) {
	if module != "" || function != "" {
		return nil, nil
	}
	kind, period, err := ParseProfileName(name)
	if err != nil {
		return nil, nil // not a profile name: nothing to create
	}
	for _, p := range c.probes {
		if p.Provider == "profile" && p.Name == name {
			return p, nil
		}
	}
	return c.add(&Probe{
		Provider:    "profile",
		Name:        name,
		ProgramType: ebpf.PerfEvent,
		impl:        &profileProbe{kind: kind, period: period},
	}), nil
}

type profileProbe struct {
	kind   string
	period time.Duration
}

func (*profileProbe) args(*Probe) ([]Arg, error) {
	return []Arg{{Type: "uint64_t"}, {Type: "uint64_t"}}, nil
}

func (*profileProbe) loadArg(p *Probe, ctx asm.Register, n int, dst asm.Register) (asm.Instructions, error) {
	return nil, errors.New("profile probe arguments are not implemented yet")
}

func (*profileProbe) guard(*Probe, asm.Register, string) (asm.Instructions, error) { return nil, nil }

func (*profileProbe) errno(p *Probe, ctx, dst asm.Register) (asm.Instructions, error) {
	return zeroArg(dst), nil
}

func (pp *profileProbe) attach(p *Probe, prog *ebpf.Program) (Link, error) {
	return nil, fmt.Errorf("%s probes are not implemented yet", pp.kind)
}
