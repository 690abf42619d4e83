package main

import (
	"context"
	"fmt"

	"clientbook/domain/demo"
)

func runDemo(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "demo")
	var opt demo.Options
	fs.IntVar(&opt.Clients, "clients", 250, "how many clients to create")
	fs.Int64Var(&opt.Seed, "seed", 1, "the same seed gives the same book")
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
	if err := demo.Generate(ctx, book.Clients(), opt); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Created %d demo clients in %s\n", opt.Clients, book.Path())
	return nil
}
