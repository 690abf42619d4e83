package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"clientbook/data"
	"clientbook/domain"
)

// formatFlags adds --delimiter and --decimal-comma to fs; the returned
// function reads them into an export format once fs is parsed.
func formatFlags(fs *flag.FlagSet) func() (domain.ExportFormat, error) {
	delim := fs.String("delimiter", "", "the cell `DELIMITER`, ',' or ';' (default ',', or ';' with --decimal-comma)")
	comma := fs.Bool("decimal-comma", false, "write numbers with a decimal comma, 12,50 (needs ';' as the delimiter)")
	return func() (domain.ExportFormat, error) {
		f := domain.ExportFormat{DecimalComma: *comma}
		switch {
		case *delim == "" && *comma:
			f.Delimiter = ';'
		case *delim == "":
		case len([]rune(*delim)) == 1:
			f.Delimiter = []rune(*delim)[0]
		default:
			return f, usageErrorf("--delimiter: give one character, ',' or ';', not %q", *delim)
		}
		if err := f.Validate(); err != nil {
			return f, usageErrorf("%s", domain.ErrorMessage(err))
		}
		return f, nil
	}
}

// entityNames is the list of export names for messages.
func entityNames() string {
	var names []string
	for _, e := range data.ExportEntities() {
		names = append(names, e.Name)
	}
	return strings.Join(names, ", ")
}

func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "export")
	out := fs.String("out", "", "write the CSV to `FILE.csv`, or - for standard output (required)")
	format := formatFlags(fs)
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usageErrorf("export ENTITY --out FILE.csv [--delimiter ';'] [--decimal-comma]; ENTITY is one of %s, or all", entityNames())
	}
	name := args[0]
	if _, err := domain.FindExportEntity(data.ExportEntities(), name); err != nil {
		return usageErrorf("export: unknown entity %q; choose one of %s (or 'export all')", name, entityNames())
	}
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	f, err := format()
	if err != nil {
		return err
	}
	if *out == "" {
		return usageErrorf("export %s: --out is required (- for standard output)", name)
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	if *out == "-" {
		_, err := book.Export().Export(ctx, name, e.stdout, f, nil)
		return err
	}
	var rows int
	err = writeFileAtomically(*out, func(file *os.File) error {
		rows, err = book.Export().Export(ctx, name, file, f, nil)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Wrote %s to %s.\n", plural(rows, "row"), *out)
	return nil
}

func runExportAll(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "export all")
	dir := fs.String("dir", "", "write one CSV per entity and README.txt into `DIR`, created if missing (required)")
	format := formatFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	f, err := format()
	if err != nil {
		return err
	}
	if *dir == "" {
		return usageErrorf("export all: --dir is required")
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	counts := map[string]int{}
	if err := book.Export().ExportAll(ctx, *dir, f, func(entity string, rows int) bool {
		counts[entity] = rows
		return true
	}); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, ent := range book.Export().Entities() {
		fmt.Fprintf(tw, "%s.csv\t%d\t\n", ent.Name, counts[ent.Name])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Wrote %d files and %s to %s.\n", len(counts), domain.ExportReadme, *dir)
	return nil
}

func runExportList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "export list")
	columns := fs.Bool("columns", false, "also list each entity's columns")
	if err := parse(fs, args); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	for _, ent := range data.ExportEntities() {
		fmt.Fprintf(tw, "%s\t%s\n", ent.Name, ent.Description)
		if *columns {
			for _, c := range ent.Columns {
				fmt.Fprintf(tw, "  %s\t%s\n", c.Name, c.Description)
			}
		}
	}
	return tw.Flush()
}
