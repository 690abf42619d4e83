#!/usr/bin/env bash
# Builds the Linux packages from the binaries `make build` made, into OUT:
#
#   Clientbook-VERSION-linux-amd64.tar.xz   unpack, then `sudo make install`
#                                          (or `make user-install`)
#   clientbook_VERSION_amd64.deb            `sudo apt install ./clientbook_…deb`
#
# `fyne package` (fyne tools, pinned in go.mod) writes the .desktop entry from
# FyneApp.toml's [LinuxAndBSD] and [CanOpen], the icon and the tarball's
# Makefile. It reads FyneApp.toml only from --src, so the file is copied there
# for the time it runs. Both packages then carry clientbookctl too, and are
# rebuilt byte for byte from SOURCE_DATE_EPOCH: sorted entries, fixed times
# and owners.
#
# Environment: VERSION BUILD APP_ID NAME (from FyneApp.toml, set by the
# Makefile), BIN (the binaries), OUT, FYNE (the fyne tool built for this
# machine), SOURCE_DATE_EPOCH; PACKAGES=deb to build only the .deb (no
# tarball), DEB_COMPRESS (xz, or gzip for a quick check).
set -euo pipefail
: "${VERSION:?}" "${BUILD:?}" "${APP_ID:?}" "${NAME:?}" "${BIN:?}" "${OUT:?}" "${FYNE:?}" "${SOURCE_DATE_EPOCH:?}"
PACKAGES=${PACKAGES:-deb tar}
DEB_COMPRESS=${DEB_COMPRESS:-xz}
root=$(cd "$(dirname "$0")/.." && pwd)
BIN=$(cd "$BIN" && pwd)
FYNE=$(cd "$(dirname "$FYNE")" && pwd)/$(basename "$FYNE")
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work" "$root/cmd/clientbook/FyneApp.toml"' EXIT
export TZ=UTC LC_ALL=C.UTF-8

# 1. fyne package writes the .desktop entry, the icon and the Makefile, in a
# tarball of its own. It is given an empty stand-in named like the app: it
# only copies the program, and xz-compressing 37 MB in fyne's pure-Go xz takes
# a minute; the real programs go in below.
cp "$root/FyneApp.toml" "$root/cmd/clientbook/FyneApp.toml"
mkdir "$work/standin" "$work/tar"
install -m 0755 /dev/null "$work/standin/clientbook"
(cd "$work" && "$FYNE" package --os linux --release --exe "$work/standin/clientbook" --src "$root/cmd/clientbook" \
	--icon "$root/assets/icon.png" --app-id "$APP_ID" --name "$NAME" --app-version "$VERSION" --app-build "$BUILD")
tar -xJf "$work/$NAME.tar.xz" -C "$work/tar"
stage="$work/tar/clientbook"
desktop="$stage/usr/local/share/applications/$APP_ID.desktop"
icon="$stage/usr/local/share/pixmaps/$APP_ID.png"
test -f "$desktop" && test -f "$icon" && test -f "$stage/usr/local/bin/clientbook" ||
	{ echo "linux.sh: fyne package's tarball lacks the app, its .desktop entry or its icon" >&2; exit 1; }
install -m 0755 "$BIN/clientbook" "$stage/usr/local/bin/clientbook"
desktop-file-validate "$desktop"

# The same bytes everywhere: sorted, owned by root, dated SOURCE_DATE_EPOCH.
repro_tar() { # DIR NAME: tar NAME inside DIR to stdout
	tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --clamp-mtime --owner=0 --group=0 --numeric-owner \
		--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -C "$1" -cf - "$2"
}

# 2. The tarball: fyne's, with clientbookctl installed and uninstalled beside the app.
if [[ " $PACKAGES " == *" tar "* ]]; then
	install -m 0755 "$BIN/clientbookctl" "$stage/usr/local/bin/clientbookctl"
	mk="$stage/Makefile"
	sed -i \
		-e 's|^\(\tinstall -Dm00755 usr/local/bin/\$(Exec) \(.*\)/bin/\$(Exec)\)$|\1\n\tinstall -Dm00755 usr/local/bin/clientbookctl \2/bin/clientbookctl|' \
		-e 's|^\(\t-rm \(.*\)/bin/\$(Exec)\)$|\1\n\t-rm \2/bin/clientbookctl|' "$mk"
	if [ "$(grep -c clientbookctl "$mk")" != 4 ]; then
		echo "linux.sh: could not add clientbookctl to fyne's Makefile (its layout changed?)" >&2
		exit 1
	fi
	repro_tar "$work/tar" clientbook | xz -T1 -6 -c >"$OUT/$NAME-$VERSION-linux-amd64.tar.xz"
