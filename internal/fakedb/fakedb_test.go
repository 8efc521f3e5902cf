package fakedb_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/deeperhub/dhsql/internal/fakedb"
)

func open(t *testing.T, cfg fakedb.Config) (*fakedb.Server, *sql.DB) {
	t.Helper()
	srv := fakedb.New(cfg)
	db := sql.OpenDB(srv.Connector())
	t.Cleanup(func() { db.Close() })
	return srv, db
}

func TestKinds(t *testing.T) {
	for _, k := range []fakedb.Kind{fakedb.Bare, fakedb.Legacy, fakedb.Full} {
		srv := fakedb.New(fakedb.Config{Conn: k})
		c, err := srv.Connector().Connect(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		_, execer := c.(driver.Execer) //nolint:staticcheck
		_, execerCtx := c.(driver.ExecerContext)
		_, pinger := c.(driver.Pinger)
		if execer != (k == fakedb.Legacy) || execerCtx != (k == fakedb.Full) || pinger != (k == fakedb.Full) {
			t.Errorf("conn %v: Execer %t ExecerContext %t Pinger %t", k, execer, execerCtx, pinger)
		}
		if s, ok := fakedb.ServerOf(c); !ok || s != srv {
			t.Errorf("ServerOf(conn %v) = %p, %t", k, s, ok)
		}
	}
	for _, k := range []fakedb.Kind{fakedb.Bare, fakedb.Full, fakedb.Converter, fakedb.BareConverter} {
		srv := fakedb.New(fakedb.Config{Conn: fakedb.Bare, Stmt: k})
		c, _ := srv.Connector().Connect(context.Background())
		s, err := c.Prepare("SELECT 1")
		if err != nil {
			t.Fatal(err)
		}
		_, ctx := s.(driver.StmtQueryContext)
		_, cc := s.(driver.ColumnConverter) //nolint:staticcheck
		_, nvc := s.(driver.NamedValueChecker)
		full := k == fakedb.Full || k == fakedb.Converter
		conv := k == fakedb.Converter || k == fakedb.BareConverter
		if ctx != full || nvc != full || cc != conv {
			t.Errorf("stmt %v: StmtQueryContext %t NamedValueChecker %t ColumnConverter %t", k, ctx, nvc, cc)
		}
	}
	for _, k := range []fakedb.Kind{fakedb.Bare, fakedb.Full} {
		srv := fakedb.New(fakedb.Config{Rows: k})
		c, _ := srv.Connector().Connect(context.Background())
		r, err := c.(driver.QueryerContext).QueryContext(context.Background(), "SELECT 1", nil)
		if err != nil {
			t.Fatal(err)
		}
		_, nrs := r.(driver.RowsNextResultSet)
		_, st := r.(driver.RowsColumnTypeScanType)
		if nrs != (k == fakedb.Full) || st != (k == fakedb.Full) {
			t.Errorf("rows %v: RowsNextResultSet %t RowsColumnTypeScanType %t", k, nrs, st)
		}
	}
	for _, b := range []bool{false, true} {
		srv := fakedb.New(fakedb.Config{ConnectorCloser: b, DriverContext: b})
		if _, ok := srv.Connector().(io.Closer); ok != b {
			t.Errorf("ConnectorCloser %t: io.Closer %t", b, ok)
		}
		if _, ok := srv.Driver().(driver.DriverContext); ok != b {
			t.Errorf("DriverContext %t: driver.DriverContext %t", b, ok)
		}
		if srv.Connector().Driver() != srv.Driver() {
			t.Error("Connector().Driver() is not Driver()")
		}
	}
}

func TestNewPanicsOnBadKind(t *testing.T) {
	for _, cfg := range []fakedb.Config{{Conn: fakedb.Converter}, {Stmt: fakedb.Legacy}, {Rows: fakedb.Legacy}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("New(%v) did not panic", cfg)
				}
			}()
			fakedb.New(cfg)
		}()
	}
}

