// Package demo fills an empty book with realistic, deterministic sample data so
// a new user can explore Clientbook before typing their own records. The same
// seed always gives the same book.
package demo

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"strings"

	"github.com/shopspring/decimal"

	"clientbook/assets"
	"clientbook/domain"
	"clientbook/domain/money"
)

// Options says how much demo data to make.
type Options struct {
	Clients  int         // how many clients; each gets one to four contacts
	Invoices int         // how many invoices Fill makes (Generate makes clients only)
	Seed     int64       // the same seed gives the same book
	Today    domain.Date // the demo's "today"; zero for the real date
	// SaveStatement, when set, is given the demo's bank statement file (the
	// one Fill imports) to keep, so it can be looked at or imported again.
	SaveStatement func(name string, data []byte) error
}

// MaxClients bounds one demo run, so a typo cannot fill the disk.
const MaxClients = 100000

// Generate creates the demo clients in one transaction. It refuses a book that
// already has clients, so demo data never mixes with real records.
func Generate(ctx context.Context, clients domain.ClientService, opt Options) error {
	if opt.Clients < 1 || opt.Clients > MaxClients {
		return domain.Errorf(domain.EINVALID, "The demo book needs between 1 and %d clients.", MaxClients)
	}
	n, err := clients.CountClients(ctx, domain.ClientFilter{})
	if err != nil {
		return err
	}
	if n > 0 {
		return domain.Errorf(domain.ECONFLICT, "This book already has %d clients; demo data goes only into an empty book.", n)
	}
	cs, err := Clients(opt)
	if err != nil {
		return err
	}
	return clients.CreateClients(ctx, cs)
}

// Clients makes the demo clients without storing them.
func Clients(opt Options) ([]*domain.Client, error) {
	s, err := loadSeeds()
	if err != nil {
		return nil, domain.Internal("read the demo seed lists", err)
	}
	rng := rand.New(rand.NewPCG(uint64(opt.Seed), 0x636c69656e74626b))
	used := make(map[string]bool, opt.Clients)
	out := make([]*domain.Client, 0, opt.Clients)
	for i := 0; i < opt.Clients; i++ {
		out = append(out, s.client(rng, used, i))
	}
	return out, nil
}

type city struct{ name, region, postal, country, currency string }

type industry struct{ word, name string }

type seeds struct {
	cities            []city
	first, last       []string
	roles             []string
	prefix, suffix    []string
	industries        []industry
	streets, statuses []string
}

