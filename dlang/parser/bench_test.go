// This file implements the parse benchmark over a generated 1,000-clause
// script (the front end's goal: parse+check under 20 ms).

package parser

import (
	"fmt"
	"strings"
	"testing"
)

// GenScript returns a D script of n clauses in the style of the L41 labs:
// descriptions, predicates, aggregations, thread-locals, printf, casts.
func genScript(n int) []byte {
	var b strings.Builder
	b.WriteString("#pragma D option quiet\nself uint64_t ts;\n")
	calls := []string{"read", "write", "open", "close", "clock_gettime", "execve", "mmap", "exit"}
	for i := 0; i < n; i++ {
		c := calls[i%len(calls)]
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "syscall::%s:entry\n/execname == \"io-static\" && pid != %d/\n{\n\tself->ts = timestamp;\n\t@calls[probefunc, execname] = count();\n}\n\n", c, i)
		case 1:
			fmt.Fprintf(&b, "syscall::%s:return\n/self->ts/\n{\n\t@lat[\"%s\"] = quantize(timestamp - self->ts);\n\tprintf(\"%%s %%d %%u\\n\", probefunc, tid, (unsigned long)arg0);\n\tself->ts = 0;\n}\n\n", c, c)
		case 2:
			fmt.Fprintf(&b, "fbt::vfs_%s:entry, fbt::do_%s:entry\n/self->i++ < %d/\n{\n\tthis->p = (struct file *)arg0;\n\t@b[this->p->f_flags & 0x%x] = sum(arg2 > 4096 ? 1 : 0);\n}\n\n", c, c, i, i)
		case 3:
			fmt.Fprintf(&b, "profile-997\n/arg0 != 0 && cpu == %d/\n{\n\t@s[stack()] = count();\n\tx = curthread->real_parent->tgid + %d * (arg1 << 2);\n}\n\n", i%4, i)
		}
	}
	return []byte(b.String())
}

func BenchmarkParse1000Clauses(b *testing.B) {
	src := genScript(1000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		prog, err := ParseProgram("gen.d", src, nil)
		if err != nil || len(prog.Clauses) != 1000 {
			b.Fatalf("parse: %v", err)
		}
	}
}

func TestGeneratedScript(t *testing.T) {
	prog, err := ParseProgram("gen.d", genScript(1000), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(prog.Clauses) != 1000 || len(prog.Decls) != 1 || len(prog.Pragmas) != 1 {
		t.Fatalf("%d clauses, %d decls, %d pragmas", len(prog.Clauses), len(prog.Decls), len(prog.Pragmas))
	}
}

// BenchmarkParse1000ClausesParticiple is the same parse with the
// participle program grammar; docs/decisions.md compares the two.
func BenchmarkParse1000ClausesParticiple(b *testing.B) {
	src := genScript(1000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		prog, err := parseWith("gen.d", src, nil, true, true)
		if err != nil || len(prog.Clauses) != 1000 {
			b.Fatalf("parse: %v", err)
		}
	}
}
