package publish

import (
	"os"

	"golang.org/x/sys/windows"
)

// lockFile takes an exclusive lock on f without waiting (LockFileEx), released by
// Windows when the process ends.
func lockFile(f *os.File) error {
	var ol windows.Overlapped
	return windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ol)
}

func unlockFile(f *os.File) error {
	var ol windows.Overlapped
	return windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, &ol)
}

// release unlocks and closes the lock file, then removes it. Windows removes no file
// that another process has open, so a build that opened it meanwhile keeps it.
func release(root *os.Root, f *os.File) {
	_ = unlockFile(f)
	f.Close()
	_ = root.Remove(LockName)
}
