#!/usr/bin/env bash
# Cross-builds Clientbook for Windows on Linux and wraps it in a per-user NSIS
# installer, into OUT:
#
#   Clientbook-Setup-VERSION.exe       the installer (Clientbook.exe, clientbookctl.exe)
#   windows/Clientbook.exe             the app: GUI subsystem, icon, manifest, version resource
#   windows/clientbookctl.exe          the command line
#
# `fyne package --os windows` gives the app its icon, manifest and version
# resource and links it as a GUI program (no console window behind it). cgo
# cross-compiles with MinGW-w64; fyne's hardening flags add
# -fstack-protector-strong, whose libssp is linked statically so the app needs
# no MinGW DLL. The installer is made by makensis from clientbook.nsi.
#
# Same bytes from the same commit: -trimpath, an empty Go build ID, no VCS
# stamp, no PE link time (--no-insert-timestamp) and SOURCE_DATE_EPOCH for
# NSIS.
#
# Environment: VERSION BUILD APP_ID NAME OUT FYNE SOURCE_DATE_EPOCH (see
# linux.sh); INSTALLER_VERSION makes the installer claim another version (for
# the upgrade check) around the same programs.
set -euo pipefail
: "${VERSION:?}" "${BUILD:?}" "${APP_ID:?}" "${NAME:?}" "${OUT:?}" "${FYNE:?}" "${SOURCE_DATE_EPOCH:?}"
GO=${GO:-go}
root=$(cd "$(dirname "$0")/.." && pwd)
FYNE=$(cd "$(dirname "$FYNE")" && pwd)/$(basename "$FYNE")
mkdir -p "$OUT/windows"
OUT=$(cd "$OUT" && pwd)
work=$(mktemp -d)
src="$root/cmd/clientbook"
trap 'rm -rf "$work" "$src/FyneApp.toml" "$src/$NAME.exe" "$src/clientbook.exe"' EXIT
export TZ=UTC

if [ -z "${INSTALLER_VERSION:-}" ]; then
	# The app, through fyne package (it reads FyneApp.toml only from --src).
	cp "$root/FyneApp.toml" "$src/FyneApp.toml"
	(
		cd "$root"
		export GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc CGO_LDFLAGS="-l:libssp.a"
		# fyne package passes GOFLAGS' -ldflags= entries to go build's -ldflags.
		export GOFLAGS="-trimpath -buildvcs=false -ldflags=-X=main.version=$VERSION -ldflags=-X=main.build=$BUILD -ldflags=-buildid= -ldflags=-extldflags=-Wl,--no-insert-timestamp"
		"$FYNE" package --os windows --release --src "$src" --icon "$root/assets/icon.png" \
			--app-id "$APP_ID" --name "$NAME" --app-version "$VERSION" --app-build "$BUILD"
	)
	mv "$src/$NAME.exe" "$OUT/windows/$NAME.exe"

	# The command line: pure Go, a console program.
	(cd "$root" && GOOS=windows GOARCH=amd64 CGO_ENABLED=0 "$GO" build -tags migrated_fynedo -trimpath -buildvcs=false \
		-ldflags "-s -w -X main.version=$VERSION -X main.build=$BUILD -buildid=" -o "$OUT/windows/clientbookctl.exe" ./cmd/clientbookctl)
fi

# The installer's icon: the app's, at the sizes Windows shows.
convert "$root/assets/icon.png" -define icon:auto-resize=256,48,32,16 "$work/clientbook.ico"

shown=${INSTALLER_VERSION:-$VERSION}
makensis -V2 -INPUTCHARSET UTF8 \
	-DVERSION="$shown" -DBUILD="$BUILD" -DAPPID="$APP_ID" -DNAME="$NAME" \
	-DPAYLOAD="$OUT/windows" -DICON="$work/clientbook.ico" -DOUTFILE="$OUT/$NAME-Setup-$shown.exe" \
	"$root/packaging/clientbook.nsi"
ls -l "$OUT/$NAME-Setup-$shown.exe" "$OUT/windows"
