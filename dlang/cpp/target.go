// This file implements the macros a C compiler targeting Linux predefines
// that the system's headers test, and the default search directories.

package cpp

// LinuxTarget returns the macros a C compiler for Linux on goarch ("amd64",
// "arm64") predefines and that the C library's headers test to choose their
// definitions: the system (__linux__, __unix__, __ELF__), the architecture
// (__x86_64__, __aarch64__), the data model (__LP64__, __SIZEOF_LONG__ ...)
// and the byte order (__BYTE_ORDER__). It leaves out what names a compiler
// (__GNUC__) or a standard (__STDC_VERSION__), and the macros without
// leading underscores (linux, unix) that would capture identifiers of the
// program.
func LinuxTarget(goarch string) []Define {
	defs := []Define{
		D("__linux__"), D("__linux"), D("__gnu_linux__"), D("__unix__"), D("__unix"), D("__ELF__"),
		D("__CHAR_BIT__=8"), D("__SIZEOF_SHORT__=2"), D("__SIZEOF_INT__=4"),
		D("__SIZEOF_LONG_LONG__=8"), D("__SIZEOF_FLOAT__=4"), D("__SIZEOF_DOUBLE__=8"),
		D("__ORDER_LITTLE_ENDIAN__=1234"), D("__ORDER_BIG_ENDIAN__=4321"), D("__ORDER_PDP_ENDIAN__=3412"),
	}
	switch goarch {
	case "386", "arm":
		defs = append(defs, D("__ILP32__"), D("__SIZEOF_LONG__=4"), D("__SIZEOF_POINTER__=4"), D("__SIZEOF_SIZE_T__=4"))
	default:
		defs = append(defs, D("__LP64__=1"), D("_LP64=1"), D("__SIZEOF_LONG__=8"), D("__SIZEOF_POINTER__=8"), D("__SIZEOF_SIZE_T__=8"))
	}
	switch goarch {
	case "amd64":
		defs = append(defs, D("__x86_64__=1"), D("__x86_64=1"), D("__amd64__=1"), D("__amd64=1"))
	case "arm64":
		defs = append(defs, D("__aarch64__=1"))
	case "386":
		defs = append(defs, D("__i386__=1"), D("__i386=1"), D("i386=1"))
	case "arm":
		defs = append(defs, D("__arm__=1"))
	case "riscv64":
		defs = append(defs, D("__riscv=1"), D("__riscv_xlen=64"))
	case "ppc64le":
		defs = append(defs, D("__powerpc64__=1"), D("__PPC64__=1"), D("_ARCH_PPC64=1"))
	case "s390x":
		defs = append(defs, D("__s390x__=1"), D("__s390__=1"))
	}
	order := "__ORDER_LITTLE_ENDIAN__"
	if goarch == "s390x" || goarch == "ppc64" || goarch == "mips64" || goarch == "mips" {
		order = "__ORDER_BIG_ENDIAN__"
	}
	return append(defs, D("__BYTE_ORDER__="+order))
}

// LinuxIncludeDirs returns cpp's default search directories on a Debian-
// style system for goarch: /usr/local/include, the multiarch directory
// (/usr/include/x86_64-linux-gnu) and /usr/include.
func LinuxIncludeDirs(goarch string) []string {
	triplet := map[string]string{
		"amd64": "x86_64-linux-gnu", "arm64": "aarch64-linux-gnu", "386": "i386-linux-gnu",
		"arm": "arm-linux-gnueabihf", "riscv64": "riscv64-linux-gnu", "ppc64le": "powerpc64le-linux-gnu",
		"s390x": "s390x-linux-gnu",
	}[goarch]
	dirs := []string{"/usr/local/include"}
	if triplet != "" {
		dirs = append(dirs, "/usr/include/"+triplet)
	}
	return append(dirs, "/usr/include")
}
