package data

import (
	"bytes"
	"compress/flate"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// Packed audit entries (from schema 22). An entry's before_json and
// after_json are stored together, deflated, in its packed column (the two
// JSON columns then hold NULL): the JSON of the audit log is most of a book's
// size, and it compresses to a fifth. Packing is only how the entry is
// stored: its link (chain.go) hashes the JSON text it unpacks to, exactly as
// before, so the upgrade packs the entries written before it without
// changing a link.
//
// packed is one byte naming the dictionary (auditDict1), then raw DEFLATE
// (RFC 1951) with that dictionary as its preset history (written by
// deflateDict, read by compress/flate), of
//
//	flags byte: 1 = before_json present (not NULL), 2 = after_json present
//	before_json's bytes, a zero byte, after_json's bytes
//
// JSON text never holds a zero byte (encoding/json escapes control
// characters), so the zero byte cannot be read two ways. Any inflater reads
// it, e.g. Python's zlib.decompressobj(-15, zdict=dictionary).
//
// From schema auditDict2From entries are written with packDict2: the
// dictionary is auditDict1 followed by the entry's own id and time as a
// record's JSON holds them (auditHistory), read from the entry's columns.
// A record's JSON repeats the entry's time (CreatedAt, UpdatedAt, IssuedAt:
// thirty bytes that do not compress otherwise) and a new record's its id,
// so an entry packs about 20 bytes smaller (a tenth).
const (
	packDict1 = 1
	packDict2 = 2
)

// auditDict1 is the preset dictionary of packDict1: the keys and shapes of
// the records the audit log holds and a new book's default terms
// (domain.DefaultCompany), nothing from any one book. It must never
// change — entries packed with it are read with it — a new dictionary takes
// a new number.
const auditDict1 = `{"Status":"open","Priority":"high","Title":"","Kind":"call","On":{"Day":1,"Month":1,"Year":2026},` +
	`"PromisedAmount":{"Amount":"0"},"Text":"","Category":"","Department":"","Severity":"low","Subject":"","OpenedOn":{"Day":1}}` +
	`{"ExpectedClose":{"Day":1},"Probability":50,"Stage":"","LostReason":"","QuoteID":0,"Value":{"Amount":"","Currency":"EUR"}}` +
	`{"Billing":{"City":"","Country":"","Line1":"","Line2":"","PostalCode":"","Region":""},"Contacts":[{"ClientID":1,` +
	`"Email":"","ID":1,"Name":"","Phone":"+","Primary":true,"Role":""}],"CreditLimit":{"Amount":"","Currency":""},` +
	`"Industry":"","Tags":[""],"TaxID":"","VATID":"","EndpointID":"","EndpointScheme":"","IBAN":"","BIC":"","PaymentInfo":"",` +
	`{"At":"2026-01-01T00:00:00Z","Body":"","ContactID":1,"ContactName":"","Outcome":"","Kind":"meeting"}` +
	`{"BilledThrough":{"Day":0,"Month":0,"Year":0}}{"BilledThrough":{"Day":1,"Month":1,"Year":2026},"DocumentID":1,` +
	`"Number":"INV-2026-0","Period":{"End":{"Day":1,"Month":1,"Year":2026},"Start":{"Day":1,"Month":1,"Year":2026}}}` +
	`{"IssuedAt":"0001-01-01T00:00:00Z","Number":"","Status":"draft","UpdatedAt":"2026-01-01T00:00:00.0Z"}` +
	`{"IssuedAt":"2026-01-01T00:00:00.0Z","Number":"INV-2026-0","Status":"issued","UpdatedAt":"2026-01-01T00:00:00.0Z"}` +
	`{"Allocations":[{"Amount":"","DocumentID":1,"DocumentNumber":"INV-2026-0","ID":1,"PaymentID":1}],"Amount":` +
	`{"Amount":"","Currency":"EUR"},"ClientID":1,"ClientName":"","CreatedAt":"2026-01-01T00:00:00.0Z","Date":` +
	`{"Day":1,"Month":1,"Year":2026},"ID":1,"Method":"bank-transfer","Reference":"","UpdatedAt":"2026-01-01T00:00:00.0Z"}` +
	`{"ClientID":1,"ClientName":"","CreatedAt":"2026-01-01T00:00:00.0Z","Currency":"EUR","DiscountAmount":"0",` +
	`"DiscountPercent":"0","DueDate":{"Day":1,"Month":1,"Year":2026},"ID":1,"IssueDate":{"Day":1,"Month":1,` +
	`"Year":2026},"Kind":"invoice","Lines":[{"Description":"","DiscountPercent":"0","ID":1,"ItemID":1,"Quantity":"1",` +
	`"Taxes":[{"Name":"VAT","Percent":"0","RateID":1,"VAT":{"Category":"S"}}],"Unit":"","UnitPrice":""},{"Description":` +
	`"","DiscountPercent":"0","ID":1,"ItemID":1,"Quantity":"1","Taxes":[{"Name":"VAT","Percent":"0","RateID":1,"VAT":` +
	`{"Category":"S"}}],"Unit":"","UnitPrice":""}],"PONumber":"","Rounding":{"Mode":"half-up","Scope":"per-line"},` +
	`"Status":"draft","Terms":"Payment within the agreed terms by bank transfer, quoting the invoice number.",` +
	`"UpdatedAt":"2026-01-01T00:00:00.0Z"}`

// packer packs with auditDict1.
var packer = newDeflateDict([]byte(auditDict1))

// auditDict2From is the schema version from which entries are packed with
// packDict2: that of the migration named audit_dict2.
var auditDict2From = migrationNumber("audit_dict2")

// auditHistory is what packDict2 adds after auditDict1 for the entry of the
// record entityID at the time at.
func auditHistory(at string, entityID int64) []byte {
	return []byte(`{"ID":` + strconv.FormatInt(entityID, 10) + `,"UpdatedAt":"` + at + `"}`)
}

// packAudit is an entry's before_json and after_json as its packed column,
// with packDict1.
func packAudit(before, after sql.NullString) []byte {
	return packAuditWith(packDict1, nil, before, after)
}

// packAuditAt is packAudit with packDict2, for the entry of the record
// entityID at the time at.
func packAuditAt(before, after sql.NullString, at string, entityID int64) []byte {
	return packAuditWith(packDict2, auditHistory(at, entityID), before, after)
}

func packAuditWith(dict byte, history []byte, before, after sql.NullString) []byte {
	var flags byte
	if before.Valid {
		flags |= 1
	}
	if after.Valid {
		flags |= 2
	}
	in := make([]byte, 0, 2+len(before.String)+len(after.String))
	in = append(in, flags)
	in = append(in, before.String...)
	in = append(in, 0)
	in = append(in, after.String...)
	out := make([]byte, 1, 64+len(in)/2)
	out[0] = dict
	return packer.compress(out, history, in)
}

// errUnpack is a packed column that does not read back: changed outside
// Clientbook, or (with packDict2) the entry's time or record id was.
var errUnpack = errors.New("audit entry: packed in an unknown way")

// unpackAudit reads the packed column of the entry of the record entityID at
// the time at back into before_json and after_json.
func unpackAudit(packed []byte, at string, entityID int64) (before, after sql.NullString, err error) {
	if len(packed) == 0 || (packed[0] != packDict1 && packed[0] != packDict2) {
		return before, after, errUnpack
	}
	dict := []byte(auditDict1)
	if packed[0] == packDict2 {
		dict = append(dict, auditHistory(at, entityID)...)
	}
	r := flate.NewReaderDict(bytes.NewReader(packed[1:]), dict)
	b, err := io.ReadAll(r)
	r.Close()
	if err != nil {
		return before, after, fmt.Errorf("%w: %v", errUnpack, err)
	}
	if len(b) == 0 || b[0] > 3 {
		return before, after, errUnpack
	}
	flags := b[0]
	i := bytes.IndexByte(b[1:], 0)
	if i < 0 {
		return before, after, errUnpack
	}
	before = sql.NullString{String: string(b[1 : 1+i]), Valid: flags&1 != 0}
	after = sql.NullString{String: string(b[2+i:]), Valid: flags&2 != 0}
	if (!before.Valid && before.String != "") || (!after.Valid && after.String != "") {
		return sql.NullString{}, sql.NullString{}, errUnpack
	}
	return before, after, nil
}

// auditPackFrom is the schema version from which audit entries are packed.
const auditPackFrom = 22

// packExisting is the Go step of migration 22: it packs every audit entry
// written before it, in batches, each entry's link unchanged (VerifyChain
// reads them back through the same scan as any other).
func packExisting(tx *Tx) error {
	last := int64(0)
	for {
		rows, err := tx.QueryContext(tx.ctx, `SELECT id, before_json, after_json FROM audit_log WHERE id > ? AND packed IS NULL ORDER BY id LIMIT 2000`, last)
		if err != nil {
			return err
		}
		type entry struct {
			id            int64
			before, after sql.NullString
		}
		var batch []entry
		for rows.Next() {
			var e entry
			if err := rows.Scan(&e.id, &e.before, &e.after); err != nil {
				rows.Close()
				return err
			}
			batch = append(batch, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		st, err := tx.PrepareContext(tx.ctx, `UPDATE audit_log SET before_json = NULL, after_json = NULL, packed = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		for _, e := range batch {
			if _, err := st.ExecContext(tx.ctx, packAudit(e.before, e.after), e.id); err != nil {
				st.Close()
				return err
			}
			last = e.id
		}
		st.Close()
	}
}
