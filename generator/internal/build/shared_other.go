//go:build !linux

package build

// readShared returns the contents of the file name, read into memory (on Linux it maps
// them instead), and a function to call once they are no longer used.
func readShared(name string) ([]byte, func(), error) { return readCopy(name) }
