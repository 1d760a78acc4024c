// This file implements the structured (-x oformat=json) form of a recorded value, after
// FreeBSD's dtrace(1) STRUCTURED OUTPUT: scalars as {"value": ...}, symbols under the
// action's name, stacks as a list of frames.

package format

import (
	"strings"
)

// JSONItem is one value as FreeBSD's oformat puts it in a probe's "output" list: a
// one-member object whose name says what it is ("value", "sym", "stack-frames" ...).
func JSONItem(v Value, env *Env) map[string]any {
	switch v.Kind {
	case KindStack, KindUStack:
		name := "stack-frames"
		if v.Kind == KindUStack {
			name = "ustack-frames"
		}
		frames := []map[string]string{}
		for _, l := range strings.Split(TraceString(v, &Env{Sym: env.sym(), Quiet: true}), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				frames = append(frames, map[string]string{"symbol": l})
			}
		}
		return map[string]any{name: frames}
	case KindSym, KindMod, KindUSym, KindUMod:
		name := map[Kind]string{KindSym: "sym", KindMod: "mod", KindUSym: "usym", KindUMod: "umod"}[v.Kind]
		return map[string]any{name: symbolText(v, env)}
	}
	return map[string]any{"value": JSONValue(v, env)}
}

// JSONValue is a value's JSON datum: integers as numbers read as trace() reads them (1-
// and 2-byte unsigned, 4-byte as int, 8-byte as long long), strings as strings, stacks and
// symbols as their text.
func JSONValue(v Value, env *Env) any {
	switch v.Kind {
	case KindInt:
		switch v.Size {
		case 1:
			return uint8(v.Bits)
		case 2:
			return uint16(v.Bits)
		case 4:
			return int32(v.Bits)
		}
		return int64(v.Bits)
	case KindFloat:
		return v.Float
	case KindString:
		return v.Text()
	case KindStack, KindUStack:
		return strings.TrimSpace(TraceString(v, &Env{Sym: env.sym(), Quiet: true}))
	case KindSym, KindMod, KindUSym, KindUMod:
		return symbolText(v, env)
	}
	return strings.TrimSpace(TraceString(v, &Env{Sym: env.sym(), Quiet: true}))
}

// JSONAggregation is one aggregation as FreeBSD's oformat prints it:
// {"aggregation-name": name, "aggregation-data": [{"keys": [...], "<function>": value}
// or {"keys": [...], "buckets": [{"value": low, "high": high, "count": n}, ...]}]},
// records in the order the text tables print them; buckets list only non-zero counts
// ("high", the bucket's inclusive upper bound, is godtrace's addition).
func JSONAggregation(a *Aggregation, o SortOptions, env *Env) map[string]any {
	data := []map[string]any{}
	for _, r := range a.Sorted(o) {
		keys := make([]any, len(r.Keys))
		for i, k := range r.Keys {
			keys[i] = JSONValue(k, env)
		}
		e := map[string]any{"keys": keys}
		if len(r.Data.Buckets) > 0 || a.bucketLows() != nil {
			bs := []map[string]int64{}
			for _, b := range a.Buckets(&r.Data) {
				bs = append(bs, map[string]int64{"value": b.Low, "high": b.High, "count": b.Count})
			}
			e["buckets"] = bs
		} else {
			e[a.Func.String()] = a.Scalar(&r.Data)
		}
		data = append(data, e)
	}
	return map[string]any{"aggregation-name": a.Name, "aggregation-data": data}
}
