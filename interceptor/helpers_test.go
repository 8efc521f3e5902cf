package interceptor_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/deeperhub/dhsql/interceptor"
	"github.com/deeperhub/dhsql/internal/fakedb"
)

// Capability combinations of the inner driver.
var (
	connKinds = []fakedb.Kind{fakedb.Bare, fakedb.Legacy, fakedb.Full, fakedb.ExecOnly, fakedb.QueryOnly}
	stmtKinds = []fakedb.Kind{fakedb.Bare, fakedb.Full, fakedb.Converter, fakedb.BareConverter}
	rowsKinds = []fakedb.Kind{fakedb.Bare, fakedb.Full}
)

// fullCtx reports whether a conn kind has the context forms, Pinger,
// SessionResetter, Validator and NamedValueChecker.
func fullCtx(k fakedb.Kind) bool {
	return k == fakedb.Full || k == fakedb.ExecOnly || k == fakedb.QueryOnly
}

// connLevel reports whether a conn kind has a conn-level method (of
// either form) for calls of kind: Exec for an exec, Query for a query.
func connLevel(k fakedb.Kind, kind interceptor.Kind) bool {
	switch k {
	case fakedb.Legacy, fakedb.Full:
		return true
	case fakedb.ExecOnly:
		return kind == interceptor.KindExec
	case fakedb.QueryOnly:
		return kind == interceptor.KindQuery
	}
	return false
}

// allConfigs returns every combination of conn, stmt and rows kinds, with
// and without a closing connector and mysql-like ErrSkip.
func allConfigs() []fakedb.Config {
	var cfgs []fakedb.Config
	for _, c := range connKinds {
		for _, s := range stmtKinds {
			for _, r := range rowsKinds {
				for _, skip := range []bool{false, true} {
					cfgs = append(cfgs, fakedb.Config{
						Conn: c, Stmt: s, Rows: r,
						SkipWithArgs: skip, ConnectorCloser: skip, DriverContext: !skip,
					})
				}
			}
		}
	}
	return cfgs
}

// callRecord is what the recorder saw of one call; it is also the call's
// observer.
type callRecord struct {
	rec *recorder

	Kind     interceptor.Kind
	Prepared bool
	Query    string
	Args     []driver.NamedValue
	Opts     driver.TxOptions
	Session  *interceptor.Session

	Err      error // what next returned
	NDone    int   // times Done was called
	DoneErr  error
	NSkipped int
	Rows     [][]driver.Value // copies of the rows Row saw
	RowsRead int64            // Call.RowsRead at Done
	EOF      bool             // Call.EOF at Done
	Result   driver.Result    // Call.Result at Done

	InTxBefore, InTxAfter   bool
	TxSeqBefore, TxSeqAfter uint64
}

func (r *callRecord) Done(c *interceptor.Call, err error) {
	r.rec.mu.Lock()
	defer r.rec.mu.Unlock()
	r.NDone++
	r.DoneErr = err
	r.RowsRead, r.EOF, r.Result = c.RowsRead, c.EOF, c.Result
}

func (r *callRecord) Row(c *interceptor.Call, dest []driver.Value) {
	r.rec.mu.Lock()
	defer r.rec.mu.Unlock()
	r.Rows = append(r.Rows, append([]driver.Value(nil), dest...))
}

func (r *callRecord) Skipped(*interceptor.Call) {
	r.rec.mu.Lock()
	defer r.rec.mu.Unlock()
	r.NSkipped++
}

// recorder is a no-op hook implementing every hook interface: it calls
// next, changes nothing, and records each call with an observer that is
// a RowObserver and a Skipper.
type recorder struct {
	mu    sync.Mutex
	calls []*callRecord
}

var (
	_ interceptor.QueryHook    = (*recorder)(nil)
	_ interceptor.ExecHook     = (*recorder)(nil)
	_ interceptor.PrepareHook  = (*recorder)(nil)
	_ interceptor.BeginHook    = (*recorder)(nil)
	_ interceptor.CommitHook   = (*recorder)(nil)
	_ interceptor.RollbackHook = (*recorder)(nil)
	_ interceptor.RowObserver  = (*callRecord)(nil)
	_ interceptor.Skipper      = (*callRecord)(nil)
)

func (h *recorder) start(c *interceptor.Call) *callRecord {
	r := &callRecord{
		rec: h, Kind: c.Kind, Prepared: c.Prepared, Query: c.Query, Args: c.Args,
		Opts: c.TxOptions, Session: c.Session,
		InTxBefore: c.Session.InTx(), TxSeqBefore: c.Session.TxSeq(),
	}
	c.Observe(r)
	h.mu.Lock()
	h.calls = append(h.calls, r)
	h.mu.Unlock()
	return r
}

func (h *recorder) end(r *callRecord, c *interceptor.Call, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	r.Err = err
	r.InTxAfter, r.TxSeqAfter = c.Session.InTx(), c.Session.TxSeq()
}

func (h *recorder) Query(ctx context.Context, c *interceptor.Call, next interceptor.QueryFunc) (driver.Rows, error) {
	r := h.start(c)
	rows, err := next(ctx, c)
	h.end(r, c, err)
	return rows, err
}

