package interceptor_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/deeperhub/dhsql/interceptor"
	"github.com/deeperhub/dhsql/internal/fakedb"
)

var errRefused = errors.New("refused by a hook")

type refuseCommit struct{}

func (refuseCommit) Commit(context.Context, *interceptor.Call, interceptor.TxFunc) error {
	return errRefused
}

type failAfterBegin struct{}

func (failAfterBegin) Begin(ctx context.Context, c *interceptor.Call, next interceptor.TxFunc) error {
	if err := next(ctx, c); err != nil {
		return err
	}
	return errRefused
}

type beginWithoutNext struct{}

func (beginWithoutNext) Begin(context.Context, *interceptor.Call, interceptor.TxFunc) error {
	return nil
}

// database/sql reuses a connection once Commit returns, whatever it
// returned: the inner transaction must have ended, or the next user of the
// connection would run inside it.
func TestInnerTransactionAlwaysEnds(t *testing.T) {
	for _, kind := range []fakedb.Kind{fakedb.Full, fakedb.Bare} {
		t.Run(kind.String(), func(t *testing.T) {
			t.Run("commit refused", func(t *testing.T) {
				srv := fakedb.New(fakedb.Config{Conn: kind, Stmt: kind, Rows: kind})
				db := sql.OpenDB(interceptor.WrapConnector(srv.Connector(), nil, interceptor.NewChain(refuseCommit{})))
				defer db.Close()
				tx, err := db.Begin()
				if err != nil {
					t.Fatal(err)
				}
				if err := tx.Commit(); err != errRefused {
					t.Fatalf("Commit = %v, want the hook's error", err)
				}
				if got := srv.Stats().Txs; got != 0 {
					t.Fatalf("%d inner transactions still open; log:\n%s", got, strings.Join(srv.Log(), "\n"))
				}
				if !slices.ContainsFunc(srv.Log(), func(l string) bool { return strings.HasSuffix(l, "Rollback") }) {
					t.Fatalf("inner transaction not rolled back; log:\n%s", strings.Join(srv.Log(), "\n"))
				}
			})
			t.Run("begin failed after next", func(t *testing.T) {
				srv := fakedb.New(fakedb.Config{Conn: kind, Stmt: kind, Rows: kind})
				db := sql.OpenDB(interceptor.WrapConnector(srv.Connector(), nil, interceptor.NewChain(failAfterBegin{})))
				defer db.Close()
				if _, err := db.Begin(); err != errRefused {
					t.Fatalf("Begin = %v, want the hook's error", err)
				}
				if got := srv.Stats().Txs; got != 0 {
					t.Fatalf("%d inner transactions still open", got)
				}
				var n int
				if err := db.QueryRow("SELECT 1").Scan(&n, new(any)); err != nil {
					t.Fatalf("connection unusable after a refused begin: %v", err)
				}
			})
			t.Run("begin without next", func(t *testing.T) {
				srv := fakedb.New(fakedb.Config{Conn: kind, Stmt: kind, Rows: kind})
				db := sql.OpenDB(interceptor.WrapConnector(srv.Connector(), nil, interceptor.NewChain(beginWithoutNext{})))
				defer db.Close()
				if tx, err := db.Begin(); err == nil {
					tx.Rollback()
					t.Fatal("Begin succeeded with no transaction begun")
				}
			})
		})
	}
}
