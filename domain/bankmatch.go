package domain

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"clientbook/domain/money"
)

// MatchWindow is how many days apart a statement line and a payment or a
// deposit may be dated and still be suggested as the same money: a
// transfer is booked by the bank a few days after or, when the payment was
// entered from the remittance advice, before the day it was recorded.
const MatchWindow = 7

// Points of a match's score, so a suggestion can be checked by hand.
const (
	// scoreReference is given when the payment's reference, one of the
	// invoices it pays or the deposit's reference is in the line's text or
	// reference.
	scoreReference = 100
	// scoreName is given when the paying client's name is in the text.
	scoreName = 20
	// Every day closer than MatchWindow adds a point: a line on the day of
	// the payment scores MatchWindow more than one MatchWindow days away.
)

// MatchCandidate is a payment or a deposit a statement line may be.
type MatchCandidate struct {
	PaymentID int64 // one of PaymentID and DepositID is set
	DepositID int64
	Date      Date
	Amount    money.Money
	Name      string // the paying client's name; "" for a deposit
	// References are what the line's text may quote: the payment's own
	// reference and the numbers of the invoices it pays, or the deposit's
	// reference.
	References []string
}

// Describe is the candidate as a list names it: "payment 12 from Acme,
// 2027-03-01" or "deposit 3 of 2027-03-01".
func (c MatchCandidate) Describe() string {
	if c.DepositID != 0 {
		return fmt.Sprintf("deposit %d of %s", c.DepositID, c.Date)
	}
	return fmt.Sprintf("payment %d from %s, %s", c.PaymentID, c.Name, c.Date)
}

// MatchSuggestion pairs the line at index Line with a candidate.
type MatchSuggestion struct {
	Line      int
	Candidate MatchCandidate
	Score     int
	Note      string // why: "same amount, 1 day apart, INV-2027-00012 in the text"
}

// SuggestMatches pairs statement lines with the payments and deposits that
// look like them. A candidate can only be a line's match when the line is
// open and money in, and the two are of the same amount in the same
// currency and dated at most window days apart. Among those, the score
// decides: scoreReference when one of the candidate's references is in the
// line's text or reference, scoreName when the client's name is in the
// text, and a point for every day closer than window. Pairs are taken best
// score first (then fewer days apart, then the earlier line, then the
// lower ID, payments before deposits), each line and each candidate once,
// so two equal payments go to two equal lines.
func SuggestMatches(lines []BankLine, cands []MatchCandidate, window int) []MatchSuggestion {
	var pairs []MatchSuggestion
	days := func(s MatchSuggestion) int { return abs(lines[s.Line].Date.DaysUntil(s.Candidate.Date)) }
	for i, l := range lines {
		if !l.Open() || !l.Amount.Amount.IsPositive() {
			continue
		}
		hay := l.Text + " " + l.Reference
		for _, c := range cands {
			if !c.Amount.Equal(l.Amount) {
				continue
			}
			apart := abs(l.Date.DaysUntil(c.Date))
			if apart > window {
				continue
			}
			score := window - apart
			notes := []string{"same amount"}
			switch apart {
			case 0:
				notes = append(notes, "same day")
			case 1:
				notes = append(notes, "1 day apart")
			default:
				notes = append(notes, fmt.Sprintf("%d days apart", apart))
			}
			for _, ref := range c.References {
				if ContainsReference(hay, ref) {
					score += scoreReference
					notes = append(notes, ref+" in the text")
					break
				}
			}
			if c.Name != "" && ContainsReference(hay, c.Name) {
				score += scoreName
				notes = append(notes, "client's name in the text")
			}
			pairs = append(pairs, MatchSuggestion{Line: i, Candidate: c, Score: score, Note: strings.Join(notes, ", ")})
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool {
		a, b := pairs[i], pairs[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if da, db := days(a), days(b); da != db {
			return da < db
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if (a.Candidate.PaymentID != 0) != (b.Candidate.PaymentID != 0) {
			return a.Candidate.PaymentID != 0
		}
		return a.Candidate.PaymentID+a.Candidate.DepositID < b.Candidate.PaymentID+b.Candidate.DepositID
	})
	usedLine := map[int]bool{}
	usedCand := map[[2]int64]bool{}
	var out []MatchSuggestion
	for _, p := range pairs {
		k := [2]int64{p.Candidate.PaymentID, p.Candidate.DepositID}
		if usedLine[p.Line] || usedCand[k] {
			continue
		}
		usedLine[p.Line], usedCand[k] = true, true
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// refWords splits text into the words a reference is compared by: folded
// (lower case, no accents) runs of letters and digits.
func refWords(s string) []string {
	return strings.FieldsFunc(FoldSearch(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// ContainsReference reports whether ref appears in text as whole words,
// whatever the punctuation and case: "INV-2027-00012" is in "Payment inv
// 2027 00012 thanks" and in "RE:INV202700012", but not in
// "INV-2027-000123". A reference with fewer than three letters and digits
// is never found, as it would be found everywhere.
func ContainsReference(text, ref string) bool {
	rw := refWords(ref)
	joined := strings.Join(rw, "")
	if len([]rune(joined)) < 3 {
		return false
	}
	tw := refWords(text)
	for i := range tw {
		if tw[i] == joined {
			return true
		}
		if i+len(rw) <= len(tw) {
			match := true
			for k := range rw {
				if tw[i+k] != rw[k] {
					match = false
					break
				}
			}
			if match {
				return true
			}
		}
	}
	return false
}

// InvoiceNumberCandidates returns the pieces of a statement's text that
// could be document numbers, to be looked up in the book: every run of
// letters, digits and the separators - / . _ that holds a digit, as written
// and in upper case, and, where the bank split a number with spaces
// ("INV 2027 00012"), the runs of two and three words joined with "-".
func InvoiceNumberCandidates(text string) []string {
	fields := strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("-/._", r)
	})
	for i, f := range fields {
		fields[i] = strings.Trim(f, "-/._")
	}
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if len(s) < 3 || !strings.ContainsAny(s, "0123456789") {
			return
		}
		for _, v := range []string{s, strings.ToUpper(s)} {
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	for i, f := range fields {
		add(f)
		if i+1 < len(fields) {
			add(f + "-" + fields[i+1])
		}
		if i+2 < len(fields) {
			add(f + "-" + fields[i+1] + "-" + fields[i+2])
		}
	}
	if len(out) > 60 {
		out = out[:60]
	}
	return out
}
