// This file implements the guest's root file system: an initramfs, a gzipped cpio archive
// in the "newc" format the kernel unpacks into its rootfs before running /init.

package guest

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path"
	"sort"
	"strings"
)

// Image is an initramfs being assembled. Parent directories are created as needed.
type Image struct {
	entries map[string]entry
}

type entry struct {
	mode uint32 // file type and permission bits, as in stat(2)
	data []byte // file contents or symlink target
	src  string // for regular files read at Write time: a host path
	rdev [2]uint32
}

const (
	modeDir     = 0o040000
	modeFile    = 0o100000
	modeSymlink = 0o120000
	modeCharDev = 0o020000
)

// NewImage returns an image holding the directories and device nodes every guest needs.
func NewImage() *Image {
	im := &Image{entries: make(map[string]entry)}
	for _, d := range []string{"bin", "sbin", "usr/bin", "usr/sbin", "dev", "proc", "sys", "tmp", "root", "etc"} {
		im.Dir(d)
	}
	// The kernel opens /dev/console for /init's standard streams before devtmpfs is mounted.
	im.entries["dev/console"] = entry{mode: modeCharDev | 0o600, rdev: [2]uint32{5, 1}}
	return im
}

func clean(name string) string {
	return strings.TrimPrefix(path.Clean("/"+name), "/")
}

// Dir adds a directory and its parents.
func (im *Image) Dir(name string) {
	name = clean(name)
	for name != "" && name != "." {
		if _, ok := im.entries[name]; ok {
			return
		}
		im.entries[name] = entry{mode: modeDir | 0o755}
		name = path.Dir(name)
	}
}

// File adds a regular file with the given contents and permission bits.
func (im *Image) File(name string, data []byte, perm uint32) {
	name = clean(name)
	im.Dir(path.Dir(name))
	im.entries[name] = entry{mode: modeFile | perm&0o7777, data: data}
}

// Copy adds the host file src as name, keeping its permission bits; src is read by Write.
func (im *Image) Copy(name, src string) error {
	fi, err := os.Stat(src)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file", src)
	}
	name = clean(name)
	im.Dir(path.Dir(name))
	im.entries[name] = entry{mode: modeFile | uint32(fi.Mode().Perm()), src: src}
	return nil
}

// Symlink adds a symbolic link name → target.
func (im *Image) Symlink(name, target string) {
	name = clean(name)
	im.Dir(path.Dir(name))
	im.entries[name] = entry{mode: modeSymlink | 0o777, data: []byte(target)}
}

// Write writes the image as a gzipped newc cpio archive, parents before children.
func (im *Image) Write(w io.Writer) error {
	names := make([]string, 0, len(im.entries))
	for n := range im.entries {
		names = append(names, n)
	}
	sort.Strings(names) // "a" sorts before "a/b": parents come first
	bw := bufio.NewWriterSize(w, 1<<20)
	zw, err := gzip.NewWriterLevel(bw, gzip.BestSpeed)
	if err != nil {
		return err
	}
	cw := &cpioWriter{w: zw}
	for i, n := range names {
		e := im.entries[n]
		data := e.data
		if e.src != "" {
			if data, err = os.ReadFile(e.src); err != nil {
				return err
			}
		}
		if err := cw.write(uint32(i+1), n, e.mode, e.rdev, data); err != nil {
			return err
		}
	}
	if err := cw.write(0, "TRAILER!!!", 0, [2]uint32{}, nil); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

// cpioWriter writes newc records: a 110-byte header of 13 hex fields, the NUL-terminated
// name and the data, each padded to a multiple of four bytes.
type cpioWriter struct {
	w   io.Writer
	off int64
}

func (c *cpioWriter) write(ino uint32, name string, mode uint32, rdev [2]uint32, data []byte) error {
	nlink := uint32(1)
	if mode&0o170000 == modeDir {
		nlink = 2
	}
	hdr := fmt.Sprintf("070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
		ino, mode, 0, 0, nlink, 0, len(data), 0, 0, rdev[0], rdev[1], len(name)+1, 0)
	if err := c.put([]byte(hdr)); err != nil {
		return err
	}
	if err := c.put(append([]byte(name), 0)); err != nil {
		return err
	}
	if err := c.pad(); err != nil {
		return err
	}
	if err := c.put(data); err != nil {
		return err
	}
	return c.pad()
}

func (c *cpioWriter) put(b []byte) error {
	n, err := c.w.Write(b)
	c.off += int64(n)
	return err
}

func (c *cpioWriter) pad() error {
	if r := c.off % 4; r != 0 {
		return c.put(make([]byte, 4-r))
	}
	return nil
}
