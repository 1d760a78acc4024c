// This file implements what the tracepoint-based providers share: reading
// an event's format file from tracefs, loading its fields from a classic
// tracepoint program's context, and attaching one program to several events.

package provider

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/link"

	"github.com/godtrace/godtrace/compiler/emit"
	"github.com/godtrace/godtrace/runtime/kernel"
)

// event is one tracefs event, e.g. syscalls/sys_enter_read.
type event struct {
	Group, Name string
}

func (e event) String() string { return e.Group + ":" + e.Name }

// field is one field of an event record, from its format file.
type field struct {
	Name   string
	Type   string // C type as declared, without the name ("const char *")
	Offset int16
	Size   int
	Signed bool
}

// format is a parsed format file.
type format struct {
	ID     uint16
	Fields []field // common_* fields excluded
}

func (f *format) field(name string) (field, bool) {
	for _, fl := range f.Fields {
		if fl.Name == name {
			return fl, true
		}
	}
	return field{}, false
}

var formats struct {
	sync.Mutex
	m map[event]*format
}

// eventExists reports whether tracefs has the event.
func eventExists(dir string, e event) bool {
	_, err := os.Stat(filepath.Join(dir, "events", e.Group, e.Name, "format"))
	return err == nil
}

// readFormat returns the event's parsed format, cached.
func readFormat(e event) (*format, error) {
	formats.Lock()
	defer formats.Unlock()
	if f, ok := formats.m[e]; ok {
		return f, nil
	}
	dir, err := kernel.Tracefs()
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "events", e.Group, e.Name, "format")
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("tracepoint %s: %w", e, err)
	}
	f, err := parseFormat(string(b))
	if err != nil {
		return nil, fmt.Errorf("tracepoint %s: %s: %w", e, path, err)
	}
	if formats.m == nil {
		formats.m = make(map[event]*format)
	}
	formats.m[e] = f
	return f, nil
}

// parseFormat parses a tracefs format file:
//
//	ID: 842
//	format:
//		field:unsigned short common_type;	offset:0;	size:2;	signed:0;
//		...
func parseFormat(text string) (*format, error) {
	f := &format{}
	haveID := false
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if v, ok := strings.CutPrefix(line, "ID:"); ok {
			id, err := strconv.ParseUint(strings.TrimSpace(v), 10, 16)
			if err != nil {
				return nil, fmt.Errorf("bad ID line %q", line)
			}
			f.ID, haveID = uint16(id), true
			continue
		}
		if !strings.HasPrefix(line, "field:") {
			continue
		}
		var fl field
		var decl string
		for _, part := range strings.Split(line, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(part), ":")
			if !ok {
				continue
			}
			var err error
			switch k {
			case "field":
				decl = v
			case "offset":
				var n int64
				n, err = strconv.ParseInt(v, 10, 16)
				fl.Offset = int16(n)
			case "size":
				fl.Size, err = strconv.Atoi(v)
			case "signed":
				fl.Signed = v == "1"
			}
			if err != nil {
				return nil, fmt.Errorf("bad field line %q", line)
			}
		}
		fl.Type, fl.Name = splitDecl(decl)
		if fl.Name == "" {
			return nil, fmt.Errorf("bad field declaration %q", decl)
		}
		if strings.HasPrefix(fl.Name, "common_") {
			continue
		}
		f.Fields = append(f.Fields, fl)
	}
	if !haveID {
		return nil, errors.New("no ID line")
	}
	return f, nil
}

// splitDecl splits a C declaration "const char * filename" or
// "char comm[16]" into type and name.
func splitDecl(decl string) (typ, name string) {
	decl = strings.TrimSpace(decl)
	suffix := ""
	if i := strings.IndexByte(decl, '['); i >= 0 {
		suffix = decl[i:]
		decl = strings.TrimSpace(decl[:i])
	}
	i := strings.LastIndexAny(decl, " *")
	if i < 0 {
		return "", decl
	}
	return strings.TrimSpace(decl[:i+1]) + suffix, decl[i+1:]
}

// loadField emits dst = the field of the record at ctx, widened to 64 bits
// by its signedness.
func loadField(ctx, dst asm.Register, fl field) (asm.Instructions, error) {
	var size asm.Size
	switch fl.Size {
	case 1:
		size = asm.Byte
	case 2:
		size = asm.Half
	case 4:
		size = asm.Word
	case 8:
		return asm.Instructions{asm.LoadMem(dst, ctx, fl.Offset, asm.DWord)}, nil
	default:
		return nil, fmt.Errorf("field %s of %d bytes is not an integer", fl.Name, fl.Size)
	}
	if fl.Signed {
		return asm.Instructions{asm.LoadMemSX(dst, ctx, fl.Offset, size)}, nil
	}
	return asm.Instructions{asm.LoadMem(dst, ctx, fl.Offset, size)}, nil
}

// loadEventField emits dst = field name of whichever of events fired. When
// the events disagree on the field's place, it dispatches on the BPF cookie
// attachTracepoints gives each attachment (the event's index; the common_*
// header, event ID included, is not readable from a tracepoint program).
// Only dst is written when no dispatch is needed; else R0–R5 too.
func loadEventField(ctx, dst asm.Register, events []event, name string) (asm.Instructions, error) {
	var places []field
	for _, e := range events {
		f, err := readFormat(e)
		if err != nil {
			return nil, err
		}
		fl, ok := f.field(name)
		if !ok {
			return nil, fmt.Errorf("tracepoint %s has no field %s", e, name)
		}
		places = append(places, fl)
	}
	same := true
	for _, fl := range places[1:] {
		if fl.Offset != places[0].Offset || fl.Size != places[0].Size || fl.Signed != places[0].Signed {
			same = false
		}
	}
	if same {
		return loadField(ctx, dst, places[0])
	}
	done := emit.Label("field_done")
	insns := asm.Instructions{
		asm.Mov.Reg(asm.R1, ctx),
		asm.FnGetAttachCookie.Call(),
	}
	for i, fl := range places {
		next := emit.Label("field_next")
		last := i == len(places)-1
		if !last {
			insns = append(insns, asm.JNE.Imm(asm.R0, int32(i), next))
		}
		ld, err := loadField(ctx, dst, fl)
		if err != nil {
			return nil, err
		}
		insns = append(insns, ld...)
		if !last {
			insns = append(insns, asm.Ja.Label(done), asm.Mov.Reg(asm.R0, asm.R0).WithSymbol(next))
		}
	}
	return append(insns, asm.Mov.Reg(dst, dst).WithSymbol(done)), nil
}

// attachTracepoints attaches prog to every event, with the event's index as
// BPF cookie, closing what was attached when one fails.
func attachTracepoints(prog *ebpf.Program, events []event) (Link, error) {
	if _, err := kernel.Tracefs(); err != nil {
		return nil, err
	}
	var ls multiLink
	for i, e := range events {
		l, err := link.Tracepoint(e.Group, e.Name, prog, &link.TracepointOptions{Cookie: uint64(i)})
		if err != nil {
			ls.Close()
			return nil, fmt.Errorf("attach tracepoint %s: %w", e, err)
		}
		ls = append(ls, l)
	}
	if len(ls) == 1 {
		return ls[0], nil
	}
	return ls, nil
}
