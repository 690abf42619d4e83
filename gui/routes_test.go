package gui

import (
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
)

// Every route of kit.Nav is served by exactly one tab: the window, which
// knows the tabs only by their kit.Tab, finds it there.
func TestEveryRouteIsServedByOneTab(t *testing.T) {
	u, _, _ := newTestUI(t)
	rt := reflect.TypeOf(kit.Routes{})
	for i := 0; i < rt.NumField(); i++ {
		var by []string
		for _, tab := range u.tabDefs {
			if !reflect.ValueOf(tab.Routes).Field(i).IsNil() {
				by = append(by, tab.Title)
			}
		}
		if len(by) != 1 {
			t.Errorf("%s is served by %q, want one tab", rt.Field(i).Name, by)
		}
	}
	navType := reflect.TypeOf((*kit.Nav)(nil)).Elem()
	if navType.NumMethod() != rt.NumField() {
		t.Errorf("kit.Nav has %d methods, kit.Routes %d routes", navType.NumMethod(), rt.NumField())
	}
}

// Asking the window's Nav from one tab selects the tab that registered the
// route and does it there.
func TestNavFromOneTabOpensTheServingTab(t *testing.T) {
	u, _, _ := newTestUI(t)
	ctx := t.Context()
	c := &domain.Client{Name: "Routed Freight BV", Status: domain.StatusActive, Currency: "EUR", PaymentTermsDays: 14,
		CreditLimit: money.Zero("EUR"), Billing: domain.Address{Line1: "Kade 4", City: "Rotterdam", Country: "Netherlands"}}
	if err := u.Book().Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	d := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), domain.Today())
	d.Lines = []domain.Line{{Description: "Routing", Quantity: decimal.NewFromInt(1), UnitPrice: decimal.RequireFromString("120")}}
	if err := u.Book().Documents().CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	selected := func() string { return u.tabs.Selected().Text }
	from := func(title string) {
		t.Helper()
		if err := u.show(strings.ToLower(title), func(error) {}); err != nil {
			t.Fatal(err)
		}
		if selected() != title {
			t.Fatalf("on %q, want %q", selected(), title)
		}
	}

	from("Reports")
	u.OpenClient(c.ID, "Timeline")
	if selected() != "Clients" || u.Clients().Form().Client() == nil || u.Clients().Form().Client().ID != c.ID {
		t.Errorf("OpenClient from Reports: on %q, client %+v", selected(), u.Clients().Form().Client())
	}
	from("Pipeline")
	u.OpenDocument(d.ID)
	if selected() != "Documents" || !u.docs().EditorShown() || u.docs().Editor().Document().ID != d.ID {
		t.Errorf("OpenDocument from Pipeline: on %q, editor shown %v", selected(), u.docs().EditorShown())
	}
	from("Today")
	u.OpenReceivables()
	if selected() != "Receivables" {
		t.Errorf("OpenReceivables from Today: on %q", selected())
	}
	from("Contracts")
	amount, err := money.New(decimal.RequireFromString("120"), "EUR")
	if err != nil {
		t.Fatal(err)
	}
	u.OpenPayment(&domain.Payment{ClientID: c.ID, Amount: amount, Date: domain.Today(), Method: domain.MethodBankTransfer})
	if selected() != "Receivables" || !u.receivables().PanelShown() {
		t.Errorf("OpenPayment from Contracts: on %q, panel shown %v", selected(), u.receivables().PanelShown())
	}
}

// --show takes what each tab's Show takes after its name and refuses what
// it does not, saying why.
func TestShowSubPaths(t *testing.T) {
	u, w, _ := newTestUI(t)
	c := &domain.Client{Name: "Subpath Trading", Status: domain.StatusActive, Currency: "EUR", CreditLimit: money.Zero("EUR")}
	if err := u.Book().Clients().CreateClient(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	for target, tab := range map[string]string{"settings/backups": "Settings", "documents/new": "Documents",
		"clients/subpath/Details": "Clients", "clients/subpath/Timeline": "Clients", "receivables/payments": "Receivables"} {
		var said error
		u.Show(target, func(err error) { said = err })
		if said != nil || u.tabs.Selected().Text != tab {
			t.Errorf("%s: %v, on %q", target, said, u.tabs.Selected().Text)
		}
	}
	if !u.docs().EditorShown() {
		t.Error("documents/new opened no draft")
	}
	if got := u.Clients().Form().Client(); got == nil || got.ID != c.ID {
		t.Errorf("clients/subpath opened %+v", got)
	}
	for target, why := range map[string]string{
		"settings/mail":                   "backups",
		"today/tomorrow":                  "nothing after",
		"clients/subpath/Invoices":        "no tab",
		"clients/subpath/Timeline/report": "nothing named",
		"clients/subpath/Account/print":   "report",
		"clients/nobody-at-all/Account":   "no client matches",
		"documents/NOPE-1":                "NOPE-1",
	} {
		var said error
		u.Show(target, func(err error) { said = err })
		if said == nil || !strings.Contains(said.Error(), why) {
			t.Errorf("%s: said %v, want %q", target, said, why)
		}
	}
	if n := len(w.Canvas().Overlays().List()); n != 0 {
		t.Errorf("refused targets left %d dialogs", n)
	}
}

// A settings section another tab contributes (the Outbox's mail server)
// and the window's (Backups) are on the Settings tab.
func TestContributedSettingsSections(t *testing.T) {
	u, _, _ := newTestUI(t)
	settings := func() []string {
		for _, tab := range u.tabDefs {
			if tab.AddSection != nil {
				return texts(tab.Content)
			}
		}
		t.Fatal("no tab takes settings sections")
		return nil
	}
	has := func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	}
	if got := settings(); !has(got, "Mail server") || has(got, "Backups") {
		t.Errorf("before backups are on, Settings has Mail server %v, Backups %v", has(got, "Mail server"), has(got, "Backups"))
	}
	u.SetBackups(data.BackupService{})
	if got := settings(); !has(got, "Mail server") || !has(got, "Backups") {
		t.Errorf("with backups on, Settings has Mail server %v, Backups %v", has(got, "Mail server"), has(got, "Backups"))
	}
}

// texts are the label and text strings shown under o, scrolled out of view
// or not.
func texts(o fyne.CanvasObject) []string {
	var out []string
	switch x := o.(type) {
	case *widget.Label:
		return []string{x.Text}
	case *canvas.Text:
		return []string{x.Text}
	case *fyne.Container:
		for _, c := range x.Objects {
			out = append(out, texts(c)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			out = append(out, texts(c)...)
		}
	}
	return out
}