func (h *recorder) Exec(ctx context.Context, c *interceptor.Call, next interceptor.ExecFunc) (driver.Result, error) {
	r := h.start(c)
	res, err := next(ctx, c)
	h.end(r, c, err)
	return res, err
}

func (h *recorder) Prepare(ctx context.Context, c *interceptor.Call, next interceptor.PrepareFunc) (driver.Stmt, error) {
	r := h.start(c)
	s, err := next(ctx, c)
	h.end(r, c, err)
	return s, err
}

func (h *recorder) Begin(ctx context.Context, c *interceptor.Call, next interceptor.TxFunc) error {
	r := h.start(c)
	err := next(ctx, c)
	h.end(r, c, err)
	return err
}

func (h *recorder) Commit(ctx context.Context, c *interceptor.Call, next interceptor.TxFunc) error {
	r := h.start(c)
	err := next(ctx, c)
	h.end(r, c, err)
	return err
}

func (h *recorder) Rollback(ctx context.Context, c *interceptor.Call, next interceptor.TxFunc) error {
	r := h.start(c)
	err := next(ctx, c)
	h.end(r, c, err)
	return err
}

// Calls returns copies of the records of the given kinds (all when none
// is given).
func (h *recorder) Calls(kinds ...interceptor.Kind) []callRecord {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []callRecord
	for _, r := range h.calls {
		if len(kinds) == 0 || containsKind(kinds, r.Kind) {
			out = append(out, *r)
		}
	}
	return out
}

// Attempted returns the records of the given kinds whose call was not
// answered with driver.ErrSkip.
func (h *recorder) Attempted(kinds ...interceptor.Kind) []callRecord {
	var out []callRecord
	for _, r := range h.Calls(kinds...) {
		if r.Err != driver.ErrSkip {
			out = append(out, r)
		}
	}
	return out
}

func containsKind(ks []interceptor.Kind, k interceptor.Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// checkObservers fails unless every attempted call was told Done exactly
// once and never Skipped, and every skipped one told Skipped once and
// never Done.
func (h *recorder) checkObservers(t *testing.T) {
	t.Helper()
	for _, r := range h.Calls() {
		want := [2]int{1, 0}
		if r.Err == driver.ErrSkip {
			want = [2]int{0, 1}
		}
		if got := [2]int{r.NDone, r.NSkipped}; got != want {
			t.Errorf("%v %q (prepared %t, err %v): Done %d times, Skipped %d times; want %d, %d",
				r.Kind, r.Query, r.Prepared, r.Err, r.NDone, r.NSkipped, want[0], want[1])
		}
	}
}

// dsnConnector is what database/sql uses for a driver without
// DriverContext.
type dsnConnector struct {
	dsn string
	d   driver.Driver
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.d.Open(c.dsn) }
func (c dsnConnector) Driver() driver.Driver                        { return c.d }

// connectorFor returns the connector database/sql would build for d.
func connectorFor(t testing.TB, d driver.Driver) driver.Connector {
	t.Helper()
	if dc, ok := d.(driver.DriverContext); ok {
		c, err := dc.OpenConnector("dsn")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	return dsnConnector{"dsn", d}
}

// describeErr renders an error as a caller sees it: its type and text.
func describeErr(err error) string {
	if err == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%T %q", err, err.Error())
}

// readRows reads every result set of rows as a caller would: column
// names and types, values, Err and Close.
func readRows(rows *sql.Rows) []string {
	var out []string
	for set := 0; ; set++ {
		cols, err := rows.Columns()
		out = append(out, fmt.Sprintf("set %d columns %q %s", set, cols, describeErr(err)))
		out = append(out, describeColumnTypes(rows)...)
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			err := rows.Scan(ptrs...)
			var b strings.Builder
			for _, v := range vals {
				fmt.Fprintf(&b, " %T(%v)", v, v)
			}
			out = append(out, "row"+b.String()+" "+describeErr(err))
		}
		out = append(out, "err "+describeErr(rows.Err()))
		if !rows.NextResultSet() {
			break
		}
	}
	out = append(out, "next set err "+describeErr(rows.Err()), "close "+describeErr(rows.Close()))
	return out
}

// describeColumnTypes renders every field and ok flag of ColumnTypes.
func describeColumnTypes(rows *sql.Rows) []string {
	cts, err := rows.ColumnTypes()
	if err != nil {
		return []string{"column types " + describeErr(err)}
	}
	var out []string
	for _, ct := range cts {
		l, lok := ct.Length()
		p, s, pok := ct.DecimalSize()
		n, nok := ct.Nullable()
		out = append(out, fmt.Sprintf("column %s dbtype=%q length=%d,%t decimal=%d,%d,%t nullable=%t,%t scan=%v",
			ct.Name(), ct.DatabaseTypeName(), l, lok, p, s, pok, n, nok, ct.ScanType()))
	}
	return out
}

func describeResult(res sql.Result, err error) string {
	if err != nil {
		return "exec " + describeErr(err)
	}
	id, ierr := res.LastInsertId()
	n, nerr := res.RowsAffected()
	return fmt.Sprintf("exec id=%d %s affected=%d %s", id, describeErr(ierr), n, describeErr(nerr))
}

func describeQuery(rows *sql.Rows, err error) []string {
	if err != nil {
		return []string{"query " + describeErr(err)}
	}
	return readRows(rows)
}
