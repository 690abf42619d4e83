package domain

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// ComplaintSeverity says how badly a complaint hurts the relationship.
type ComplaintSeverity string

const (
	ComplaintLow      ComplaintSeverity = "low"
	ComplaintMedium   ComplaintSeverity = "medium"
	ComplaintHigh     ComplaintSeverity = "high"
	ComplaintCritical ComplaintSeverity = "critical"
)

// ComplaintSeverities lists the severities in the order they are offered to people.
var ComplaintSeverities = []ComplaintSeverity{ComplaintLow, ComplaintMedium, ComplaintHigh, ComplaintCritical}

// Valid reports whether s is one of the known severities.
func (s ComplaintSeverity) Valid() bool {
	for _, x := range ComplaintSeverities {
		if s == x {
			return true
		}
	}
	return false
}

// Title is the severity as people read it: "Critical".
func (s ComplaintSeverity) Title() string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// ComplaintStatus is where a complaint is in its handling.
type ComplaintStatus string

const (
	ComplaintOpen       ComplaintStatus = "open"
	ComplaintInProgress ComplaintStatus = "in-progress"
	// ComplaintWaiting complaints wait for the client to answer.
	ComplaintWaiting ComplaintStatus = "waiting-on-client"
	// ComplaintResolved complaints have been put right.
	ComplaintResolved ComplaintStatus = "resolved"
	// ComplaintClosed complaints need nothing more: the client confirmed the
	// resolution, or the complaint was withdrawn.
	ComplaintClosed ComplaintStatus = "closed"
)

// ComplaintStatuses lists the statuses in the order a complaint moves through them.
var ComplaintStatuses = []ComplaintStatus{ComplaintOpen, ComplaintInProgress, ComplaintWaiting, ComplaintResolved, ComplaintClosed}

// Valid reports whether s is one of the known statuses.
func (s ComplaintStatus) Valid() bool {
	for _, x := range ComplaintStatuses {
		if s == x {
			return true
		}
	}
	return false
}

// Settled reports whether a complaint with this status is resolved or
// closed: it has a resolved date and no longer counts as open.
func (s ComplaintStatus) Settled() bool { return s == ComplaintResolved || s == ComplaintClosed }

// Title is the status as people read it: "Waiting on client".
func (s ComplaintStatus) Title() string {
	if s == "" {
		return ""
	}
	t := strings.ReplaceAll(string(s), "-", " ")
	return strings.ToUpper(t[:1]) + t[1:]
}

// ComplaintCategories are the categories a form suggests; any other may be
// written.
var ComplaintCategories = []string{"Billing", "Delivery", "Product quality", "Service", "Communication", "Other"}

