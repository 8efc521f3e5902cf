package interceptor_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"testing"

	"github.com/deeperhub/dhsql/interceptor"
	"github.com/deeperhub/dhsql/internal/fakedb"
)

// doneCounter records, per query text, the rows its observer saw.
type doneCounter struct{ rows map[string]int64 }

func (h *doneCounter) Query(ctx context.Context, c *interceptor.Call, next interceptor.QueryFunc) (driver.Rows, error) {
	c.Observe(h)
	return next(ctx, c)
}

func (h *doneCounter) Exec(ctx context.Context, c *interceptor.Call, next interceptor.ExecFunc) (driver.Result, error) {
	c.Observe(h)
	return next(ctx, c)
}

func (h *doneCounter) Done(c *interceptor.Call, _ error) { h.rows[c.Query] = c.RowsRead }

// A connection reuses a finished call for its next one. Rows still open
// keep theirs: a query run while other rows of the same connection are
// open must not disturb them.
func TestCallReuseLeavesOpenRowsAlone(t *testing.T) {
	h := &doneCounter{rows: map[string]int64{}}
	db := sql.OpenDB(interceptor.WrapConnector(fakedb.NewConnector(fakedb.Config{}), nil, interceptor.NewChain(h)))
	defer db.Close()
	tx, err := db.Begin() // one connection for everything below
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()

	outer, err := tx.Query("SELECT 5")
	if err != nil {
		t.Fatal(err)
	}
	outer.Next()
	for i := 0; i < 3; i++ {
		if _, err := tx.Exec("EXEC 1"); err != nil {
			t.Fatal(err)
		}
		var id int64
		var name sql.NullString
		if err := tx.QueryRow("SELECT 2").Scan(&id, &name); err != nil {
			t.Fatal(err)
		}
	}
	n := 1
	for outer.Next() {
		n++
	}
	if err := outer.Close(); err != nil {
		t.Fatal(err)
	}
	if n != 5 || h.rows["SELECT 5"] != 5 || h.rows["SELECT 2"] != 1 {
		t.Fatalf("outer rows read %d; observers saw %v", n, h.rows)
	}
}

// With a hook that observes every call, a wrapped query allocates no more
// than the raw one: the connection reuses its finished calls.
func TestNoAllocPerCall(t *testing.T) {
	cfg := fakedb.Config{NoLog: true}
	measure := func(db *sql.DB) float64 {
		defer db.Close()
		var id int64
		var name sql.NullString
		query := func() {
			if err := db.QueryRow("SELECT 1").Scan(&id, &name); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec("EXEC 1"); err != nil {
				t.Fatal(err)
			}
		}
		query()
		return testing.AllocsPerRun(200, query)
	}
	raw := measure(sql.OpenDB(fakedb.NewConnector(cfg)))
	h := &doneCounter{rows: map[string]int64{}}
	wrapped := measure(sql.OpenDB(interceptor.WrapConnector(fakedb.NewConnector(cfg), nil, interceptor.NewChain(h))))
	if wrapped > raw {
		t.Fatalf("wrapped query+exec allocates %v, raw %v", wrapped, raw)
	}
}

type keyA struct{}
type keyB struct{}

func TestSessionValueStore(t *testing.T) {
	db := sql.OpenDB(interceptor.WrapConnector(fakedb.NewConnector(fakedb.Config{}), nil, interceptor.NewChain(sessionProbe{t})))
	defer db.Close()
	if _, err := db.Exec("EXEC 1"); err != nil {
		t.Fatal(err)
	}
}

// sessionProbe checks Session's value store on the connection it runs on.
type sessionProbe struct{ t *testing.T }

func (p sessionProbe) Exec(ctx context.Context, c *interceptor.Call, next interceptor.ExecFunc) (driver.Result, error) {
	s := c.Session
	check := func(key any, want any) {
		p.t.Helper()
		if got := s.Value(key); got != want {
			p.t.Errorf("Value(%T) = %v, want %v", key, got, want)
		}
	}
	check(keyA{}, nil)
	s.SetValue(keyA{}, 1)
	s.SetValue(keyB{}, "b")
	check(keyA{}, 1)
	check(keyB{}, "b")
	s.SetValue(keyA{}, 2) // overwrite
	check(keyA{}, 2)
	s.SetValue(keyA{}, nil) // delete
	check(keyA{}, nil)
	check(keyB{}, "b")
	s.SetValue(keyB{}, nil)
	s.SetValue(keyB{}, nil) // deleting what is not there
	check(keyB{}, nil)
	return next(ctx, c)
}
