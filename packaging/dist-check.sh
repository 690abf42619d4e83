#!/usr/bin/env bash
# Installs the packages in dist/ as a user would, runs what they installed and
# removes them again (`make dist-check`; `make package` first, and with
# WINE=1 `make windows` too):
#
# Linux   the .deb with dpkg -i: both programs' --version, the .desktop entry
#         under desktop-file-validate and its icon in the theme, a screenshot
#         of the installed app on a demo book opened as "Open with" opens it,
#         the window's X11 class, a second launch raising the first window;
#         dpkg -r removes every file. The tarball, if built: `make install`
#         and `make uninstall` into a scratch root.
# Windows (WINE=1) under Wine in a scratch prefix: an older installer, then
#         this one over it (/S, silent), clientbookctl.exe --version, a demo
#         book made by clientbookctl.exe in the default place, a screenshot
#         of Clientbook.exe on it, the uninstaller; the book must survive
#         byte for byte and still pass `clientbookctl check`.
#
# Everything graphical runs on a virtual X server (Xvfb).
set -euo pipefail
: "${VERSION:?}" "${BUILD:?}" "${APP_ID:?}" "${NAME:?}" "${OUT:?}" "${BIN:?}"
root=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(cd "$OUT" && pwd)
BIN=$(cd "$BIN" && pwd)
if [ -z "${DIST_CHECK_XVFB:-}" ]; then
	DIST_CHECK_XVFB=1 exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi
work=$(mktemp -d)
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
installed=""
cleanup() {
	if [ -n "$installed" ]; then $sudo dpkg -r clientbook >/dev/null 2>&1 || true; fi
	if [ -n "${WINEPREFIX:-}" ]; then wineserver -k >/dev/null 2>&1 || true; fi
	rm -rf "$work"
}
trap cleanup EXIT
export LANG=C.UTF-8 XDG_DATA_HOME="$work/xdg-data" XDG_CONFIG_HOME="$work/xdg-config" XDG_RUNTIME_DIR="$work/run"
mkdir -m 0700 "$work/run"
step() { printf 'dist-check: %s\n' "$*"; }
fail() { printf 'dist-check: FAILED: %s\n' "$*" >&2; exit 1; }

# notblank PNG: fails on a missing or single-coloured screenshot.
notblank() {
	[ -s "$1" ] || fail "no screenshot $1"
	local colours
	colours=$(convert "$1" -format %k info:)
	[ "$colours" -ge 32 ] || fail "$1 looks blank ($colours colours)"
	echo "$(identify -format '%wx%h' "$1") with $colours colours"
}

# ---------------------------------------------------------------- Linux
deb="$OUT/clientbook_${VERSION}_amd64.deb"
[ -f "$deb" ] || fail "no $deb: run make package first"
if dpkg-query -W -f='${Status}' clientbook 2>/dev/null | grep -q "ok installed"; then
	fail "a clientbook package is installed on this machine already; remove it first (dpkg -r clientbook)"
fi
step "dpkg -i $(basename "$deb")"
installed=1
$sudo dpkg -i "$deb" >/dev/null
desktop=/usr/share/applications/$APP_ID.desktop
for f in /usr/bin/clientbook /usr/bin/clientbookctl "$desktop" "/usr/share/icons/hicolor/512x512/apps/$APP_ID.png"; do
	[ -e "$f" ] || fail "the package did not install $f"
done
/usr/bin/clientbook --version | grep -qx "Clientbook $VERSION (build [0-9]*)" || fail "clientbook --version: $(/usr/bin/clientbook --version)"
/usr/bin/clientbookctl --version | grep -qx "clientbookctl $VERSION (build [0-9]*)" || fail "clientbookctl --version"
step "$(/usr/bin/clientbook --version | head -1); $(/usr/bin/clientbookctl --version | head -1)"
desktop-file-validate "$desktop"
exec_cmd=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop")
icon=$(sed -n 's/^Icon=//p' "$desktop")
command -v "$exec_cmd" >/dev/null || fail "the .desktop entry runs $exec_cmd, which is not on the PATH"
[ -f "/usr/share/icons/hicolor/512x512/apps/$icon.png" ] || fail "the .desktop entry's icon $icon is not in the hicolor theme"
step "the .desktop entry is valid; it runs $exec_cmd with the icon $icon"