func TestStatements(t *testing.T) {
	for _, conn := range []fakedb.Kind{fakedb.Bare, fakedb.Legacy, fakedb.Full} {
		for _, st := range []fakedb.Kind{fakedb.Bare, fakedb.Full} {
			cfg := fakedb.Config{Conn: conn, Stmt: st}
			t.Run(cfg.String(), func(t *testing.T) {
				srv, db := open(t, cfg)
				var ids []int64
				var names []sql.NullString
				rows, err := db.Query("SELECT 4")
				if err != nil {
					t.Fatal(err)
				}
				for rows.Next() {
					var id int64
					var name sql.NullString
					if err := rows.Scan(&id, &name); err != nil {
						t.Fatal(err)
					}
					ids, names = append(ids, id), append(names, name)
				}
				if err := rows.Err(); err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(ids, []int64{1, 2, 3, 4}) || names[0].String != "name-1" || names[2].Valid {
					t.Errorf("SELECT 4 = %v %v", ids, names)
				}

				res, err := db.Exec("EXEC 7")
				if err != nil {
					t.Fatal(err)
				}
				if n, _ := res.RowsAffected(); n != 7 {
					t.Errorf("EXEC 7: RowsAffected %d", n)
				}

				if _, err := db.Exec("ERR"); err != fakedb.ErrBoom {
					t.Errorf("ERR: %v", err)
				}
				_, err = db.Exec("ERRT")
				var fe *fakedb.Error
				if !errors.As(err, &fe) || err != srv.LastError() {
					t.Errorf("ERRT: %v, last %v", err, srv.LastError())
				}
				_, err2 := db.Exec("ERRT")
				if err2 == err || err2 != srv.LastError() {
					t.Errorf("ERRT twice: %v then %v", err, err2)
				}
				if _, err := db.Exec("NOPE"); err != fakedb.ErrSyntax {
					t.Errorf("NOPE: %v", err)
				}
				ps, err := db.Prepare("EXEC 1 ? ?")
				if err != nil {
					t.Fatal(err)
				}
				if _, err := ps.Exec(1); err == nil || !strings.Contains(err.Error(), "expected 2 arguments, got 1") {
					t.Errorf("EXEC 1 ? ? with one arg: %v", err)
				}
				ps.Close()
				if err := db.QueryRow("SELECT 2 ERR").Scan(new(int64), new(any)); err != nil {
					t.Errorf("QueryRow(SELECT 2 ERR) = %v, want the first row", err)
				}
				rows, _ = db.Query("SELECT 1 ERRT")
				for rows.Next() {
				}
				if err := rows.Err(); err == nil || err != srv.LastError() {
					t.Errorf("SELECT 1 ERRT: rows.Err() = %v", err)
				}
				rows.Close()
				if s := srv.Stats(); s.Stmts != 0 || s.Rows != 0 || s.Txs != 0 {
					t.Errorf("Stats = %+v, want nothing open", s)
				}
			})
		}
	}
}

func TestBadConn(t *testing.T) {
	srv, db := open(t, fakedb.Config{})
	if _, err := db.Exec("BADCONN"); err != nil {
		t.Fatalf("BADCONN on a new conn: %v", err)
	}
	// The pooled conn answers ErrBadConn; database/sql retries on a new one.
	if _, err := db.Exec("BADCONN"); err != nil {
		t.Fatalf("BADCONN on a pooled conn: %v", err)
	}
	log := strings.Join(srv.Log(), "\n")
	if !strings.Contains(log, "c1 Close") || !strings.Contains(log, "c2 ExecContext \"BADCONN\"") {
		t.Errorf("log:\n%s", log)
	}
}

