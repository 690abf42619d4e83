/*
 * A stand-in for Windows' bcryptprimitives.dll, for running Clientbook under
 * Wine 8 (Debian 12) in `make dist-check WINE=1` only; it is never installed
 * anywhere else. Go 1.24 and later take their random numbers from
 * ProcessPrng in bcryptprimitives.dll (Windows 10 and later), which Wine 8
 * does not have, so no Go program starts there. This ProcessPrng fills the
 * buffer from RtlGenRandom (advapi32's SystemFunction036), which Wine does
 * have; like the real one it always succeeds.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
	while (length > 0) {
		ULONG n = length > 0x10000000 ? 0x10000000 : (ULONG)length;
		if (!SystemFunction036(data, n))
			ExitProcess(0xC000000D); /* no randomness: stop, never hand out zeros */
		data += n;
		length -= n;
	}
	return TRUE;
}
