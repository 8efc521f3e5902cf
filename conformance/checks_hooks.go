package conformance

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/deeperhub/dhsql"
	"github.com/deeperhub/dhsql/interceptor"
	"github.com/lib/pq"
)

// want is an expected count of a [Counter].
type want struct {
	kind                   interceptor.Kind
	calls, done, skipped   int
	skippedIfSkipsWithArgs bool
}

func expectCounts(t *testing.T, tg Target, what string, c *Counter, ws ...want) {
	t.Helper()
	for _, w := range ws {
		skipped := w.skipped
		if w.skippedIfSkipsWithArgs && tg.SkipsWithArgs {
			skipped = 1
		}
		if got := c.Calls(w.kind); got != w.calls {
			t.Errorf("%s: the hook ran %d attempted %s call(s), want %d (%q)", what, got, w.kind, w.calls, c.Queries(w.kind))
		}
		if got := c.Done(w.kind); got != w.done {
			t.Errorf("%s: observers were told of %d %s call(s), want %d", what, got, w.kind, w.done)
		}
		if got := c.Skipped(w.kind); got != skipped {
			t.Errorf("%s: observers were told of %d skipped %s call(s), want %d", what, got, w.kind, skipped)
		}
	}
}

// testOneLogicalStatement checks that one database/sql call is one
// logical statement for the hooks: a counting hook sees exactly one query
// or exec per db.Query / db.Exec, also when the driver answers
// driver.ErrSkip and database/sql prepares the statement and runs it again
// (go-sql-driver/mysql without interpolateParams); that attempt is
// reported to observers as skipped, not as a call.
func testOneLogicalStatement(t *testing.T, tg Target) {
	ctx := context.Background()
	c := NewCounter()
	name := RegisterWrapped(t, tg, dhsql.WithHooks(c))
	s := &Side{Target: tg, Wrapped: true, Driver: name, names: newNames()}
	s.DB = s.Open(t, tg.DSN)
	s.DB.SetMaxOpenConns(1)
	tbl := s.Ident("one")
	s.CreateTable(t, tbl, "a int")
	prepareIfSkip := 0
	if tg.SkipsWithArgs {
		prepareIfSkip = 1
	}

	c.Reset()
	if _, err := s.DB.ExecContext(ctx, "INSERT INTO "+tbl+" (a) VALUES ("+s.P(1)+")", 1); err != nil {
		t.Fatal(err)
	}
	expectCounts(t, tg, "db.Exec with args", c,
		want{kind: interceptor.KindExec, calls: 1, done: 1, skippedIfSkipsWithArgs: true},
		want{kind: interceptor.KindPrepare, calls: prepareIfSkip, done: prepareIfSkip})

	c.Reset()
	if _, err := s.DB.ExecContext(ctx, "INSERT INTO "+tbl+" (a) VALUES (2)"); err != nil {
		t.Fatal(err)
	}
	expectCounts(t, tg, "db.Exec without args", c,
		want{kind: interceptor.KindExec, calls: 1, done: 1},
		want{kind: interceptor.KindPrepare})

	c.Reset()
	rows, err := s.DB.QueryContext(ctx, "SELECT a FROM "+tbl+" WHERE a > "+s.P(1), 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		n++
	}
	rows.Close()
	if n != 2 {
		t.Errorf("read %d rows, want 2", n)
	}
	expectCounts(t, tg, "db.Query with args", c,
		want{kind: interceptor.KindQuery, calls: 1, done: 1, skippedIfSkipsWithArgs: true},
		want{kind: interceptor.KindPrepare, calls: prepareIfSkip, done: prepareIfSkip})

	c.Reset()
	var v int
	if err := s.DB.QueryRowContext(ctx, "SELECT a FROM "+tbl+" WHERE a = "+s.P(1), 2).Scan(&v); err != nil {
		t.Fatal(err)
	}
	expectCounts(t, tg, "db.QueryRow with args", c,
		want{kind: interceptor.KindQuery, calls: 1, done: 1, skippedIfSkipsWithArgs: true})

	c.Reset()
	err = s.DB.QueryRowContext(ctx, "SELECT a FROM no_such_table_dhc WHERE a = "+s.P(1), 2).Scan(&v)
	if err == nil {
		t.Fatal("query of a missing table succeeded")
	}
	wantErr := c.Err(interceptor.KindQuery)
	if tg.SkipsWithArgs {
		// The failure is the prepare's.
		wantErr = c.Err(interceptor.KindPrepare)
	}
	if wantErr != err {
		t.Errorf("failed query: observers were told %v, the caller got %v", wantErr, err)
	}

	c.Reset()
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO "+tbl+" (a) VALUES ("+s.P(1)+")", 3); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	expectCounts(t, tg, "transaction", c,
		want{kind: interceptor.KindBegin, calls: 1, done: 1},
		want{kind: interceptor.KindExec, calls: 1, done: 1, skippedIfSkipsWithArgs: true},
		want{kind: interceptor.KindCommit, calls: 1, done: 1},
		want{kind: interceptor.KindRollback})

	c.Reset()
	stmt, err := s.DB.PrepareContext(ctx, "INSERT INTO "+tbl+" (a) VALUES ("+s.P(1)+")")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if _, err := stmt.ExecContext(ctx, 10+i); err != nil {
			t.Fatal(err)
		}
	}
	stmt.Close()
	expectCounts(t, tg, "prepared statement run three times", c,
		want{kind: interceptor.KindPrepare, calls: 1, done: 1},
		want{kind: interceptor.KindExec, calls: 3, done: 3})
}

