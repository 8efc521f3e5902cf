package conformance

import (
	"context"
	"database/sql/driver"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deeperhub/dhsql"
	"github.com/deeperhub/dhsql/interceptor"
)

// failure is a statement that fails (or, on some servers, does not).
type failure struct {
	name  string
	query string
	args  []any
	// server is true when the raw driver must return its own error type
	// (errors.As to *pq.Error, *pgconn.PgError, *mysql.MySQLError,
	// *sqlite.Error).
	server bool
}

// errorFixtures creates a parent and a child table and returns the
// failing statements on them.
func errorFixtures(t *testing.T, s *Side) []failure {
	t.Helper()
	parent, child := s.Ident("parent"), s.Ident("child")
	s.CreateTable(t, parent, "id int PRIMARY KEY")
	s.CreateTable(t, child, "id int PRIMARY KEY, pid int NOT NULL REFERENCES "+parent+" (id), u varchar(8) UNIQUE, n int")
	t.Cleanup(func() { s.DB.Exec("DROP TABLE IF EXISTS " + child) }) // before the parent
	s.Exec(t, "INSERT INTO "+parent+" (id) VALUES (1)")
	s.Exec(t, "INSERT INTO "+child+" (id, pid, u) VALUES (1, 1, 'x')")
	d := s.Target.Dialect
	insChild := "INSERT INTO " + child + " (id, pid, u) VALUES "
	div := "SELECT 1/0"
	if d == MySQL {
		// MySQL's SELECT 1/0 is NULL with a warning; strict mode makes it an
		// error in a write.
		div = "INSERT INTO " + child + " (id, pid, u) VALUES (1/0, 1, 'd')"
	}
	fs := []failure{
		{name: "syntax error", query: "SELEC 1", server: true},
		{name: "missing table", query: "SELECT * FROM dhc_no_such_table", server: true},
		{name: "missing column", query: "SELECT no_such_column FROM " + parent, server: true},
		{name: "unique violation", query: insChild + "(2, 1, 'x')", server: true},
		{name: "primary key violation", query: insChild + "(1, 1, 'y')", server: true},
		{name: "foreign key violation", query: insChild + "(3, 99, 'z')", server: true},
		{name: "referenced row deleted", query: "DELETE FROM " + parent + " WHERE id = 1", server: true},
		{name: "not-null violation", query: insChild + "(4, NULL, 'w')", server: true},
		{name: "division by zero", query: div, server: d != SQLite},
		{name: "value too long", query: insChild + "(5, 1, 'abcdefghijklmnop')", server: d != SQLite},
		{name: "too few args", query: "SELECT id FROM " + parent + " WHERE id = " + s.P(1)},
		{name: "too many args", query: "SELECT id FROM " + parent + " WHERE id = " + s.P(1), args: []any{1, 2}},
		// An UPDATE, not a SELECT: go-sql-driver/mysql v1.10.1 hangs in
		// Exec of a SELECT whose argument draws a warning from MariaDB.
		{name: "bad arg type", query: "UPDATE " + parent + " SET id = id WHERE id = " + s.P(1), args: []any{"abc"}},
		{name: "unsupported arg", query: "SELECT id FROM " + parent + " WHERE id = " + s.P(1), args: []any{make(chan int)}},
		{name: "empty statement", query: ""},
	}
	return fs
}

// checkErrors runs failing statements through db.Exec, db.Query, a
// prepared statement and a transaction, and compares each error: dynamic
// type, text, sentinel identity and the driver error's fields.
func checkErrors(t *testing.T, s *Side) {
	// No statement here may take long; a hang fails instead of stalling.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, f := range errorFixtures(t, s) {
		_, err := s.DB.ExecContext(ctx, f.query, f.args...)
		s.Record(f.name+": db.Exec", err)
		if !s.Wrapped && f.server {
			if _, ok := DriverErrorCode(s.Target, err); !ok {
				t.Errorf("raw: %s: %q gave %v, want an error of the driver's own type", f.name, f.query, err)
			}
		}
		rows, err := s.DB.QueryContext(ctx, f.query, f.args...)
		if err == nil {
			for rows.Next() {
			}
			err = rows.Err()
			s.Record(f.name+": db.Query rows", err, rows.Close())
		} else {
			s.Record(f.name+": db.Query", err)
		}
		var v any
		err = s.DB.QueryRowContext(ctx, f.query, f.args...).Scan(&v)
		s.Record(f.name+": db.QueryRow", err)
		stmt, err := s.DB.PrepareContext(ctx, f.query)
		if err != nil {
			s.Record(f.name+": db.Prepare", err)
		} else {
			_, err = stmt.ExecContext(ctx, f.args...)
			s.Record(f.name+": stmt.Exec", err)
			err = stmt.QueryRowContext(ctx, f.args...).Scan(&v)
			s.Record(f.name+": stmt.QueryRow", err)
			s.Record(f.name+": stmt.Close", stmt.Close())
		}
		tx, err := s.DB.BeginTx(ctx, nil)
		if err != nil {
			t.Fatalf("%s: begin: %v", s.Name(), err)
		}
		_, err = tx.ExecContext(ctx, f.query, f.args...)
		s.Record(f.name+": tx.Exec", err)
		s.Record(f.name+": tx.Rollback", tx.Rollback())
	}
	// Scan errors come from database/sql, on the driver's values.
	var n int
	err := s.DB.QueryRowContext(ctx, "SELECT 'abc'").Scan(&n)
	s.Record("scan conversion", err)
	err = s.DB.QueryRowContext(ctx, "SELECT NULL").Scan(&n)
	s.Record("scan NULL", err)
}