// Complaint is a grievance a client raised, and how it was handled.
type Complaint struct {
	ID         int64
	ClientID   int64
	ClientName string // filled in when read, for display
	// ContactName is who raised it, as written.
	ContactName string
	OpenedOn    Date
	Category    string // "Billing"; see ComplaintCategories
	Severity    ComplaintSeverity
	Department  string // the department it concerns or is handled by
	Status      ComplaintStatus
	Subject     string
	Description string
	Resolution  string // how it was resolved
	// ResolvedOn is the day it was resolved or closed; zero while it is not
	// settled.
	ResolvedOn Date
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// maxComplaintLabelLen bounds the short text of a complaint: who raised it,
// its category and its department.
const maxComplaintLabelLen = 100

// SetStatus moves the complaint to status s, keeping the resolved date in
// step: settling it dates the resolution today unless a day is already
// given, and reopening it clears the day.
func (c *Complaint) SetStatus(s ComplaintStatus, today Date) {
	c.Status = s
	switch {
	case !s.Settled():
		c.ResolvedOn = Date{}
	case c.ResolvedOn.IsZero():
		c.ResolvedOn = today
	}
}

// DaysToResolve is the number of days from the day the complaint was opened
// to the day it was resolved, and false while it is not settled.
func (c *Complaint) DaysToResolve() (int, bool) {
	if !c.Status.Settled() || c.ResolvedOn.IsZero() || c.OpenedOn.IsZero() {
		return 0, false
	}
	return c.OpenedOn.DaysUntil(c.ResolvedOn), true
}

// Validate tidies and checks a complaint. An empty severity is medium and an
// empty status is open. A settled complaint says how it was resolved and on
// what day; an unsettled one has no resolved date.
func (c *Complaint) Validate() error {
	for _, s := range []*string{&c.ContactName, &c.Category, &c.Department, &c.Subject, &c.Description, &c.Resolution} {
		*s = strings.TrimSpace(*s)
	}
	if c.Severity == "" {
		c.Severity = ComplaintMedium
	}
	if c.Status == "" {
		c.Status = ComplaintOpen
	}
	v := validation{what: "Complaint"}
	if c.ClientID == 0 {
		v.add("client", "choose a client")
	}
	if c.OpenedOn.IsZero() {
		v.add("openedOn", "enter the day the complaint was raised")
	}
	switch n := utf8.RuneCountInString(c.Subject); {
	case n == 0:
		v.add("subject", "enter a subject, e.g. Invoice sent twice")
	case n > MaxNameLen:
		v.add("subject", "the subject is longer than %d characters", MaxNameLen)
	}
	if !c.Severity.Valid() {
		v.add("severity", "choose low, medium, high or critical")
	}
	if !c.Status.Valid() {
		v.add("status", "choose open, in progress, waiting on client, resolved or closed")
	}
	for _, f := range []struct{ key, what, s string }{
		{"contact", "the contact's name", c.ContactName},
		{"category", "the category", c.Category},
		{"department", "the department", c.Department},
	} {
		if utf8.RuneCountInString(f.s) > maxComplaintLabelLen {
			v.add(f.key, "%s is longer than %d characters", f.what, maxComplaintLabelLen)
		}
	}
	if utf8.RuneCountInString(c.Description) > MaxTextLen {
		v.add("description", "the description is longer than %d characters", MaxTextLen)
	}
	if utf8.RuneCountInString(c.Resolution) > MaxTextLen {
		v.add("resolution", "the resolution notes are longer than %d characters", MaxTextLen)
	}
	if c.Status.Settled() {
		if c.Resolution == "" {
			v.add("resolution", "say how the complaint was resolved")
		}
		if c.ResolvedOn.IsZero() {
			v.add("resolvedOn", "enter the day it was resolved")
		}
	} else if c.Status.Valid() && !c.ResolvedOn.IsZero() {
		v.add("resolvedOn", "a complaint that is %s has no resolved date; mark it resolved or clear the date", strings.ToLower(c.Status.Title()))
	}
	if !c.ResolvedOn.IsZero() && !c.OpenedOn.IsZero() && c.ResolvedOn.Before(c.OpenedOn) {
		v.add("resolvedOn", "the resolved date is before the day it was raised, %s", c.OpenedOn)
	}
	return v.err()
}

// ComplaintFilter selects complaints, the most recently raised first.
type ComplaintFilter struct {
	ClientID int64           // 0 for every client
	Status   ComplaintStatus // "" for every status
	// Open keeps only complaints that are not settled; it is ignored when
	// Status is given.
	Open          bool
	Offset, Limit int // Limit 0 for no limit
}

// ResolutionTimes sums up how long settled complaints took to resolve.
type ResolutionTimes struct {
	Resolved int // settled complaints counted
	// AverageDays is the mean days from opened to resolved, to one decimal
	// place; zero when nothing was resolved.
	AverageDays decimal.Decimal
	LongestDays int
}

// ResolutionTimesOf sums up how long the settled complaints among cs took to
// resolve; the others are left out.
func ResolutionTimesOf(cs []Complaint) ResolutionTimes {
	r := ResolutionTimes{AverageDays: decimal.Zero}
	total := 0
	for i := range cs {
		days, ok := cs[i].DaysToResolve()
		if !ok {
			continue
		}
		r.Resolved++
		total += days
		r.LongestDays = max(r.LongestDays, days)
	}
	if r.Resolved > 0 {
		r.AverageDays = decimal.NewFromInt(int64(total)).DivRound(decimal.NewFromInt(int64(r.Resolved)), 1)
	}
	return r
}

// ComplaintService stores complaints and reports on their handling.
type ComplaintService interface {
	// FindComplaintByID returns the complaint, or ENOTFOUND.
	FindComplaintByID(ctx context.Context, id int64) (*Complaint, error)
	// FindComplaints returns a page of complaints, the most recently raised first.
	FindComplaints(ctx context.Context, f ComplaintFilter) ([]Complaint, error)
	// CreateComplaint validates and stores a new complaint, setting its ID.
	CreateComplaint(ctx context.Context, c *Complaint) error
	// UpdateComplaint validates and replaces a complaint: its details, its
	// status and how it was resolved.
	UpdateComplaint(ctx context.Context, c *Complaint) error
	// OpenCounts returns, for every client with complaints that are not
	// settled, how many there are; clients with none are absent.
	OpenCounts(ctx context.Context) (map[int64]int, error)
	// TimeToResolve reports how long the client's settled complaints took
	// to resolve, in days; clientID 0 covers the whole book.
	TimeToResolve(ctx context.Context, clientID int64) (ResolutionTimes, error)
}
