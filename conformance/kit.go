package conformance

import (
	"context"
	"crypto/rand"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/deeperhub/dhsql"
	"github.com/deeperhub/dhsql/interceptor"
	"github.com/deeperhub/dhsql/parse"
)

// A Check is one behaviour of database/sql checked on a [Target]. A
// comparing check (Compare set) runs twice, on the raw driver and then on
// the wrapped one, and passes when both runs record the same observations
// (see [Side.Record]) and neither failed its own assertions. A standalone
// check (Test set) runs once and compares what it needs itself.
type Check struct {
	// Name names the subtest.
	Name string
	// Applies reports whether the check is meaningful for the target; nil
	// means always.
	Applies func(Target) bool
	// Compare runs the scenario on one side.
	Compare func(t *testing.T, s *Side)
	// Test runs the whole check.
	Test func(t *testing.T, tg Target)
}

// Side is one run of a comparing [Check]: the raw or the wrapped driver,
// a *sql.DB opened on it, and the observations recorded so far.
type Side struct {
	// Target is the target checked.
	Target Target
	// Wrapped is false for the raw driver's run, true for dhsql's.
	Wrapped bool
	// Driver is the database/sql name opened: Target.RawDriver or
	// Target.WrappedDriver.
	Driver string
	// DSN is what Driver is opened with: Target.DSNFor(Wrapped).
	DSN string
	// DB is opened on Driver with DSN; it is closed when the side's test
	// ends.
	DB *sql.DB

	names   *names
	mu      sync.Mutex
	rec     []string
	adminDB *sql.DB
}

// Name returns "raw" or "wrapped".
func (s *Side) Name() string {
	if s.Wrapped {
		return "wrapped"
	}
	return "raw"
}

// Record notes an observation: key and a canonical rendering of vals (see
// [Show]). Both sides must record the same sequence.
func (s *Side) Record(key string, vals ...any) {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = Show(v)
	}
	s.mu.Lock()
	s.rec = append(s.rec, key+" = "+strings.Join(parts, ", "))
	s.mu.Unlock()
}

// Records returns the observations recorded so far.
func (s *Side) Records() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.rec...)
}

// Ident returns a database identifier unique to this check and base; the
// raw and the wrapped run get the same one (error texts name tables), and
// they run one after the other.
func (s *Side) Ident(base string) string { return s.names.get(base) }

