//go:build linux || freebsd || netbsd || openbsd

package main

import "github.com/go-gl/glfw/v3.4/glfw"

// setWindowClass sets the X11 WM_CLASS of the windows created from now on, so
// the window groups with its launcher (the .desktop entry's StartupWMClass)
// instead of being known by its title. Fyne has initialised GLFW when its
// first window is made and never resets the hints; it creates the native
// window when it is first shown. On Wayland the app ID does this job.
func setWindowClass(class, instance string) {
	glfw.WindowHintString(glfw.X11ClassName, class)
	glfw.WindowHintString(glfw.X11InstanceName, instance)
}
