package conformance

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/deeperhub/dhsql"
)

// The fake driver is an in-memory database/sql driver with only the
// mandatory, legacy methods (no context, no column types, no optional
// interfaces beyond what its variant adds), so the wrapper's fallbacks —
// what it must do where the inner driver lacks an interface — are checked
// against database/sql's own. The four real drivers implement nearly
// everything and never reach those paths.
//
// Its statements:
//
//	SELECT ?, ? …   one row: the arguments as the driver received them
//	                (columns c1…); without placeholders, one row (1)
//	ROWS n          n rows (i int64, s string)
//	EXEC n          a result: RowsAffected n, LastInsertId an error
//	FAIL            a *FakeError at Exec/Query (Prepare succeeds)
//	FAILPREPARE     a *FakeError at Prepare
//	BADCONN         driver.ErrBadConn at Exec/Query, every time
//
// A statement of another shape fails to prepare.

// FakeError is the fake driver's own error type.
type FakeError struct{ Msg string }

// Error returns the message, prefixed with "fake: ".
func (e *FakeError) Error() string { return "fake: " + e.Msg }

// FakeValue is an argument type only the fake driver's ColumnConverter
// (in the variants that have one) accepts; database/sql's default
// conversion refuses it.
type FakeValue struct{ N int }

// fakeFeatures says which optional interfaces a fake variant adds.
type fakeFeatures struct {
	execerQueryer   bool // legacy Execer and Queryer on the conn
	execerOnly      bool // legacy Execer, no Queryer, on the conn
	columnConverter bool // ColumnConverter on the stmt, accepting FakeValue
}

type fakeDriver struct{ f fakeFeatures }

func (d *fakeDriver) Open(name string) (driver.Conn, error) {
	c := &fakeConn{f: d.f}
	switch {
	case d.f.execerQueryer:
		return fakeConnExecerQueryer{fakeConnExecer{c}}, nil
	case d.f.execerOnly:
		return fakeConnExecer{c}, nil
	}
	return c, nil
}

type fakeConn struct {
	f      fakeFeatures
	mu     sync.Mutex
	closed bool
	inTx   bool
}

func (c *fakeConn) Prepare(query string) (driver.Stmt, error) {
	verb, n, err := parseFake(query)
	if err != nil {
		return nil, err
	}
	if verb == "FAILPREPARE" {
		return nil, &FakeError{"prepare refused"}
	}
	s := &fakeStmt{conn: c, verb: verb, n: n, query: query}
	if c.f.columnConverter {
		return fakeStmtConverter{s}, nil
	}
	return s, nil
}

func (c *fakeConn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	return nil
}

func (c *fakeConn) Begin() (driver.Tx, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.inTx {
		return nil, &FakeError{"already in a transaction"}
	}
	c.inTx = true
	return &fakeTx{c}, nil
}

// fakeConnExecer adds the legacy Execer.
type fakeConnExecer struct{ *fakeConn }

// fakeConnExecerQueryer adds the legacy Execer and Queryer.
type fakeConnExecerQueryer struct{ fakeConnExecer }

func (c fakeConnExecer) Exec(query string, args []driver.Value) (driver.Result, error) {
	verb, n, err := parseFake(query)
	if err != nil {
		return nil, err
	}
	return runFakeExec(verb, n, args)
}

func (c fakeConnExecerQueryer) Query(query string, args []driver.Value) (driver.Rows, error) {
	verb, n, err := parseFake(query)
	if err != nil {
		return nil, err
	}
	return runFakeQuery(verb, n, args)
}

type fakeTx struct{ c *fakeConn }

func (t *fakeTx) Commit() error   { return t.end() }
func (t *fakeTx) Rollback() error { return t.end() }
func (t *fakeTx) end() error {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	if !t.c.inTx {
		return &FakeError{"no transaction"}
	}
	t.c.inTx = false
	return nil
}

type fakeStmt struct {
	conn   *fakeConn
	verb   string
	n      int
	query  string
	closed bool
}

func (s *fakeStmt) Close() error  { s.closed = true; return nil }
func (s *fakeStmt) NumInput() int { return strings.Count(s.query, "?") }

func (s *fakeStmt) Exec(args []driver.Value) (driver.Result, error) {
	return runFakeExec(s.verb, s.n, args)
}

func (s *fakeStmt) Query(args []driver.Value) (driver.Rows, error) {
	return runFakeQuery(s.verb, s.n, args)
}

// fakeStmtConverter adds ColumnConverter.
type fakeStmtConverter struct{ *fakeStmt }

func (s fakeStmtConverter) ColumnConverter(int) driver.ValueConverter { return fakeConverter{} }

type fakeConverter struct{}

