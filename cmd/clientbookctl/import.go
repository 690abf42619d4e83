package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"clientbook/domain"
)

// importNames is the list of entities import takes, for messages.
func importNames() string {
	var names []string
	for _, e := range domain.ImportEntities {
		names = append(names, e.Name)
	}
	return strings.Join(names, ", ")
}

// mappingFlag adds --map to fs: repeated COLUMN=HEADER pairs, read into m.
func mappingFlag(fs *flag.FlagSet, m map[string]string) {
	fs.Func("map", "read our `COLUMN=HEADER` from the file's column HEADER, or with COLUMN= from none, though the file has a column of that name (repeatable; COLUMN may be FILE.COLUMN)", func(s string) error {
		col, header, ok := strings.Cut(s, "=")
		if !ok || strings.TrimSpace(col) == "" {
			return fmt.Errorf("give COLUMN=HEADER, or COLUMN= to read the column from nowhere, not %q", s)
		}
		m[strings.TrimSpace(col)] = strings.TrimSpace(header)
		return nil
	})
}

func runImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "import")
	dry := fs.Bool("dry-run", false, "check every row and report the problems, writing nothing")
	lines := fs.String("lines", "", "the document_lines `FILE.csv` of quotes, invoices or credit notes (default: document_lines.csv beside FILE)")
	allocs := fs.String("allocations", "", "the allocations `FILE.csv` of payments (default: allocations.csv beside FILE, if there is one)")
	format := formatFlags(fs)
	mapping := map[string]string{}
	mappingFlag(fs, mapping)
	skip := fs.Int("skip", 0, "pass over the first `N` lines, above the header row (another program's title or export date)")
	if len(args) < 2 || strings.HasPrefix(args[0], "-") || strings.HasPrefix(args[1], "-") {
		return usageErrorf("import ENTITY FILE.csv [--dry-run] [--delimiter ';'] [--decimal-comma] [--map COLUMN=HEADER] [--skip N]; ENTITY is one of %s, or all", importNames())
	}
	name, file := args[0], args[1]
	ent, err := domain.FindImportEntity(name)
	if err != nil {
		return usageErrorf("import: unknown entity %q; choose one of %s (or 'import all')", name, importNames())
	}
	if err := parse(fs, args[2:]); err != nil {
		return err
	}
	f, err := format()
	if err != nil {
		return err
	}
	details := ""
	switch ent.Details {
	case "document_lines":
		if *allocs != "" {
			return usageErrorf("import %s: --allocations is for payments; give the lines with --lines", name)
		}
		details = *lines
	case "allocations":
		if *lines != "" {
			return usageErrorf("import payments: --lines is for documents; give the allocations with --allocations")
		}
		details = *allocs
	default:
		if *lines != "" || *allocs != "" {
			return usageErrorf("import %s: %s have no lines or allocations", name, name)
		}
	}
	if details == "" && ent.Details != "" {
		beside := filepath.Join(filepath.Dir(file), ent.Details+".csv")
		if _, err := os.Stat(beside); err == nil {
			details = beside
		} else if ent.DetailsRequired {
			return usageErrorf("import %s: give their lines with --lines FILE.csv (there is no %s beside %s)", name, filepath.Base(beside), file)
		}
	}
	opt := domain.ImportOptions{Format: f, Mapping: mapping, DryRun: *dry, Skip: *skip}
	in, err := openInput(file)
	if err != nil {
		return err
	}
	defer in.Close()
	if details != "" {
		d, err := openInput(details)
		if err != nil {
			return err
		}
		defer d.Close()
		opt.Details = d
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	res, err := book.Import().Import(ctx, name, in, opt)
	if err != nil {
		return atFlags(err, map[string]string{"skip": "--skip"})
	}
	return reportImport(e, res, *dry, name)
}

func runImportAll(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "import all")
	dir := fs.String("dir", "", "import the export folder `DIR` (required)")
	dry := fs.Bool("dry-run", false, "check every row and report the problems, writing nothing")
	format := formatFlags(fs)
	mapping := map[string]string{}
	mappingFlag(fs, mapping)
	if err := parse(fs, args); err != nil {
		return err
	}
	f, err := format()
	if err != nil {
		return err
	}
	if *dir == "" {
		return usageErrorf("import all: --dir is required")
	}
	if st, err := os.Stat(*dir); err != nil || !st.IsDir() {
		return domain.Errorf(domain.EINVALID, "%s is not a folder.", *dir)
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	res, err := book.Import().ImportAll(ctx, *dir, domain.ImportOptions{Format: f, Mapping: mapping, DryRun: *dry})
	if err != nil {
		return err
	}
	return reportImport(e, res, *dry, "")
}

// openInput opens a file to import, with a message a person can act on.
func openInput(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, domain.Errorf(domain.EINVALID, "There is no file %s.", path)
		}
		return nil, domain.Errorf(domain.EINVALID, "Cannot read %s: %v.", path, err)
	}
	return f, nil
}

// reportImport prints an import's problems to stderr, one a line ("row N,
// column C: message", named by file when it is not main's), or its counts
// to stdout. Problems make the command fail.
func reportImport(e *env, res domain.ImportResult, dry bool, main string) error {
	for _, f := range res.Files {
		if len(f.Ignored) > 0 {
			fmt.Fprintf(e.stdout, "Ignored in %s.csv, read into nothing: %s.\n", f.Entity, strings.Join(f.Ignored, ", "))
		}
	}
	for _, p := range res.Problems {
		if p.Entity == main {
			fmt.Fprintln(e.stderr, p)
		} else {
			fmt.Fprintf(e.stderr, "%s.csv: %s\n", p.Entity, p)
		}
	}
	if !res.OK() {
		what := "Nothing was imported"
		if dry {
			what = "Dry run"
		}
		return domain.Errorf(domain.EINVALID, "%s: %s in %s.", what, plural(len(res.Problems), "problem"), plural(res.Rows, "row"))
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, f := range res.Files {
		fmt.Fprintf(tw, "%s.csv\t%s\t%d created\t\n", f.Entity, plural(f.Rows, "row"), f.Created)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	if dry {
		fmt.Fprintf(e.stdout, "Dry run: every row passed; %d records would be created. Nothing was written.\n", res.Created)
	} else {
		fmt.Fprintf(e.stdout, "Imported %d records from %s.\n", res.Created, plural(res.Rows, "row"))
	}
	return nil
}
