package data

import (
	"context"
	"strings"
	"time"

	"clientbook/domain"
)

// momentLayout is how the timeline query writes a moment: local time to the
// second, as SQLite's datetime() does, so moments of every kind sort as text.
const momentLayout = "2006-01-02 15:04:05"

// dayMoment is, as SQL, the local moment a document or payment that carries
// only a day sorts at: the moment it was recorded (a UTC timestamp column)
// when that was on its day, else the last second of its day, after that day's
// conversations. SQLite's localtime is the process's time zone, as Go's
// time.Local is.
func dayMoment(day, recorded string) string {
	return `CASE WHEN date(` + recorded + `, 'localtime') = ` + day + ` THEN datetime(` + recorded + `, 'localtime')
		ELSE ` + day + ` || ' 23:59:59' END`
}

// timelineQuery is the page of a client's timeline as (kind, id, moment)
// rows: one UNION ALL over the client's activities, issued documents and
// payments, each branch reached through its by-client index, merged newest
// first. Ties go payment, document, activity (a payment on the day of its
// invoice came after it), then the newest ID.
func timelineQuery(f domain.TimelineFilter) (string, []any) {
	where, args := activityWhere(domain.ActivityFilter{ClientID: f.ClientID, Search: f.Search})
	parts := []string{`SELECT 'activity' AS kind, a.id AS id, datetime(a.at, 'localtime') AS moment FROM activities a` + where}
	if !f.ConversationsOnly {
		docConds := []string{"d.client_id = ?", "d.status <> 'draft'"}
		payConds := []string{"p.client_id = ?"}
		docArgs, payArgs := []any{f.ClientID}, []any{f.ClientID}
		for _, w := range strings.Fields(domain.FoldSearch(f.Search)) {
			docConds = append(docConds, "instr(d.search_text, ?) > 0")
			docArgs = append(docArgs, w)
			payConds = append(payConds, `(instr(lower(p.reference || char(31) || p.note), ?) > 0
				OR EXISTS (SELECT 1 FROM allocations al JOIN documents ad ON ad.id = al.document_id
					WHERE al.payment_id = p.id AND instr(ad.search_text, ?) > 0))`)
			payArgs = append(payArgs, w, w)
		}
		parts = append(parts,
			`SELECT 'document', d.id, `+dayMoment("d.issue_date", "d.issued_at")+` FROM documents d WHERE `+strings.Join(docConds, " AND "),
			`SELECT 'payment', p.id, `+dayMoment("p.date", "p.created_at")+` FROM payments p WHERE `+strings.Join(payConds, " AND "))
		args = append(append(args, docArgs...), payArgs...)
	}
	q := strings.Join(parts, "\nUNION ALL\n") + "\nORDER BY moment DESC, kind DESC, id DESC"
	q, args = pageClause(q, args, f.Offset, f.Limit)
	return q, args
}

// timelineChunk bounds the IDs bound to one query reading a page's entries.
const timelineChunk = 500

// timelineRef is one row of timelineQuery: which record, and when.
type timelineRef struct {
	kind domain.TimelineKind
	id   int64
	at   time.Time
}

func (s *activityService) FindTimeline(ctx context.Context, f domain.TimelineFilter) ([]domain.TimelineEntry, error) {
	if f.ClientID == 0 {
		return nil, domain.Errorf(domain.EINVALID, "Choose a client to show the timeline of.")
	}
	var out []domain.TimelineEntry
	err := s.b.read(ctx, "read the timeline", func(q queryer) error {
		query, args := timelineQuery(f)
		rows, err := q.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		var refs []timelineRef
		for rows.Next() {
			var r timelineRef
			var moment string
			if err := rows.Scan(&r.kind, &r.id, &moment); err != nil {
				rows.Close()
				return err
			}
			if r.at, err = time.ParseInLocation(momentLayout, moment, time.Local); err != nil {
				rows.Close()
				return err
			}
			refs = append(refs, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		out, err = timelineEntries(ctx, q, refs)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// timelineEntries reads the records a page of the timeline refers to, by ID a
// chunk at a time, and returns the entries in the page's order.
func timelineEntries(ctx context.Context, q queryer, refs []timelineRef) ([]domain.TimelineEntry, error) {
	ids := map[domain.TimelineKind][]int64{}
	for _, r := range refs {
		ids[r.kind] = append(ids[r.kind], r.id)
	}
	acts := map[int64]*domain.Activity{}
	docs := map[int64]*domain.DocumentRow{}
	pays := map[int64]*domain.Payment{}
	for kind, all := range ids {
		for len(all) > 0 {
			n := min(len(all), timelineChunk)
			chunk := all[:n]
			all = all[n:]
			in := `(` + placeholders(n) + `)`
			switch kind {
			case domain.TimelineActivity:
				as, err := readActivities(ctx, q, `SELECT `+activityColumns+` FROM activities a JOIN clients c ON c.id = a.client_id
					WHERE a.id IN `+in, idArgs(chunk)...)
				if err != nil {
					return nil, err
				}
				for i := range as {
					acts[as[i].ID] = &as[i]
				}
			case domain.TimelineDocument:
				ds, err := readDocumentRows(ctx, q, `SELECT `+documentRowColumns+` FROM documents d JOIN clients c ON c.id = d.client_id
					WHERE d.id IN `+in, idArgs(chunk)...)
				if err != nil {
					return nil, err
				}
				for i := range ds {
					docs[ds[i].ID] = &ds[i]
				}
			case domain.TimelinePayment:
				ps, err := readPayments(ctx, q, ` WHERE p.id IN `+in, idArgs(chunk)...)
				if err != nil {
					return nil, err
				}
				for _, p := range ps {
					pays[p.ID] = p
				}
			}
		}
	}
	out := make([]domain.TimelineEntry, len(refs))
	for i, r := range refs {
		e := domain.TimelineEntry{Kind: r.kind, At: r.at}
		switch r.kind {
		case domain.TimelineActivity:
			e.Activity = acts[r.id]
			e.At = e.Activity.At.Local()
		case domain.TimelineDocument:
			e.Document = docs[r.id]
		case domain.TimelinePayment:
			e.Payment = pays[r.id]
		}
		out[i] = e
	}
	return out, nil
}
