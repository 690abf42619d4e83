// Command clientbookctl works on a Clientbook book without the GUI: for
// scripts, tests and benchmarks. Exit status is 0 on success, 1 on an error
// (message on stderr) and 2 on a usage error.
//
//	clientbookctl [--db PATH] COMMAND [ARGS]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"clientbook/data"
	"clientbook/domain"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// version and build are the version and build number, stamped from
// FyneApp.toml by the Makefile (-ldflags "-X main.version=… -X main.build=…").
var version, build string

// versionText is what --version prints.
func versionText() string {
	v := version
	if v == "" {
		v = "(development build)"
	} else if build != "" {
		v += " (build " + build + ")"
	}
	return fmt.Sprintf("clientbookctl %s\nBook schema %d: reads books of schema 1 to %d, upgrading an older one after copying it aside.", v, data.SchemaVersion(), data.SchemaVersion())
}

// errUsage marks an error that is the caller's wording, not the book's: exit 2.
var errUsage = errors.New("usage")

// usageErrorf returns a usage error with a message.
func usageErrorf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errUsage}, args...)...)
}

// command is one subcommand: its name as typed, a one-line summary and the
// function that runs it with the remaining arguments.
type command struct {
	name, summary string
	run           func(ctx context.Context, e *env, args []string) error
}

