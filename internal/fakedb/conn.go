package fakedb

import (
	"context"
	"database/sql/driver"
)

var (
	_ driver.Conn = (*conn)(nil)

	_ driver.Execer  = legacyConn{} //nolint:staticcheck
	_ driver.Queryer = legacyConn{} //nolint:staticcheck

	_ driver.ConnPrepareContext = fullConn{}
	_ driver.ConnBeginTx        = fullConn{}
	_ driver.ExecerContext      = fullConn{}
	_ driver.QueryerContext     = fullConn{}
	_ driver.Pinger             = fullConn{}
	_ driver.SessionResetter    = fullConn{}
	_ driver.Validator          = fullConn{}
	_ driver.NamedValueChecker  = fullConn{}

	_ driver.ExecerContext  = execOnlyConn{}
	_ driver.QueryerContext = queryOnlyConn{}
)

// conn is a Bare conn: Prepare, Close and Begin. legacyConn, fullConn,
// execOnlyConn and queryOnlyConn add the optional interfaces.
// database/sql uses a conn from one goroutine at a time, so its fields
// need no lock.
type conn struct {
	srv    *Server
	id     int64
	seq    int64 // numbers the conn's stmts, rows and txs
	used   bool  // has run a statement (BADCONN)
	bad    bool  // answered ErrBadConn: dead
	closed bool
	tx     *tx
}

// legacyConn adds the deprecated driver.Execer and driver.Queryer.
type legacyConn struct{ *conn }

// ctxConn implements every optional interface of a conn but ExecerContext
// and QueryerContext, which the kinds below add.
type ctxConn struct{ *conn }

// fullConn implements every optional interface of a conn.
type fullConn struct{ ctxConn }

// execOnlyConn is a fullConn without QueryerContext.
type execOnlyConn struct{ ctxConn }

// queryOnlyConn is a fullConn without ExecerContext.
type queryOnlyConn struct{ ctxConn }

func (c *conn) next() int64 {
	c.seq++
	return c.seq
}

// check refuses calls on a dead or closed conn.
func (c *conn) check() error {
	if c.bad || c.closed {
		return c.srv.fail(driver.ErrBadConn)
	}
	return nil
}

// Prepare prepares a statement (driver.Conn).
func (c *conn) Prepare(query string) (driver.Stmt, error) {
	if c.srv.logOn {
		c.srv.logf("c%d Prepare %q", c.id, query)
	}
	return c.prepare(query)
}

func (c *conn) prepare(query string) (driver.Stmt, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	st := parse(query)
	if st.op == opErrP {
		return nil, c.srv.fail(ErrBoom)
	}
	c.srv.stmts.Add(1)
	if st.op == opCopy {
		return &copyStmt{c: c, id: c.next()}, nil
	}
	s := &stmt{c: c, id: c.next(), query: query, st: st}
	switch c.srv.cfg.Stmt {
	case Bare:
		return s, nil
	case Converter:
		return convStmt{fullStmt{s}}, nil
	case BareConverter:
		return bareConvStmt{s}, nil
	}
	return fullStmt{s}, nil
}

// Close closes the conn (driver.Conn).
func (c *conn) Close() error {
	if c.srv.logOn {
		c.srv.logf("c%d Close", c.id)
	}
	if !c.closed {
		c.closed = true
		c.srv.conns.Add(-1)
	}
	return nil
}

// Begin starts a transaction (driver.Conn).
func (c *conn) Begin() (driver.Tx, error) {
	if c.srv.logOn {
		c.srv.logf("c%d Begin", c.id)
	}
	return c.begin()
}

func (c *conn) begin() (driver.Tx, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	t := &tx{c: c, id: c.next()}
	c.tx = t
	c.srv.txs.Add(1)
	return t, nil
}

// exec runs a statement for a result. The legacy methods, which have no
// context, pass context.Background().
func (c *conn) exec(ctx context.Context, st statement) (driver.Result, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, c.srv.fail(err)
	}
	used := c.used
	c.used = true
	switch st.op {
	case opSelect, opMulti:
		return driver.RowsAffected(0), nil
	case opExec:
		return result{id: st.n, affected: st.n}, nil
	case opBadConn:
		if used {
			c.bad = true
			return nil, c.srv.fail(driver.ErrBadConn)
		}
		return result{id: 1, affected: 1}, nil
	case opFailCommit:
		if c.tx != nil {
			c.tx.failCommit = true
		}
		return driver.RowsAffected(0), nil
	}
	return nil, c.fail(ctx, st)
}

// query runs a statement for rows, like exec.
func (c *conn) query(ctx context.Context, st statement) (driver.Rows, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, c.srv.fail(err)
	}
	used := c.used
	c.used = true
	switch st.op {
	case opSelect:
		return c.newRows(st.n, 1, st.then), nil
	case opMulti:
		return c.newRows(2, 2, opUnknown), nil
	case opExec, opFailCommit:
		if st.op == opFailCommit && c.tx != nil {
			c.tx.failCommit = true
		}
		return c.newRows(0, 0, opUnknown), nil
	case opBadConn:
		if used {
			c.bad = true
			return nil, c.srv.fail(driver.ErrBadConn)
		}
		return c.newRows(1, 1, opUnknown), nil
	}
	return nil, c.fail(ctx, st)
}

