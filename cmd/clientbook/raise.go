package main

import (
	"bufio"
	"crypto/sha256"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
)

// A window with a book open listens on a local socket named after the book,
// so that launching Clientbook again on the same book (a double-click on it,
// or the launcher while the window is hidden behind others) raises that
// window instead of saying the book is already open. The book's own lock
// decides who has the book; the socket only carries "raise".
//
// The socket is a Unix domain socket, which Windows 10 and later have too. It
// lives in a folder only the user can reach: $XDG_RUNTIME_DIR, else the
// user's cache folder on Linux and BSD, the user's temporary folder on
// Windows and macOS.

const raiseRequest, raiseAnswer = "raise", "raised"

// raiseSocket is the socket of the window that has the book at path open.
func raiseSocket(path string) string {
	key := path
	if abs, err := filepath.Abs(path); err == nil {
		key = abs
	}
	if real, err := filepath.EvalSymlinks(key); err == nil {
		key = real
	}
	if runtime.GOOS == "windows" {
		key = strings.ToLower(key)
	}
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(socketDir(), fmt.Sprintf("clientbook-%x.sock", sum[:8]))
}

func socketDir() string {
	switch runtime.GOOS {
	case "windows", "darwin":
		return os.TempDir() // per user: %LocalAppData%\Temp, /var/folders/…
	}
	if d := os.Getenv("XDG_RUNTIME_DIR"); filepath.IsAbs(d) {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d
		}
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "clientbook")
	}
	return os.TempDir()
}

// askRaise asks the window that has the book at path open to come to the
// front, and reports whether one did.
func askRaise(path string) bool {
	c, err := net.DialTimeout("unix", raiseSocket(path), time.Second)
	if err != nil {
		return false
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(3 * time.Second))
	if _, err := fmt.Fprintln(c, raiseRequest); err != nil {
		return false
	}
	answer, err := bufio.NewReader(c).ReadString('\n')
	return err == nil && strings.TrimSpace(answer) == raiseAnswer
}

// raiser listens for askRaise beside the book the window has open.
type raiser struct {
	onRaise func() // run on the UI goroutine

	mu sync.Mutex
	ln net.Listener
}

// follow moves the listener to the book at path, which this process has just
// opened (and so holds its lock: a socket left at its name by a process that
// died is stale and is replaced). Without a socket the window works as
// before; a second launch then says the book is open.
func (r *raiser) follow(path string) {
	r.stop()
	name := raiseSocket(path)
	if err := os.MkdirAll(filepath.Dir(name), 0o700); err != nil {
		return
	}
	os.Remove(name)
	ln, err := net.Listen("unix", name)
	if err != nil {
		return
	}
	r.mu.Lock()
	r.ln = ln
	r.mu.Unlock()
	go r.serve(ln)
}

func (r *raiser) serve(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return // closed by stop
		}
		go r.answer(c)
	}
}

func (r *raiser) answer(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(3 * time.Second))
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != raiseRequest {
		return
	}
	fyne.Do(r.onRaise)
	fmt.Fprintln(c, raiseAnswer)
}

// stop closes the listener, removing its socket.
func (r *raiser) stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ln != nil {
		r.ln.Close()
		r.ln = nil
	}
}
