package fakedb

import "database/sql/driver"

var _ driver.Tx = (*tx)(nil)

// tx is a transaction. FAILCOMMIT makes its Commit fail with ErrBoom.
type tx struct {
	c          *conn
	id         int64
	failCommit bool
	done       bool
}

// Commit ends the transaction (driver.Tx).
func (t *tx) Commit() error {
	if t.c.srv.logOn {
		t.c.srv.logf("c%d.t%d Commit", t.c.id, t.id)
	}
	if err := t.end(); err != nil {
		return err
	}
	if t.failCommit {
		return t.c.srv.fail(ErrBoom)
	}
	return nil
}

// Rollback ends the transaction (driver.Tx).
func (t *tx) Rollback() error {
	if t.c.srv.logOn {
		t.c.srv.logf("c%d.t%d Rollback", t.c.id, t.id)
	}
	return t.end()
}

func (t *tx) end() error {
	if t.done {
		return t.c.srv.fail(ErrTxDone)
	}
	t.done = true
	if t.c.tx == t {
		t.c.tx = nil
	}
	t.c.srv.txs.Add(-1)
	return nil
}
