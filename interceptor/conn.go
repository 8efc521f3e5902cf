package interceptor

import (
	"context"
	"database/sql/driver"
	"errors"
)

// errBeginNotRun is returned when a BeginHook answers success without
// beginning the inner transaction: there is no transaction to return.
var errBeginNotRun = errors.New("interceptor: a BeginHook returned without beginning the transaction")

var (
	_ driver.Conn               = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ driver.ConnBeginTx        = (*conn)(nil)
	_ driver.ExecerContext      = (*conn)(nil)
	_ driver.QueryerContext     = (*conn)(nil)
	_ driver.Pinger             = (*conn)(nil)
	_ driver.SessionResetter    = (*conn)(nil)
	_ driver.Validator          = (*conn)(nil)
	_ driver.NamedValueChecker  = (*conn)(nil)
)

// conn wraps a driver.Conn. It implements every optional interface of a
// connection; where the inner conn lacks one it does what database/sql does
// when a conn lacks it (see fallback.go), so the two are indistinguishable.
type conn struct {
	inner   driver.Conn
	chain   *Chain
	session *Session

	// Probed once: the legacy forms are used only without the context ones.
	execerCtx  driver.ExecerContext
	execer     driver.Execer
	queryerCtx driver.QueryerContext
	queryer    driver.Queryer
	nvc        driver.NamedValueChecker
	resetter   driver.SessionResetter // database/sql asks before each reuse
	validator  driver.Validator       // and after each use
	// deferConv: the conn lacks Exec or Query (see deferConversion).
	deferConv bool

	// One finished call of each hot kind, kept for the next: see newCall.
	spareCall  *Call
	spareQuery *queryCall
}

// WrapConn wraps c so that every call on it runs through ch. A nil ch
// wraps without hooks.
func WrapConn(c driver.Conn, ch *Chain) driver.Conn {
	return newConn(c, ch)
}

func newConn(c driver.Conn, ch *Chain) *conn {
	w := &conn{inner: c, chain: ch, session: newSession()}
	w.execerCtx, _ = c.(driver.ExecerContext)
	if w.execerCtx == nil {
		w.execer, _ = c.(driver.Execer) //nolint:staticcheck
	}
	w.queryerCtx, _ = c.(driver.QueryerContext)
	if w.queryerCtx == nil {
		w.queryer, _ = c.(driver.Queryer) //nolint:staticcheck
	}
	w.nvc, _ = c.(driver.NamedValueChecker)
	w.resetter, _ = c.(driver.SessionResetter)
	w.validator, _ = c.(driver.Validator)
	w.deferConv = w.deferConversion()
	return w
}

// Unwrap returns the inner driver.Conn.
func (c *conn) Unwrap() driver.Conn { return c.inner }

// Session returns the hooks' view of the connection.
func (c *conn) Session() *Session { return c.session }

func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	var si driver.Stmt
	var err error
	if p := c.chain.prepareFunc(); p != nil {
		call := &Call{Kind: KindPrepare, Query: query, Session: c.session, conn: c}
		si, err = p(ctx, call)
		call.finish(err)
	} else {
		si, err = c.innerPrepare(ctx, query)
	}
	if err != nil {
		return nil, err
	}
	return newStmt(c, si, query), nil
}

func (c *conn) Close() error { return c.inner.Close() }

func (c *conn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	b := c.chain.txFunc(KindBegin)
	if b == nil {
		txi, err := c.innerBegin(ctx, opts)
		if err != nil {
			return nil, err
		}
		c.session.txSeq++
		c.session.inTx = true
		return &tx{conn: c, inner: txi, ctx: ctx}, nil
	}
	call := &Call{Kind: KindBegin, TxOptions: opts, Session: c.session, conn: c}
	err := b(ctx, call)
	if err == nil && call.tx == nil {
		err = errBeginNotRun
	}
	if err != nil && call.tx != nil {
		// A hook failed the call after the inner transaction began.
		call.tx.Rollback()
		c.session.inTx = false
	}
	call.finish(err)
	if err != nil {
		return nil, err
	}
	return &tx{conn: c, inner: call.tx, ctx: ctx}, nil
}

