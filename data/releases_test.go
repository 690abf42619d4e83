package data

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestReleasesCoverEveryMigration holds the release table to the migrations
// and to FyneApp.toml: every schema version this build can write has a first
// version that reads it, versions and schemas only go up, and the last row is
// this build — FyneApp.toml's version writing SchemaVersion().
func TestReleasesCoverEveryMigration(t *testing.T) {
	if len(Releases) == 0 {
		t.Fatal("no releases")
	}
	for i, r := range Releases {
		if parseVersion(t, r.Version) == nil || r.Schema < 1 {
			t.Errorf("row %d: %+v", i, r)
		}
		if i > 0 {
			prev := Releases[i-1]
			if !versionLess(parseVersion(t, prev.Version), parseVersion(t, r.Version)) {
				t.Errorf("row %d: version %s does not come after %s", i, r.Version, prev.Version)
			}
			if r.Schema < prev.Schema {
				t.Errorf("row %d: %s writes schema %d, older than %s's %d", i, r.Version, r.Schema, prev.Version, prev.Schema)
			}
		}
	}
	for v := 1; v <= SchemaVersion(); v++ {
		if _, ok := FirstReader(v); !ok {
			t.Errorf("migration %d: no release reads a book of schema %d; add it to Releases", v, v)
		}
	}
	last := Releases[len(Releases)-1]
	if last.Schema != SchemaVersion() {
		t.Errorf("the last release writes schema %d, this build writes %d: raise its Schema or add a row", last.Schema, SchemaVersion())
	}
	toml, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindSubmatch(toml)
	if m == nil {
		t.Fatal("FyneApp.toml has no Version")
	}
	if last.Version != string(m[1]) {
		t.Errorf("the last release is %s, FyneApp.toml says %s: add a row for it", last.Version, m[1])
	}
	if _, ok := FirstReader(SchemaVersion() + 1); ok {
		t.Errorf("FirstReader(%d) names a version for a schema no release writes", SchemaVersion()+1)
	}
	if _, ok := FirstReader(0); ok {
		t.Error("FirstReader(0) names a version")
	}
}

func TestCompatibilitySentences(t *testing.T) {
	first, _ := FirstReader(SchemaVersion())
	cases := []struct {
		schema int
		want   string
	}{
		{SchemaVersion(), "read by Clientbook " + first + " and later"},
		{SchemaVersion() + 1, "newer than this Clientbook reads"},
		{0, "not one Clientbook writes"},
	}
	for _, c := range cases {
		if got := Compatibility(c.schema); !strings.Contains(got, c.want) {
			t.Errorf("Compatibility(%d) = %q, want it to say %q", c.schema, got, c.want)
		}
	}
}

func TestBookSchemaVersion(t *testing.T) {
	b := openTemp(t)
	v, err := b.SchemaVersion()
	if err != nil || v != SchemaVersion() {
		t.Errorf("SchemaVersion() = %d, %v; want %d", v, err, SchemaVersion())
	}
}

func parseVersion(t *testing.T, v string) []int {
	t.Helper()
	parts := strings.Split(v, ".")
	if len(parts) != 3 {
		t.Errorf("version %q is not MAJOR.MINOR.PATCH", v)
		return nil
	}
	out := make([]int, 3)
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			t.Errorf("version %q: %q is not a number", v, p)
			return nil
		}
		out[i] = n
	}
	return out
}

func versionLess(a, b []int) bool {
	if a == nil || b == nil {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}
