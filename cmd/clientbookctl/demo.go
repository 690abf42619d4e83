package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"

	"clientbook/domain"

	"clientbook/domain/demo"
)

func runDemo(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "demo")
	var opt demo.Options
	fs.IntVar(&opt.Clients, "clients", 250, "how many clients to create")
	fs.IntVar(&opt.Invoices, "invoices", 0, "how many invoices to create over the last 24 months (with quotes and credit notes)")
	fs.Int64Var(&opt.Seed, "seed", 1, "the same seed gives the same book")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the build to this file (for go tool pprof)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if opt.Clients < 1 || opt.Clients > demo.MaxClients {
		return usageErrorf("--clients %d: use 1 to %d", opt.Clients, demo.MaxClients)
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	if opt.Invoices < 0 || opt.Invoices > demo.MaxInvoices {
		return usageErrorf("--invoices %d: use 0 to %d", opt.Invoices, demo.MaxInvoices)
	}
	statement := ""
	opt.SaveStatement = func(name string, data []byte) error {
		statement = filepath.Join(filepath.Dir(book.Path()), name)
		if err := os.WriteFile(statement, data, 0o600); err != nil {
			return domain.Errorf(domain.EINVALID, "Cannot write the demo bank statement %s: %v.", statement, err)
		}
		return nil
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return domain.Errorf(domain.EINVALID, "Cannot write the CPU profile %s: %v.", *cpuProfile, err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return domain.Errorf(domain.EINVALID, "Cannot profile the build: %v.", err)
		}
		defer pprof.StopCPUProfile()
	}
	if err := demo.Fill(ctx, book, opt); err != nil {
		return err
	}
	if opt.Invoices > 0 {
		fmt.Fprintf(e.stdout, "Created %d demo clients and %d invoices in %s\n", opt.Clients, opt.Invoices, book.Path())
	} else {
		fmt.Fprintf(e.stdout, "Created %d demo clients in %s\n", opt.Clients, book.Path())
	}
	if statement != "" {
		fmt.Fprintf(e.stdout, "Imported the demo bank statement %s (bank lines --unreconciled shows what is left to reconcile)\n", statement)
	}
	return nil
}
