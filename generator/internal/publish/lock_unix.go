//go:build unix

package publish

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive advisory lock on f without waiting (flock).
func lockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}

func unlockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
}

// release removes the lock file while it is still locked, so that no other build can
// take the lock on it, then unlocks it: a build that opened it meanwhile finds, once it
// holds the lock, that it is no longer at its name, and makes a new one.
func release(root *os.Root, f *os.File) {
	_ = root.Remove(LockName)
	_ = unlockFile(f)
	f.Close()
}
