// This file implements reading a tracepoint's prototype (TP_PROTO) from the
// kernel's BTF, which gives the argument order of raw tracepoint programs.

package kernel

import (
	"fmt"

	"github.com/cilium/ebpf/btf"
)

// TracepointParams returns the parameters of the tracepoint's TP_PROTO, in
// order: a raw tracepoint program's context is an array of uint64, one per
// parameter. They come from the BTF of the kernel's __bpf_trace_NAME
// function (whose first parameter is the tracepoint's private data and the
// rest TP_PROTO's, named); the btf_trace_NAME typedef the kernel also has
// keeps the types but not the names.
func TracepointParams(name string) ([]btf.FuncParam, error) {
	spec, err := Spec()
	if err != nil {
		return nil, err
	}
	var fn *btf.Func
	if err := spec.TypeByName("__bpf_trace_"+name, &fn); err != nil {
		return nil, fmt.Errorf("raw tracepoint %s: BTF function __bpf_trace_%s: %w", name, name, err)
	}
	proto, ok := fn.Type.(*btf.FuncProto)
	if !ok || len(proto.Params) == 0 {
		return nil, fmt.Errorf("raw tracepoint %s: __bpf_trace_%s has no prototype", name, name)
	}
	return proto.Params[1:], nil
}

// TracepointParam returns the index in a raw tracepoint program's context
// of the tracepoint's parameter named param.
func TracepointParam(name, param string) (int, error) {
	params, err := TracepointParams(name)
	if err != nil {
		return 0, err
	}
	for i, p := range params {
		if p.Name == param {
			return i, nil
		}
	}
	return 0, fmt.Errorf("raw tracepoint %s has no parameter %s", name, param)
}