fi

# 3. The .deb: /usr, not /usr/local (Debian policy); the icon in the hicolor theme.
if [[ " $PACKAGES " == *" deb "* ]]; then
	deb="$work/deb"
	install -Dm 0755 "$BIN/clientbook" "$deb/usr/bin/clientbook"
	install -Dm 0755 "$BIN/clientbookctl" "$deb/usr/bin/clientbookctl"
	install -Dm 0644 "$desktop" "$deb/usr/share/applications/$APP_ID.desktop"
	install -Dm 0644 "$icon" "$deb/usr/share/icons/hicolor/512x512/apps/$APP_ID.png"
	install -d "$deb/usr/share/doc/clientbook"
	gzip -9n <"$root/CHANGELOG.md" >"$deb/usr/share/doc/clientbook/CHANGELOG.md.gz"
	# A native package's changelog.gz is in Debian's format; it points to the real one.
	printf 'clientbook (%s) unstable; urgency=medium\n\n  * Clientbook %s; what changed is in CHANGELOG.md.gz beside this file.\n\n -- Clientbook <support@clientbook.example>  %s\n' \
		"$VERSION" "$VERSION" "$(date -R -u -d "@$SOURCE_DATE_EPOCH")" | gzip -9n >"$deb/usr/share/doc/clientbook/changelog.gz"
	{
		cat <<-EOF
			Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
			Upstream-Name: Clientbook
			Source: https://clientbook.example

			Files: *
			Copyright: 2026 the Clientbook authors
			License: other
			 The Clientbook authors have not published a licence for Clientbook;
			 all rights are reserved.
			Comment: Both programs embed the Noto Sans fonts, Copyright The Noto
			 Project Authors, under the SIL Open Font License 1.1 below.

			License: OFL-1.1
		EOF
		sed -e 's/\r$//' -e 's/^$/./' -e 's/^/ /' "$root/assets/fonts/OFL.txt"
	} >"$deb/usr/share/doc/clientbook/copyright"
	chmod 0644 "$deb/usr/share/doc/clientbook/"*

	# The shared libraries the binaries link, as package names and versions.
	mkdir -p "$work/shlibs/debian"
	printf 'Source: clientbook\n\nPackage: clientbook\nArchitecture: amd64\n' >"$work/shlibs/debian/control"
	depends=$(cd "$work/shlibs" && dpkg-shlibdeps -O "$deb/usr/bin/clientbook" "$deb/usr/bin/clientbookctl" 2>/dev/null |
		sed -n 's/^shlibs:Depends=//p')
	[ -n "$depends" ] || { echo "linux.sh: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
	# GLFW opens the X11 and Wayland client libraries with dlopen, out of
	# dpkg-shlibdeps' sight.
	depends="$depends, libx11-6, libx11-xcb1, libxcursor1, libxext6, libxi6, libxinerama1, libxrandr2, libxrender1, libxxf86vm1, libxkbcommon0, libwayland-cursor0, libwayland-egl1"

	install -d "$deb/DEBIAN"
	cat >"$deb/DEBIAN/control" <<-EOF
		Package: clientbook
		Version: $VERSION
		Architecture: amd64
		Maintainer: Clientbook <support@clientbook.example>
		Installed-Size: $(du -sk --exclude=DEBIAN "$deb" | cut -f1)
		Depends: $depends
		Recommends: shared-mime-info, hicolor-icon-theme, zenity | qarma | matedialog
		Section: misc
		Priority: optional
		Homepage: https://clientbook.example
		Description: clients, invoices and receivables for account managers, offline
		 Clientbook keeps client records, a relationship timeline, quotes, invoices
		 and credit notes with exact money, payments, receivables and reports in one
		 local SQLite book that you own. It runs fully offline in one window.
		 .
		 This package installs the desktop application (clientbook) and its
		 command line (clientbookctl).
	EOF
	find "$deb" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
	dpkg-deb --root-owner-group -Z"$DEB_COMPRESS" --build "$deb" "$OUT/clientbook_${VERSION}_amd64.deb" >/dev/null
fi
ls -l "$OUT"
