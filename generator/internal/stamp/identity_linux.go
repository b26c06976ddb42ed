package stamp

import (
	"io/fs"
	"syscall"
)

// identity returns the status-change time and inode number of info.
func identity(info fs.FileInfo) (ctime int64, ino uint64) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0
	}
	return st.Ctim.Nano(), st.Ino
}