// copyRun is what one COPY … FROM STDIN run showed its caller.
type copyRun struct {
	rowErrs    []string // errors of the rows' Execs (ErrorInfo), nil ones left out
	firstErr   string   // the first error of the copy, wherever it came
	duringRows bool     // whether the first error came from a row's Exec
	final      string   // the argument-less Exec: error, or RowsAffected
	close      string
	commit     string
	count      any
}

// runCopy copies n rows made by row into tbl through db in a transaction,
// the way lib/pq documents: Prepare(pq.CopyIn(…)), one Exec per row, a
// final Exec(), Close, Commit. With untilError it stops sending rows at
// the first error.
func runCopy(t *testing.T, db *sql.DB, tbl string, n int, row func(int) []any, untilError bool) copyRun {
	t.Helper()
	ctx := context.Background()
	var r copyRun
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	//lint:ignore SA1019 CopyIn is the documented way to build the statement.
	stmt, err := tx.Prepare(pq.CopyIn(tbl, "a", "b")) //nolint:staticcheck
	if err != nil {
		t.Fatalf("prepare copy: %v", err)
	}
	for i := 0; i < n; i++ {
		_, err := stmt.Exec(row(i)...)
		if err != nil {
			r.rowErrs = append(r.rowErrs, ErrorInfo(err))
			if r.firstErr == "" {
				r.firstErr = ErrorInfo(err)
				r.duringRows = true
			}
			if untilError {
				break
			}
		}
	}
	res, err := stmt.Exec()
	if err != nil {
		r.final = ErrorInfo(err)
		if r.firstErr == "" {
			r.firstErr = r.final
		}
	} else {
		n, err := res.RowsAffected()
		r.final = fmt.Sprintf("RowsAffected %d %v", n, err)
	}
	r.close = ErrorInfo(stmt.Close())
	r.commit = ErrorInfo(tx.Commit())
	r.count = count(ctx, db, tbl)
	return r
}

// testCopyIn checks lib/pq's COPY through the wrapper: the rows arrive,
// the result is the raw driver's, and a hook sees the whole copy as one
// exec — one failed exec, with the raw driver's error, for a copy with a
// bad row.
func testCopyIn(t *testing.T, tg Target) {
	c := NewCounter()
	hooked := RegisterWrapped(t, tg, dhsql.WithHooks(c))
	good := func(i int) []any { return []any{i, fmt.Sprintf("row %d", i)} }
	// A bad value in the middle of a small copy: COPY reports it when the
	// data reaches the server, at the final Exec.
	bad := func(i int) []any {
		if i == 10 {
			return []any{"not a number", "bad"}
		}
		return good(i)
	}
	// A bad value early in a copy that goes on until an Exec fails: lib/pq
	// flushes every 64 KiB, and the server's error then surfaces at a
	// row's Exec.
	long := strings.Repeat("x", 1000)
	badEarly := func(i int) []any {
		if i == 5 {
			return []any{"not a number", "bad"}
		}
		return []any{i, long}
	}

	cases := []struct {
		name       string
		n          int
		row        func(int) []any
		untilError bool
		fails      bool
	}{
		{"good", 50, good, false, false},
		{"bad row", 21, bad, false, true},
		{"bad row, error during rows", 1000000, badEarly, true, true},
	}
	for _, cs := range cases {
		t.Run(cs.name, func(t *testing.T) {
			var got [3]copyRun
			for i, drv := range []string{tg.RawDriver, tg.WrappedDriver, hooked} {
				s := &Side{Target: tg, Wrapped: i > 0, Driver: drv, names: newNames()}
				s.DB = s.Open(t, tg.DSN)
				tbl := s.Ident("copy")
				s.CreateTable(t, tbl, "a int, b text")
				c.Reset()
				got[i] = runCopy(t, s.DB, tbl, cs.n, cs.row, cs.untilError)
				if drv != hooked {
					continue
				}
				wantCalls := 1
				expectCounts(t, tg, cs.name, c,
					want{kind: interceptor.KindExec, calls: wantCalls, done: wantCalls},
					want{kind: interceptor.KindPrepare, calls: 1, done: 1})
				if q := c.Queries(interceptor.KindExec); len(q) == 1 && !strings.HasPrefix(strings.ToUpper(q[0]), "COPY") {
					t.Errorf("the hook's exec is %q, want the COPY statement", q[0])
				}
				hookErr := ErrorInfo(c.Err(interceptor.KindExec))
				if cs.fails && hookErr != got[i].firstErr {
					t.Errorf("the hook's exec ended with %s, the caller's copy with %s", hookErr, got[i].firstErr)
				}
				if !cs.fails && c.Err(interceptor.KindExec) != nil {
					t.Errorf("the hook's exec ended with %s for a good copy", hookErr)
				}
			}
			raw := got[0]
			if cs.fails == (raw.firstErr == "") {
				t.Errorf("raw: copy error %q, want failure=%v", raw.firstErr, cs.fails)
			}
			if cs.untilError && !raw.duringRows {
				t.Errorf("raw: the copy's error did not surface at a row's Exec")
			}
			if !cs.fails && raw.count != cs.n {
				t.Errorf("raw: %v rows copied, want %d", raw.count, cs.n)
			}
			for i, name := range []string{"wrapped", "wrapped with hooks"} {
				if fmt.Sprint(got[i+1]) != fmt.Sprint(raw) {
					t.Errorf("%s copy differs:\n  raw:     %+v\n  %s: %+v", name, raw, name, got[i+1])
				}
			}
		})
	}
}
