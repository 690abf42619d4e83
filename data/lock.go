package data

import (
	"strings"

	"clientbook/domain"
)

func alreadyOpen(lockPath string) error {
	return domain.Errorf(domain.ECONFLICT, "%s is already open in another Clientbook window or program. Close it there first.",
		strings.TrimSuffix(lockPath, ".lock"))
}
