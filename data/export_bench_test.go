package data

import (
	"context"
	"io"
	"os"
	"testing"

	"clientbook/domain"
	"clientbook/domain/demo"
)

// benchBook is the book the export benchmarks read: the one named by
// CLIENTBOOK_BENCH_BOOK (opened as it is; give it a copy), or else a small
// demo book of 20 clients and 300 invoices.
func benchBook(b *testing.B) *Book {
	b.Helper()
	if path := os.Getenv("CLIENTBOOK_BENCH_BOOK"); path != "" {
		book, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { book.Close() })
		return book
	}
	book := openTemp(b)
	if err := demo.Fill(context.Background(), book, demo.Options{Clients: 20, Invoices: 300, Seed: 1,
		Today: domain.NewDate(2027, 6, 15)}); err != nil {
		b.Fatal(err)
	}
	return book
}

// BenchmarkExport writes each of the large entities of a demo book (or of
// CLIENTBOOK_BENCH_BOOK) as CSV, in the plain format and with ';' and a
// decimal comma. The invoices are what clientbookctl bench sets beside
// sqlite3 -csv.
func BenchmarkExport(b *testing.B) {
	book := benchBook(b)
	ctx := context.Background()
	for _, name := range []string{"invoices", "document_lines", "payments", "clients"} {
		for _, f := range []struct {
			name string
			f    domain.ExportFormat
		}{{"comma", domain.ExportFormat{}}, {"decimal-comma", domain.ExportFormat{Delimiter: ';', DecimalComma: true}}} {
			b.Run(name+"/"+f.name, func(b *testing.B) {
				b.ReportAllocs()
				rows := 0
				for b.Loop() {
					n, err := book.Export().Export(ctx, name, io.Discard, f.f, nil)
					if err != nil {
						b.Fatal(err)
					}
					rows = n
				}
				b.ReportMetric(float64(rows), "rows")
			})
		}
	}
}
