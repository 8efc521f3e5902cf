package conformance

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/lib/pq"
)

// checkMultipleResultSets runs multi-statement text and, where the server
// has them, a stored procedure returning two result sets, reading every
// set with rows.NextResultSet.
func checkMultipleResultSets(t *testing.T, s *Side) {
	ctx := context.Background()
	db := s.DB
	if len(s.Target.MultiStatementsParams) > 0 {
		db = s.Open(t, s.Target.AddParams(s.DSN, s.Target.MultiStatementsParams...))
	}
	sets := func(key, q string, args ...any) int {
		rows, err := db.QueryContext(ctx, q, args...)
		return recordRows(s, key, rows, err)
	}
	n := sets("two selects", "SELECT 1 AS a; SELECT 2 AS b, 'x' AS c")
	if !s.Wrapped && s.Target.MultiResultSets && n < 2 {
		t.Errorf("raw: a two-statement query gave %d result set(s), want 2", n)
	}
	sets("select then empty", "SELECT 1 AS a; SELECT 2 AS b WHERE 1 = 0")
	sets("one select", "SELECT 1 AS a")
	// Skipping a set without reading it.
	rows, err := db.QueryContext(ctx, "SELECT 1 AS a UNION ALL SELECT 2; SELECT 3 AS b")
	if err == nil {
		s.Record("skip: next set", rows.NextResultSet())
		s.Record("skip: columns", fmt.Sprint(rows.Columns()))
		for rows.Next() {
			var v int
			s.Record("skip: row", rows.Scan(&v), v)
		}
		s.Record("skip: err", rows.Err())
		s.Record("skip: close", rows.Close())
	} else {
		s.Record("skip: error", err)
	}
	tbl := s.Ident("multi")
	s.CreateTable(t, tbl, "id int PRIMARY KEY")
	res, err := db.ExecContext(ctx, "INSERT INTO "+tbl+" (id) VALUES (1); INSERT INTO "+tbl+" (id) VALUES (2), (3)")
	recordResult(s, "exec two inserts", res, err)
	s.Record("count", count(ctx, s.DB, tbl))
	_, err = db.ExecContext(ctx, "INSERT INTO "+tbl+" (id) VALUES (4); INSERT INTO "+tbl+" (id) VALUES (1)")
	s.Record("exec second fails", err)
	s.Record("count after failure", count(ctx, s.DB, tbl))

	if s.Target.StoredProcedures {
		proc := s.Ident("proc")
		s.Exec(t, "DROP PROCEDURE IF EXISTS "+proc)
		s.Exec(t, "CREATE PROCEDURE "+proc+"(IN x int) BEGIN SELECT x AS a; SELECT x + 1 AS b, 'y' AS c; END")
		t.Cleanup(func() { s.DB.Exec("DROP PROCEDURE IF EXISTS " + proc) })
		n := sets("call", "CALL "+proc+"(?)", 41)
		if !s.Wrapped && n < 2 {
			t.Errorf("raw: a procedure with two SELECTs gave %d result set(s), want 2", n)
		}
		// On the plain DSN too.
		rows, err := s.DB.QueryContext(ctx, "CALL "+proc+"(1)")
		recordRows(s, "call plain dsn", rows, err)
	}
}

// longRows is a query of 100000 rows in every dialect.
const longRows = "WITH d(x) AS (SELECT 0 UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 " +
	"UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) " +
	"SELECT a.x FROM d a, d b, d c, d e, d f"

