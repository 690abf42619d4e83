package domain

import "context"

// Book is one open Clientbook file — the local SQLite book the user owns — and
// the services over it. data.Open returns one; the GUI and the command line
// talk to it only through this interface.
type Book interface {
	// Path is the file the book lives in.
	Path() string
	// Clients stores clients and their contacts.
	Clients() ClientService
	// Catalog stores tax rates and the products and services sold.
	Catalog() CatalogService
	// Company stores the book's own company settings and number series.
	Company() CompanyService
	// Documents stores invoices, quotes and credit notes.
	Documents() DocumentService
	// Contracts stores contracts and runs their recurring billing.
	Contracts() ContractService
	// Activities stores each client's timeline and the follow-up tasks.
	Activities() ActivityService
	// Complaints stores the complaints clients raised and how they were handled.
	Complaints() ComplaintService
	// Opportunities stores the sales pipeline.
	Opportunities() OpportunityService
	// Targets stores revenue targets and measures invoicing against them.
	Targets() TargetService

	// Payments stores payments received and reports what is owed.
	Payments() PaymentService
	// Statements draws up client statements over the payments and documents.
	Statements() StatementService
	// Collections stores the collection log: calls, promises and disputes
	// about money owed.
	Collections() CollectionService
	// Reminders keeps the reminder levels and queues reminders for invoices
	// not paid on time.
	Reminders() ReminderService
	// Outbox keeps the emails waiting to be sent and sends them.
	Outbox() OutboxService
	// Bank keeps the bank accounts, deposits and imported statements, and
	// reconciles the statements with the payments.
	Bank() BankService
	// Reports answers questions across the whole book.
	Reports() ReportService
	// Export writes the book's records as CSV files.
	Export() ExportService
	// Import reads CSV files, such as an export's, back into the book.
	Import() ImportService
	// VerifyChain checks the book's tamper evidence — the hash chain over the
	// audit log and the seal of every issued document — and names the first
	// broken link. It reads the whole book: run it on request, not on open.
	VerifyChain(ctx context.Context) (ChainReport, error)
	// Verify checks the whole book for damage (every page and every index
	// entry). On damage it returns an EINVALID error saying what is damaged
	// and from then on the book refuses every write. It reads the whole
	// file — seconds on a large book — so run it in the background.
	Verify(ctx context.Context) error
	// Batch runs fn as one transaction: the writes fn makes through the
	// services with the context it is given go through the same checks and
	// leave the same audit entries as one by one, but commit together (or,
	// if fn fails, not at all) — for bulk work such as the demo book. A write
	// that fails inside it fails the whole batch: nothing of it is kept.
	Batch(ctx context.Context, fn func(ctx context.Context) error) error
	// Watch calls fn after every write that commits, with what it changed,
	// on the goroutine that wrote; stop ends the watch.
	Watch(fn func(Changes)) (stop func())
	// Close releases the book so another window or program may open it.
	Close() error
}

// BookOpener opens (creating if missing) the book at path.
type BookOpener func(path string) (Book, error)