// fail returns the error of a failing statement.
func (c *conn) fail(ctx context.Context, st statement) error {
	switch st.op {
	case opErr, opErrP:
		return c.srv.fail(ErrBoom)
	case opErrT:
		return c.srv.newError("ERRT")
	case opCopy:
		return c.srv.fail(ErrCopy)
	case opSlow:
		if ctx.Done() == nil {
			return c.srv.fail(ErrNoContext)
		}
		select {
		case c.srv.blocked <- struct{}{}:
		default:
		}
		<-ctx.Done()
		return c.srv.fail(ctx.Err())
	}
	return c.srv.fail(ErrSyntax)
}

// skip reports whether a conn-level call must answer driver.ErrSkip.
func (c *conn) skip(st statement, nargs int) bool {
	return st.skip || c.srv.cfg.SkipWithArgs && nargs > 0
}

// Exec runs query for a result (driver.Execer).
func (c legacyConn) Exec(query string, args []driver.Value) (driver.Result, error) {
	if c.srv.logOn {
		c.srv.logf("c%d Exec %q %s", c.id, query, formatValues(args))
	}
	st := parse(query)
	if c.skip(st, len(args)) {
		return nil, driver.ErrSkip
	}
	return c.exec(context.Background(), st)
}

// Query runs query for rows (driver.Queryer).
func (c legacyConn) Query(query string, args []driver.Value) (driver.Rows, error) {
	if c.srv.logOn {
		c.srv.logf("c%d Query %q %s", c.id, query, formatValues(args))
	}
	st := parse(query)
	if c.skip(st, len(args)) {
		return nil, driver.ErrSkip
	}
	return c.query(context.Background(), st)
}

// PrepareContext prepares a statement (driver.ConnPrepareContext).
func (c ctxConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if c.srv.logOn {
		c.srv.logf("c%d PrepareContext %q", c.id, query)
	}
	if err := ctx.Err(); err != nil {
		return nil, c.srv.fail(err)
	}
	return c.prepare(query)
}

// BeginTx starts a transaction with any options (driver.ConnBeginTx).
func (c ctxConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if c.srv.logOn {
		c.srv.logf("c%d BeginTx isolation=%d readonly=%t", c.id, opts.Isolation, opts.ReadOnly)
	}
	if err := ctx.Err(); err != nil {
		return nil, c.srv.fail(err)
	}
	return c.begin()
}

// ExecContext runs query for a result (driver.ExecerContext).
func (c fullConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.execContext(ctx, query, args)
}

// ExecContext runs query for a result (driver.ExecerContext).
func (c execOnlyConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.execContext(ctx, query, args)
}

func (c *conn) execContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if c.srv.logOn {
		c.srv.logf("c%d ExecContext %q %s", c.id, query, formatArgs(args))
	}
	st := parse(query)
	if c.skip(st, len(args)) {
		return nil, driver.ErrSkip
	}
	return c.exec(ctx, st)
}

// QueryContext runs query for rows (driver.QueryerContext).
func (c fullConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.queryContext(ctx, query, args)
}

// QueryContext runs query for rows (driver.QueryerContext).
func (c queryOnlyConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.queryContext(ctx, query, args)
}

func (c *conn) queryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if c.srv.logOn {
		c.srv.logf("c%d QueryContext %q %s", c.id, query, formatArgs(args))
	}
	st := parse(query)
	if c.skip(st, len(args)) {
		return nil, driver.ErrSkip
	}
	return c.query(ctx, st)
}

// Ping answers nil on a live conn (driver.Pinger).
func (c ctxConn) Ping(ctx context.Context) error {
	if c.srv.logOn {
		c.srv.logf("c%d Ping", c.id)
	}
	if err := c.check(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return c.srv.fail(err)
	}
	return nil
}

// ResetSession answers nil on a live conn and driver.ErrBadConn on a dead
// one (driver.SessionResetter).
func (c ctxConn) ResetSession(ctx context.Context) error {
	if c.srv.logOn {
		c.srv.logf("c%d ResetSession", c.id)
	}
	return c.check()
}

// IsValid reports whether the conn is alive (driver.Validator).
func (c ctxConn) IsValid() bool {
	if c.srv.logOn {
		c.srv.logf("c%d IsValid", c.id)
	}
	return !c.bad && !c.closed
}

// CheckNamedValue accepts [Custom] values as they are and leaves the rest to
// database/sql (driver.NamedValueChecker).
func (c ctxConn) CheckNamedValue(nv *driver.NamedValue) error {
	if c.srv.logOn {
		c.srv.logf("c%d CheckNamedValue %s", c.id, formatValue(nv.Value))
	}
	return checkCustom(nv)
}

func checkCustom(nv *driver.NamedValue) error {
	if _, ok := nv.Value.(Custom); ok {
		return nil
	}
	return driver.ErrSkip
}

// result is the driver.Result of EXEC statements.
type result struct{ id, affected int64 }

func (r result) LastInsertId() (int64, error) { return r.id, nil }
func (r result) RowsAffected() (int64, error) { return r.affected, nil }
