; Clientbook's Windows installer (NSIS 3; packaging/windows.sh runs makensis).
;
; Per user: no administrator rights, installed into
; %LocalAppData%\Programs\Clientbook, with a Start-menu entry, an optional
; desktop shortcut and an uninstaller listed in Apps & features. Installing
; over an earlier version replaces the programs and keeps everything else.
; The user's books (%LocalAppData%\Clientbook), backups and preferences are
; never installed, replaced or removed here.
;
; Defined by the caller: VERSION (x.y.z), BUILD, APPID, NAME, PAYLOAD (the
; folder with Clientbook.exe and clientbookctl.exe), ICON, OUTFILE.

; A 64-bit installer, as the app is: it runs wherever Clientbook can (and
; under a Wine without 32-bit support).
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma
; No file times in the installer: the same programs give the same installer bytes.
SetDateSave off

!include "MUI2.nsh"
!include "FileFunc.nsh"

!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPID}"
!define UNINSTALLER "Uninstall ${NAME}.exe"

Name "${NAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${NAME}"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
BrandingText "${NAME} ${VERSION}"

VIProductVersion "${VERSION}.${BUILD}"
VIFileVersion "${VERSION}.${BUILD}"
VIAddVersionKey "ProductName" "${NAME}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}.${BUILD}"
VIAddVersionKey "FileDescription" "${NAME} ${VERSION} Setup"
VIAddVersionKey "CompanyName" "${NAME}"
VIAddVersionKey "LegalCopyright" "The ${NAME} authors"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\${NAME}.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Open ${NAME}"

!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Section "${NAME}" SecApp
	SectionIn RO
	SetShellVarContext current
	SetOutPath "$INSTDIR"
	; A running Clientbook holds its .exe open; say so instead of a bare "cannot write".
retry:
	IfFileExists "$INSTDIR\${NAME}.exe" 0 write
	ClearErrors
	FileOpen $0 "$INSTDIR\${NAME}.exe" a
	IfErrors 0 opened
		MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "Please close ${NAME} first, then choose Retry." /SD IDCANCEL IDRETRY retry
		Abort "${NAME} is running; nothing was changed."
opened:
	FileClose $0
write:
	File "${PAYLOAD}\${NAME}.exe"
	File "${PAYLOAD}\clientbookctl.exe"
	WriteUninstaller "$INSTDIR\${UNINSTALLER}"
	CreateShortcut "$SMPROGRAMS\${NAME}.lnk" "$INSTDIR\${NAME}.exe" "" "$INSTDIR\${NAME}.exe" 0 SW_SHOWNORMAL "" "Clients, invoices and receivables"

	WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${NAME}"
	WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
	WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${NAME}"
	WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\${NAME}.exe,0"
	WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
	WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
	WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
	WriteRegStr HKCU "${UNINSTKEY}" "URLInfoAbout" "https://clientbook.example"
	WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
	WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
	${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
	IntFmt $0 "0x%08X" $0
	WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" "$0"
SectionEnd

Section /o "Desktop shortcut" SecDesktop
	SetShellVarContext current
	CreateShortcut "$DESKTOP\${NAME}.lnk" "$INSTDIR\${NAME}.exe"
SectionEnd

; The uninstaller removes exactly what the installer put there. It never
; touches the books, their backups or the preferences, which live elsewhere.
Section "Uninstall"
	SetShellVarContext current
	Delete "$INSTDIR\${NAME}.exe"
	Delete "$INSTDIR\clientbookctl.exe"
	Delete "$INSTDIR\${UNINSTALLER}"
	RMDir "$INSTDIR"
	Delete "$SMPROGRAMS\${NAME}.lnk"
	Delete "$DESKTOP\${NAME}.lnk"
	DeleteRegKey HKCU "${UNINSTKEY}"
SectionEnd
