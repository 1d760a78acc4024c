// This file implements the conversion table, after libdtrace's
// _dtrace_conversions in dt_printf.c.

package printf

// Check names the rule deciding which argument types a conversion accepts.
type Check uint8

// Argument checks (dt_printf.c's pfcheck_* functions).
const (
	CheckAddr      Check = iota + 1 // pointer or integer (%p)
	CheckKAddr                      // pointer, integer or kernel symbol address (%a)
	CheckUAddr                      // _usymaddr, or pointer/integer when $target is set (%A)
	CheckStack                      // stack() or ustack() value (%k)
	CheckTime                       // 64-bit integer (%T, %Y)
	CheckStr                        // string or char array (%s, %S)
	CheckWStr                       // array of 32-bit integers (%ls, %ws)
	CheckCSI                        // integer of at most 4 bytes (%c, %C)
	CheckFP                         // floating point (%e, %f, %g ...)
	CheckXInt                       // any integer (%o, %u, %x, %X)
	CheckDInt                       // any integer; unsigned ones print as %u (%d, %i)
	CheckXShort                     // short, signed short or unsigned short (%hx, %hX)
	CheckXLong                      // long, signed long or unsigned long (%lx, %lX)
	CheckXLongLong                  // long long variants or an [u]int64_t typedef (%llx, %llX)
	CheckType                       // the base type named by Info.Proto (%hd, %ld, %lld, %Lf, %wc ...)
	CheckNone                       // %%: no argument
)

// Print names how runtime/format renders a conversion.
type Print uint8

// Printers (dt_printf.c's pfprint_* functions).
const (
	PrintSInt    Print = iota + 1 // signed integer through Info.Out
	PrintUInt                     // unsigned integer through Info.Out
	PrintDInt                     // signed or unsigned after the argument's signedness
	PrintFP                       // floating point through Info.Out
	PrintAddr                     // kernel symbol name (module`sym+0x..), as %s
	PrintUAddr                    // user symbol name, as %s
	PrintStack                    // stack() / ustack()
	PrintTime                     // "2006 Nov 25 22:15:36" (walltimestamp)
	PrintTime822                  // RFC 822 time "Wed, 25 Nov 2026 22:15:36 UTC"
	PrintCStr                     // string up to its NUL, as %s
	PrintWStr                     // wide string
	PrintEStr                     // string with non-printing characters escaped, as %s
	PrintEChr                     // character escaped like %S, as %s
	PrintPct                      // a literal '%'
)

// Info is one conversion of the table.
type Info struct {
	Name  string // conversion name: length modifiers + character
	Out   string // C conversion used to print ("d", "x", "s", "lc" ...)
	Proto string // prototype text in messages, or the type name for CheckType
	Check Check
	Print Print
}

const (
	protoXInt  = "char, short, int, long, or long long"
	protoCSI   = "char, short, or int"
	protoFP    = "float, double, or long double"
	protoAddr  = "pointer or integer"
	protoUAddr = "pointer or integer (with -p/-c) or _usymaddr (without -p/-c)"
	protoCStr  = "char [] or string (or use stringof)"
	protoWStr  = "wchar_t []"
)

// Table is DTrace's printf conversion dictionary, in its order.
var Table = []*Info{
	{"a", "s", protoAddr, CheckKAddr, PrintAddr},
	{"A", "s", protoUAddr, CheckUAddr, PrintUAddr},
	{"c", "c", protoCSI, CheckCSI, PrintSInt},
	{"C", "s", protoCSI, CheckCSI, PrintEChr},
	{"d", "d", protoXInt, CheckDInt, PrintDInt},
	{"e", "e", protoFP, CheckFP, PrintFP},
	{"E", "E", protoFP, CheckFP, PrintFP},
	{"f", "f", protoFP, CheckFP, PrintFP},
	{"g", "g", protoFP, CheckFP, PrintFP},
	{"G", "G", protoFP, CheckFP, PrintFP},
	{"hd", "d", "short", CheckType, PrintSInt},
	{"hi", "i", "short", CheckType, PrintSInt},
	{"ho", "o", "unsigned short", CheckType, PrintUInt},
	{"hu", "u", "unsigned short", CheckType, PrintUInt},
	{"hx", "x", "short", CheckXShort, PrintUInt},
	{"hX", "X", "short", CheckXShort, PrintUInt},
	{"i", "i", protoXInt, CheckDInt, PrintDInt},
	{"k", "s", "stack", CheckStack, PrintStack},
	{"lc", "lc", "int", CheckType, PrintSInt},
	{"ld", "d", "long", CheckType, PrintSInt},
	{"li", "i", "long", CheckType, PrintSInt},
	{"lo", "o", "unsigned long", CheckType, PrintUInt},
	{"lu", "u", "unsigned long", CheckType, PrintUInt},
	{"ls", "ls", protoWStr, CheckWStr, PrintWStr},
	{"lx", "x", "long", CheckXLong, PrintUInt},
	{"lX", "X", "long", CheckXLong, PrintUInt},
	{"lld", "d", "long long", CheckType, PrintSInt},
	{"lli", "i", "long long", CheckType, PrintSInt},
	{"llo", "o", "unsigned long long", CheckType, PrintUInt},
	{"llu", "u", "unsigned long long", CheckType, PrintUInt},
	{"llx", "x", "long long", CheckXLongLong, PrintUInt},
	{"llX", "X", "long long", CheckXLongLong, PrintUInt},
	{"Le", "e", "long double", CheckType, PrintFP},
	{"LE", "E", "long double", CheckType, PrintFP},
	{"Lf", "f", "long double", CheckType, PrintFP},
	{"Lg", "g", "long double", CheckType, PrintFP},
	{"LG", "G", "long double", CheckType, PrintFP},
	{"o", "o", protoXInt, CheckXInt, PrintUInt},
	{"p", "x", protoAddr, CheckAddr, PrintUInt},
	{"s", "s", protoCStr, CheckStr, PrintCStr},
	{"S", "s", protoCStr, CheckStr, PrintEStr},
	{"T", "s", "int64_t", CheckTime, PrintTime822},
	{"u", "u", protoXInt, CheckXInt, PrintUInt},
	{"wc", "wc", "int", CheckType, PrintSInt},
	{"ws", "ws", protoWStr, CheckWStr, PrintWStr},
	{"x", "x", protoXInt, CheckXInt, PrintUInt},
	{"X", "X", protoXInt, CheckXInt, PrintUInt},
	{"Y", "s", "int64_t", CheckTime, PrintTime},
	{"%", "%", "void", CheckNone, PrintPct},
}

var byName = func() map[string]*Info {
	m := make(map[string]*Info, len(Table))
	for _, in := range Table {
		m[in.Name] = in
	}
	return m
}()

// Lookup returns the table entry for a conversion name, or nil.
func Lookup(name string) *Info { return byName[name] }

// Verb is the conversion character (the last byte of Out): 'd', 'x', 's' ...
func (in *Info) Verb() byte { return in.Out[len(in.Out)-1] }