func (s *seeds) client(rng *rand.Rand, used map[string]bool, i int) *domain.Client {
	ind := pick(rng, s.industries)
	ct := pick(rng, s.cities)
	name := pick(rng, s.prefix) + " " + ind.word + " " + pick(rng, s.suffix)
	if rng.IntN(5) == 0 {
		name = pick(rng, s.last) + " & " + pick(rng, s.last) + " " + pick(rng, s.suffix)
	}
	if used[name] {
		name = fmt.Sprintf("%s (%s)", name, ct.name)
	}
	for k := 2; used[name]; k++ {
		name = fmt.Sprintf("%s %d", strings.TrimSuffix(name, fmt.Sprintf(" %d", k-1)), k)
	}
	used[name] = true

	c := &domain.Client{
		Name:     name,
		Status:   domain.ClientStatus(pick(rng, s.statuses)),
		Industry: ind.name,
		TaxID:    fmt.Sprintf("%s%09d", ct.currency[:2], rng.IntN(1e9)),
		Billing: domain.Address{
			Line1:      fmt.Sprintf("%s %d", pick(rng, s.streets), 1+rng.IntN(180)),
			City:       ct.name,
			Region:     ct.region,
			PostalCode: ct.postal,
			Country:    ct.country,
		},
		PaymentTermsDays: []int{0, 14, 30, 30, 30, 45, 60}[rng.IntN(7)],
		Currency:         ct.currency,
		RequiresPO:       rng.IntN(4) == 0,
	}
	if rng.IntN(3) == 0 {
		c.Billing.Line2 = fmt.Sprintf("Floor %d", 1+rng.IntN(12))
	}
	cur, _ := money.LookupCurrency(ct.currency)
	// Credit limits in round thousands of the currency's major unit; yen and
	// krónur get a hundred times more so the figures look plausible.
	limit := decimal.NewFromInt(int64(5+rng.IntN(96)) * 1000)
	if cur.Exponent == 0 {
		limit = limit.Mul(decimal.NewFromInt(100))
	}
	c.CreditLimit = money.Money{Amount: limit, Currency: cur.Code}
	if rng.IntN(6) == 0 {
		c.CreditLimit = money.Zero(cur.Code)
	}
	tags := []string{"key account", "referral", "public sector", "renewal 2027", "EU", "priority"}
	for _, t := range tags {
		if rng.IntN(8) == 0 {
			c.Tags = append(c.Tags, t)
		}
	}
	if rng.IntN(4) == 0 {
		c.Notes = fmt.Sprintf("Met at the %s trade fair. Prefers invoices by email; approvals take about a week.", ct.name)
	}
	domainName := strings.ToLower(asciiOnly(strings.Fields(name)[0])) + ".example"
	for k, n := 0, 1+rng.IntN(4); k < n; k++ {
		first, last := pick(rng, s.first), pick(rng, s.last)
		c.Contacts = append(c.Contacts, domain.Contact{
			Name:    first + " " + last,
			Role:    pick(rng, s.roles),
			Email:   strings.ToLower(asciiOnly(first)+"."+asciiOnly(last)) + "@" + domainName,
			Phone:   fmt.Sprintf("+%d %03d %04d %03d", 1+rng.IntN(98), rng.IntN(1000), rng.IntN(10000), i%1000),
			Primary: k == 0,
		})
	}
	return c
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// asciiOnly spells a name with ASCII letters for an email address: accents are
// dropped by the search folding and anything else that is not a letter or
// digit goes.
func asciiOnly(s string) string {
	var b strings.Builder
	for _, r := range domain.FoldSearch(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "contact"
	}
	return b.String()
}

func loadSeeds() (*seeds, error) {
	s := &seeds{
		streets:  []string{"Hauptstraße", "Rue de la Paix", "Main Street", "Calle Mayor", "Storgatan", "Ulica Długa", "Via Roma", "Market Street", "Kongens Gade", "Rua Augusta"},
		statuses: []string{"active", "active", "active", "active", "prospect", "prospect", "inactive"},
	}
	var err error
	lines := func(name string) []string {
		if err != nil {
			return nil
		}
		var f fs.File
		if f, err = assets.Demo.Open("demo/" + name); err != nil {
			return nil
		}
		defer f.Close()
		var out []string
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if t := strings.TrimSpace(sc.Text()); t != "" && !strings.HasPrefix(t, "#") {
				out = append(out, t)
			}
		}
		err = sc.Err()
		return out
	}
	for _, l := range lines("cities.txt") {
		p := strings.Split(l, "|")
		if len(p) != 5 {
			return nil, fmt.Errorf("cities.txt: bad line %q", l)
		}
		s.cities = append(s.cities, city{p[0], p[1], p[2], p[3], p[4]})
	}
	s.first = lines("firstnames.txt")
	s.last = lines("lastnames.txt")
	s.roles = lines("roles.txt")
	section := ""
	for _, l := range lines("companies.txt") {
		if strings.HasPrefix(l, "[") {
			section = strings.Trim(l, "[]")
			continue
		}
		switch section {
		case "prefix":
			s.prefix = append(s.prefix, l)
		case "suffix":
			s.suffix = append(s.suffix, l)
		case "industry":
			word, name, _ := strings.Cut(l, "|")
			s.industries = append(s.industries, industry{word, name})
		}
	}
	if err != nil {
		return nil, err
	}
	if len(s.cities) == 0 || len(s.first) == 0 || len(s.last) == 0 || len(s.roles) == 0 ||
		len(s.prefix) == 0 || len(s.suffix) == 0 || len(s.industries) == 0 {
		return nil, fmt.Errorf("a demo seed list is empty")
	}
	return s, nil
}