book="$work/demo book.db"
clientbookctl --db "$book" demo --clients 60 --invoices 150 --seed 7 >/dev/null
clientbook --screenshot "$work/linux.png" --size 1280x800 "$book" 2>"$work/linux.err" || { cat "$work/linux.err" >&2; fail "clientbook --screenshot"; }
step "installed clientbook on a demo book: screenshot $(notblank "$work/linux.png")"

clientbook "$book" 2>"$work/first.err" &
first=$!
class=""
for _ in $(seq 1 40); do
	sleep 0.5
	win=$(xwininfo -root -tree 2>/dev/null | awk '/"Clientbook/ {print $1; exit}')
	[ -n "$win" ] && class=$(xprop -id "$win" WM_CLASS 2>/dev/null) && break
done
[ "$class" = 'WM_CLASS(STRING) = "clientbook", "Clientbook"' ] || { kill "$first"; fail "the window's class is '$class'"; }
step "the window's X11 class: clientbook, Clientbook (the .desktop entry's StartupWMClass is $(sed -n 's/^StartupWMClass=//p' "$desktop"))"
start=$(date +%s%N)
timeout 20 clientbook "$book" 2>"$work/second.err" || { kill "$first"; cat "$work/second.err" >&2; fail "a second launch on the open book exited $?"; }
kill -0 "$first" || fail "the first window is gone"
step "a second launch on the same book handed over to the open window and exited 0 in $(( ($(date +%s%N) - start) / 1000000 )) ms"
kill "$first"
wait "$first" || true

step "dpkg -r clientbook"
files=$(dpkg -L clientbook | while read -r f; do [ -f "$f" ] && echo "$f"; done)
$sudo dpkg -r clientbook >/dev/null
installed=""
for f in $files; do [ ! -e "$f" ] || fail "dpkg -r left $f"; done
[ -f "$book" ] || fail "removing the package removed the book"
step "removed: none of its $(echo "$files" | wc -l) files is left; the book is still there"

tarball="$OUT/$NAME-$VERSION-linux-amd64.tar.xz"
if [ -f "$tarball" ]; then
	mkdir "$work/tar" "$work/destdir"
	tar -xJf "$tarball" -C "$work/tar"
	make -s -C "$work/tar/clientbook" install DESTDIR="$work/destdir" PREFIX=/usr
	for f in bin/clientbook bin/clientbookctl "share/applications/$APP_ID.desktop" "share/pixmaps/$APP_ID.png"; do
		[ -f "$work/destdir/usr/$f" ] || fail "the tarball's make install did not install $f"
	done
	desktop-file-validate "$work/destdir/usr/share/applications/$APP_ID.desktop"
	"$work/destdir/usr/bin/clientbook" --version | grep -q "Clientbook $VERSION" || fail "the tarball's clientbook --version"
	make -s -C "$work/tar/clientbook" uninstall DESTDIR="$work/destdir" PREFIX=/usr >/dev/null 2>&1
	left=$(find "$work/destdir" -type f)
	[ -z "$left" ] || fail "the tarball's make uninstall left $left"
	step "$(basename "$tarball"): make install puts the app, clientbookctl, the .desktop entry and the icon in place; make uninstall takes them away"
fi

# -------------------------------------------------------------- Windows
if [ -z "${WINE:-}" ]; then
	step "Linux packages OK (WINE=1 checks the Windows installer too)"
	exit 0
fi
setup="$OUT/$NAME-Setup-$VERSION.exe"
[ -f "$setup" ] || fail "no $setup: run make windows first"
command -v wine >/dev/null || fail "Wine is not installed (apt-get install wine wine64)"
export WINEPREFIX="$work/wine" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" WINEARCH=win64
step "a Wine prefix ($(wine --version))"
wineboot -i >/dev/null 2>&1
wineserver -w
sys32="$WINEPREFIX/drive_c/windows/system32"
if [ ! -e "$sys32/bcryptprimitives.dll" ]; then
	# Go ≥ 1.24 needs ProcessPrng from bcryptprimitives.dll, which Wine < 9 lacks.
	x86_64-w64-mingw32-gcc -shared -O2 -o "$sys32/bcryptprimitives.dll" "$root/packaging/wine/bcryptprimitives.c" -ladvapi32 -Wl,--kill-at
	step "this Wine has no bcryptprimitives.dll: installed the test stand-in (packaging/wine)"
