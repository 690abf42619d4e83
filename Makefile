# Clientbook's build. `make run` and `make test` are the two commands a new
# developer needs: both install missing system packages first (Debian/Ubuntu).

SHELL := /bin/bash
export LANG ?= C.UTF-8
TAGS := migrated_fynedo
GO ?= go
BIN := bin

# Read the app's identity from FyneApp.toml so packaging has one source of truth.
APP_NAME    := $(shell sed -n 's/^ *Name *= *"\(.*\)"/\1/p' FyneApp.toml | head -1)
APP_ID      := $(shell sed -n 's/^ *ID *= *"\(.*\)"/\1/p' FyneApp.toml | head -1)
APP_VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml | head -1)
APP_BUILD   := $(shell sed -n 's/^ *Build *= *\([0-9]*\)/\1/p' FyneApp.toml | head -1)

# Debian packages: to build (cgo, OpenGL, X11 and Wayland headers); to test (a
# virtual X server and ImageMagick for the smoke test, pdftotext to read PDFs back;
# Java, Saxon-HE, xmllint and qpdf to check e-invoices with the official EN 16931 rules).
BUILD_PKGS := gcc pkg-config libgl1-mesa-dev xorg-dev libwayland-dev libxkbcommon-dev
TEST_PKGS := xvfb xauth libgl1-mesa-dri imagemagick poppler-utils default-jre-headless libsaxonhe-java libxml2-utils qpdf

.PHONY: run test build deps deps-test vet fmt-check unit smoke bench fuzz package clean crashtest

## run: build Clientbook and open it on the default book in your data directory
run: deps build
	./$(BIN)/clientbook

## test: everything CI checks — formatting, vet, unit and GUI tests, and a screenshot smoke test
test: deps deps-test fmt-check vet smoke unit

# The version from FyneApp.toml is stamped into both programs; -trimpath and an
# empty build ID make the same commit give the same bytes.
LDFLAGS := -s -w -X main.version=$(APP_VERSION) -X main.build=$(APP_BUILD) -buildid=

build:
	$(GO) build -tags $(TAGS) -trimpath -buildmode=pie -ldflags "$(LDFLAGS)" -o $(BIN)/clientbook ./cmd/clientbook
	$(GO) build -tags $(TAGS) -trimpath -buildmode=pie -ldflags "$(LDFLAGS)" -o $(BIN)/clientbookctl ./cmd/clientbookctl

deps:
	@$(MAKE) --no-print-directory apt PKGS="$(BUILD_PKGS)"
	@command -v $(GO) >/dev/null || { echo "Go is not installed: get Go 1.21 or newer from https://go.dev/dl (it fetches the exact toolchain go.mod asks for)."; exit 1; }

deps-test:
	@$(MAKE) --no-print-directory apt PKGS="$(TEST_PKGS)"

