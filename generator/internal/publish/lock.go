package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// LockName is the lock file's name in the output folder.
const LockName = ManifestName + ".lock"

// ErrLocked is returned when another build holds the lock.
var ErrLocked = errors.New("locked")

// Lock takes an exclusive lock on building into dir, so that two builds cannot
// interleave their writes, and returns the function that releases it. The lock is a
// file in dir itself, so that it is the folder that is locked, by whatever path it is
// reached, and only by those who may write there. The operating system releases it when
// the process ends, even by kill -9; the lock file is removed when the lock is released
// (or by the next build). A [Writer] holds it from Begin to Commit or Abort.
func Lock(dir string) (unlock func(), err error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	release, err := lock(root, dir)
	if err != nil {
		root.Close()
		return nil, err
	}
	return func() { release(); root.Close() }, nil
}

// lock takes the lock in root, the folder dir. It never follows a symbolic link, and
// writes (its process id) only into a regular file that it has just checked is the lock
// file: whatever someone put at that name is never truncated.
func lock(root *os.Root, dir string) (unlock func(), err error) {
	name := filepath.Join(dir, LockName)
	for range 3 {
		f, err := root.OpenFile(LockName, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) { // a killed build's, or a running one's
			f, err = openLock(root)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if err := lockFile(f); err != nil {
			holder, _ := root.ReadFile(LockName)
			f.Close()
			who := strings.TrimSpace(string(holder))
			if who == "" {
				who = "another process"
			} else {
				who = "process " + who
			}
			return nil, fmt.Errorf("%w: %s is building into %s; wait for it to finish (lock file %s)", ErrLocked, who, dir, name)
		}
		// The lock is ours if the file is still the one at that name: the build that
		// held it before may have removed it between our open and our lock.
		if checkLock(root, f) != nil {
			_ = unlockFile(f)
			f.Close()
			continue
		}
		_ = f.Truncate(0)
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
		return func() { release(root, f) }, nil
	}
	return nil, fmt.Errorf("%w: %s keeps changing; is another build starting and ending?", ErrLocked, name)
}

// openLock opens the existing lock file, refusing anything but a regular file.
func openLock(root *os.Root) (*os.File, error) {
	if info, err := root.Lstat(LockName); err != nil {
		return nil, err
	} else if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file (%s); remove it", info.Mode().Type())
	}
	f, err := root.OpenFile(LockName, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	if err := checkLock(root, f); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// checkLock reports an error unless f is the regular file at LockName, not reached
// through a link.
func checkLock(root *os.Root, f *os.File) error {
	have, err := f.Stat()
	if err != nil {
		return err
	}
	at, err := root.Lstat(LockName)
	if err != nil {
		return err
	}
	if !at.Mode().IsRegular() || !os.SameFile(have, at) {
		return errors.New("changed while it was opened")
	}
	return nil
}