fi
wuser=$(wine cmd /c 'echo %USERNAME%' 2>/dev/null | tr -d '\r')
local_app="$WINEPREFIX/drive_c/users/$wuser/AppData/Local"
instdir="$local_app/Programs/$NAME"
menu="$WINEPREFIX/drive_c/users/$wuser/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/$NAME.lnk"
wbook="$local_app/Clientbook/clientbook.db"
key="HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\$APP_ID"
regval() { wine reg query "$key" /v "$1" 2>/dev/null | tr -d '\r' | awk -v v="$1" '$1 == v {print $3}'; }

# An older installer around the same programs, to install over.
INSTALLER_VERSION=0.0.1 "$root/packaging/windows.sh" >/dev/null
mv "$OUT/$NAME-Setup-0.0.1.exe" "$work/"
older="$work/$NAME-Setup-0.0.1.exe"

step "install $NAME-Setup-0.0.1.exe /S"
wine "$older" /S
wineserver -w
[ -f "$instdir/$NAME.exe" ] && [ -f "$instdir/clientbookctl.exe" ] || fail "the installer did not install into $instdir"
[ -f "$menu" ] || fail "no Start-menu entry $menu"
[ "$(regval DisplayVersion)" = 0.0.1 ] || fail "Apps & features says version '$(regval DisplayVersion)'"
wine "$instdir/clientbookctl.exe" demo --clients 40 --invoices 80 --seed 3 >/dev/null 2>"$work/wdemo.err" || { cat "$work/wdemo.err" >&2; fail "clientbookctl.exe demo"; }
[ -f "$wbook" ] || fail "clientbookctl.exe made no book in %LocalAppData%\\Clientbook"
step "clientbookctl.exe made the default book %LocalAppData%\\Clientbook\\clientbook.db"
wine "$instdir/clientbookctl.exe" backup >/dev/null 2>&1 || fail "clientbookctl.exe backup"
before=$(sha256sum "$wbook" | cut -d' ' -f1)
backups=$(find "$local_app/Clientbook" -type f | sort | xargs sha256sum)

step "install $(basename "$setup") /S over it"
wine "$setup" /S
wineserver -w
[ "$(regval DisplayVersion)" = "$VERSION" ] || fail "after the upgrade Apps & features says '$(regval DisplayVersion)'"
[ "$(wine reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall' 2>/dev/null | grep -ci clientbook)" = 1 ] || fail "more than one Clientbook in Apps & features"
[ "$(find "$local_app/Clientbook" -type f | sort | xargs sha256sum)" = "$backups" ] || fail "the upgrade changed the book or its backups"
v=$(wine "$instdir/clientbookctl.exe" --version 2>/dev/null | tr -d '\r' | head -1)
[ "$v" = "clientbookctl $VERSION (build $BUILD)" ] || fail "clientbookctl.exe --version says '$v'"
step "upgraded: Apps & features says $VERSION, once; the book and its backup are untouched; $v"

wine "$instdir/$NAME.exe" --screenshot 'C:\windows\temp\shot.png' --size 1280x800 >/dev/null 2>"$work/wshot.err" || { cat "$work/wshot.err" >&2; fail "$NAME.exe --screenshot"; }
wineserver -w
step "$NAME.exe on the default book under Wine: screenshot $(notblank "$WINEPREFIX/drive_c/windows/temp/shot.png")"
cp "$WINEPREFIX/drive_c/windows/temp/shot.png" "$OUT/wine-screenshot.png"
before=$(sha256sum "$wbook" | cut -d' ' -f1)

step "uninstall /S"
wine "$instdir/Uninstall $NAME.exe" /S
wineserver -w
for _ in $(seq 1 30); do [ -e "$instdir" ] || break; sleep 1; done
[ ! -e "$instdir" ] || fail "the uninstaller left $(ls "$instdir")"
[ ! -e "$menu" ] || fail "the uninstaller left the Start-menu entry"
[ -z "$(regval DisplayName)" ] || fail "the uninstaller left the Apps & features entry"
[ "$(sha256sum "$wbook" | cut -d' ' -f1)" = "$before" ] || fail "the book changed while uninstalling"
"$BIN/clientbookctl" --db "$wbook" check >"$work/check.txt" || { cat "$work/check.txt"; fail "the book left behind does not pass clientbookctl check"; }
step "uninstalled: programs, Start-menu entry and Apps & features entry gone; the book is there byte for byte and passes clientbookctl check ($(grep -m1 Integrity "$work/check.txt" | tr -s ' '))"
step "Linux and Windows packages OK"