# apt installs whichever of PKGS are missing, with sudo when not root.
.PHONY: apt
apt:
	@missing=""; for p in $(PKGS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if ! command -v apt-get >/dev/null; then echo "Please install:$$missing (and their equivalents on your system)"; exit 1; fi; \
		sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo"; \
		echo "Installing system packages:$$missing"; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "Not gofmt-formatted:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet -tags $(TAGS) ./...

unit:
	$(GO) test -tags $(TAGS) -count=1 -timeout 30m ./...

# smoke opens the real window under a virtual X server on a demo book, writes a
# screenshot and fails if the picture is blank.
smoke: build
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	./$(BIN)/clientbookctl --db "$$tmp/demo.db" demo --clients 300 --seed 7; \
	XDG_DATA_HOME="$$tmp/data" XDG_CONFIG_HOME="$$tmp/config" xvfb-run -a -s "-screen 0 1280x800x24" \
		./$(BIN)/clientbook --db "$$tmp/demo.db" --screenshot "$$tmp/shot.png" --size 1280x800; \
	colors=$$(convert "$$tmp/shot.png" -format %k info:); \
	size=$$(identify -format '%wx%h' "$$tmp/shot.png"); \
	echo "smoke: screenshot $$size with $$colors colours"; \
	if [ "$$colors" -lt 32 ]; then echo "smoke: the window looks blank"; exit 1; fi; \
	cp "$$tmp/shot.png" $(BIN)/smoke.png

## crashtest: the long form of the crash harness — 500 kills of a process
## writing to a book, each followed by open, integrity check and a count of
## every acknowledged write (make test runs 16)
CRASH_KILLS ?= 500
crashtest:
	set -o pipefail; CLIENTBOOK_CRASH_KILLS=$(CRASH_KILLS) $(GO) test -tags $(TAGS) -count=1 -timeout 60m -run '^TestCrashHarness$$' -v ./data/ | grep -E 'kills|FAIL|ok'

## bench: Go benchmarks, the command-line search benchmark over 10,000 clients, and open + the large-book figures (issue 14) over 3,000 invoices
bench: build
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchmem ./...
	./$(BIN)/clientbookctl bench --clients 10000
	./$(BIN)/clientbookctl bench --invoices 3000 --clients 300 --queries 10

## fuzz: run every Go fuzz target for FUZZTIME each (make unit runs their seed corpora)
FUZZTIME ?= 60s
fuzz:
	@set -e; for dir in $$($(GO) list -tags $(TAGS) -f '{{.Dir}}' ./...); do \
		for t in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$dir/*_test.go 2>/dev/null | sed 's/^func //'); do \
			echo "fuzz: $$t in $$dir for $(FUZZTIME)"; \
			$(GO) test -tags $(TAGS) -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) $$dir; \
		done; \
	done

# Packages. Every date inside them is the last commit's, so the same commit
# gives the same bytes (see the README's "Reproducible builds").
DIST := dist
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1767225600)
export SOURCE_DATE_EPOCH
FYNE := $(BIN)/fyne
PKG_ENV = VERSION="$(APP_VERSION)" BUILD="$(APP_BUILD)" APP_ID="$(APP_ID)" NAME="$(APP_NAME)" \
	BIN="$(BIN)" OUT="$(DIST)" FYNE="$(FYNE)" GO="$(GO)"
PKG_PKGS := xz-utils dpkg-dev desktop-file-utils
WIN_PKGS := gcc-mingw-w64-x86-64 nsis imagemagick

.PHONY: windows dist dist-check

# The fyne tool (version pinned in go.mod), built for this machine:
# `GOOS=windows go tool fyne` would build the tool itself for Windows.
$(FYNE): go.mod go.sum
	GOOS= GOARCH= $(GO) build -o $@ fyne.io/tools/cmd/fyne

## package: the Linux packages in dist/ — a .deb and a .tar.xz (unpack, `sudo make install`)
package: deps build $(FYNE)
	@$(MAKE) --no-print-directory apt PKGS="$(PKG_PKGS)"
	$(PKG_ENV) packaging/linux.sh

## windows: the Windows installer dist/Clientbook-Setup-VERSION.exe, cross-built here
windows: deps $(FYNE)
	@$(MAKE) --no-print-directory apt PKGS="$(WIN_PKGS)"
	$(PKG_ENV) packaging/windows.sh

## dist: every package this machine can build, with their SHA-256 sums
dist: package windows
	cd $(DIST) && sha256sum *.deb *.tar.xz *.exe windows/*.exe > SHA256SUMS
	@cat $(DIST)/SHA256SUMS

## dist-check: install the .deb, run it, remove it (WINE=1: the Windows installer under Wine too)
dist-check: deps deps-test
	@$(MAKE) --no-print-directory apt PKGS="$(PKG_PKGS) x11-utils"
	$(PKG_ENV) WINE="$(WINE)" packaging/dist-check.sh

clean:
	rm -rf $(BIN) dist
