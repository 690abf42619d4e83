package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"clientbook/data"
	"clientbook/domain"
)

// passphraseEnv names the variable a script puts the backup passphrase in.
// Without it the passphrase is read from the terminal (not echoed), or as
// one line from standard input when that is not a terminal.
const passphraseEnv = "CLIENTBOOK_PASSPHRASE"

// stdin is where a passphrase is read from when the variable is not set; tests replace it.
var stdin io.Reader = os.Stdin

func runBackup(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "backup")
	to := fs.String("to", "", "the backup `FOLDER` (default: the backups folder beside the default book)")
	encrypt := fs.Bool("encrypt", false, "encrypt the backup with a passphrase ("+passphraseEnv+" or asked)")
	keep := domain.DefaultRetention
	fs.IntVar(&keep.Daily, "keep-daily", keep.Daily, "keep the newest backup of this many days")
	fs.IntVar(&keep.Weekly, "keep-weekly", keep.Weekly, "and of this many weeks")
	fs.IntVar(&keep.Monthly, "keep-monthly", keep.Monthly, "and of this many months")
	if err := parse(fs, args); err != nil {
		return err
	}
	for _, k := range []struct {
		flag string
		n    int
	}{{"--keep-daily", keep.Daily}, {"--keep-weekly", keep.Weekly}, {"--keep-monthly", keep.Monthly}} {
		if k.n < 0 || k.n > 1000 {
			return usageErrorf("%s: give a number from 0 to 1000, not %d", k.flag, k.n)
		}
	}
	dir := *to
	if dir == "" {
		d, err := data.DefaultBackupDir()
		if err != nil {
			return err
		}
		dir = d
	}
	opt := domain.BackupOptions{Keep: keep}
	if *encrypt {
		_, err := os.Stat(filepath.Join(dir, data.BackupKeyFile))
		pass, fromEnv, err2 := readPassphrase(e, "Backup passphrase: ", err != nil)
		if err2 != nil {
			return err2
		}
		key, err := data.SetUpBackupKey(dir, pass)
		if err != nil {
			return backupFlags(err, "--to", fromEnv)
		}
		opt.Key = &key
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	info, err := book.Backup(ctx, dir, opt)
	if err != nil {
		return backupFlags(err, "--to", false)
	}
	how := ""
	if info.Encrypted {
		how = ", encrypted"
	}
	fmt.Fprintf(e.stdout, "Backed up %s to %s (%s%s): %s.\n", book.Path(), info.Path, domain.FormatSize(info.Size), how, countsText(info.Counts))
	fmt.Fprintln(e.stdout, "Checked: the copy opens, passes SQLite's integrity check and holds every row of the book.")
	return nil
}

func runBackupsList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "backups list")
	dir := fs.String("dir", "", "the backup `FOLDER` (default: the backups folder beside the default book)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *dir == "" {
		d, err := data.DefaultBackupDir()
		if err != nil {
			return err
		}
		*dir = d
	}
	list, err := data.ListBackups(ctx, *dir)
	if err != nil {
		return backupFlags(err, "--dir", false)
	}
	if len(list) == 0 {
		fmt.Fprintf(e.stdout, "No backups in %s.\n", *dir)
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TAKEN\tBOOK\tSIZE\tENCRYPTED\tCLIENTS\tDOCUMENTS\tPAYMENTS\tFILE")
	for _, b := range list {
		enc := "no"
		if b.Encrypted {
			enc = "yes"
		}
		clients, docs, pays := "?", "?", "?"
		if b.Counts != nil {
			clients, docs, pays = fmt.Sprint(b.Counts.Clients), fmt.Sprint(b.Counts.Documents), fmt.Sprint(b.Counts.Payments)
		}
		name := filepath.Base(b.Path)
		switch {
		case b.Problem != "":
			name += " (" + b.Problem + ")"
		case b.Kind != domain.BackupRegular:
			name += " (kept: taken before a restore)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", b.At.Local().Format("2006-01-02 15:04:05 MST"), b.Book,
			domain.FormatSize(b.Size), enc, clients, docs, pays, name)
	}
	return tw.Flush()
}