// checkCancel compares what a canceled context and a passed deadline do
// to queries and execs: before the call, during a long query, and while
// rows are read; after each the pool must still serve queries.
func checkCancel(t *testing.T, s *Side) {
	ctx := context.Background()
	healthy := func(key string) {
		var one int
		err := s.DB.QueryRowContext(ctx, "SELECT 1").Scan(&one)
		s.Record(key+": pool healthy", one, err)
	}
	s.DB.SetMaxOpenConns(2)

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err := s.DB.QueryContext(cctx, "SELECT 1")
	s.Record("canceled before: query", err)
	_, err = s.DB.ExecContext(cctx, "SELECT 1")
	s.Record("canceled before: exec", err)
	_, err = s.DB.PrepareContext(cctx, "SELECT 1")
	s.Record("canceled before: prepare", err)
	s.Record("canceled before: ping", s.DB.PingContext(cctx))
	dctx, dcancel := context.WithDeadline(ctx, time.Now().Add(-time.Second))
	_, err = s.DB.QueryContext(dctx, "SELECT 1")
	dcancel()
	s.Record("deadline passed: query", err)
	healthy("before")

	sleep := sleepQuery(s.Target.Dialect)
	during := func(key string, mk func() (context.Context, context.CancelFunc), exec bool) {
		c, cancel := mk()
		defer cancel()
		start := time.Now()
		var err error
		if exec {
			_, err = s.DB.ExecContext(c, sleep)
		} else {
			var rows *sql.Rows
			rows, err = s.DB.QueryContext(c, sleep)
			if err == nil {
				for rows.Next() {
				}
				err = rows.Err()
				rows.Close()
			}
		}
		s.Record(key, err)
		// The statement runs for 10 s; the context ends after 0.3 s. The
		// margin is for loaded machines.
		s.Record(key+": ended early", time.Since(start) < 8*time.Second)
		healthy(key)
	}
	cancelAfter := func() (context.Context, context.CancelFunc) {
		c, cancel := context.WithCancel(ctx)
		tm := time.AfterFunc(300*time.Millisecond, cancel)
		return c, func() { tm.Stop(); cancel() }
	}
	timeout := func() (context.Context, context.CancelFunc) {
		return context.WithTimeout(ctx, 300*time.Millisecond)
	}
	during("cancel during query", cancelAfter, false)
	during("deadline during query", timeout, false)
	during("cancel during exec", cancelAfter, true)
	during("deadline during exec", timeout, true)

	// Canceled while the rows are read: database/sql closes them and
	// rows.Err reports the context's error.
	c, cancel := context.WithCancel(ctx)
	rows, err := s.DB.QueryContext(c, longRows)
	if err == nil {
		n := 0
		for rows.Next() {
			if n++; n == 1 {
				cancel()
			}
		}
		s.Record("cancel while reading: stopped early", n < 100000)
		s.Record("cancel while reading: err", rows.Err())
		s.Record("cancel while reading: close", rows.Close())
	} else {
		s.Record("cancel while reading: query", err)
	}
	cancel()
	healthy("cancel while reading")

	// A statement prepared before, run with a canceled context.
	stmt, err := s.DB.PrepareContext(ctx, "SELECT 1")
	if err == nil {
		c, cancel := context.WithCancel(ctx)
		cancel()
		_, err = stmt.QueryContext(c)
		s.Record("stmt canceled: query", err)
		_, err = stmt.ExecContext(c)
		s.Record("stmt canceled: exec", err)
		stmt.Close()
	}
	healthy("after")
	st := s.DB.Stats()
	s.Record("in use at end", st.InUse)
}

// checkBadConn breaks the connection under an idle pooled conn, then
// uses the pool: database/sql's retry on driver.ErrBadConn must behave the
// same raw and wrapped. It also breaks a pinned conn and a transaction's
// conn, where no retry is possible and the error reaches the caller. The
// connections go through a [Proxy] that resets them, so the driver sees
// the same failure every run.
func checkBadConn(t *testing.T, s *Side) {
	server, err := ServerAddr(s.Target)
	if err != nil {
		t.Fatalf("%s: %v", s.Name(), err)
	}
	p := StartProxy(t, server)
	dsn, err := WithAddr(s.Target.Dialect, s.DSN, p.Addr())
	if err != nil {
		t.Fatalf("%s: %v", s.Name(), err)
	}
	db := s.Open(t, dsn)
	badConnScenario(t, s, db, func(id int64) {
		// The pool's one connection, and maybe one the driver closed whose
		// proxy pipes have not noticed yet.
		if n := p.Reset(); n < 1 {
			t.Fatalf("%s: the proxy had no connection to reset", s.Name())
		}
		// The reset reaches the driver's socket on loopback at once; the
		// pause only absorbs scheduling. It must stay well under a second:
		// pgx's ResetSession pings a conn idle for more, which would hide
		// the broken conn from the statement under test.
		time.Sleep(20 * time.Millisecond)
	}, false, func(key string, err error) { s.Record(key, err) })
}

// checkServerKill is checkBadConn with the server killing the connection
// (pg_terminate_backend, KILL CONNECTION) from another connection. With
// PostgreSQL the driver then reads either the server's FATAL message
// (lib/pq and pgx turn it into driver.ErrBadConn where they can, and
// database/sql retries) or a TCP reset (a *net.OpError reaches the
// caller), whichever comes first (Target.KillRacy). There each outcome
// must be success or a connection error, and the pool must recover; the
// exact comparison is checkBadConn's.
func checkServerKill(t *testing.T, s *Side) {
	record := func(key string, err error) { s.Record(key, err) }
	if s.Target.KillRacy {
		record = func(key string, err error) {
			c := outcomeClass(err)
			if c == "ok" || c == "connection error" {
				c = "ok or connection error"
			}
			s.Record(key, c)
		}
	}
	badConnScenario(t, s, s.DB, func(id int64) {
		if _, err := s.admin(t).ExecContext(context.Background(), killStatement(s.Target.Dialect, id)); err != nil {
			t.Fatalf("%s: killing connection %d: %v", s.Name(), id, err)
		}
	}, true, record)
}

