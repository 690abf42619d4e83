package data

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"clientbook/domain"
	"clientbook/domain/demo"
)

func init() { scryptWorkFactor = 10 } // sealing a key in tests need not take a second

// demoTemp opens a book in a temp folder with a small demo in it.
func demoTemp(t *testing.T, name string) *Book {
	t.Helper()
	b, err := Open(filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	if err := demo.Fill(context.Background(), b, demo.Options{Clients: 12, Invoices: 30, Seed: 2, Today: domain.NewDate(2027, 6, 15)}); err != nil {
		t.Fatal(err)
	}
	return b
}

func counts(t *testing.T, b *Book) map[string]int64 {
	t.Helper()
	c, err := tableCounts(context.Background(), b.db)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// files lists dir's file names, sorted.
func files(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

func noTemps(t *testing.T, dirs ...string) {
	t.Helper()
	for _, d := range dirs {
		for _, f := range files(t, d) {
			if strings.HasPrefix(f, tempPrefix) {
				t.Errorf("a temporary file was left in %s: %s", d, f)
			}
		}
	}
}

func TestBackupIsAVerifiedOwnerOnlyCopy(t *testing.T) {
	ctx := context.Background()
	b := demoTemp(t, "acme.db")
	dir := filepath.Join(t.TempDir(), "new", "backups")
	info, err := b.Backup(ctx, dir, BackupOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !backupName.MatchString(filepath.Base(info.Path)) || !strings.HasPrefix(filepath.Base(info.Path), "acme-") || info.Encrypted {
		t.Errorf("backup named %s", info.Path)
	}
	st, err := os.Stat(info.Path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 || st.Size() != info.Size {
		t.Errorf("backup mode %v size %d, info %d", st.Mode(), st.Size(), info.Size)
	}
	if dst, _ := os.Stat(dir); dst.Mode().Perm() != 0o700 {
		t.Errorf("backup folder mode %v", dst.Mode())
	}
	live := counts(t, b)
	want := domain.BackupCounts{Clients: live["clients"], Documents: live["documents"], Payments: live["payments"]}
	if info.Counts == nil || *info.Counts != want || want.Clients != 12 || want.Documents == 0 {
		t.Errorf("counts %+v, want %+v", info.Counts, want)
	}
	got, version, problem := inspectCopy(ctx, info.Path)
	if problem != "" || version != SchemaVersion() || countsDiffer(live, got) != "" {
		t.Errorf("the backup: %q v%d %s", problem, version, countsDiffer(live, got))
	}
	list, err := ListBackups(ctx, dir)
	if err != nil || len(list) != 1 || list[0].Path != info.Path || list[0].Counts == nil || *list[0].Counts != want || list[0].Book != "acme" {
		t.Errorf("ListBackups = %+v, %v", list, err)
	}
	noTemps(t, dir, filepath.Dir(b.Path()))
	// A second backup in the same second gets its own name.
	again, err := b.Backup(ctx, dir, BackupOptions{})
	if err != nil || again.Path == info.Path {
		t.Errorf("second backup %s, %v", again.Path, err)
	}
}

func TestBackupCleansUpAnInterruptedRun(t *testing.T) {
	b := demoTemp(t, "acme.db")
	dir := t.TempDir()
	stale := filepath.Join(dir, tempPrefix+"acme-123.tmp")
	fresh := filepath.Join(dir, tempPrefix+"acme-456.tmp") // another run, still writing
	other := filepath.Join(dir, "notes.tmp")
	for _, p := range []string{stale, fresh, other} {
		os.WriteFile(p, []byte("x"), 0o600)
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(stale, old, old)
	os.Chtimes(other, old, old)
	if _, err := b.Backup(context.Background(), dir, BackupOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("the interrupted run's temporary file is still there")
	}
	for _, p := range []string{fresh, other} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed", p)
		}
	}
}

func TestBackupRefusesADamagedBook(t *testing.T) {
	path := filepath.Join(t.TempDir(), "acme.db")
	damageAnIndex(t, path)
	b, err := Open(path)
	if err != nil {
		t.Skipf("SQLite found the damage while opening: %v", err)
	}
	defer b.Close()
	dir := t.TempDir()
	_, err = b.Backup(context.Background(), dir, BackupOptions{})
	if err == nil || !strings.Contains(domain.ErrorMessage(err), "damaged") || !strings.Contains(domain.ErrorMessage(err), "No backup was taken") {
		t.Fatalf("Backup of a damaged book = %v", err)
	}
	if fs := files(t, dir); len(fs) != 0 {
		t.Errorf("the damaged book left %v in the backup folder", fs)
	}
}

// damageAnIndex makes a book at path and flips one bit of one key in the
// clients-by-name index, which opening does not read.
func damageAnIndex(t *testing.T, path string) {
	t.Helper()
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var cs []*domain.Client
	for i := 0; i < 300; i++ {
		cs = append(cs, &domain.Client{Name: fmt.Sprintf("Client %03d %s", i, strings.Repeat("y", 100)), Status: domain.StatusActive, Currency: "EUR"})
	}
	if err := b.Clients().CreateClients(context.Background(), cs); err != nil {
		t.Fatal(err)
	}
	var leaf int64
	if err := b.db.QueryRow(`SELECT pageno FROM dbstat WHERE name = 'clients_by_name' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1`).Scan(&leaf); err != nil {
		t.Fatal(err)
	}
	b.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	raw[int(leaf)*4096-200] ^= 0x04
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestBackupIntoAFolderThatCannotBeWritten(t *testing.T) {
	b := demoTemp(t, "acme.db")
	file := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(file, nil, 0o600)
	if _, err := b.Backup(context.Background(), file, BackupOptions{}); err == nil || !strings.Contains(err.Error(), "is a file, not a folder") {
		t.Errorf("Backup into a file = %v", err)
	}
	// A folder that cannot be made (its parent is a file) — root can write anywhere else.
	_, err := b.Backup(context.Background(), filepath.Join(file, "backups"), BackupOptions{})
	if err == nil || !strings.Contains(err.Error(), "Cannot create the backup folder") || domain.FieldErrors(err)["dir"] == "" {
		t.Errorf("Backup under a file = %v", err)
	}
	if os.Geteuid() == 0 {
		return
	}
	dir := t.TempDir()
	os.Chmod(dir, 0o500)
	defer os.Chmod(dir, 0o700)
	_, err = b.Backup(context.Background(), dir, BackupOptions{})
	if err == nil || !strings.Contains(domain.ErrorMessage(err), "Cannot write to the folder") || domain.FieldErrors(err)["dir"] == "" {
		t.Fatalf("Backup into a read-only folder = %v", err)
	}
}

func TestEncryptedBackupAndRestore(t *testing.T) {
	ctx := context.Background()
	b := demoTemp(t, "acme.db")
	dir := t.TempDir()
	if _, err := SetUpBackupKey(dir, "short"); err == nil || domain.FieldErrors(err)["passphrase"] == "" {
		t.Errorf("a 5-character passphrase: %v", err)
	}
	key, err := SetUpBackupKey(dir, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(key.Recipient, "age1") || !bytes.Contains(key.Sealed, []byte("BEGIN AGE ENCRYPTED FILE")) {
		t.Fatalf("key %+v", key)
	}
	if st, _ := os.Stat(filepath.Join(dir, BackupKeyFile)); st == nil || st.Mode().Perm() != 0o600 {
		t.Errorf("key file %v", st)
	}
	again, err := SetUpBackupKey(dir, "correct horse battery")
	if err != nil || again.Recipient != key.Recipient {
		t.Errorf("setting up again with the same passphrase: %v, %v", again.Recipient, err)
	}
	if _, err := SetUpBackupKey(dir, "another passphrase"); err == nil || !strings.Contains(domain.FieldErrors(err)["passphrase"], "another passphrase") {
		t.Errorf("setting up with another passphrase: %v", err)
	}
	info, err := b.Backup(ctx, dir, BackupOptions{Key: &key})
	if err != nil {
		t.Fatal(err)
	}
	if !info.Encrypted || !strings.HasSuffix(info.Path, ".cbbak.age") {
		t.Errorf("encrypted backup %+v", info)
	}
	raw, _ := os.ReadFile(info.Path)
	if !bytes.HasPrefix(raw, ageMagic) || bytes.Contains(raw, []byte("SQLite format 3")) {
		t.Error("the encrypted backup is not an age file")
	}
	noTemps(t, dir, filepath.Dir(b.Path()))
	list, err := ListBackups(ctx, dir)
	if err != nil || len(list) != 1 || !list[0].Encrypted || list[0].Counts == nil || list[0].Counts.Clients != 12 {
		t.Fatalf("ListBackups = %+v, %v", list, err)
	}
	to := filepath.Join(t.TempDir(), "restored.db")
	for _, c := range []struct{ pass, field, want string }{
		{"", "passphrase", "enter the passphrase"},
		{"wrong passphrase", "passphrase", "The passphrase is not the one these backups were encrypted with."},
	} {
		_, err := RestoreBackup(ctx, info.Path, to, c.pass)
		if err == nil || !strings.Contains(domain.FieldErrors(err)[c.field], c.want) {
			t.Errorf("restore with %q: %v", c.pass, err)
		}
		if _, err := os.Stat(to); err == nil {
			t.Fatal("a refused restore wrote the book")
		}
	}
	noTemps(t, filepath.Dir(to))
	got, err := RestoreBackup(ctx, info.Path, to, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if got.Counts == nil || got.Counts.Clients != 12 {
		t.Errorf("restored counts %+v", got.Counts)
	}
	r, err := Open(to)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if d := countsDiffer(counts(t, b), counts(t, r)); d != "" {
		t.Errorf("the restored book differs: %s", d)
	}
	// Without its key beside it, an encrypted backup cannot be opened.
	os.Remove(filepath.Join(dir, BackupKeyFile))
	if _, err := RestoreBackup(ctx, info.Path, filepath.Join(t.TempDir(), "x.db"), "correct horse battery"); err == nil || !strings.Contains(err.Error(), "Put the key file") {
		t.Errorf("restore without the key: %v", err)
	}
	// A folder with another key refuses this one's backups.
	other, _ := SetUpBackupKey(dir, "a different one")
	if _, err := b.Backup(ctx, dir, BackupOptions{Key: &key}); err == nil || !strings.Contains(err.Error(), "another passphrase") {
		t.Errorf("backup into a folder with another key (%s): %v", other.Recipient, err)
	}
}

func TestRestoreRefusesBadInput(t *testing.T) {
	ctx := context.Background()
	b := demoTemp(t, "acme.db")
	dir := t.TempDir()
	info, err := b.Backup(ctx, dir, BackupOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	existing := filepath.Join(out, "existing.db")
	os.WriteFile(existing, []byte("my book"), 0o600)
	notBackup := filepath.Join(dir, "notes.txt")
	os.WriteFile(notBackup, []byte("shopping list\n"), 0o600)
	raw, _ := os.ReadFile(info.Path)
	corrupt := filepath.Join(dir, "acme-20260101T000000Z.cbbak")
	for i := len(raw) / 2; i < len(raw)/2+4096; i++ {
		raw[i] ^= 0xFF
	}
	os.WriteFile(corrupt, raw, 0o600)
	for _, c := range []struct{ name, file, to, field, want string }{
		{"missing", filepath.Join(dir, "nope.cbbak"), filepath.Join(out, "a.db"), "file", "There is no backup file"},
		{"not a backup", notBackup, filepath.Join(out, "a.db"), "file", "is not a Clientbook backup"},
		{"a book's own file", existing, filepath.Join(out, "a.db"), "file", "is not a Clientbook backup"},
		{"corrupted", corrupt, filepath.Join(out, "a.db"), "file", "is damaged"},
		{"onto an existing file", info.Path, existing, "to", "already exists"},
		{"onto a folder", info.Path, out, "to", "is a folder"},
		{"no target", info.Path, "", "to", "Name the new book file"},
	} {
		_, err := RestoreBackup(ctx, c.file, c.to, "")
		if err == nil || domain.FieldErrors(err)[c.field] == "" || !strings.Contains(domain.ErrorMessage(err), c.want) {
			t.Errorf("%s: %v (fields %v)", c.name, err, domain.FieldErrors(err))
		}
	}
	if got := files(t, out); len(got) != 1 || got[0] != "existing.db" {
		t.Errorf("refused restores left %v", got)
	}
	if b, _ := os.ReadFile(existing); string(b) != "my book" {
		t.Error("the existing file was changed")
	}
	// An empty file, as a save dialog leaves one, is restored into.
	empty := filepath.Join(out, "chosen.db")
	os.WriteFile(empty, nil, 0o600)
	if _, err := RestoreBackup(ctx, info.Path, empty, ""); err != nil {
		t.Errorf("restore into an empty file: %v", err)
	}
	if !t.Failed() && os.Geteuid() != 0 {
		ro := t.TempDir()
		os.Chmod(ro, 0o500)
		defer os.Chmod(ro, 0o700)
		_, err := RestoreBackup(ctx, info.Path, filepath.Join(ro, "x.db"), "")
		if err == nil || domain.FieldErrors(err)["to"] == "" || !strings.Contains(err.Error(), "Cannot write to the folder") {
			t.Errorf("restore into a read-only folder: %v", err)
		}
	}
}

func TestRotationKeepsDailyWeeklyMonthly(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2026, 1, 1, 18, 0, 0, 0, time.UTC)
	var all []string
	for d := 0; d < 120; d++ {
		for _, h := range []int{0, 3} { // two a day
			at := start.AddDate(0, 0, d).Add(time.Duration(h) * time.Hour)
			name := backupFileName("acme", at, domain.BackupRegular, d%2 == 0)
			all = append(all, name)
			os.WriteFile(filepath.Join(dir, name), nil, 0o600)
			if d%2 == 0 {
				os.WriteFile(filepath.Join(dir, name+manifestExt), []byte("{}"), 0o600)
			}
		}
	}
	mine := []string{
		backupFileName("acme", start, domain.BackupBeforeRestore, false),
		backupFileName("other", start, domain.BackupRegular, false),
		"acme-notes.txt", "acme.db", "acme-2026.cbbak",
	}
	for _, n := range mine {
		os.WriteFile(filepath.Join(dir, n), nil, 0o600)
	}
	if err := rotate(dir, "acme", domain.Retention{Daily: 3, Weekly: 2, Monthly: 3}); err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, f := range files(t, dir) {
		if info, ok := parseBackupName(f); ok && info.Book == "acme" && info.Kind == domain.BackupRegular {
			kept = append(kept, info.At.Format("2006-01-02 15"))
			if info.Encrypted {
				if _, err := os.Stat(filepath.Join(dir, f+manifestExt)); err != nil {
					t.Errorf("the manifest of kept %s is gone", f)
				}
			}
		}
	}
	// Last day 2026-04-30 (a Thursday). Daily: 30, 29, 28 April; weekly: the
	// weeks of 27 April (30th) and 20 April (26th); monthly: April (30th),
	// March (31st), February (28th).
	want := []string{"2026-02-28 21", "2026-03-31 21", "2026-04-26 21", "2026-04-28 21", "2026-04-29 21", "2026-04-30 21"}
	if strings.Join(kept, ",") != strings.Join(want, ",") {
		t.Errorf("kept %v\nwant %v", kept, want)
	}
	for _, n := range mine {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("rotation deleted %s, which is not one of this book's regular backups", n)
		}
	}
	for _, f := range files(t, dir) {
		if base, ok := strings.CutSuffix(f, manifestExt); ok {
			if _, err := os.Stat(filepath.Join(dir, base)); err != nil {
				t.Errorf("manifest %s outlived its backup", f)
			}
		}
	}
}

func TestRestoreOverTheOpenBook(t *testing.T) {
	ctx := context.Background()
	b := demoTemp(t, "acme.db")
	dir := t.TempDir()
	info, err := b.Backup(ctx, dir, BackupOptions{})
	if err != nil {
		t.Fatal(err)
	}
	before := counts(t, b)
	if err := b.Clients().CreateClient(ctx, &domain.Client{Name: "Added after the backup", Status: domain.StatusActive, Currency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	safety, err := b.RestoreOver(ctx, info.Path, "", dir, BackupOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if safety.Kind != domain.BackupBeforeRestore || safety.Counts == nil || safety.Counts.Clients != 13 {
		t.Errorf("the copy taken first: %+v", safety)
	}
	path := b.Path()
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if d := countsDiffer(before, counts(t, r)); d != "" {
		t.Errorf("after restoring over: %s", d)
	}
	if err := r.Verify(ctx); err != nil {
		t.Error(err)
	}
	// The copy taken first is a backup like any other, and rotation keeps it.
	if _, err := r.Backup(ctx, dir, BackupOptions{Keep: domain.Retention{Daily: 1}}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(safety.Path); err != nil {
		t.Error("rotation deleted the copy taken before the restore")
	}
	noTemps(t, dir, filepath.Dir(path))
	if _, err := r.RestoreOver(ctx, path, "", dir, BackupOptions{}); err == nil {
		t.Error("the book restored over itself")
	}
}

// A restore cancelled before it writes says so and changes nothing: no new
// book file, and the open book keeps what was added after the backup.
func TestCancelledRestoreChangesNothing(t *testing.T) {
	ctx := context.Background()
	b := demoTemp(t, "acme.db")
	dir := t.TempDir()
	info, err := b.Backup(ctx, dir, BackupOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Clients().CreateClient(ctx, &domain.Client{Name: "Added after the backup", Status: domain.StatusActive, Currency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	before := counts(t, b)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	to := filepath.Join(t.TempDir(), "restored.db")
	if _, err := RestoreBackup(cancelled, info.Path, to, ""); err != errRestoreCancelled {
		t.Errorf("a cancelled restore into a new book: %v", err)
	}
	if _, err := os.Stat(to); !os.IsNotExist(err) {
		t.Errorf("a cancelled restore left %s: %v", to, err)
	}
	if _, err := b.RestoreOver(cancelled, info.Path, "", dir, BackupOptions{}); err != errRestoreCancelled {
		t.Errorf("a cancelled restore over the book: %v", err)
	}
	if d := countsDiffer(before, counts(t, b)); d != "" {
		t.Errorf("a cancelled restore changed the book: %s", d)
	}
	noTemps(t, dir, filepath.Dir(b.Path()), filepath.Dir(to))
}

// TestBackupWhileTheBookIsWritten: writes on other connections during a
// backup never make the verified copy disagree with the counts.
func TestBackupWhileTheBookIsWritten(t *testing.T) {
	ctx := context.Background()
	b := demoTemp(t, "acme.db")
	dir := t.TempDir()
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			b.Clients().CreateClient(ctx, &domain.Client{Name: fmt.Sprintf("Busy %d", i), Status: domain.StatusActive, Currency: "EUR"})
		}
	}()
	for i := 0; i < 3; i++ {
		if _, err := b.Backup(ctx, dir, BackupOptions{Kind: domain.BackupBeforeRestore}); err != nil && domain.ErrorCode(err) != domain.ECONFLICT {
			t.Error(err)
		}
	}
	close(stop)
	<-done
}