// Open opens another *sql.DB on this side's driver with dsn, closed when
// t ends.
func (s *Side) Open(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open(s.Driver, dsn)
	if err != nil {
		t.Fatalf("%s: sql.Open(%q): %v", s.Name(), s.Driver, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Exec runs a setup statement on the side's DB and fails t if it fails.
func (s *Side) Exec(t *testing.T, query string, args ...any) {
	t.Helper()
	if _, err := s.DB.ExecContext(context.Background(), query, args...); err != nil {
		t.Fatalf("%s: %s: %v", s.Name(), query, err)
	}
}

// CreateTable creates table name with the given column definitions and
// drops it when t ends.
func (s *Side) CreateTable(t *testing.T, name, columns string) {
	t.Helper()
	s.Exec(t, "DROP TABLE IF EXISTS "+name)
	s.Exec(t, "CREATE TABLE "+name+" ("+columns+")")
	t.Cleanup(func() {
		if _, err := s.DB.Exec("DROP TABLE IF EXISTS " + name); err != nil {
			t.Errorf("%s: dropping %s: %v", s.Name(), name, err)
		}
	})
}

// P returns the i-th (1-based) positional placeholder of the target.
func (s *Side) P(i int) string { return s.Target.P(i) }

// P returns the i-th (1-based) positional placeholder: $i or ?.
func (tg Target) P(i int) string {
	if tg.Placeholders == "$" {
		return fmt.Sprintf("$%d", i)
	}
	return "?"
}

type names struct {
	mu     sync.Mutex
	suffix string
	m      map[string]string
}

func newNames() *names {
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return &names{suffix: hex.EncodeToString(b[:]), m: map[string]string{}}
}

func (n *names) get(base string) string {
	n.mu.Lock()
	defer n.mu.Unlock()
	if v, ok := n.m[base]; ok {
		return v
	}
	v := "dhc_" + base + "_" + n.suffix
	n.m[base] = v
	return v
}

// Run runs every check of [Checks] on tg.
func Run(t *testing.T, tg Target) {
	t.Helper()
	RunChecks(t, tg, Checks())
}

// RunChecks runs checks on tg, each as a subtest. It first makes sure the
// target's server answers, failing (never skipping) with the name of the
// environment variable that names it.
func RunChecks(t *testing.T, tg Target, checks []Check) {
	t.Helper()
	MustReach(t, tg)
	for _, c := range checks {
		if c.Applies != nil && !c.Applies(tg) {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			switch {
			case c.Compare != nil:
				compare(t, tg, c.Compare)
			case c.Test != nil:
				c.Test(t, tg)
			}
		})
	}
}

// MustReach fails t unless tg's raw driver can connect to its server.
func MustReach(t testing.TB, tg Target) {
	t.Helper()
	db, err := sql.Open(tg.RawDriver, tg.DSN)
	if err == nil {
		defer db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err = db.PingContext(ctx)
	}
	if err != nil {
		if tg.EnvVar != "" {
			t.Fatalf("%s: the server named by %s is unreachable (%s): %v", tg.Name, tg.EnvVar, Redact(tg.DSN, tg.Dialect), err)
		}
		t.Fatalf("%s: cannot open %s: %v", tg.Name, Redact(tg.DSN, tg.Dialect), err)
	}
}

// compare runs f raw then wrapped and compares what they recorded.
func compare(t *testing.T, tg Target, f func(*testing.T, *Side)) {
	t.Helper()
	n := newNames()
	var sides [2]*Side
	for i, wrapped := range []bool{false, true} {
		s := &Side{Target: tg, Wrapped: wrapped, Driver: tg.RawDriver, DSN: tg.DSNFor(wrapped), names: n}
		if wrapped {
			s.Driver = tg.WrappedDriver
		}
		sides[i] = s
		t.Run(s.Name(), func(t *testing.T) {
			s.DB = s.Open(t, s.DSN)
			f(t, s)
		})
	}
	Diff(t, sides[0].Records(), sides[1].Records())
	if os.Getenv(EnvLog) != "" {
		t.Logf("observations (raw):\n%s", strings.Join(sides[0].Records(), "\n"))
	}
}

// EnvLog, when set, makes every comparing check log the raw side's
// observations (with go test -v), to see what the checks pin.
const EnvLog = "DHSQL_CONFORMANCE_LOG"

// Diff fails t when the raw and wrapped observations differ, showing the
// first difference and both sequences.
func Diff(t testing.TB, raw, wrapped []string) {
	t.Helper()
	if len(raw) == 0 && len(wrapped) == 0 {
		return
	}
	n := min(len(raw), len(wrapped))
	for i := 0; i < n; i++ {
		if raw[i] != wrapped[i] {
			t.Errorf("raw and wrapped differ at observation %d:\n  raw:     %s\n  wrapped: %s\n%s", i, raw[i], wrapped[i], listing(raw, wrapped))
			return
		}
	}
	if len(raw) != len(wrapped) {
		t.Errorf("raw made %d observations, wrapped %d\n%s", len(raw), len(wrapped), listing(raw, wrapped))
	}
}

func listing(raw, wrapped []string) string {
	var b strings.Builder
	b.WriteString("raw:\n")
	for _, l := range raw {
		b.WriteString("  " + l + "\n")
	}
	b.WriteString("wrapped:\n")
	for _, l := range wrapped {
		b.WriteString("  " + l + "\n")
	}
	return b.String()
}

// Redact names the user, server and database of a DSN of dialect d for
// messages, as dhsql reads them: never the password. A DSN read in the
// wrong form could show it, so the dialect is not guessed when known.
func Redact(dsn string, d Dialect) string {
	var pd parse.Dialect
	switch d {
	case Postgres:
		pd = parse.Postgres
	case MySQL:
		pd = parse.MySQL
	case SQLite:
		pd = parse.SQLite
	}
	dn, err := dhsql.ParseDSN(pd, dsn)
	if err != nil {
		return "(a DSN dhsql cannot read)"
	}
	t := dn.Target
	return fmt.Sprintf("%s@%s:%d/%s", t.User, t.Host, t.Port, t.Database)
}

var registered atomic.Int64

// RegisterWrapped registers tg's raw driver wrapped by dhsql with the
// target's options and opts under a fresh database/sql name, and returns
// the name. Checks use it to observe the wrapper through hooks
// ([dhsql.WithHooks]).
func RegisterWrapped(t testing.TB, tg Target, opts ...dhsql.Option) string {
	t.Helper()
	name := fmt.Sprintf("conformance-%s-%d", tg.Name, registered.Add(1))
	dhsql.Register(name, RawDriver(t, tg), append(append([]dhsql.Option(nil), tg.Options...), opts...)...)
	return name
}

// RawDriver returns the driver.Driver registered under tg.RawDriver.
func RawDriver(t testing.TB, tg Target) driver.Driver {
	t.Helper()
	db, err := sql.Open(tg.RawDriver, "")
	if err != nil {
		t.Fatalf("driver %q is not registered: %v", tg.RawDriver, err)
	}
	defer db.Close()
	return db.Driver()
}

// Counter is an interceptor hook that counts the logical calls the chain
// runs, by kind, the way a well-behaved hook must: a call the inner driver
// answered with driver.ErrSkip was not attempted and is counted apart in
// Skipped. It also keeps, per kind, the error of the last call and its
// statement text.
type Counter struct {
	mu      sync.Mutex
	calls   map[interceptor.Kind]int
	done    map[interceptor.Kind]int
	skipped map[interceptor.Kind]int
	errs    map[interceptor.Kind]error
	queries map[interceptor.Kind][]string
}

// NewCounter returns an empty [Counter].
func NewCounter() *Counter {
	return &Counter{
		calls: map[interceptor.Kind]int{}, done: map[interceptor.Kind]int{},
		skipped: map[interceptor.Kind]int{}, errs: map[interceptor.Kind]error{},
		queries: map[interceptor.Kind][]string{},
	}
}

// Reset forgets every count.
func (c *Counter) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.calls)
	clear(c.done)
	clear(c.skipped)
	clear(c.errs)
	clear(c.queries)
}

