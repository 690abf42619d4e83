package widgets

import "testing"

func TestCountGroupsThousands(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "0 invoices"}, {1, "1 invoice"}, {2, "2 invoices"}, {999, "999 invoices"}, {7909, "7,909 invoices"}, {1234567, "1,234,567 invoices"}} {
		if got := Count(tc.n, "invoice", "invoices"); got != tc.want {
			t.Errorf("Count(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