var commands = []command{
	{"demo", "fill an empty book with demo data: demo --clients N [--invoices M] [--seed S]", runDemo},
	{"clients list", "list clients: clients list [--search Q] [--status S] [--sort name|city|status|created] [--csv]", runClientsList},
	{"clients add", "add a client: clients add --name NAME [--status S] [--currency C] [--terms DAYS] [--credit-limit A] [--contact NAME --email E --phone P] [--city C --country C]", runClientsAdd},
	{"clients einvoice", "set what a client's e-invoices need: clients einvoice --client NAME [--format ubl|cii|xrechnung|facturx|none] [--vat-id ID] [--endpoint ID --scheme EAS] [--buyer-reference R]", runClientsEInvoice},
	{"company set", "set the company's details as documents and e-invoices state them: company set [--name N] [--street S --city C --postal-code P --country C] [--email E] [--phone P] [--tax-id T] [--vat-id ID] [--endpoint ID --scheme EAS] [--iban IBAN] [--bic BIC]", runCompanySet},
	{"taxes add", "add a tax rate: taxes add --name NAME --percent P [--compound] [--vat-category S|Z|E|AE|K|G|O [--exemption-reason TEXT] [--exemption-code VATEX]]", runTaxesAdd},
	{"taxes vat", "set a tax rate's VAT category for e-invoices: taxes vat NAME|'NAME P%' --category S|Z|E|AE|K|G|O [--reason TEXT] [--code VATEX]", runTaxesVAT},
	{"taxes list", "list the tax rates", runTaxesList},
	{"invoices draft", "write a draft invoice: invoices draft --client NAME --line 'DESC|QTY|PRICE|DISC %|TAX[+TAX]' ... [--po N] [--buyer-reference R] [--issue]", runInvoicesDraft},
	{"invoices issue", "verify, number and lock a draft: invoices issue draft:ID [--accept-warnings]", runInvoicesIssue},
	{"invoices list", "list documents: invoices list [--kind K] [--status S] [--client NAME] [--search Q] [--csv]", runInvoicesList},
	{"invoices show", "show a document's lines, taxes and totals: invoices show NUMBER [--json]", runInvoicesShow},
	{"invoices pdf", "write a document's PDF: invoices pdf NUMBER --out FILE.pdf", runInvoicesPDF},
	{"invoices email", "queue the email that sends an issued invoice or credit note, with its PDF, to the client: invoices email NUMBER", runInvoicesEmail},
	{"invoices einvoice", "write an issued invoice or credit note as an EN 16931 e-invoice: invoices einvoice NUMBER [--format ubl|cii|xrechnung|facturx] [--out FILE]", runInvoicesEInvoice},
	{"activities add", "log a call, email, meeting, visit or note: activities add --client NAME --kind call --subject S [--at \"YYYY-MM-DD HH:MM\"] [--body B] [--contact NAME] [--outcome O] [--next-step N]", runActivitiesAdd},
	{"activities list", "list the timeline, newest first: activities list [--client NAME] [--search Q] [--kind K] [--limit N]", runActivitiesList},
	{"tasks add", "add a follow-up: tasks add --title T --due YYYY-MM-DD [--time HH:MM] [--priority low|normal|high] [--client NAME] [--complaint ID]", runTasksAdd},
	{"tasks list", "list open tasks in the order they come up: tasks list [--due-by YYYY-MM-DD]", runTasksList},
	{"complaints add", "record a complaint: complaints add --client NAME --subject S [--opened YYYY-MM-DD] [--severity low|medium|high|critical] [--category C] [--department D] [--contact NAME] [--description D]", runComplaintsAdd},
	{"complaints list", "list complaints, the latest raised first, and the time to resolve them: complaints list [--client NAME] [--status S | --open] [--limit N]", runComplaintsList},
	{"opportunities add", "add to the pipeline: opportunities add --client NAME --title T --value A --close YYYY-MM-DD [--probability P] [--kind upsell|cross-sell|renewal|new-business] [--currency C] [--stage S]", runOpportunitiesAdd},
	{"opportunities list", "list opportunities by expected close, with the weighted pipeline: opportunities list [--client NAME] [--status open|won|lost] [--currency C]", runOpportunitiesList},
	{"opportunities win", "mark an opportunity won: opportunities win ID [--quote] [--today YYYY-MM-DD]", runOpportunitiesWin},
	{"opportunities lose", "mark an opportunity lost: opportunities lose ID --reason TEXT", runOpportunitiesLose},
	{"targets set", "set a revenue target: targets set --period 2027-03|2027-Q1 --amount A [--currency C] [--client NAME]", runTargetsSet},
	{"targets list", "list targets with what was invoiced against them: targets list [--client NAME] [--currency C] [--from PERIOD] [--to PERIOD]", runTargetsList},
	{"contracts list", "list contracts: contracts list [--status active|ended|lapsed]", runContractsList},
	{"billing run", "invoice every contract period due: billing run [--as-of YYYY-MM-DD] (default today)", runBillingRun},
	{"payments add", "record a payment: payments add --client NAME --amount A --date D [--currency C] [--method M] [--reference R] [--note N] [--allocate auto|INV-NUMBER=AMOUNT,...]", runPaymentsAdd},
	{"payments list", "list payments, newest first: payments list [--client NAME] [--currency C] [--from D] [--to D] [--csv]", runPaymentsList},
	{"refunds add", "pay unapplied credit back to a client: refunds add --client NAME --amount A --date D [--currency C] [--method M] [--reference R] [--note N]", runRefundsAdd},
	{"refunds list", "list refunds, the latest first: refunds list [--client NAME] [--currency C]", runRefundsList},
	{"refunds delete", "delete a refund entered by mistake: refunds delete REFUND", runRefundsDelete},
	{"statement", "a client's statement with running balance and aging: statement --client NAME --from D --to D [--currency C] (--pdf FILE | --csv FILE|-)", runStatement},
	{"collections add", "log a step in collecting: collections add --client NAME --kind call|email|letter|promise-to-pay|dispute|note --text T [--invoice NUMBER] [--date D] [--promised-date D --promised-amount A]", runCollectionsAdd},
	{"collections list", "list the collection log, latest first: collections list [--client NAME] [--invoice NUMBER] [--disputes] [--limit N]", runCollectionsList},
	{"collections resolve", "resolve a dispute, taking its invoice off hold: collections resolve ID --resolution TEXT [--date D]", runCollectionsResolve},
	{"reminders run", "queue the reminders due, with any late-fee invoices: reminders run [--as-of YYYY-MM-DD] (default today)", runRemindersRun},
	{"reminders levels", "list the reminder levels: days from the due date, name, late fee, subject", runRemindersLevels},
	{"reminders level", "add or change the level at a number of days: reminders level --days N [--name N] [--subject S] [--body B | --body-file F] [--fee none|1.5%|'40 EUR']", runRemindersLevel},
	{"outbox list", "list the outbox, newest first: outbox list [--status queued|failed|sent|discarded | --unsent]", runOutboxList},
	{"outbox export", "write every unsent message as an .eml file with its invoices attached: outbox export --dir DIR", runOutboxExport},
	{"report client", "a client's account report: report client --client NAME --from D --to D [--currency C] [--sections summary,charts,invoices,payments,aging,statement,contracts,timeline] [--internal] (--pdf FILE | --csv FILE|-)", runReportClient},
	{"deposits add", "record a deposit batch of received payments: deposits add --date D --payments ID,ID,... [--account NAME] [--total A] [--reference R]", runDepositsAdd},
	{"deposits delete", "take apart a deposit made by mistake (not one a statement line is reconciled with): deposits delete DEPOSIT", runDepositsDelete},
	{"deposits list", "list deposits, the latest first, with their payments: deposits list [--account NAME]", runDepositsList},
	{"bank accounts", "list the bank accounts with their CSV mapping and unreconciled lines", runBankAccounts},
	{"bank account add", "add a bank account: bank account add --name NAME [--currency C] [--number IBAN]", runBankAccountAdd},
	{"bank mappings", "list the CSV mappings of the banks' statement files", runBankMappings},
	{"bank mapping set", "define or change a bank's CSV layout: bank mapping set --name NAME --date COL (--amount COL | --debit COL --credit COL) --text COL[+COL] [--reference COL] [--delimiter ,|;|tab] [--decimal-comma] [--date-order ymd|dmy|mdy] [--skip N] [--no-header]", runBankMappingSet},
	{"bank import", "import a bank statement (CSV, OFX or QFX) and suggest matches: bank import FILE [--account NAME] [--mapping NAME] [--flip-signs] [--dry-run]", runBankImport},
	{"bank lines", "list statement lines, the latest first: bank lines [--account NAME] [--unreconciled | --status S] [--limit N]", runBankLines},
	{"bank match", "suggest matches afresh for the unreconciled lines: bank match [--account NAME]", runBankMatch},
	{"bank confirm", "reconcile a line with its suggestion, or another payment or deposit: bank confirm LINE [--payment ID | --deposit ID]", runBankConfirm},
	{"bank pay", "record a payment from a line and reconcile it: bank pay LINE [--client NAME]", runBankPay},
	{"bank ignore", "mark a line as needing nothing in the book (fees, transfers out): bank ignore LINE", runBankIgnore},
	{"bank reopen", "put a reconciled or ignored line back among the unreconciled: bank reopen LINE", runBankReopen},
	{"aging", "receivables by days past due: aging [--as-of D] [--currency C] [--buckets 30,60,90] [--csv]", runAging},
	{"revenue", "revenue net of tax: revenue [--by month|client|item] [--from D] [--to D] [--currency C] [--client NAME] [--csv]", runRevenue},
	{"kpis", "the key figures of Reports, net and gross labelled, with days sales outstanding (receivables ÷ gross credit sales over 90 days × 90): kpis [--as-of D] [--currency C] [--client NAME]", runKPIs},
	{"forecast", "the coming months' revenue: forecast [--months N] [--currency C] [--client NAME] [--as-of D]", runForecast},
	{"today", "what needs you on a day: overdue and due tasks, renewals, overdue invoices: today [--as-of YYYY-MM-DD]", runToday},
	{"export list", "list what can be exported: export list [--columns]", runExportList},
	{"export einvoices", "write the e-invoices of a period's issued invoices and credit notes: export einvoices --from D --to D --dir DIR [--format ubl|cii|xrechnung|facturx]", runExportEInvoices},
	{"export all", "export every entity as CSV plus README.txt: export all --dir DIR [--delimiter ';'] [--decimal-comma]", runExportAll},
	{"export", "export one entity as CSV: export ENTITY --out FILE.csv|- [--delimiter ';'] [--decimal-comma]", runExport},
	{"import all", "import an export folder in one transaction: import all --dir DIR [--dry-run] [--delimiter ';'] [--decimal-comma]", runImportAll},
	{"import", "import one entity's CSV: import ENTITY FILE.csv [--dry-run] [--delimiter ';'] [--decimal-comma] [--lines F | --allocations F] [--map COLUMN=HEADER | --map COLUMN=] [--skip N]", runImport},
	{"check", "report the book's schema version, integrity, tamper evidence (the audit chain and issued documents) and row counts: check [--head ENTRY:HASH]", runCheck},
	{"backup", "take a verified backup of the book: backup [--to DIR] [--encrypt] [--keep-daily N --keep-weekly N --keep-monthly N] (passphrase from CLIENTBOOK_PASSPHRASE or asked)", runBackup},
	{"backups list", "list the backups in a folder with their counts: backups list [--dir DIR]", runBackupsList},
	{"restore", "restore a backup into a new book file (never over an existing one): restore FILE --to BOOK", runRestore},
	{"bench", "time client search on a generated book: bench [--clients N] [--queries N]; or open and the large-book figures: bench --book PATH | --invoices N [--clients N] [--queries N]", runBench},
}

