package interceptor_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"testing"

	"github.com/deeperhub/dhsql/interceptor"
	"github.com/deeperhub/dhsql/internal/fakedb"
)

// TestCopyIsOneExec pins that a lib/pq-style COPY … FROM STDIN — many row
// Execs on one statement — is one exec call for the hooks, run when the
// COPY completes (final Exec or Close) or fails, with the caller getting
// the driver's own error value.
func TestCopyIsOneExec(t *testing.T) {
	const copyQuery = "COPY t (a, b) FROM STDIN"
	type copyCase struct {
		name     string
		rows     []string
		final    bool // end with an Exec without arguments
		wantRows int64
		wantErr  bool
	}
	cases := []copyCase{
		{"rows and final exec", []string{"a", "b", "c", "d", "e"}, true, 5, false},
		{"no rows, final exec", nil, true, 0, false},
		{"rows, then close", []string{"a", "b"}, false, 2, false},
		{"bad row", []string{"a", "bad", "c"}, true, 0, true},
		{"bad row, then close", []string{"bad"}, false, 0, true},
	}
	for _, ck := range connKinds {
		for _, c := range cases {
			t.Run(ck.String()+"/"+c.name, func(t *testing.T) {
				rec := &recorder{}
				srv := fakedb.New(fakedb.Config{Conn: ck})
				db := sql.OpenDB(interceptor.WrapConnector(srv.Connector(), nil, interceptor.NewChain(rec)))
				defer db.Close()
				tx, err := db.Begin()
				if err != nil {
					t.Fatal(err)
				}
				st, err := tx.Prepare(copyQuery)
				if err != nil {
					t.Fatal(err)
				}
				var rowErr error
				for _, r := range c.rows {
					if _, err := st.Exec(r, 1); err != nil && rowErr == nil {
						rowErr = err
						wantSameError(t, "bad row", err, srv.LastError())
					}
				}
				if len(rec.Attempted(interceptor.KindExec)) != 0 && !c.wantErr {
					t.Errorf("hooks ran for a COPY row")
				}
				var res sql.Result
				if c.final {
					res, err = st.Exec()
					if c.wantErr {
						wantSameError(t, "final exec", err, rowErr)
					} else if err != nil {
						t.Fatal(err)
					} else if n, _ := res.RowsAffected(); n != c.wantRows {
						t.Errorf("RowsAffected = %d, want %d", n, c.wantRows)
					}
				}
				st.Close()
				tx.Commit()

				execs := rec.Attempted(interceptor.KindExec)
				if len(execs) != 1 {
					t.Fatalf("hooks saw %d exec calls, want 1: %+v", len(execs), execs)
				}
				e := execs[0]
				if e.Query != copyQuery || !e.Prepared || e.NDone != 1 {
					t.Errorf("exec call %q prepared %t done %d times", e.Query, e.Prepared, e.NDone)
				}
				if c.wantErr {
					if rowErr == nil || e.Err != rowErr || e.DoneErr != rowErr {
						t.Errorf("failed COPY: next returned %v, Done %v; want %v", e.Err, e.DoneErr, rowErr)
					}
					if e.Result != nil {
						t.Errorf("failed COPY: Call.Result = %v", e.Result)
					}
				} else {
					if e.Err != nil || e.DoneErr != nil {
						t.Errorf("COPY: next returned %v, Done %v", e.Err, e.DoneErr)
					}
					if c.final {
						if n, _ := e.Result.RowsAffected(); n != c.wantRows {
							t.Errorf("Call.Result.RowsAffected = %d, want %d", n, c.wantRows)
						}
					}
				}
				rec.checkObservers(t)
				if s := srv.Stats(); s.Stmts != 0 {
					t.Errorf("%d statements left open", s.Stmts)
				}
			})
		}
	}
}

// TestCopyData pins lib/pq's raw-line CopyData method through sql.Conn.Raw:
// forwarded to the inner statement, and one exec call for the hooks.
func TestCopyData(t *testing.T) {
	type copyDataer interface {
		CopyData(ctx context.Context, line string) (driver.Result, error)
	}
	for _, lines := range [][]string{{"1\tx", "2\ty", "3\tz"}, {"1\tx", "bad", "3\tz"}} {
		rec := &recorder{}
		srv := fakedb.New(fakedb.Config{})
		db := sql.OpenDB(interceptor.WrapConnector(srv.Connector(), nil, interceptor.NewChain(rec)))
		c, err := db.Conn(bg)
		if err != nil {
			t.Fatal(err)
		}
		var lineErr, endErr error
		var res driver.Result
		err = c.Raw(func(dc any) error {
			st, err := dc.(driver.ConnPrepareContext).PrepareContext(bg, "COPY t FROM STDIN")
			if err != nil {
				return err
			}
			defer st.Close()
			cd, ok := st.(copyDataer)
			if !ok {
				t.Fatalf("wrapped COPY statement %T has no CopyData", st)
			}
			for _, l := range lines {
				if _, err := cd.CopyData(bg, l); err != nil && lineErr == nil {
					lineErr = err
				}
			}
			res, endErr = st.(driver.StmtExecContext).ExecContext(bg, nil)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
		db.Close()
		execs := rec.Attempted(interceptor.KindExec)
		if len(execs) != 1 {
			t.Fatalf("%q: %d exec calls, want 1", lines, len(execs))
		}
		if lines[1] == "bad" {
			wantSameError(t, "CopyData", lineErr, srv.LastError())
			wantSameError(t, "end", endErr, lineErr)
			if execs[0].Err != lineErr {
				t.Errorf("hook saw %v, want %v", execs[0].Err, lineErr)
			}
		} else if n, _ := res.RowsAffected(); endErr != nil || n != 3 || execs[0].Err != nil {
			t.Errorf("COPY of 3 lines: %v, %d rows; hook saw %v", endErr, n, execs[0].Err)
		}
		rec.checkObservers(t)
	}
}
