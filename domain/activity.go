package domain

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// ActivityKind is what sort of contact an activity records.
type ActivityKind string

const (
	ActivityCall    ActivityKind = "call"
	ActivityEmail   ActivityKind = "email"
	ActivityMeeting ActivityKind = "meeting"
	ActivityVisit   ActivityKind = "visit"
	// ActivityNote is something written down about the client without
	// talking to them; it does not count as contact.
	ActivityNote ActivityKind = "note"
)

// ActivityKinds lists the kinds in the order they are offered to people.
var ActivityKinds = []ActivityKind{ActivityCall, ActivityEmail, ActivityMeeting, ActivityVisit, ActivityNote}

// Valid reports whether k is one of the known kinds.
func (k ActivityKind) Valid() bool {
	for _, x := range ActivityKinds {
		if k == x {
			return true
		}
	}
	return false
}

// IsContact reports whether the activity was contact with the client, so
// that it moves their "last contacted" date: anything but a note.
func (k ActivityKind) IsContact() bool { return k.Valid() && k != ActivityNote }

// Title is the kind as people read it: "Call".
func (k ActivityKind) Title() string {
	if k == "" {
		return ""
	}
	return strings.ToUpper(string(k[:1])) + string(k[1:])
}

// Activity is one entry of a client's timeline: a call, an email, a meeting,
// a visit or a note, what came of it and what happens next.
type Activity struct {
	ID         int64
	ClientID   int64
	ClientName string // filled in when read, for display
	// ContactID is the client's contact it was with, 0 for none. The link
	// is lost when the client's contacts are rewritten; ContactName, filled
	// in from the contact when the activity is saved, stays. Without a
	// contact, ContactName is whoever the person writes.
	ContactID   int64
	ContactName string
	At          time.Time // when it happened; kept to the second
	Kind        ActivityKind
	Subject     string
	Body        string
	Outcome     string
	NextStep    string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// maxActivityNoteLen bounds an activity's outcome and next step: a few
// sentences each; the body holds the long text.
const maxActivityNoteLen = 2000

// Validate tidies and checks an activity.
func (a *Activity) Validate() error {
	a.Subject = strings.TrimSpace(a.Subject)
	a.Body = strings.TrimSpace(a.Body)
	a.Outcome = strings.TrimSpace(a.Outcome)
	a.NextStep = strings.TrimSpace(a.NextStep)
	a.ContactName = strings.TrimSpace(a.ContactName)
	a.At = a.At.Truncate(time.Second)
	v := validation{what: "Activity"}
	if a.ClientID == 0 {
		v.add("client", "choose a client")
	}
	if !a.Kind.Valid() {
		v.add("kind", "choose call, email, meeting, visit or note")
	}
	if a.At.IsZero() {
		v.add("at", "enter when it happened")
	}
	switch n := utf8.RuneCountInString(a.Subject); {
	case n == 0:
		v.add("subject", "enter a subject, e.g. Renewal terms")
	case n > MaxNameLen:
		v.add("subject", "the subject is longer than %d characters", MaxNameLen)
	}
	if utf8.RuneCountInString(a.Body) > MaxTextLen {
		v.add("body", "the text is longer than %d characters", MaxTextLen)
	}
	if utf8.RuneCountInString(a.Outcome) > maxActivityNoteLen {
		v.add("outcome", "the outcome is longer than %d characters", maxActivityNoteLen)
	}
	if utf8.RuneCountInString(a.NextStep) > maxActivityNoteLen {
		v.add("nextStep", "the next step is longer than %d characters", maxActivityNoteLen)
	}
	return v.err()
}

// ActivityFilter selects activities for a timeline, newest first.
type ActivityFilter struct {
	ClientID int64        // 0 for every client
	Kind     ActivityKind // "" for every kind
	// Search matches the subject, text, outcome, next step and contact,
	// ignoring case and accents.
	Search        string
	Offset, Limit int // Limit 0 for no limit
}

// TaskPriority says how much a task matters.
type TaskPriority string

const (
	PriorityLow    TaskPriority = "low"
	PriorityNormal TaskPriority = "normal"
	PriorityHigh   TaskPriority = "high"
)

// TaskPriorities lists the priorities in the order they are offered to people.
var TaskPriorities = []TaskPriority{PriorityLow, PriorityNormal, PriorityHigh}

// Valid reports whether p is one of the known priorities.
func (p TaskPriority) Valid() bool {
	for _, x := range TaskPriorities {
		if p == x {
			return true
		}
	}
	return false
}

// Title is the priority as people read it: "High".
func (p TaskPriority) Title() string {
	if p == "" {
		return ""
	}
	return strings.ToUpper(string(p[:1])) + string(p[1:])
}

// Task is a follow-up the account manager means to do: call back, chase an
// invoice, prepare a renewal. It may concern a client, a document and a
// contract.
type Task struct {
	ID      int64
	Title   string
	Notes   string
	DueDate Date
	// DueTime is the time of day, "15:04" on a 24-hour clock, or "" for any
	// time that day.
	DueTime     string
	Priority    TaskPriority
	ClientID    int64  // 0 for none
	ClientName  string // filled in when read, for display
	DocumentID  int64  // 0 for none
	ContractID  int64  // 0 for none
	ComplaintID int64  // 0 for none; the complaint must be the client's
	DoneAt      time.Time
	// SnoozedUntil, after DueDate, is the day a snoozed task shows up again;
	// zero when not snoozed.
	SnoozedUntil Date
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Done reports whether the task has been completed.
func (t *Task) Done() bool { return !t.DoneAt.IsZero() }

// ShowsOn is the day the task comes up: its due date, or the day it was
// snoozed until.
func (t *Task) ShowsOn() Date {
	if !t.SnoozedUntil.IsZero() {
		return t.SnoozedUntil
	}
	return t.DueDate
}

// Validate tidies and checks a task. An empty priority is normal.
func (t *Task) Validate() error {
	t.Title = strings.TrimSpace(t.Title)
	t.Notes = strings.TrimSpace(t.Notes)
	t.DueTime = strings.TrimSpace(t.DueTime)
	if t.Priority == "" {
		t.Priority = PriorityNormal
	}
	v := validation{what: "Task"}
	switch n := utf8.RuneCountInString(t.Title); {
	case n == 0:
		v.add("title", "enter what there is to do, e.g. Call back about the renewal")
	case n > MaxNameLen:
		v.add("title", "the title is longer than %d characters", MaxNameLen)
	}
	if utf8.RuneCountInString(t.Notes) > MaxTextLen {
		v.add("notes", "the notes are longer than %d characters", MaxTextLen)
	}
	if t.DueDate.IsZero() {
		v.add("dueDate", "enter the due date")
	}
	if t.DueTime != "" {
		if tm, err := time.Parse("15:04", t.DueTime); err != nil {
			v.add("dueTime", "%q is not a time of day; write it as HH:MM, e.g. 14:30", t.DueTime)
		} else {
			t.DueTime = tm.Format("15:04")
		}
	}
	if !t.Priority.Valid() {
		v.add("priority", "choose low, normal or high")
	}
	if !t.SnoozedUntil.IsZero() && !t.DueDate.IsZero() && !t.SnoozedUntil.After(t.DueDate) {
		v.add("snoozedUntil", "snooze until a day after the due date, %s", t.DueDate)
	}
	return v.err()
}

// TaskFilter selects tasks, in the order they come up.
type TaskFilter struct {
	// DueBy lists open tasks that show up on or before the day; zero for
	// every open task.
	DueBy Date
	// DueFrom leaves out tasks that show up before the day; zero for none.
	DueFrom       Date
	ClientID      int64 // 0 for every client
	Offset, Limit int   // Limit 0 for no limit
}

// ActivityService stores the timeline of each client and the follow-up tasks.
type ActivityService interface {
	// FindActivityByID returns the activity, or ENOTFOUND.
	FindActivityByID(ctx context.Context, id int64) (*Activity, error)
	// FindActivities returns a page of the timeline, newest first.
	FindActivities(ctx context.Context, f ActivityFilter) ([]Activity, error)
	// FindTimeline returns a page of one client's whole timeline, newest
	// first: activities interleaved with the documents issued to the client
	// and the payments received from them.
	FindTimeline(ctx context.Context, f TimelineFilter) ([]TimelineEntry, error)
	// CreateActivity validates and stores a new activity, setting its ID.
	// A contact must be one of the client's.
	CreateActivity(ctx context.Context, a *Activity) error
	// CreateActivityWithTask stores a new activity and the follow-up task
	// it promises (nil for none) in one transaction, setting their IDs:
	// both are checked first, and when either is refused neither is
	// stored.
	CreateActivityWithTask(ctx context.Context, a *Activity, t *Task) error
	// UpdateActivity validates and replaces an activity.
	UpdateActivity(ctx context.Context, a *Activity) error
	// DeleteActivity removes an activity.
	DeleteActivity(ctx context.Context, id int64) error
	// LastContacted returns when the client was last called, emailed, met
	// or visited (notes do not count), or the zero time for never.
	LastContacted(ctx context.Context, clientID int64) (time.Time, error)
	// LastContactedFor does the same for a page of clients at once; clients
	// never contacted are absent from the map.
	LastContactedFor(ctx context.Context, clientIDs []int64) (map[int64]time.Time, error)

	// FindTaskByID returns the task, or ENOTFOUND.
	FindTaskByID(ctx context.Context, id int64) (*Task, error)
	// FindTasks returns open tasks in the order they come up, the most
	// pressing first on a day.
	FindTasks(ctx context.Context, f TaskFilter) ([]Task, error)
	// CreateTask validates and stores a new task, setting its ID.
	CreateTask(ctx context.Context, t *Task) error
	// UpdateTask validates and replaces a task.
	UpdateTask(ctx context.Context, t *Task) error
	// CompleteTask marks an open task done now.
	CompleteTask(ctx context.Context, id int64) error
	// ReopenTask makes a done task open again, as it was before it was
	// marked done (Undo on Today).
	ReopenTask(ctx context.Context, id int64) error
	// SnoozeTask makes an open task show up again on until, a day after its
	// due date; a zero until wakes it, so it shows on its due date again.
	SnoozeTask(ctx context.Context, id int64, until Date) error
	// DeleteTask removes a task.
	DeleteTask(ctx context.Context, id int64) error
}
