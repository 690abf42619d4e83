package demo

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"clientbook/domain"
)

func TestClientsAreValidDeterministicAndVaried(t *testing.T) {
	a, err := Clients(Options{Clients: 2000, Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Clients(Options{Clients: 2000, Seed: 42})
	c, _ := Clients(Options{Clients: 2000, Seed: 43})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave different books")
	}
	if reflect.DeepEqual(a, c) {
		t.Fatal("different seeds gave the same book")
	}
	names := map[string]bool{}
	statuses := map[domain.ClientStatus]int{}
	currencies := map[string]bool{}
	nonASCII, multiContact := 0, 0
	for i, cl := range a {
		if err := cl.Validate(); err != nil {
			t.Fatalf("client %d (%q) is invalid: %v", i, cl.Name, err)
		}
		if names[cl.Name] {
			t.Fatalf("duplicate name %q", cl.Name)
		}
		names[cl.Name] = true
		statuses[cl.Status]++
		currencies[cl.Currency] = true
		if utf8.RuneCountInString(cl.Name) != len(cl.Name) || utf8.RuneCountInString(cl.Billing.City) != len(cl.Billing.City) {
			nonASCII++
		}
		if len(cl.Contacts) > 1 {
			multiContact++
		}
		if p, ok := cl.PrimaryContact(); !ok || !p.Primary || !strings.Contains(p.Email, "@") {
			t.Fatalf("client %q has no proper primary contact: %+v", cl.Name, cl.Contacts)
		}
	}
	if len(statuses) != 3 || statuses[domain.StatusActive] < statuses[domain.StatusInactive] {
		t.Errorf("statuses not varied sensibly: %v", statuses)
	}
	if len(currencies) < 10 {
		t.Errorf("only %d currencies", len(currencies))
	}
	if nonASCII < 200 || multiContact < 500 {
		t.Errorf("too uniform: %d non-ASCII names or cities, %d clients with several contacts", nonASCII, multiContact)
	}
}

func TestGenerateRefusesNonEmptyBookAndBadSizes(t *testing.T) {
	ctx := context.Background()
	svc := &countingService{count: 1}
	err := Generate(ctx, svc, Options{Clients: 10})
	if domain.ErrorCode(err) != domain.ECONFLICT || svc.created != 0 {
		t.Fatalf("Generate on a non-empty book = %v (created %d), want ECONFLICT and nothing created", err, svc.created)
	}
	for _, n := range []int{0, -1, MaxClients + 1} {
		if err := Generate(ctx, &countingService{}, Options{Clients: n}); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("Generate(%d clients) = %v, want EINVALID", n, err)
		}
	}
	empty := &countingService{}
	if err := Generate(ctx, empty, Options{Clients: 25, Seed: 3}); err != nil || empty.created != 25 {
		t.Fatalf("Generate on an empty book = %v, created %d", err, empty.created)
	}
}

// countingService is the part of a ClientService that Generate uses: it counts
// what it is asked to store.
type countingService struct {
	domain.ClientService
	count, created int
}

func (s *countingService) CountClients(context.Context, domain.ClientFilter) (int, error) {
	return s.count, nil
}

func (s *countingService) CreateClients(_ context.Context, cs []*domain.Client) error {
	s.created += len(cs)
	return nil
}
