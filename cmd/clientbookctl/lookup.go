package main

import (
	"context"
	"strings"

	"clientbook/domain"
)

// clientNamed returns the one client called name: the client whose name it is
// ignoring case, or failing that ignoring accents too ("Muller" finds
// "Müller"). More than one such client is an error that says so.
func clientNamed(ctx context.Context, clients domain.ClientService, name string) (*domain.Client, error) {
	name = strings.TrimSpace(name)
	rows, err := clients.FindClients(ctx, domain.ClientFilter{Search: name})
	if err != nil {
		return nil, err
	}
	var exact, folded []domain.ClientRow
	for _, r := range rows {
		switch {
		case strings.EqualFold(r.Name, name):
			exact = append(exact, r)
		case domain.FoldSearch(r.Name) == domain.FoldSearch(name):
			folded = append(folded, r)
		}
	}
	if len(exact) == 0 {
		exact = folded
	}
	switch len(exact) {
	case 0:
		return nil, domain.Errorf(domain.ENOTFOUND, "no client is called %q", name)
	case 1:
		return clients.FindClientByID(ctx, exact[0].ID)
	}
	return nil, domain.Errorf(domain.ECONFLICT, "%d clients are called %q; rename one so they can be told apart", len(exact), name)
}

// clientFlag finds the client named by --client, reporting a problem at the flag.
func clientFlag(ctx context.Context, clients domain.ClientService, name string) (*domain.Client, error) {
	c, err := clientNamed(ctx, clients, name)
	if err != nil {
		return nil, atFlagValue("--client", err)
	}
	return c, nil
}
