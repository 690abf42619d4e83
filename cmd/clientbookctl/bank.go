package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

func runBankAccounts(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bank accounts")
	if err := parse(fs, args); err != nil {
		return err
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	as, err := book.Bank().FindBankAccounts(ctx)
	if err != nil {
		return err
	}
	if len(as) == 0 {
		fmt.Fprintln(e.stdout, "No bank accounts yet; add one with: clientbookctl bank account add --name NAME --currency CODE")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tCURRENCY\tNUMBER\tCSV MAPPING\tUNRECONCILED")
	for _, a := range as {
		n, err := book.Bank().CountBankLines(ctx, domain.BankLineFilter{AccountID: a.ID, Unreconciled: true})
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\n", a.ID, a.Name, a.Currency, a.Number, a.MappingName, n)
	}
	return tw.Flush()
}

func runBankAccountAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bank account add")
	a := &domain.BankAccount{}
	fs.StringVar(&a.Name, "name", "", "the account's `NAME`, e.g. 'Operating account' (required)")
	fs.StringVar(&a.Currency, "currency", "", "ISO 4217 `CODE` of the account (default: the company's currency)")
	fs.StringVar(&a.Number, "number", "", "the `IBAN` or account number, as the bank's OFX files give it")
	if err := parse(fs, args); err != nil {
		return err
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	if strings.TrimSpace(a.Currency) == "" {
		co, err := book.Company().Company(ctx)
		if err != nil {
			return err
		}
		a.Currency = co.Currency
	}
	if err := book.Bank().CreateBankAccount(ctx, a); err != nil {
		return atFlags(err, map[string]string{"name": "--name", "currency": "--currency", "number": "--number"})
	}
	_, err = fmt.Fprintf(e.stdout, "Added bank account %d: %s (%s).\n", a.ID, a.Name, a.Currency)
	return err
}

// mappingFlags names the flag of bank mapping set for each field.
var mappingFlags = map[string]string{
	"name": "--name", "delimiter": "--delimiter", "decimalComma": "--decimal-comma", "dateOrder": "--date-order",
	"skip": "--skip", "date": "--date", "amount": "--amount", "debit": "--debit", "credit": "--credit", "text": "--text",
	"reference": "--reference",
}

func runBankMappingSet(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bank mapping set")
	m := &domain.BankMapping{}
	var delim, order string
	noHeader := false
	fs.StringVar(&m.Name, "name", "", "the mapping's `NAME`, after the bank (required; an existing one is replaced)")
	fs.StringVar(&delim, "delimiter", ",", "what separates cells: ',', ';' or tab")
	fs.BoolVar(&m.DecimalComma, "decimal-comma", false, "amounts are written 1.234,56")
	fs.StringVar(&order, "date-order", "ymd", "how dates are written: ymd (2027-03-31), dmy (31/03/2027) or mdy (03/31/2027)")
	fs.BoolVar(&noHeader, "no-header", false, "the file has no header row; name columns by number")
	fs.IntVar(&m.Skip, "skip", 0, "`LINES` before the header (the bank's preamble)")
	fs.StringVar(&m.Date, "date", "", "the date `COLUMN`: its header, or its number from 1 (required)")
	fs.StringVar(&m.Amount, "amount", "", "the signed amount `COLUMN`")
	fs.StringVar(&m.Debit, "debit", "", "the money-out `COLUMN`, instead of --amount")
	fs.StringVar(&m.Credit, "credit", "", "the money-in `COLUMN`, instead of --amount")
	fs.StringVar(&m.Text, "text", "", "the description `COLUMN`; join several with + (required)")
	fs.StringVar(&m.Reference, "reference", "", "the bank reference `COLUMN`")
	if err := parse(fs, args); err != nil {
		return err
	}
	d, err := domain.ParseDelimiter(delim)
	if err != nil {
		return atFlagValue("--delimiter", err)
	}
	m.Delimiter, m.DateOrder, m.Header = d, domain.DateOrder(strings.ToLower(strings.TrimSpace(order))), !noHeader
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	if err := book.Bank().SaveBankMapping(ctx, m); err != nil {
		return atFlags(err, mappingFlags)
	}
	_, err = fmt.Fprintf(e.stdout, "Saved CSV mapping %q: %s.\n", m.Name, describeMapping(*m))
	return err
}

// describeMapping says in one line how a mapping reads a file.
func describeMapping(m domain.BankMapping) string {
	var parts []string
	delim := "'" + m.DelimiterName() + "'"
	if m.Delimiter == '\t' {
		delim = "tabs"
	}
	parts = append(parts, delim+" between cells")
	if m.DecimalComma {
		parts = append(parts, "decimal comma")
	}
	parts = append(parts, "dates "+m.DateOrder.Pattern())
	if m.Skip > 0 {
		parts = append(parts, plural(m.Skip, "line")+" skipped")
	}
	if !m.Header {
		parts = append(parts, "no header")
	}
	cols := "date=" + m.Date
	if m.Amount != "" {
		cols += " amount=" + m.Amount
	} else {
		cols += " debit=" + m.Debit + " credit=" + m.Credit
	}
	cols += " text=" + m.Text
	if m.Reference != "" {
		cols += " reference=" + m.Reference
	}
	return strings.Join(parts, ", ") + "; " + cols
}

func runBankMappings(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bank mappings")
	if err := parse(fs, args); err != nil {
		return err
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	ms, err := book.Bank().FindBankMappings(ctx)
	if err != nil {
		return err
	}
	if len(ms) == 0 {
		fmt.Fprintln(e.stdout, "No CSV mappings yet; define one with: clientbookctl bank mapping set --name NAME --date COLUMN --amount COLUMN --text COLUMN ...")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tLAYOUT")
	for _, m := range ms {
		fmt.Fprintf(tw, "%s\t%s\n", m.Name, describeMapping(m))
	}
	return tw.Flush()
}

// accountFlag finds the account --account names; with no name, the only
// account there is (or nil when the caller may leave it to the file).
func accountFlag(ctx context.Context, bank domain.BankService, name string, required bool) (*domain.BankAccount, error) {
	if strings.TrimSpace(name) != "" {
		a, err := bank.FindBankAccountByName(ctx, name)
		if err != nil {
			return nil, atFlagValue("--account", err)
		}
		return a, nil
	}
	as, err := bank.FindBankAccounts(ctx)
	if err != nil {
		return nil, err
	}
	switch {
	case len(as) == 1:
		return &as[0], nil
	case len(as) == 0:
		return nil, domain.Errorf(domain.EINVALID, "--account: there is no bank account yet; add one with bank account add --name NAME --currency CODE.")
	case !required:
		return nil, nil
	}
	var names []string
	for _, a := range as {
		names = append(names, a.Name)
	}
	return nil, domain.Errorf(domain.EINVALID, "--account: choose the account: %s.", strings.Join(names, ", "))
}

func runBankImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bank import")
	var accountName, mappingName string
	fs.StringVar(&accountName, "account", "", "the bank account `NAME` (default: the only one, or the one whose number an OFX file gives)")
	fs.StringVar(&mappingName, "mapping", "", "the CSV mapping `NAME` (default: the one the account used last); the account remembers it")
	dry := fs.Bool("dry-run", false, "read and match everything, and report what would happen, writing nothing")
	flip := fs.Bool("flip-signs", false, "turn every amount round: the file shows money out as positive, as card statements often do")
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usageErrorf("bank import FILE [--account NAME] [--mapping NAME] [--flip-signs] [--dry-run]")
	}
	file := args[0]
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	raw, err := readStatement(file)
	if err != nil {
		return err
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	bank := book.Bank()
	format := domain.DetectStatementFormat(file, raw)
	acct, err := accountFlag(ctx, bank, accountName, format == domain.FormatCSV)
	if err != nil {
		return err
	}
	req := domain.ImportRequest{FileName: filepath.Base(file), DryRun: *dry}
	if acct != nil {
		req.AccountID = acct.ID
	}
	var mapping *domain.BankMapping
	if format == domain.FormatCSV {
		switch {
		case strings.TrimSpace(mappingName) != "":
			if mapping, err = bank.FindBankMappingByName(ctx, mappingName); err != nil {
				return atFlagValue("--mapping", err)
			}
		case acct.MappingID != 0:
			if mapping, err = bank.FindBankMappingByName(ctx, acct.MappingName); err != nil {
				return err
			}
		default:
			return domain.Errorf(domain.EINVALID, "--mapping: choose the CSV mapping for %s's files (bank mappings lists them; bank mapping set defines one).", acct.Name)
		}
		req.MappingID = mapping.ID
	}
	st, err := domain.ParseBankStatement(file, bytes.NewReader(raw), mapping)
	if err != nil {
		return atFlags(err, map[string]string{"file": file, "mapping": "--mapping", "date": "--mapping", "amount": "--mapping",
			"debit": "--mapping", "credit": "--mapping", "text": "--mapping", "reference": "--mapping"})
	}
	if *flip {
		st.FlipSigns()
	}
	req.Statement = st
	imp, err := bank.ImportStatement(ctx, req)
	if err != nil {
		return atFlags(err, map[string]string{"file": file, "account": "--account", "mapping": "--mapping"})
	}
	if acct == nil || acct.ID != imp.AccountID {
		as, err := bank.FindBankAccounts(ctx)
		if err != nil {
			return err
		}
		for i := range as {
			if as[i].ID == imp.AccountID {
				acct = &as[i]
			}
		}
	}
	if *dry {
		fmt.Fprint(e.stdout, "Dry run, nothing was written. ")
	}
	fmt.Fprintf(e.stdout, "Read %s from %s into %s (%s): %d new, %d already imported.\n", plural(imp.Read, "line"),
		req.FileName, acct.Name, acct.Currency, imp.New, imp.Duplicates())
	if imp.Rounded > 0 {
		fmt.Fprintf(e.stdout, "%s had more decimals than %s has and %s rounded to it, half away from zero; each says so in its note.\n",
			capitalize(plural(imp.Rounded, "line")), acct.Currency, map[bool]string{true: "was", false: "were"}[imp.Rounded == 1])
	}
	open, err := bank.CountBankLines(ctx, domain.BankLineFilter{AccountID: acct.ID, Unreconciled: true})
	if err != nil {
		return err
	}
	if *dry {
		_, err = fmt.Fprintf(e.stdout, "%s would have a suggested match.\n", plural(imp.Suggested, "line"))
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "%s of the account %s a suggested match; %d still to reconcile (bank lines --unreconciled).\n",
		capitalize(plural(imp.Suggested, "line")), map[bool]string{true: "has", false: "have"}[imp.Suggested == 1], open)
	return err
}

// readStatement reads a statement file, refusing one over
// domain.MaxStatementSize before reading it when its size is known, and
// reading no more than that from a device or a pipe.
func readStatement(file string) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "%s: cannot read it: %v.", file, err)
	}
	defer f.Close()
	var raw []byte
	if fi, serr := f.Stat(); serr == nil && fi.Mode().IsRegular() && fi.Size() > domain.MaxStatementSize {
		err = domain.StatementTooLarge()
	} else {
		raw, err = domain.ReadStatement(f)
	}
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "%s: %s", file, domain.ErrorMessage(err))
	}
	return raw, nil
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func runBankLines(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bank lines")
	var accountName, status string
	var f domain.BankLineFilter
	fs.StringVar(&accountName, "account", "", "only the lines of the account called `NAME`")
	fs.BoolVar(&f.Unreconciled, "unreconciled", false, "only the lines still to deal with: unmatched and suggested")
	fs.StringVar(&status, "status", "", "only lines that are unmatched, suggested, reconciled or ignored")
	fs.IntVar(&f.Limit, "limit", 0, "at most `N` lines, the latest first (default all)")
	if err := parse(fs, args); err != nil {
		return err
	}
	f.Status = domain.BankLineStatus(strings.ToLower(strings.TrimSpace(status)))
	if f.Status != "" && !f.Status.Valid() {
		return domain.Errorf(domain.EINVALID, "--status: choose unmatched, suggested, reconciled or ignored, not %q.", status)
	}
	if f.Limit < 0 {
		return domain.Errorf(domain.EINVALID, "--limit: give a number of lines, 1 or more.")
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	if accountName != "" {
		a, err := book.Bank().FindBankAccountByName(ctx, accountName)
		if err != nil {
			return atFlagValue("--account", err)
		}
		f.AccountID = a.ID
	}
	ls, err := book.Bank().FindBankLines(ctx, f)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tAMOUNT\tSTATUS\tTEXT\tMATCH\tNOTE")
	for _, l := range ls {
		match := l.Match
		if l.MatchNote != "" && l.Status == domain.LineSuggested {
			match += " (" + l.MatchNote + ")"
		}
		text := l.Text
		if r := []rune(text); len(r) > 48 {
			text = string(r[:47]) + "…"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", l.ID, l.Date, l.Amount, l.Status, text, match, l.ImportNote)
	}
	return tw.Flush()
}

func runBankMatch(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bank match")
	var accountName string
	fs.StringVar(&accountName, "account", "", "the account `NAME` (default: every account)")
	if err := parse(fs, args); err != nil {
		return err
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	var as []domain.BankAccount
	if accountName != "" {
		a, err := book.Bank().FindBankAccountByName(ctx, accountName)
		if err != nil {
			return atFlagValue("--account", err)
		}
		as = []domain.BankAccount{*a}
	} else if as, err = book.Bank().FindBankAccounts(ctx); err != nil {
		return err
	}
	for _, a := range as {
		n, err := book.Bank().SuggestMatches(ctx, a.ID)
		if err != nil {
			return err
		}
		open, err := book.Bank().CountBankLines(ctx, domain.BankLineFilter{AccountID: a.ID, Unreconciled: true})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s: %s with a suggested match, %d unreconciled in all.\n", a.Name, plural(n, "line"), open)
	}
	return nil
}

// lineArg reads the statement line ID a command starts with.
func lineArg(args []string, usage string) (int64, []string, error) {
	return idArg("a statement line", usage, args)
}

func runBankConfirm(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bank confirm")
	var t domain.MatchTarget
	fs.Int64Var(&t.PaymentID, "payment", 0, "reconcile with the payment of this `ID` instead of the suggestion")
	fs.Int64Var(&t.DepositID, "deposit", 0, "reconcile with the deposit of this `ID` instead of the suggestion")
	id, rest, err := lineArg(args, "bank confirm LINE [--payment ID | --deposit ID]")
	if err != nil {
		return err
	}
	if err := parse(fs, rest); err != nil {
		return err
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	if err := book.Bank().ConfirmMatch(ctx, id, t); err != nil {
		return atFlags(err, map[string]string{"payment": "--payment", "deposit": "--deposit", "match": "--payment"})
	}
	l, err := book.Bank().FindBankLineByID(ctx, id)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "Reconciled line %d (%s, %s) with %s.\n", l.ID, l.Date, l.Amount, lowerFirst(l.Match))
	return err
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func runBankPay(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bank pay")
	var clientName string
	fs.StringVar(&clientName, "client", "", "the paying client's `NAME` (default: the client of the invoice the line's text names)")
	id, rest, err := lineArg(args, "bank pay LINE [--client NAME]")
	if err != nil {
		return err
	}
	if err := parse(fs, rest); err != nil {
		return err
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	var clientID int64
	if clientName != "" {
		c, err := clientFlag(ctx, book.Clients(), clientName)
		if err != nil {
			return err
		}
		clientID = c.ID
	}
	p, err := book.Bank().PaymentFromLine(ctx, id, clientID)
	if err != nil {
		return atFlags(err, map[string]string{"client": "--client"})
	}
	fmt.Fprintf(e.stdout, "Recorded payment %d: %s from %s on %s, and reconciled line %d with it.\n", p.ID, p.Amount,
		p.ClientName, p.Date, id)
	for _, a := range p.Allocations {
		fmt.Fprintf(e.stdout, "  Allocated to %s  %s\n", a.DocumentNumber, money.Money{Amount: a.Amount, Currency: p.Amount.Currency})
	}
	_, err = fmt.Fprintf(e.stdout, "Unapplied credit: %s\n", money.Money{Amount: p.Unapplied(), Currency: p.Amount.Currency})
	return err
}

func runBankIgnore(ctx context.Context, e *env, args []string) error {
	return lineAction(ctx, e, args, "bank ignore", "Ignored line %d: it needs nothing in the book.\n",
		func(b domain.BankService, id int64) error { return b.IgnoreLine(ctx, id) })
}

func runBankReopen(ctx context.Context, e *env, args []string) error {
	return lineAction(ctx, e, args, "bank reopen", "Reopened line %d; it is among the unreconciled lines again.\n",
		func(b domain.BankService, id int64) error { return b.ReopenLine(ctx, id) })
}

func runDepositsDelete(ctx context.Context, e *env, args []string) error {
	return idAction(ctx, e, args, "deposits delete", "DEPOSIT", "a deposit",
		"Deleted deposit %d; its payments can be deposited again.\n",
		func(b domain.Book, id int64) error { return b.Bank().DeleteDeposit(ctx, id) })
}

func lineAction(ctx context.Context, e *env, args []string, name, done string, act func(domain.BankService, int64) error) error {
	return idAction(ctx, e, args, name, "LINE", "a statement line", done,
		func(b domain.Book, id int64) error { return act(b.Bank(), id) })
}

func runDepositsAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "deposits add")
	var accountName, ids, total string
	d := &domain.Deposit{}
	fs.StringVar(&accountName, "account", "", "the bank account `NAME` it was paid into (default: the only one)")
	fs.Var(dateFlag{&d.Date}, "date", "the `DATE` it was paid in, YYYY-MM-DD (required)")
	fs.StringVar(&ids, "payments", "", "the payment `IDS`, comma-separated, as payments list shows them (required)")
	fs.StringVar(&total, "total", "", "the paying-in slip's `TOTAL`, checked against the payments (default: their sum)")
	fs.StringVar(&d.Reference, "reference", "", "the paying-in slip's `NUMBER`")
	if err := parse(fs, args); err != nil {
		return err
	}
	for _, s := range strings.Split(ids, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id < 1 {
			return domain.Errorf(domain.EINVALID, "--payments: %q is not a payment's ID; write them like 12,15,16.", s)
		}
		d.Payments = append(d.Payments, domain.DepositPayment{PaymentID: id})
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	acct, err := accountFlag(ctx, book.Bank(), accountName, true)
	if err != nil {
		return err
	}
	d.AccountID = acct.ID
	d.Total = money.Money{Amount: decimal.Zero, Currency: acct.Currency}
	if strings.TrimSpace(total) != "" {
		m, err := money.Parse(total, acct.Currency)
		if err != nil {
			return atFlagValue("--total", err)
		}
		d.Total = m
	} else if len(d.Payments) > 0 {
		sum, err := depositSum(ctx, book.Payments(), d.Payments, acct.Currency)
		if err != nil {
			return err
		}
		d.Total.Amount = sum
	}
	if err := book.Bank().CreateDeposit(ctx, d); err != nil {
		return atFlags(err, map[string]string{"account": "--account", "date": "--date", "payments": "--payments",
			"total": "--total", "reference": "--reference"})
	}
	fmt.Fprintf(e.stdout, "Recorded deposit %d: %s into %s on %s.\n", d.ID, d.Total, d.AccountName, d.Date)
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, p := range d.Payments {
		fmt.Fprintf(tw, "  Payment %d\t%s\t%s\t%s\n", p.PaymentID, p.Date, p.ClientName, p.Amount)
	}
	return tw.Flush()
}

// depositSum adds up the payments in the account's currency, for a deposit
// whose total was not given. A payment that does not exist or is in another
// currency is left for CreateDeposit to report.
func depositSum(ctx context.Context, pays domain.PaymentService, ps []domain.DepositPayment, currency string) (decimal.Decimal, error) {
	sum := decimal.Zero
	for _, dp := range ps {
		p, err := pays.FindPaymentByID(ctx, dp.PaymentID)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			continue
		}
		if err != nil {
			return sum, err
		}
		if p.Amount.Currency == currency {
			sum = sum.Add(p.Amount.Amount)
		}
	}
	return sum, nil
}

func runDepositsList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "deposits list")
	var accountName string
	var f domain.DepositFilter
	fs.StringVar(&accountName, "account", "", "only the deposits into the account called `NAME`")
	if err := parse(fs, args); err != nil {
		return err
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	if accountName != "" {
		a, err := book.Bank().FindBankAccountByName(ctx, accountName)
		if err != nil {
			return atFlagValue("--account", err)
		}
		f.AccountID = a.ID
	}
	ds, err := book.Bank().FindDeposits(ctx, f)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tACCOUNT\tTOTAL\tREFERENCE\tPAYMENTS")
	for _, d := range ds {
		var ids []string
		for _, p := range d.Payments {
			ids = append(ids, strconv.FormatInt(p.PaymentID, 10))
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", d.ID, d.Date, d.AccountName, d.Total, d.Reference, strings.Join(ids, ","))
	}
	return tw.Flush()
}