func (fakeConverter) ConvertValue(v any) (driver.Value, error) {
	if fv, ok := v.(FakeValue); ok {
		return "fake:" + strconv.Itoa(fv.N), nil
	}
	return driver.DefaultParameterConverter.ConvertValue(v)
}

func parseFake(query string) (string, int, error) {
	f := strings.Fields(strings.ReplaceAll(query, ",", " "))
	if len(f) == 0 {
		return "", 0, &FakeError{"empty statement"}
	}
	verb := strings.ToUpper(f[0])
	switch verb {
	case "SELECT", "FAIL", "FAILPREPARE", "BADCONN":
		return verb, 0, nil
	case "ROWS", "EXEC":
		if len(f) != 2 {
			return "", 0, &FakeError{verb + " wants a count"}
		}
		n, err := strconv.Atoi(f[1])
		if err != nil {
			return "", 0, &FakeError{verb + " wants a count"}
		}
		return verb, n, nil
	}
	return "", 0, &FakeError{fmt.Sprintf("syntax error at %q", f[0])}
}

func runFakeExec(verb string, n int, args []driver.Value) (driver.Result, error) {
	switch verb {
	case "FAIL":
		return nil, &FakeError{"statement failed"}
	case "BADCONN":
		return nil, driver.ErrBadConn
	case "EXEC":
		return fakeResult(n), nil
	}
	return fakeResult(0), nil
}

type fakeResult int64

func (r fakeResult) LastInsertId() (int64, error) { return 0, &FakeError{"no LastInsertId"} }
func (r fakeResult) RowsAffected() (int64, error) { return int64(r), nil }

func runFakeQuery(verb string, n int, args []driver.Value) (driver.Rows, error) {
	switch verb {
	case "FAIL":
		return nil, &FakeError{"statement failed"}
	case "BADCONN":
		return nil, driver.ErrBadConn
	case "ROWS":
		r := &fakeRows{cols: []string{"i", "s"}}
		for i := 0; i < n; i++ {
			r.rows = append(r.rows, []driver.Value{int64(i), "row " + strconv.Itoa(i)})
		}
		return r, nil
	case "SELECT":
		if len(args) == 0 {
			return &fakeRows{cols: []string{"c1"}, rows: [][]driver.Value{{int64(1)}}}, nil
		}
		r := &fakeRows{rows: [][]driver.Value{append([]driver.Value(nil), args...)}}
		for i := range args {
			r.cols = append(r.cols, "c"+strconv.Itoa(i+1))
		}
		return r, nil
	}
	return &fakeRows{cols: []string{"n"}}, nil
}

type fakeRows struct {
	cols []string
	rows [][]driver.Value
	i    int
}

func (r *fakeRows) Columns() []string { return r.cols }
func (r *fakeRows) Close() error      { return nil }
func (r *fakeRows) Next(dest []driver.Value) error {
	if r.i >= len(r.rows) {
		return io.EOF
	}
	copy(dest, r.rows[r.i])
	r.i++
	return nil
}

var fakeOnce sync.Once

// fakeVariants are the fake drivers, by raw name.
var fakeVariants = []struct {
	name string
	f    fakeFeatures
}{
	{"conformance-fake-legacy", fakeFeatures{}},
	{"conformance-fake-execer", fakeFeatures{execerQueryer: true}},
	{"conformance-fake-converter", fakeFeatures{columnConverter: true}},
	{"conformance-fake-execonly", fakeFeatures{execerOnly: true, columnConverter: true}},
}

// FakeTargets registers the fake drivers (raw and wrapped by dhsql) once
// and returns their targets:
//
//   - fake-legacy: a conn with Prepare, Begin and Close only;
//   - fake-execer: plus the legacy Execer and Queryer;
//   - fake-converter: the legacy conn, with a stmt ColumnConverter that
//     accepts [FakeValue];
//   - fake-execonly: a conn with the legacy Execer but no Queryer, and the
//     stmt ColumnConverter.
//
// Run them with [FakeChecks]: they speak no SQL.
func FakeTargets(tb testing.TB) []Target {
	tb.Helper()
	fakeOnce.Do(func() {
		for _, v := range fakeVariants {
			sql.Register(v.name, &fakeDriver{f: v.f})
			dhsql.Register("deeperhub-"+strings.TrimPrefix(v.name, "conformance-"), &fakeDriver{f: v.f})
		}
	})
	var out []Target
	for _, v := range fakeVariants {
		short := strings.TrimPrefix(v.name, "conformance-")
		out = append(out, Target{
			Name: short, RawDriver: v.name, WrappedDriver: "deeperhub-" + short, DSN: "fake",
			Placeholders: "?",
		})
	}
	return out
}
