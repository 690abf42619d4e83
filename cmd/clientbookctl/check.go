package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"clientbook/domain"
)

func runCheck(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "check")
	head := fs.String("head", "", "a chain head `ENTRY:HASH` printed by an earlier check, to confirm the history up to it was not rewritten since")
	if err := parse(fs, args); err != nil {
		return err
	}
	var headEntry int64
	var headHash string
	if *head != "" {
		n, h, ok := strings.Cut(*head, ":")
		id, err := strconv.ParseInt(strings.ReplaceAll(n, ",", ""), 10, 64)
		if !ok || err != nil || id < 1 || len(h) != 64 {
			return domain.Errorf(domain.EINVALID, "--head: give the chain head as ENTRY:HASH, as check printed it (e.g. 1234:3f2a…, 64 hex digits).")
		}
		headEntry, headHash = id, strings.ToLower(h)
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
	chain, err := book.VerifyChain(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Book:            %s\n", c.Path)
	fmt.Fprintf(e.stdout, "Schema version:  %d (this Clientbook writes %d)\n", c.SchemaVersion, c.Latest)
	fmt.Fprintf(e.stdout, "Application id:  %s\n", map[bool]string{true: "Clientbook", false: "not Clientbook's"}[c.ApplicationOK])
	fmt.Fprintf(e.stdout, "Integrity:       %s\n", strings.Join(c.Integrity, "; "))
	if len(c.Drift) == 0 {
		fmt.Fprintf(e.stdout, "Open amounts:    ok — every invoice's kept open amount matches its payments and credit notes, every kept monthly figure its documents\n")
	} else {
		fmt.Fprintf(e.stdout, "Open amounts:    DRIFTED — %s\n", strings.Join(c.Drift, "; "))
	}
	anchored := ""
	if chain.OK() && headEntry > 0 {
		link, err := book.ChainLink(ctx, headEntry)
		if err != nil {
			return err
		}
		if link != headHash {
			chain.Broken = fmt.Sprintf("The audit log was rewritten since entry %s was its latest: that entry's link is no longer %s…, the head given with --head.",
				domain.Thousands(headEntry), headHash[:12])
			chain.BrokenEntry = headEntry
		} else {
			anchored = fmt.Sprintf("; the head given (entry %s) is still in the chain", domain.Thousands(headEntry))
		}
	}
	if chain.OK() {
		fmt.Fprintf(e.stdout, "Tamper evidence: ok — %s audit entries and %s issued documents as written%s\n",
			domain.Thousands(int64(chain.Entries)), domain.Thousands(int64(chain.Documents)), anchored)
		fmt.Fprintf(e.stdout, "Chain head:      %d:%s (keep it elsewhere; check --head %d:… shows a rewritten history)\n\n",
			chain.HeadEntry, chain.Head, chain.HeadEntry)
	} else {
		fmt.Fprintf(e.stdout, "Tamper evidence: BROKEN — %s\n                 %s\n\n", chain.Broken, domain.ChainAdvice)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "TABLE\tROWS\t")
	for _, t := range c.Counts {
		fmt.Fprintf(tw, "%s\t%d\t\n", t.Table, t.Rows)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if !chain.OK() {
		return domain.Errorf(domain.EINVALID, "The book failed its check: %s", chain.Broken)
	}
	if len(c.Drift) > 0 && len(c.Integrity) == 1 && c.Integrity[0] == "ok" {
		return domain.Errorf(domain.EINTERNAL, "The book failed its check: the open amounts or monthly figures kept with its invoices no longer match their documents, payments and credit notes.")
	}
	if !c.OK() {
		return domain.Errorf(domain.EINTERNAL, "The book failed its check.")
	}
	return nil
}
