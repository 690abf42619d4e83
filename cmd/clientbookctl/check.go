package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"clientbook/domain"
)

func runCheck(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "check")
	if err := parse(fs, args); err != nil {
		return err
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	c, err := book.Check(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Book:            %s\n", c.Path)
	fmt.Fprintf(e.stdout, "Schema version:  %d (this Clientbook writes %d)\n", c.SchemaVersion, c.Latest)
	fmt.Fprintf(e.stdout, "Application id:  %s\n", map[bool]string{true: "Clientbook", false: "not Clientbook's"}[c.ApplicationOK])
	fmt.Fprintf(e.stdout, "Integrity:       %s\n\n", strings.Join(c.Integrity, "; "))
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "TABLE\tROWS\t")
	for _, t := range c.Counts {
		fmt.Fprintf(tw, "%s\t%d\t\n", t.Table, t.Rows)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if !c.OK() {
		return domain.Errorf(domain.EINTERNAL, "The book failed its check.")
	}
	return nil
}