func runRestore(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "restore")
	to := fs.String("to", "", "the new book `FILE` to restore into (required; never an existing file)")
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usageErrorf("restore FILE --to BOOK: name the backup file to restore")
	}
	file := args[0]
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *to == "" {
		return usageErrorf("--to: name the new book file to restore into")
	}
	pass := os.Getenv(passphraseEnv)
	fromEnv := pass != ""
	info, err := data.RestoreBackup(ctx, file, *to, pass)
	if pass == "" && domain.FieldErrors(err)["passphrase"] != "" {
		if pass, fromEnv, err = readPassphrase(e, "Passphrase of the backups: ", false); err != nil {
			return err
		}
		info, err = data.RestoreBackup(ctx, file, *to, pass)
	}
	if err != nil {
		return backupFlags(err, "--to", fromEnv)
	}
	abs, _ := filepath.Abs(*to)
	fmt.Fprintf(e.stdout, "Restored %s into the new book %s: %s.\n", file, abs, countsText(info.Counts))
	return nil
}

// countsText is "12 clients, 30 documents, 20 payments".
func countsText(c *domain.BackupCounts) string {
	if c == nil {
		return "counts unknown"
	}
	return fmt.Sprintf("%d clients, %d documents, %d payments", c.Clients, c.Documents, c.Payments)
}

// backupFlags puts a backup error at what it concerns: the folder at
// dirFlag, the new book at --to, the passphrase at its variable when it
// came from there. A problem with the backup file names the file itself.
func backupFlags(err error, dirFlag string, passFromEnv bool) error {
	fields := domain.FieldErrors(err)
	switch {
	case fields["dir"] != "":
		return atFlagValue(dirFlag, err)
	case fields["to"] != "":
		return atFlagValue("--to", err)
	case fields["passphrase"] != "" && passFromEnv:
		return atFlagValue(passphraseEnv, err)
	}
	return err
}

// readPassphrase returns the passphrase from the environment, or asks for
// it — twice when confirm is set, for a new key — on the terminal, or reads
// one line of standard input. fromEnv reports where it came from.
func readPassphrase(e *env, prompt string, confirm bool) (pass string, fromEnv bool, err error) {
	if p := os.Getenv(passphraseEnv); p != "" {
		return p, true, nil
	}
	if f, ok := stdin.(*os.File); ok {
		if restore, err := noEcho(f); err == nil {
			defer restore()
			r := bufio.NewReader(f)
			ask := func(prompt string) (string, error) {
				fmt.Fprint(e.stderr, prompt)
				line, err := r.ReadString('\n')
				fmt.Fprintln(e.stderr)
				if err != nil && line == "" {
					return "", usageErrorf("no passphrase was typed; set %s or type it when asked", passphraseEnv)
				}
				return strings.TrimRight(line, "\r\n"), nil
			}
			p, err := ask(prompt)
			if err != nil || !confirm {
				return p, false, err
			}
			if p == "" {
				return "", false, usageErrorf("no passphrase was typed; set %s or type it when asked", passphraseEnv)
			}
			again, err := ask("The same passphrase again: ")
			if err != nil {
				return "", false, err
			}
			if again != p {
				return "", false, &domain.Error{Code: domain.EINVALID, Message: "The two passphrases differ; nothing was changed."}
			}
			return p, false, nil
		}
	}
	line, _ := bufio.NewReader(stdin).ReadString('\n')
	if strings.TrimRight(line, "\r\n") == "" {
		return "", false, usageErrorf("this needs the backup passphrase: set %s, or give it on standard input", passphraseEnv)
	}
	return strings.TrimRight(line, "\r\n"), false, nil
}
