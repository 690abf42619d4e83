package widgets

import "fmt"

// Count is n with the noun that fits it: "1 reminder", "3 reminders".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
