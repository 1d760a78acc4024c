// Package guest runs godtrace's kernel-facing tests on a second, real kernel: a Debian
// distribution kernel (6.1, with kprobes, fentry, uprobes and BTF, which the development
// machine's kernel lacks in part) booted under QEMU with software emulation (TCG).
//
// The host side (TestGuest, in this package) builds static test binaries (go test -c) of
// the packages listed in guestPackages, bin/godtrace, io-static and the test helpers; packs
// them with busybox and the repository's fixtures into an initramfs (Image); boots it
// (Machine.Run); and reports every test the guest ran as a subtest of TestGuest, named
// after its package, with its output. A guest that hangs is killed at a deadline; one
// whose console shows a lockup, BUG, oops, panic, RCU stall, hung task or WARN fails the
// stage whatever its tests printed (Faults), and the console's tail is printed.
//
// Tests that only make sense in the guest live in internal/guest/cases under the build tag
// "guest"; see docs/testing.md for how to add a case, run the stage alone, or add a kernel.
package guest