func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if c.execerCtx == nil && c.execer == nil {
		return nil, driver.ErrSkip // not attempted: no hook runs
	}
	if c.deferConv {
		var err error
		if args, err = c.convertArgs(args); err != nil {
			return nil, err
		}
	}
	e := c.chain.execFunc()
	if e == nil {
		return c.innerExec(ctx, query, args)
	}
	call := c.newCall()
	call.Kind, call.Query, call.Args = KindExec, query, args
	return runExec(ctx, e, call)
}

func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if c.queryerCtx == nil && c.queryer == nil {
		return nil, driver.ErrSkip // not attempted: no hook runs
	}
	if c.deferConv {
		var err error
		if args, err = c.convertArgs(args); err != nil {
			return nil, err
		}
	}
	q := c.chain.queryFunc()
	if q == nil {
		return c.innerQuery(ctx, query, args)
	}
	qc := c.newQueryCall()
	qc.Kind, qc.Query, qc.Args = KindQuery, query, args
	return qc.run(ctx, q)
}

func (c *conn) Ping(ctx context.Context) error {
	if p, ok := c.inner.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *conn) ResetSession(ctx context.Context) error {
	if c.resetter != nil {
		return c.resetter.ResetSession(ctx)
	}
	return nil
}

func (c *conn) IsValid() bool {
	if c.validator != nil {
		return c.validator.IsValid()
	}
	return true
}

func (c *conn) CheckNamedValue(nv *driver.NamedValue) error {
	if c.deferConv {
		// Only a conn-level Exec or Query asks, and one of them answers
		// ErrSkip without using the arguments: database/sql then prepares
		// and converts them again for the statement, as it does for the
		// inner conn, which it sends straight to Prepare. Converting here
		// could refuse a value only the statement accepts, or call a Valuer
		// twice. The method that does reach the inner conn converts them
		// itself (convertArgs).
		return nil
	}
	if c.nvc != nil {
		return c.nvc.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

// newCall returns a zeroed exec Call for this connection, reusing the last
// finished one. database/sql makes every call on a connection under the
// connection's lock, so the spare needs no other; hooks must not keep a Call
// after its observers were told it is done (see [Call]).
func (c *conn) newCall() *Call {
	call := c.spareCall
	if call == nil {
		call = new(Call)
	} else {
		c.spareCall = nil
		*call = Call{}
	}
	call.Session, call.conn = c.session, c
	return call
}

// newQueryCall is newCall for queries, whose Call lives with its rows until
// they are closed. database/sql does not touch rows after closing them.
func (c *conn) newQueryCall() *queryCall {
	qc := c.spareQuery
	if qc == nil {
		qc = new(queryCall)
	} else {
		c.spareQuery = nil
		*qc = queryCall{}
	}
	qc.Session, qc.conn = c.session, c
	return qc
}

// queryCall allocates a query's Call and its rows wrapper together: one
// allocation per query instead of two.
type queryCall struct {
	Call
	rows rows
}

// run runs the query through the chain and hands back rows that tell the
// call's observers when the caller is done with them.
func (qc *queryCall) run(ctx context.Context, q QueryFunc) (driver.Rows, error) {
	call := &qc.Call
	r, err := q(ctx, call)
	if err != nil {
		call.finish(err)
		qc.release()
		return nil, err
	}
	if r == nil {
		call.finish(nil)
		qc.release()
		return nil, nil
	}
	qc.rows = rows{inner: r, ctx: ctx, qc: qc}
	return qc.rows.wrap(), nil
}

// release keeps qc, finished, as its connection's spare.
func (qc *queryCall) release() {
	if qc.conn.spareQuery == nil {
		qc.conn.spareQuery = qc
	}
}

// runExec runs an exec call through the chain and tells its observers.
func runExec(ctx context.Context, e ExecFunc, call *Call) (driver.Result, error) {
	res, err := e(ctx, call)
	if err == nil {
		call.Result = res
	}
	call.finish(err)
	if call.conn.spareCall == nil {
		call.conn.spareCall = call
	}
	return res, err
}
