//go:build !(linux || freebsd || netbsd || openbsd)

package main

// setWindowClass does nothing where there is no X11 window class.
func setWindowClass(class, instance string) {}
