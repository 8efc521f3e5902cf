package interceptor_test

import (
	"context"
	"database/sql"
	"errors"
	"reflect"
	"testing"

	"github.com/deeperhub/dhsql/interceptor"
	"github.com/deeperhub/dhsql/internal/fakedb"
)

// wantSameError fails unless got is the very value want: ==, same dynamic
// type, same text, and nothing added around it (its Unwrap is want's).
func wantSameError(t *testing.T, what string, got, want error) {
	t.Helper()
	if want == nil {
		t.Fatalf("%s: the fake returned no error", what)
	}
	if got != want {
		t.Errorf("%s: got %T %q, want the fake's own %T %q", what, got, got, want, want)
		return
	}
	if reflect.TypeOf(got) != reflect.TypeOf(want) || got.Error() != want.Error() {
		t.Errorf("%s: type or text changed", what)
	}
	if errors.Unwrap(got) != errors.Unwrap(want) {
		t.Errorf("%s: Unwrap = %v, want %v", what, errors.Unwrap(got), errors.Unwrap(want))
	}
}

// TestErrorsPassThrough pins that every error of the inner driver reaches
// the caller, and the hooks, as the same value: sentinels, fresh pointers,
// context errors, Next, Commit and COPY errors.
func TestErrorsPassThrough(t *testing.T) {
	type errCase struct {
		name string
		run  func(db *sql.DB, srv *fakedb.Server) (got, want error)
	}
	cases := []errCase{
		{"exec sentinel", func(db *sql.DB, srv *fakedb.Server) (error, error) {
			_, err := db.Exec("ERR")
			return err, fakedb.ErrBoom
		}},
		{"exec fresh", func(db *sql.DB, srv *fakedb.Server) (error, error) {
			_, err := db.Exec("ERRT")
			return err, srv.LastError()
		}},
		{"exec fresh with args", func(db *sql.DB, srv *fakedb.Server) (error, error) {
			_, err := db.Exec("ERRT", 1)
			return err, srv.LastError()
		}},
		{"query fresh", func(db *sql.DB, srv *fakedb.Server) (error, error) {
			_, err := db.Query("ERRT", 1)
			return err, srv.LastError()
		}},
		{"prepare", func(db *sql.DB, srv *fakedb.Server) (error, error) {
			_, err := db.Prepare("ERRP")
			return err, fakedb.ErrBoom
		}},
		{"stmt exec fresh", func(db *sql.DB, srv *fakedb.Server) (error, error) {
			st, err := db.Prepare("ERRT ?")
			if err != nil {
				return err, nil
			}
			defer st.Close()
			_, err = st.Exec(1)
			return err, srv.LastError()
		}},
		{"next fresh", func(db *sql.DB, srv *fakedb.Server) (error, error) {
			rows, err := db.Query("SELECT 2 ERRT")
			if err != nil {
				return err, nil
			}
			for rows.Next() {
			}
			rows.Close()
			return rows.Err(), srv.LastError()
		}},
		{"next sentinel", func(db *sql.DB, srv *fakedb.Server) (error, error) {
			err := db.QueryRow("SELECT 0 ERR").Scan(new(any), new(any))
			return err, fakedb.ErrBoom
		}},
		{"commit", func(db *sql.DB, srv *fakedb.Server) (error, error) {
			tx, err := db.Begin()
			if err != nil {
				return err, nil
			}
			tx.Exec("FAILCOMMIT")
			return tx.Commit(), fakedb.ErrBoom
		}},
		{"copy row", func(db *sql.DB, srv *fakedb.Server) (error, error) {
			st, err := db.Prepare("COPY t FROM STDIN")
			if err != nil {
				return err, nil
			}
			defer st.Close()
			st.Exec("a")
			_, err = st.Exec("bad")
			return err, srv.LastError()
		}},
		{"copy end after a bad row", func(db *sql.DB, srv *fakedb.Server) (error, error) {
			st, err := db.Prepare("COPY t FROM STDIN")
			if err != nil {
				return err, nil
			}
			defer st.Close()
			st.Exec("bad")
			_, err = st.Exec()
			return err, srv.LastError()
		}},
		{"syntax", func(db *sql.DB, srv *fakedb.Server) (error, error) {
			_, err := db.Exec("NOPE", 1)
			return err, fakedb.ErrSyntax
		}},
		{"context", func(db *sql.DB, srv *fakedb.Server) (error, error) {
			var err error
			whileSlow(srv, func(ctx context.Context) []string {
				_, err = db.QueryContext(ctx, "SLOW", 1)
				return nil
			})
			// context.Canceled, or ErrNoContext where the fake gets no
			// context (legacy methods).
			want := srv.LastError()
			if want != context.Canceled && want != fakedb.ErrNoContext {
				return err, nil
			}
			return err, want
		}},
	}
	for _, cfg := range allConfigs() {
		if cfg.Rows == fakedb.Bare {
			continue
		}
		t.Run(cfg.String(), func(t *testing.T) {
			for _, c := range cases {
				t.Run(c.name+"/no hooks", func(t *testing.T) {
					srv := fakedb.New(cfg)
					db := sql.OpenDB(interceptor.WrapConnector(srv.Connector(), nil, nil))
					defer db.Close()
					got, want := c.run(db, srv)
					wantSameError(t, "caller", got, want)
				})
				t.Run(c.name+"/hooks", func(t *testing.T) {
					rec := &recorder{}
					chain := interceptor.NewChain(&recorder{}, rec, &recorder{})
					srv := fakedb.New(cfg)
					db := sql.OpenDB(interceptor.WrapConnector(srv.Connector(), nil, chain))
					defer db.Close()
					got, want := c.run(db, srv)
					wantSameError(t, "caller", got, want)
					// The hook that ran the failing call saw that error.
					seen := false
					for _, r := range rec.Calls() {
						if r.Err == want || r.DoneErr == want {
							seen = true
							if r.Err != nil && r.Err != want {
								t.Errorf("hook: next returned %v", r.Err)
							}
						}
					}
					if !seen {
						t.Errorf("no hook saw %v", want)
					}
				})
			}
		})
	}
}