// env is what every command gets: the book path and the output streams.
type env struct {
	dbPath string
	stdout io.Writer
	stderr io.Writer
}

// open opens the book named by --db or the default book.
func (e *env) open() (*data.Book, error) {
	path := e.dbPath
	if path == "" {
		p, err := data.DefaultPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	return data.Open(path)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr}
	global := flag.NewFlagSet("clientbookctl", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	global.StringVar(&e.dbPath, "db", "", "book `PATH` (default: the book in your data directory)")
	showVersion := global.Bool("version", false, "print the version and exit")
	if err := global.Parse(args); err != nil {
		return usage(stderr, err)
	}
	rest := global.Args()
	if *showVersion {
		if len(rest) > 0 {
			return usage(stderr, usageErrorf("--version takes no command"))
		}
		fmt.Fprintln(stdout, versionText())
		return 0
	}
	if len(rest) == 0 || rest[0] == "help" {
		printHelp(stdout)
		if len(rest) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		words := strings.Fields(c.name)
		if len(rest) >= len(words) && strings.Join(rest[:len(words)], " ") == c.name {
			err := c.run(ctx, e, rest[len(words):])
			switch {
			case err == nil:
				return 0
			case errors.Is(err, flag.ErrHelp):
				printCommandHelp(stdout, c)
				return 0
			case errors.Is(err, errUsage):
				return usage(stderr, err)
			default:
				fmt.Fprintln(stderr, "clientbookctl:", domain.ErrorMessage(err))
				return 1
			}
		}
	}
	return usage(stderr, fmt.Errorf("unknown command %q", strings.Join(rest, " ")))
}

func usage(w io.Writer, err error) int {
	if !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(w, "clientbookctl:", strings.TrimPrefix(err.Error(), errUsage.Error()+": "))
	}
	fmt.Fprintln(w, "Run 'clientbookctl help' for the commands.")
	return 2
}

