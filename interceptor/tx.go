package interceptor

import (
	"context"
	"database/sql/driver"
)

var _ driver.Tx = (*tx)(nil)

// tx wraps a driver.Tx. It keeps the context the transaction was begun with
// because driver.Tx's methods take none and the hooks need one.
type tx struct {
	conn  *conn
	inner driver.Tx
	ctx   context.Context
}

// Unwrap returns the inner driver.Tx.
func (t *tx) Unwrap() driver.Tx { return t.inner }

func (t *tx) Commit() error { return t.end(KindCommit) }

func (t *tx) Rollback() error { return t.end(KindRollback) }

func (t *tx) end(k Kind) error {
	f := t.conn.chain.txFunc(k)
	s := t.conn.session
	if f == nil {
		var err error
		if k == KindCommit {
			err = t.inner.Commit()
		} else {
			err = t.inner.Rollback()
		}
		s.inTx = false
		return err
	}
	call := &Call{Kind: k, Session: s, conn: t.conn, tx: t.inner}
	err := f(t.ctx, call)
	if !call.txEnded {
		// A hook answered without ending the inner transaction. database/sql
		// now considers it over and will reuse the connection, so it must
		// not stay open: roll it back.
		t.inner.Rollback()
	}
	s.inTx = false
	call.finish(err)
	return err
}
