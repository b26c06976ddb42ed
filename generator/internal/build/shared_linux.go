package build

import (
	"os"

	"golang.org/x/sys/unix"
)

// readShared returns the contents of the file name, mapped read-only into memory, and
// the function that unmaps them: a file of tens of megabytes (a search index) is then
// read without copying it into fresh memory, which costs a page fault per 4 KB. The
// mapping is populated at once, in one system call. The caller must not use the bytes
// after release, and nothing may shorten the file meanwhile (the output folder is
// locked during a build, and the generator replaces files by renaming, never in place).
// A file that cannot be mapped is read as usual.
func readShared(name string) ([]byte, func(), error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	size := info.Size()
	if !info.Mode().IsRegular() || size <= 0 || int64(int(size)) != size {
		return readCopy(name)
	}
	b, err := unix.Mmap(int(f.Fd()), 0, int(size), unix.PROT_READ, unix.MAP_SHARED|unix.MAP_POPULATE)
	if err != nil {
		return readCopy(name)
	}
	return b, func() { _ = unix.Munmap(b) }, nil
}
