// Package cleanups attaches cleanups (Go 1.24) that keep their objects alive.
package cleanups

import (
	"os"
	"os/exec"
	"runtime"
	"syscall"
)

type File struct {
	fd   *os.File
	path string
	buf  [64]byte
}

// Wrap passes the object itself as the cleanup's argument.
func Wrap(fd *os.File) *File {
	f := &File{fd: fd}
	runtime.AddCleanup(f, func(f *File) { f.fd.Close() }, f) // want `runtime.AddCleanup on f: the cleanup's argument is f itself, which keeps f reachable`
	return f
}

// Capture closes over the object.
func Capture(fd *os.File) *File {
	f := &File{fd: fd}
	runtime.AddCleanup(f, func(int) {
		f.fd.Close() // want `the cleanup function refers to f`
	}, 0)
	return f
}

// Interior passes a pointer into the object.
func Interior(fd *os.File) *File {
	f := &File{fd: fd}
	runtime.AddCleanup(f, func(b *[64]byte) { println(len(b)) }, &f.buf) // want `the cleanup's argument &f.buf points into f`
	return f
}

func (f *File) release(int) { f.fd.Close() }

// Bound hands over a method value bound to the object.
func Bound(fd *os.File) *File {
	f := &File{fd: fd}
	runtime.AddCleanup(f, f.release, 0) // want `the cleanup f.release is a method value bound to f`
	return f
}

// --- Not findings ---

// Fields passes what the cleanup needs.
func Fields(fd *os.File) *File {
	f := &File{fd: fd, path: fd.Name()}
	runtime.AddCleanup(f, func(fd *os.File) { fd.Close() }, f.fd)
	runtime.AddCleanup(f, func(path string) { os.Remove(path) }, f.path)
	return f
}

// Attrs passes fields of another package's struct: SysProcAttr is a pointer to an allocation
// of its own and Env a slice, neither points into cmd. Their types are not known here (exec.Cmd
// is not in gomem's table), and unknown stays silent.
func Attrs(cmd *exec.Cmd, release func(any)) {
	runtime.AddCleanup(cmd, func(attr *syscall.SysProcAttr) { release(attr) }, cmd.SysProcAttr)
	runtime.AddCleanup(cmd, func(env []string) { release(env) }, cmd.Env)
}