func TestSkip(t *testing.T) {
	srv, db := open(t, fakedb.Config{SkipWithArgs: true})
	if _, err := db.Exec("EXEC 1", 1); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("SKIP EXEC 1"); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`c1 Connect`,
		`c1 CheckNamedValue int(1)`, // database/sql converts for the conn, int stays int until default conversion
		`c1 ExecContext "EXEC 1" [int64(1)]`,
		`c1 PrepareContext "EXEC 1"`,
		`c1.s1 NumInput`,
		`c1.s1 CheckNamedValue int(1)`,
		`c1.s1 ExecContext [int64(1)]`,
		`c1.s1 Close`,
		`c1 IsValid`,
		`c1 ResetSession`,
		`c1 ExecContext "SKIP EXEC 1" []`,
		`c1 PrepareContext "SKIP EXEC 1"`,
		`c1.s2 NumInput`,
		`c1.s2 ExecContext []`,
		`c1.s2 Close`,
		`c1 IsValid`,
	}
	if got := srv.Log(); !slices.Equal(got, want) {
		t.Errorf("log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSlow(t *testing.T) {
	srv, db := open(t, fakedb.Config{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-srv.Blocked()
		cancel()
	}()
	if _, err := db.ExecContext(ctx, "SLOW"); err != context.Canceled {
		t.Errorf("SLOW: %v", err)
	}
	srv2, db2 := open(t, fakedb.Config{Conn: fakedb.Legacy})
	if _, err := db2.Exec("SLOW"); err != fakedb.ErrNoContext || srv2.LastError() != err {
		t.Errorf("SLOW without context: %v", err)
	}
}

func TestMulti(t *testing.T) {
	_, db := open(t, fakedb.Config{})
	rows, err := db.Query("MULTI")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var sets [][]string
	for {
		cols, _ := rows.Columns()
		n := 0
		for rows.Next() {
			n++
		}
		sets = append(sets, append(cols, strings.Repeat("x", n)))
		if !rows.NextResultSet() {
			break
		}
	}
	if want := [][]string{{"id", "name", "xx"}, {"n", "x"}}; !reflect.DeepEqual(sets, want) {
		t.Errorf("MULTI = %v, want %v", sets, want)
	}
}

func TestTxAndCopy(t *testing.T) {
	srv, db := open(t, fakedb.Config{})
	tx, err := db.BeginTx(context.Background(), &sql.TxOptions{Isolation: sql.LevelSerializable, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	st, err := tx.Prepare("COPY t (a, b) FROM STDIN")
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := st.Exec("x", 1); err != nil {
			t.Fatal(err)
		}
	}
	res, err := st.Exec()
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 3 {
		t.Errorf("COPY: RowsAffected %d", n)
	}
	if _, err := st.Exec("x"); err != fakedb.ErrCopyClosed {
		t.Errorf("Exec after the end of COPY: %v", err)
	}
	st.Close()
	if _, err := tx.Exec("FAILCOMMIT"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != fakedb.ErrBoom {
		t.Errorf("Commit after FAILCOMMIT: %v", err)
	}
	if !slices.Contains(srv.Log(), "c1 BeginTx isolation=6 readonly=true") {
		t.Errorf("log: %q", srv.Log())
	}

	tx, _ = db.Begin()
	st, _ = tx.Prepare("COPY t FROM STDIN")
	st.Exec("ok")
	_, err = st.Exec("bad")
	if _, ok := err.(*fakedb.Error); !ok || err != srv.LastError() {
		t.Errorf("bad COPY row: %v", err)
	}
	if _, err2 := st.Exec(); err2 != err {
		t.Errorf("COPY end after a bad row: %v, want %v", err2, err)
	}
	st.Close()
	tx.Rollback()
	if s := srv.Stats(); s != (fakedb.Stats{Conns: 1}) {
		t.Errorf("Stats = %+v", s)
	}
}

func TestNoAllocPerRow(t *testing.T) {
	_, db := open(t, fakedb.Config{NoLog: true})
	read := func(q string) func() {
		return func() {
			rows, err := db.Query(q)
			if err != nil {
				t.Fatal(err)
			}
			var id, name any
			for rows.Next() {
				rows.Scan(&id, &name)
			}
			rows.Close()
		}
	}
	if a, b := testing.AllocsPerRun(50, read("SELECT 10")), testing.AllocsPerRun(50, read("SELECT 1000")); a != b {
		t.Errorf("allocs: %v for 10 rows, %v for 1000", a, b)
	}
}

// BenchmarkPointQuery measures database/sql over the fake without log.
func BenchmarkPointQuery(b *testing.B) {
	db := sql.OpenDB(fakedb.NewConnector(fakedb.Config{NoLog: true}))
	defer db.Close()
	b.ReportAllocs()
	var id int64
	var name string
	for b.Loop() {
		if err := db.QueryRow("SELECT 1").Scan(&id, &name); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDriverQuery measures the fake alone: a point query on a conn.
func BenchmarkDriverQuery(b *testing.B) {
	c, _ := fakedb.NewConnector(fakedb.Config{NoLog: true}).Connect(context.Background())
	q := c.(driver.QueryerContext)
	dest := make([]driver.Value, 2)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		r, err := q.QueryContext(ctx, "SELECT 1", nil)
		if err != nil {
			b.Fatal(err)
		}
		r.Next(dest)
		r.Next(dest)
		r.Close()
	}
}
