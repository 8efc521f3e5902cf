package interceptor_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"sync"
	"testing"

	"github.com/deeperhub/dhsql/interceptor"
	"github.com/deeperhub/dhsql/internal/fakedb"
)

// plainObserver is an Observer that is not a Skipper.
type plainObserver struct {
	mu   sync.Mutex
	done []error
}

func (o *plainObserver) Done(_ *interceptor.Call, err error) {
	o.mu.Lock()
	o.done = append(o.done, err)
	o.mu.Unlock()
}

// plainObserverHook registers o on every query and exec.
type plainObserverHook struct{ o *plainObserver }

func (h plainObserverHook) Query(ctx context.Context, c *interceptor.Call, next interceptor.QueryFunc) (driver.Rows, error) {
	c.Observe(h.o)
	return next(ctx, c)
}

func (h plainObserverHook) Exec(ctx context.Context, c *interceptor.Call, next interceptor.ExecFunc) (driver.Result, error) {
	c.Observe(h.o)
	return next(ctx, c)
}

// TestErrSkipIsNotAttempted pins that a conn-level attempt the inner
// driver answers with driver.ErrSkip (mysql without interpolateParams)
// counts for nothing: the hooks see one attempted call, through the
// prepared statement; observers of the skipped attempt are not told Done,
// and Skippers are told Skipped. A conn with no Execer at all runs no hook
// for the conn-level attempt.
func TestErrSkipIsNotAttempted(t *testing.T) {
	type stmtCase struct {
		name string
		kind interceptor.Kind
		run  func(db *sql.DB) error
	}
	cases := []stmtCase{
		{"exec", interceptor.KindExec, func(db *sql.DB) error {
			_, err := db.Exec("EXEC 1", 1)
			return err
		}},
		{"query", interceptor.KindQuery, func(db *sql.DB) error {
			rows, err := db.Query("SELECT 2", 1)
			if err != nil {
				return err
			}
			for rows.Next() {
			}
			return rows.Close()
		}},
		{"exec SKIP", interceptor.KindExec, func(db *sql.DB) error {
			_, err := db.Exec("SKIP EXEC 1")
			return err
		}},
		{"query SKIP", interceptor.KindQuery, func(db *sql.DB) error {
			return db.QueryRow("SKIP SELECT 1").Scan(new(any), new(any))
		}},
	}
	for _, ck := range connKinds {
		for _, sk := range []fakedb.Kind{fakedb.Bare, fakedb.Full} {
			cfg := fakedb.Config{Conn: ck, Stmt: sk, SkipWithArgs: true}
			for _, c := range cases {
				t.Run(cfg.String()+"/"+c.name, func(t *testing.T) {
					rec := &recorder{}
					obs := &plainObserver{}
					srv := fakedb.New(cfg)
					db := sql.OpenDB(interceptor.WrapConnector(srv.Connector(), nil,
						interceptor.NewChain(rec, plainObserverHook{obs})))
					defer db.Close()
					if err := c.run(db); err != nil {
						t.Fatal(err)
					}
					calls := rec.Calls(c.kind)
					attempted := rec.Attempted(c.kind)
					if len(attempted) != 1 || !attempted[0].Prepared || attempted[0].NDone != 1 || attempted[0].DoneErr != nil {
						t.Fatalf("attempted calls: %+v; want one prepared call, done once", attempted)
					}
					wantCalls := 2 // the conn-level attempt reaches the hooks, which see ErrSkip
					if !connLevel(ck, c.kind) {
						wantCalls = 1 // no Execer/Queryer: answered before any hook
					}
					if len(calls) != wantCalls {
						t.Fatalf("hooks ran %d times, want %d: %+v", len(calls), wantCalls, calls)
					}
					for _, r := range calls {
						if r.Err == driver.ErrSkip && (r.Prepared || r.NDone != 0 || r.NSkipped != 1) {
							t.Errorf("skipped attempt: prepared %t, Done %d times, Skipped %d times; want false, 0, 1",
								r.Prepared, r.NDone, r.NSkipped)
						}
					}
					rec.checkObservers(t)
					obs.mu.Lock()
					defer obs.mu.Unlock()
					if len(obs.done) != 1 || obs.done[0] != nil {
						t.Errorf("plain observer told Done %v, want once with nil", obs.done)
					}
				})
			}
		}
	}
}
