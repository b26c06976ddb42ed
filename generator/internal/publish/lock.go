package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrLocked is returned by [Lock] when another build holds the lock.
var ErrLocked = errors.New("locked")

// Lock takes an exclusive lock on building into dir, so that two builds cannot
// interleave their writes. The lock file lives in the system's temporary folder (a file in
// dir would show in git status); the operating system releases it when the process
// ends, even by kill -9. The returned function releases it.
func Lock(dir string) (unlock func(), err error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(abs))
	name := filepath.Join(os.TempDir(), "survey-generator-"+hex.EncodeToString(sum[:8])+".lock")
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := lockFile(f); err != nil {
		holder, _ := os.ReadFile(name)
		f.Close()
		who := strings.TrimSpace(string(holder))
		if who == "" {
			who = "another process"
		} else {
			who = "process " + who
		}
		return nil, fmt.Errorf("%w: %s is building into %s; wait for it to finish (lock file %s)", ErrLocked, who, dir, name)
	}
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() {
		_ = f.Truncate(0)
		_ = unlockFile(f)
		f.Close()
	}, nil
}