// commandHelp is what COMMAND --help says beyond the command's summary.
var commandHelp = map[string]string{
	"kpis": domain.DSODefinition,
}

// printCommandHelp is COMMAND --help: the command's summary and what more
// there is to say about it.
func printCommandHelp(w io.Writer, c command) {
	fmt.Fprintf(w, "clientbookctl %s: %s\n", c.name, c.summary)
	if h := commandHelp[c.name]; h != "" {
		fmt.Fprintf(w, "\n%s\n", h)
	}
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "Usage: clientbookctl [--db PATH] COMMAND [ARGS]\n       clientbookctl --version")
	fmt.Fprintln(w, "\nWithout --db, the book in your data directory is used.\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-19s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nCOMMAND --help says more about a command.\n\n"+domain.DSODefinition)
}

// newFlags returns a flag set for a command whose parse errors are usage errors
// and which also accepts --db after the command words.
func newFlags(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&e.dbPath, "db", e.dbPath, "book `PATH`")
	return fs
}

// parse parses a command's flags, turning any failure into a usage error and
// refusing stray arguments.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		// The flag package names flags with one dash; we document two.
		msg := strings.NewReplacer("for flag -", "for --", "flag provided but not defined: -", "no such flag --",
			"needs an argument: -", "needs a value: --").Replace(err.Error())
		return usageErrorf("%s: %s", fs.Name(), msg)
	}
	if fs.NArg() > 0 {
		return usageErrorf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}