// Calls returns how many calls of kind k the hook ran that the inner
// driver attempted (next did not answer driver.ErrSkip).
func (c *Counter) Calls(k interceptor.Kind) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls[k]
}

// Done returns how many calls of kind k their observers were told about.
func (c *Counter) Done(k interceptor.Kind) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.done[k]
}

// Skipped returns how many calls of kind k the inner driver answered with
// driver.ErrSkip, as the observers were told.
func (c *Counter) Skipped(k interceptor.Kind) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.skipped[k]
}

// Err returns the error the last call of kind k ended with, as the
// observers were told.
func (c *Counter) Err(k interceptor.Kind) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.errs[k]
}

// Queries returns the statements of the attempted calls of kind k.
func (c *Counter) Queries(k interceptor.Kind) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.queries[k]...)
}

func (c *Counter) attempt(call *interceptor.Call, err error) {
	if err == driver.ErrSkip {
		return
	}
	c.mu.Lock()
	c.calls[call.Kind]++
	c.queries[call.Kind] = append(c.queries[call.Kind], call.Query)
	c.mu.Unlock()
}

// Query counts a query.
func (c *Counter) Query(ctx context.Context, call *interceptor.Call, next interceptor.QueryFunc) (driver.Rows, error) {
	call.Observe(counterObserver{c})
	rows, err := next(ctx, call)
	c.attempt(call, err)
	return rows, err
}

// Exec counts an exec.
func (c *Counter) Exec(ctx context.Context, call *interceptor.Call, next interceptor.ExecFunc) (driver.Result, error) {
	call.Observe(counterObserver{c})
	res, err := next(ctx, call)
	c.attempt(call, err)
	return res, err
}

// Prepare counts a prepare.
func (c *Counter) Prepare(ctx context.Context, call *interceptor.Call, next interceptor.PrepareFunc) (driver.Stmt, error) {
	call.Observe(counterObserver{c})
	st, err := next(ctx, call)
	c.attempt(call, err)
	return st, err
}

// Begin counts a begin.
func (c *Counter) Begin(ctx context.Context, call *interceptor.Call, next interceptor.TxFunc) error {
	call.Observe(counterObserver{c})
	err := next(ctx, call)
	c.attempt(call, err)
	return err
}

// Commit counts a commit.
func (c *Counter) Commit(ctx context.Context, call *interceptor.Call, next interceptor.TxFunc) error {
	call.Observe(counterObserver{c})
	err := next(ctx, call)
	c.attempt(call, err)
	return err
}

// Rollback counts a rollback.
func (c *Counter) Rollback(ctx context.Context, call *interceptor.Call, next interceptor.TxFunc) error {
	call.Observe(counterObserver{c})
	err := next(ctx, call)
	c.attempt(call, err)
	return err
}

type counterObserver struct{ c *Counter }

func (o counterObserver) Done(call *interceptor.Call, err error) {
	o.c.mu.Lock()
	defer o.c.mu.Unlock()
	o.c.done[call.Kind]++
	o.c.errs[call.Kind] = err
}

func (o counterObserver) Skipped(call *interceptor.Call) {
	o.c.mu.Lock()
	defer o.c.mu.Unlock()
	o.c.skipped[call.Kind]++
}
