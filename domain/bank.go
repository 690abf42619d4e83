package domain

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"clientbook/domain/money"
)

// BankAccount is an account clients pay into. Its statements and deposits
// are in its currency.
type BankAccount struct {
	ID       int64
	Name     string // how the user calls it: "Operating account"
	Currency string
	// Number is the IBAN or account number; an OFX statement finds its
	// account by it.
	Number string
	// MappingID is the CSV layout the account's last CSV statement was read
	// with, 0 for none; MappingName is filled in when read.
	MappingID   int64
	MappingName string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Validate tidies and checks an account: a name, a known currency and a
// number of no more than 50 characters.
func (a *BankAccount) Validate() error {
	a.Name = strings.TrimSpace(a.Name)
	a.Number = strings.TrimSpace(a.Number)
	a.Currency = strings.ToUpper(strings.TrimSpace(a.Currency))
	v := validation{what: "Bank account"}
	switch n := utf8.RuneCountInString(a.Name); {
	case n == 0:
		v.add("name", "give the account a name, e.g. Operating account")
	case n > 100:
		v.add("name", "the name is longer than 100 characters")
	}
	if _, err := money.LookupCurrency(a.Currency); err != nil {
		v.add("currency", "%s", err)
	}
	if utf8.RuneCountInString(a.Number) > 50 {
		v.add("number", "the account number is longer than 50 characters")
	}
	return v.err()
}

// Deposit is a batch of received payments paid into a bank account
// together, which the statement shows as one amount. Its Total is what the
// bank credits and must be the sum of its payments.
type Deposit struct {
	ID          int64
	AccountID   int64
	AccountName string // filled in when read
	Date        Date   // the day it was paid in
	Total       money.Money
	Reference   string // the paying-in slip's number
	// Payments are the payments in the batch; only their IDs are needed to
	// create one, the rest is filled in when read.
	Payments  []DepositPayment
	CreatedAt time.Time
}

// DepositPayment is one payment of a deposit, as a list shows it.
type DepositPayment struct {
	PaymentID  int64
	ClientName string
	Date       Date
	Amount     money.Money
	Method     PaymentMethod
	Reference  string
}

// Sum is what the deposit's payments add up to.
func (d *Deposit) Sum() decimal.Decimal {
	sum := decimal.Zero
	for _, p := range d.Payments {
		sum = sum.Add(p.Amount.Amount)
	}
	return sum
}

// Validate tidies and checks a deposit on its own: an account, a date, a
// positive total in a known currency, at least one payment and none twice.
// The payments themselves (their amounts, currencies and dates, and that no
// other deposit has them) are checked by CheckDeposit.
func (d *Deposit) Validate() error {
	d.Reference = strings.TrimSpace(d.Reference)
	d.Total.Currency = strings.ToUpper(strings.TrimSpace(d.Total.Currency))
	v := validation{what: "Deposit"}
	if d.AccountID == 0 {
		v.add("account", "choose the bank account it was paid into")
	}
	if d.Date.IsZero() {
		v.add("date", "enter the day it was paid in")
	}
	if !d.Total.Amount.IsPositive() {
		v.add("total", "the total must be more than zero")
	} else if _, err := money.New(d.Total.Amount, d.Total.Currency); err != nil {
		v.add("total", "%s", err)
	}
	if utf8.RuneCountInString(d.Reference) > 100 {
		v.add("reference", "the reference is longer than 100 characters")
	}
	if len(d.Payments) == 0 {
		v.add("payments", "choose the payments paid in")
	}
	seen := map[int64]bool{}
	for _, p := range d.Payments {
		if seen[p.PaymentID] {
			v.add("payments", "payment %d is in the list twice", p.PaymentID)
		}
		seen[p.PaymentID] = true
	}
	return v.err()
}

// CheckDeposit checks a validated deposit against its payments as the book
// has them (d.Payments filled in from it) and the account's currency: each
// payment is in that currency, received on or before the deposit's date and
// in no other deposit (deposited names those that are), and the total is
// their sum.
func CheckDeposit(d *Deposit, currency string, deposited map[int64]bool) error {
	v := validation{what: "Deposit"}
	if d.Total.Currency != currency {
		v.add("total", "the account is in %s; give the total in %s", currency, currency)
	}
	for _, p := range d.Payments {
		switch {
		case deposited[p.PaymentID]:
			v.add("payments", "payment %d from %s is already in another deposit", p.PaymentID, p.ClientName)
		case p.Amount.Currency != currency:
			v.add("payments", "payment %d from %s is in %s, but the account is in %s", p.PaymentID, p.ClientName,
				p.Amount.Currency, currency)
		case !d.Date.IsZero() && p.Date.After(d.Date):
			v.add("payments", "payment %d from %s was received on %s, after the deposit", p.PaymentID, p.ClientName, p.Date)
		}
	}
	if _, bad := v.fields["payments"]; !bad && d.Total.Currency == currency {
		if sum := d.Sum(); !sum.Equal(d.Total.Amount) {
			v.add("total", "the total is %s but the payments add up to %s", d.Total,
				money.Money{Amount: sum, Currency: currency})
		}
	}
	return v.err()
}

// DepositFilter selects deposits, the latest first.
type DepositFilter struct {
	AccountID     int64 // 0 for every account
	Offset, Limit int   // Limit 0 for no limit
}

// BankLineStatus is where a statement line stands in the reconciliation.
type BankLineStatus string

const (
	// LineUnmatched lines have nothing in the book they match yet.
	LineUnmatched BankLineStatus = "unmatched"
	// LineSuggested lines have a payment or deposit that looks like them,
	// waiting for the user to confirm it.
	LineSuggested BankLineStatus = "suggested"
	// LineReconciled lines are confirmed as a payment or a deposit.
	LineReconciled BankLineStatus = "reconciled"
	// LineIgnored lines need nothing in the book: bank fees, transfers out.
	LineIgnored BankLineStatus = "ignored"
)

// Valid reports whether s is one of the four statuses.
func (s BankLineStatus) Valid() bool {
	switch s {
	case LineUnmatched, LineSuggested, LineReconciled, LineIgnored:
		return true
	}
	return false
}

// Title is the status as people read it.
func (s BankLineStatus) Title() string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// BankLine is one line of a bank statement as stored: money in (positive)
// or out of an account on a day, with the bank's text.
type BankLine struct {
	ID          int64
	AccountID   int64
	AccountName string // filled in when read
	ImportID    int64
	Date        Date
	Amount      money.Money
	Text        string
	Reference   string
	Status      BankLineStatus
	// PaymentID or DepositID is the match suggested or reconciled; both 0
	// when unmatched or ignored. Match describes it for display.
	PaymentID int64
	DepositID int64
	Match     string
	// MatchNote says why the match was suggested: "same amount, 1 day
	// apart, INV-2027-00012 in the text".
	MatchNote string
	// ImportNote says what the import did to the line as the file gave it:
	// "rounded from -12.3456 EUR" (RoundStatementAmount); "" for nothing.
	ImportNote string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Open reports whether the line still needs the user: unmatched or suggested.
func (l *BankLine) Open() bool { return l.Status == LineUnmatched || l.Status == LineSuggested }

// BankLineFilter selects statement lines, the latest first.
type BankLineFilter struct {
	AccountID int64 // 0 for every account
	// Unreconciled keeps the lines still to deal with: unmatched and
	// suggested.
	Unreconciled bool
	Status       BankLineStatus // "" for any
	// Sort orders the page: "date", "amount", "status" or "text"; Desc
	// reverses it. Without Sort the latest come first.
	Sort          string
	Desc          bool
	Offset, Limit int // Limit 0 for no limit
	// After, when not 0, is the id of the last row of the page before: the
	// page starts right after that row in the order asked (paging by key,
	// which reads only the rows shown however deep the page), and Offset is
	// used only when that row is gone.
	After int64
}

// StatementImport is one statement file read into an account, and what
// came of it.
type StatementImport struct {
	ID         int64
	AccountID  int64
	FileName   string
	Format     StatementFormat
	MappingID  int64
	Read       int // lines in the file
	New        int // lines stored; the rest were already in the book
	Suggested  int // lines that now have a suggested match
	Rounded    int // lines whose amount had more decimals than the currency and was rounded to it
	DryRun     bool
	ImportedAt time.Time
}

// Duplicates is how many of the file's lines were already in the book.
func (s StatementImport) Duplicates() int { return s.Read - s.New }

// ImportRequest is a parsed statement to store in an account.
type ImportRequest struct {
	// AccountID is the account; 0 to find it by the statement's account
	// number (an OFX file names it).
	AccountID int64
	// MappingID is the CSV layout the statement was read with, which the
	// account remembers for its next CSV statement; 0 for OFX.
	MappingID int64
	FileName  string
	Statement *BankStatement
	// DryRun checks and counts everything inside a transaction that is
	// then rolled back: nothing is written.
	DryRun bool
}

// MatchTarget names what a statement line is reconciled with: a payment or
// a deposit. The zero target means "the suggested one".
type MatchTarget struct {
	PaymentID int64
	DepositID int64
}

// UndepositedFilter selects the payments that can go into a deposit.
type UndepositedFilter struct {
	Currency string
	From     Date // received on or after; zero for any day
	UpTo     Date // received on or before; zero for any day
	Limit    int  // 0 for no limit
}

// BankService keeps the bank accounts, their CSV layouts, deposits and
// imported statement lines, and reconciles the lines with the payments and
// deposits in the book. Every change is one transaction with its audit row.
type BankService interface {
	// CreateBankAccount validates and stores a new account, setting its ID.
	CreateBankAccount(ctx context.Context, a *BankAccount) error
	// FindBankAccounts lists the accounts by name.
	FindBankAccounts(ctx context.Context) ([]BankAccount, error)
	// FindBankAccountByName returns the account called name (any case), or
	// ENOTFOUND.
	FindBankAccountByName(ctx context.Context, name string) (*BankAccount, error)

	// SaveBankMapping validates and stores a CSV layout, replacing the one
	// of the same name (any case) if there is one; it sets m.ID.
	SaveBankMapping(ctx context.Context, m *BankMapping) error
	// FindBankMappings lists the CSV layouts by name.
	FindBankMappings(ctx context.Context) ([]BankMapping, error)
	// FindBankMappingByName returns the layout called name, or ENOTFOUND.
	FindBankMappingByName(ctx context.Context, name string) (*BankMapping, error)

	// ImportStatement stores the statement's lines that are not in the
	// account yet, then suggests matches for every open line of the
	// account. A line whose currency is not the account's is refused, and
	// then nothing is stored.
	ImportStatement(ctx context.Context, req ImportRequest) (StatementImport, error)
	// SuggestMatches suggests afresh, for the account's open lines, the
	// payments and deposits that look like them (see SuggestMatches), and
	// returns how many lines have a suggestion.
	SuggestMatches(ctx context.Context, accountID int64) (int, error)
	// FindBankLines returns a page of statement lines, the latest first
	// unless the filter sorts them otherwise.
	FindBankLines(ctx context.Context, f BankLineFilter) ([]BankLine, error)
	// CountBankLines counts the lines that match, ignoring Offset and Limit.
	CountBankLines(ctx context.Context, f BankLineFilter) (int, error)
	// FindBankLineByID returns the line, or ENOTFOUND.
	FindBankLineByID(ctx context.Context, id int64) (*BankLine, error)
	// ConfirmMatch reconciles an open line with the payment or deposit
	// named, or with its suggestion for the zero target. The payment or
	// deposit must be of the same amount and currency, and not reconciled
	// with another line; a payment must not be in a deposit (the deposit
	// is what reaches the bank).
	ConfirmMatch(ctx context.Context, lineID int64, t MatchTarget) error
	// PaymentFromLine records the money of an open incoming line as a new
	// payment and reconciles the line with it in one step. The client is
	// clientID, or, for 0, the client of the issued invoice whose number
	// the line's text or reference gives; the payment is allocated to that
	// invoice, as much as is open on it, the rest left as credit.
	PaymentFromLine(ctx context.Context, lineID, clientID int64) (*Payment, error)
	// IgnoreLine marks an open line as needing nothing in the book.
	IgnoreLine(ctx context.Context, lineID int64) error
	// ReopenLine puts a reconciled or ignored line back among the open ones.
	ReopenLine(ctx context.Context, lineID int64) error

	// CreateDeposit validates and stores a deposit of received payments,
	// setting its ID. See Validate and CheckDeposit.
	CreateDeposit(ctx context.Context, d *Deposit) error
	// DeleteDeposit takes a deposit back apart, for one made by mistake:
	// its payments can be deposited again and a statement line that only
	// suggested it goes back to unmatched. A deposit a statement line is
	// reconciled with is refused (ECONFLICT) until that line is reopened;
	// an unknown one is ENOTFOUND.
	DeleteDeposit(ctx context.Context, id int64) error
	// FindDeposits returns a page of deposits with their payments, the
	// latest first.
	FindDeposits(ctx context.Context, f DepositFilter) ([]Deposit, error)
	// UndepositedPayments lists the payments in no deposit and reconciled
	// with no statement line, newest first: those that can be deposited.
	UndepositedPayments(ctx context.Context, f UndepositedFilter) ([]DepositPayment, error)
}
