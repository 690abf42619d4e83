package widgets

import "clientbook/domain"

// Count is n, its thousands grouped, with the noun that fits it: "1
// reminder", "3 reminders", "7,909 invoices".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return domain.Thousands(int64(n)) + " " + many
}