// errCatcher is the innermost hook: it keeps every error the inner driver
// returned, so the caller's error can be compared by identity.
type errCatcher struct {
	mu   sync.Mutex
	errs []error
}

func (c *errCatcher) keep(err error) {
	if err != nil && err != driver.ErrSkip {
		c.mu.Lock()
		c.errs = append(c.errs, err)
		c.mu.Unlock()
	}
}

func (c *errCatcher) take() []error {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.errs
	c.errs = nil
	return e
}

func (c *errCatcher) Query(ctx context.Context, call *interceptor.Call, next interceptor.QueryFunc) (driver.Rows, error) {
	r, err := next(ctx, call)
	c.keep(err)
	return r, err
}

func (c *errCatcher) Exec(ctx context.Context, call *interceptor.Call, next interceptor.ExecFunc) (driver.Result, error) {
	r, err := next(ctx, call)
	c.keep(err)
	return r, err
}

func (c *errCatcher) Prepare(ctx context.Context, call *interceptor.Call, next interceptor.PrepareFunc) (driver.Stmt, error) {
	st, err := next(ctx, call)
	c.keep(err)
	return st, err
}

func (c *errCatcher) Commit(ctx context.Context, call *interceptor.Call, next interceptor.TxFunc) error {
	err := next(ctx, call)
	c.keep(err)
	return err
}

// testErrorIdentity checks the invariant that errors pass through as the
// same value: the error the caller gets from the wrapped driver is == the
// error the inner driver returned (seen by the innermost hook), for every
// failing statement of the Errors check.
func testErrorIdentity(t *testing.T, tg Target) {
	ctx := context.Background()
	catcher := &errCatcher{}
	name := RegisterWrapped(t, tg, dhsql.WithHooks(catcher))
	s := &Side{Target: tg, Wrapped: true, Driver: name, names: newNames()}
	s.DB = s.Open(t, tg.DSN)
	check := func(what string, err error) {
		t.Helper()
		seen := catcher.take()
		if err == nil {
			return
		}
		if len(seen) == 0 {
			// database/sql made this error itself (argument count, scan);
			// the driver was not called.
			return
		}
		last := seen[len(seen)-1]
		if last != err {
			t.Errorf("%s: the caller got %s, the inner driver returned %s: not the same value", what, ErrorInfo(err), ErrorInfo(last))
		}
	}
	for _, f := range errorFixtures(t, s) {
		catcher.take()
		_, err := s.DB.ExecContext(ctx, f.query, f.args...)
		check(f.name+": db.Exec", err)
		rows, err := s.DB.QueryContext(ctx, f.query, f.args...)
		if err == nil {
			rows.Close()
			catcher.take()
		}
		check(f.name+": db.Query", err)
		stmt, err := s.DB.PrepareContext(ctx, f.query)
		check(f.name+": db.Prepare", err)
		if err == nil {
			_, err = stmt.ExecContext(ctx, f.args...)
			check(f.name+": stmt.Exec", err)
			stmt.Close()
		}
	}
	// A commit the server refuses.
	if tg.Dialect == Postgres {
		tbl := s.Ident("deferred")
		s.CreateTable(t, tbl, "id int PRIMARY KEY, r int REFERENCES "+tbl+" (id) DEFERRABLE INITIALLY DEFERRED")
		tx, err := s.DB.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO "+tbl+" (id, r) VALUES (1, 99)"); err != nil {
			t.Fatal(err)
		}
		catcher.take()
		err = tx.Commit()
		if err == nil || !strings.Contains(err.Error(), "foreign key") {
			t.Errorf("deferred constraint: commit gave %v, want a foreign key violation", err)
		}
		check("commit", err)
	}
}