// outcomeClass sorts an error into success, a broken connection (of any
// of the forms drivers report it in), or the error itself.
func outcomeClass(err error) string {
	if err == nil {
		return "ok"
	}
	if isConnError(err) {
		return "connection error"
	}
	return ErrorInfo(err)
}

func isConnError(err error) bool {
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, mysql.ErrInvalidConn) {
		return true
	}
	if _, ok := errors.AsType[net.Error](err); ok {
		return true
	}
	if pe, ok := errors.AsType[*pq.Error](err); ok && pe.Code == "57P01" {
		return true
	}
	if pe, ok := errors.AsType[*pgconn.PgError](err); ok && pe.Code == "57P01" {
		return true
	}
	return false
}

// admin returns a raw connection pool to the side's server, for killing
// and watching connections; it is closed when t ends.
func (s *Side) admin(t *testing.T) *sql.DB {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.adminDB == nil {
		db, err := sql.Open(s.Target.RawDriver, s.Target.DSN)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		s.adminDB = db
	}
	return s.adminDB
}

// badConnScenario breaks connections with breakConn (given the server's id
// of the connection; with waitGone it then waits until the server has let
// the connection go) and records what each database/sql call then gives.
func badConnScenario(t *testing.T, s *Side, db *sql.DB, breakConn func(id int64), waitGone bool, record func(string, error)) {
	ctx := context.Background()
	kill := func(id int64) {
		t.Helper()
		breakConn(id)
		if !waitGone {
			return
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			var n int
			if err := s.admin(t).QueryRowContext(ctx, aliveQuery(s.Target.Dialect, id)).Scan(&n); err != nil {
				t.Fatalf("%s: %v", s.Name(), err)
			}
			if n == 0 {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: connection %d still alive 10s after it was broken", s.Name(), id)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	connID := func(q interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}) (int64, error) {
		var id int64
		err := q.QueryRowContext(ctx, connIDQuery(s.Target.Dialect)).Scan(&id)
		return id, err
	}

	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	for _, op := range []string{"query", "exec", "prepare", "begin", "ping"} {
		id, err := connID(db)
		if err != nil {
			t.Fatalf("%s: %v", s.Name(), err)
		}
		kill(id)
		var opErr error
		switch op {
		case "query":
			var one int
			opErr = db.QueryRowContext(ctx, "SELECT 1").Scan(&one)
		case "exec":
			_, opErr = db.ExecContext(ctx, "SELECT 1")
		case "prepare":
			var st *sql.Stmt
			st, opErr = db.PrepareContext(ctx, "SELECT 1")
			if opErr == nil {
				st.Close()
			}
		case "begin":
			var tx *sql.Tx
			tx, opErr = db.BeginTx(ctx, nil)
			if opErr == nil {
				opErr = tx.Rollback()
			}
		case "ping":
			opErr = db.PingContext(ctx)
		}
		record("pooled "+op+" after break", opErr)
		id2, err := connID(db)
		s.Record("pooled "+op+": next statement on a new conn", err, id2 != id && id2 != 0)
	}

	// A pinned connection cannot be replaced: the error reaches the caller.
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatalf("%s: %v", s.Name(), err)
	}
	id, err := connID(conn)
	if err != nil {
		t.Fatalf("%s: %v", s.Name(), err)
	}
	kill(id)
	var one int
	err = conn.QueryRowContext(ctx, "SELECT 1").Scan(&one)
	record("pinned query after break", err)
	err = conn.QueryRowContext(ctx, "SELECT 1").Scan(&one)
	record("pinned second query", err)
	record("pinned close", conn.Close())
	id2, err := connID(db)
	s.Record("after pinned: next statement on a new conn", err, id2 != id && id2 != 0)

	// A transaction whose connection broke.
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatalf("%s: %v", s.Name(), err)
	}
	id, err = connID(tx)
	if err != nil {
		t.Fatalf("%s: %v", s.Name(), err)
	}
	kill(id)
	_, err = tx.ExecContext(ctx, "SELECT 1")
	record("tx exec after break", err)
	record("tx commit after break", tx.Commit())
	id2, err = connID(db)
	s.Record("after tx: next statement on a new conn", err, id2 != id && id2 != 0)
}
