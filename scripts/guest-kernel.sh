#!/usr/bin/env bash
# Installs what the guest test stage needs and caches its kernel, outside the repository:
#   - qemu-system-x86 and busybox-static (Debian packages), installed when missing;
#   - the newest Debian 6.1 cloud kernel the package lists offer
#     (linux-image-6.1.0-<N>-cloud-amd64), downloaded by package name and unpacked (not
#     installed) under $GODTRACE_GUEST_CACHE (default /var/cache/godtrace-guest).
# Prints the cached vmlinuz's path on the last line. On failure it writes why to
# $GODTRACE_GUEST_CACHE/unavailable (the guest stage prints that reason when it skips) and
# exits 1. Idempotent: a cached kernel is reused without touching the network.
#
#   GODTRACE_GUEST_SERIES   kernel series to take (default 6.1)
#   GODTRACE_GUEST_FLAVOUR  flavour (default cloud-amd64)
set -uo pipefail

cache=${GODTRACE_GUEST_CACHE:-/var/cache/godtrace-guest}
series=${GODTRACE_GUEST_SERIES:-6.1}
flavour=${GODTRACE_GUEST_FLAVOUR:-cloud-amd64}
mkdir -p "$cache" || exit 1
rm -f "$cache/unavailable"

fail() {
	echo "guest-kernel: $*" | tee "$cache/unavailable" >&2
	exit 1
}

updated=
apt_update() {
	if [ -z "$updated" ]; then
		apt-get update -qq >/dev/null 2>&1 || true
		updated=1
	fi
}

# QEMU and busybox, when missing.
need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
# busybox-static's /bin/busybox (the guest has no libc for a dynamic one).
if ! [ -x /bin/busybox ] || ! ldd /bin/busybox 2>&1 | grep -q 'not a dynamic'; then
	need+=(busybox-static)
fi
if [ ${#need[@]} -gt 0 ]; then
	command -v apt-get >/dev/null || fail "cannot install ${need[*]}: no apt-get on this machine"
	apt_update
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >"$cache/apt.log" 2>&1 ||
		fail "apt-get install ${need[*]} failed: $(tail -3 "$cache/apt.log" | tr '\n' ' ')"
fi

# The newest linux-image-<series>.0-<N>-<flavour> the package lists offer.
newest() {
	apt-cache search --names-only "^linux-image-${series//./\\.}\\.0-[0-9]+-${flavour}\$" 2>/dev/null |
		awk '{print $1}' | sort -V | tail -1
}
pkg=$(newest)
if [ -z "$pkg" ]; then
	apt_update
	pkg=$(newest)
fi
if [ -z "$pkg" ]; then
	# Offline and nothing listed: fall back to the newest kernel already cached.
	cached=$(ls -d "$cache"/linux-image-*/ 2>/dev/null | sort -V | tail -1)
	[ -n "$cached" ] && [ -f "$cached/vmlinuz" ] && { echo "${cached%/}/vmlinuz"; exit 0; }
	fail "no package linux-image-${series}.0-N-${flavour} in the package lists (apt-cache search)"
fi

dir="$cache/$pkg"
if [ ! -f "$dir/vmlinuz" ]; then
	tmp=$(mktemp -d "$cache/.fetch.XXXXXX") || exit 1
	trap 'rm -rf "$tmp"' EXIT
	(cd "$tmp" && apt-get download "$pkg" >"$tmp/download.log" 2>&1) ||
		{ apt_update; (cd "$tmp" && apt-get download "$pkg" >"$tmp/download.log" 2>&1); } ||
		fail "apt-get download $pkg failed: $(tail -3 "$tmp/download.log" | tr '\n' ' ')"
	dpkg-deb -x "$tmp"/"$pkg"_*.deb "$tmp/x" || fail "dpkg-deb -x $pkg failed"
	vmlinuz=$(ls "$tmp"/x/boot/vmlinuz-* 2>/dev/null | head -1)
	[ -n "$vmlinuz" ] || fail "$pkg holds no boot/vmlinuz-*"
	mkdir -p "$tmp/out"
	cp "$vmlinuz" "$tmp/out/vmlinuz"
	cp "$tmp"/x/boot/config-* "$tmp/out/config" 2>/dev/null || true
	basename "$vmlinuz" | sed 's/^vmlinuz-//' >"$tmp/out/release"
	rm -rf "$dir"
	mv "$tmp/out" "$dir" || fail "cannot write $dir"
fi
echo "$dir/vmlinuz"