// TestFallbackErrorTexts pins database/sql's own error texts where the
// wrapper stands in for it: named arguments given to the legacy methods,
// and transaction options a conn without BeginTx cannot honour.
func TestFallbackErrorTexts(t *testing.T) {
	const (
		named    = "sql: driver does not support the use of Named Parameters"
		level    = "sql: driver does not support non-default isolation level"
		readOnly = "sql: driver does not support read-only transactions"
	)
	for _, cfg := range []fakedb.Config{
		{Conn: fakedb.Legacy},                  // conn-level Exec/Query
		{Conn: fakedb.Bare, Stmt: fakedb.Bare}, // prepared Exec/Query
		{Conn: fakedb.Legacy, Stmt: fakedb.Bare, SkipWithArgs: true},
	} {
		t.Run(cfg.String(), func(t *testing.T) {
			srv := fakedb.New(cfg)
			db := sql.OpenDB(interceptor.WrapConnector(srv.Connector(), nil, interceptor.NewChain(&recorder{})))
			defer db.Close()
			_, err := db.Exec("EXEC 1", sql.Named("a", 1))
			wantText(t, "Exec with a named argument", err, named)
			_, err = db.Query("SELECT 1", sql.Named("a", 1))
			wantText(t, "Query with a named argument", err, named)
			_, err = db.BeginTx(bg, &sql.TxOptions{Isolation: sql.LevelSerializable})
			wantText(t, "BeginTx(serializable)", err, level)
			_, err = db.BeginTx(bg, &sql.TxOptions{ReadOnly: true})
			wantText(t, "BeginTx(read-only)", err, readOnly)
		})
	}
}

func wantText(t *testing.T, what string, err error, text string) {
	t.Helper()
	if err == nil || err.Error() != text {
		t.Errorf("%s: %v, want %q", what, err, text)
	}
}
