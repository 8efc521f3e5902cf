package interceptor

import (
	"context"
	"database/sql/driver"
	"slices"
	"sync/atomic"
)

// Call is one logical call on a wrapped connection, as the hooks see it. A
// query or exec that the inner driver answers with [driver.ErrSkip] and
// database/sql then sends through a prepared statement is one logical
// statement; the chain runs for the attempt that the driver accepted.
//
// A Call belongs to one connection, which database/sql uses from one
// goroutine at a time, so its fields need no locking. Hooks must not keep
// the *Call after its observers have been told it is done: the connection
// reuses it for a later call. What its fields hold (the query text, the
// arguments) is not reused and may be kept.
type Call struct {
	// Kind says which call this is.
	Kind Kind
	// Prepared is true for a query or exec run through a prepared statement.
	Prepared bool
	// Query is the statement text: the text given to the conn, or the text
	// the statement was prepared with. Empty for Begin, Commit and Rollback.
	Query string
	// Args are the arguments as database/sql converted them. Hooks must not
	// modify them.
	Args []driver.NamedValue
	// TxOptions are the options of a [KindBegin] call.
	TxOptions driver.TxOptions
	// Session is the connection the call runs on.
	Session *Session
	// Meta is free for hooks to share what they learned about the call (the
	// first hook that classifies the statement stores it, the rest read it).
	Meta any

	// RowsRead counts the rows the caller has read so far (queries).
	RowsRead int64
	// EOF is true once the caller has read every row of the current result
	// set (the inner rows returned io.EOF).
	EOF bool
	// Result is the result of an exec once it succeeded.
	Result driver.Result

	conn      *conn
	stmt      *stmt
	tx        driver.Tx
	innerErr  error // a result decided before the chain ran (COPY rows)
	skipped   bool
	txEnded   bool // the inner Commit or Rollback was called
	finished  bool
	observers [2]Observer
	extra     []Observer
	nobs      int
	nrowobs   int // the observers that are RowObservers
}

// Observe registers o to be told when the call is over. Observers run in
// the order they were registered.
func (c *Call) Observe(o Observer) {
	if o == nil {
		return
	}
	if _, ok := o.(RowObserver); ok {
		c.nrowobs++
	}
	if c.nobs < len(c.observers) {
		c.observers[c.nobs] = o
	} else {
		c.extra = append(c.extra, o)
	}
	c.nobs++
}

func (c *Call) observer(i int) Observer {
	if i < len(c.observers) {
		return c.observers[i]
	}
	return c.extra[i-len(c.observers)]
}

// row tells the row observers about one row.
func (c *Call) row(dest []driver.Value) {
	c.RowsRead++
	if c.nrowobs == 0 {
		return
	}
	for i := 0; i < c.nobs; i++ {
		if ro, ok := c.observer(i).(RowObserver); ok {
			ro.Row(c, dest)
		}
	}
}

// wantsRows reports whether an observer needs the rows' values.
func (c *Call) wantsRows() bool { return c.nrowobs > 0 }

// finish tells every observer that the call is over, once.
func (c *Call) finish(err error) {
	if c.finished {
		return
	}
	c.finished = true
	if c.skipped && err == driver.ErrSkip {
		for i := 0; i < c.nobs; i++ {
			if s, ok := c.observer(i).(Skipper); ok {
				s.Skipped(c)
			}
		}
		return
	}
	for i := 0; i < c.nobs; i++ {
		c.observer(i).Done(c, err)
	}
}

// Session is the hooks' view of one wrapped connection: whether it is in a
// transaction, and values the hooks keep for it (a transaction's pending
// events, the tables it wrote).
type Session struct {
	id     uint64
	txSeq  uint64
	inTx   bool
	values []sessionValue // a few hooks' keys: a scan beats hashing
}

type sessionValue struct{ key, value any }

var sessionIDs atomic.Uint64

func newSession() *Session { return &Session{id: sessionIDs.Add(1)} }

// ID is a number unique to this connection in the process.
func (s *Session) ID() uint64 { return s.id }

// InTx reports whether a transaction is open on the connection. During a
// [KindBegin] call it turns true once the inner driver has begun; during
// [KindCommit] and [KindRollback] it stays true until the whole chain has
// returned, so observers of those calls see it false.
func (s *Session) InTx() bool { return s.inTx }

// TxSeq counts the transactions begun on the connection; while one is open
// it identifies it among this connection's transactions.
func (s *Session) TxSeq() uint64 { return s.txSeq }

// Value returns the value a hook stored under key, or nil.
func (s *Session) Value(key any) any {
	for i := range s.values {
		if s.values[i].key == key {
			return s.values[i].value
		}
	}
	return nil
}

// SetValue stores v under key for as long as the connection lives; a nil v
// deletes the key. Use an unexported, comparable key type, as with context
// values; each hook is expected to keep one or two keys.
func (s *Session) SetValue(key, v any) {
	for i := range s.values {
		if s.values[i].key == key {
			if v == nil {
				s.values = slices.Delete(s.values, i, i+1)
			} else {
				s.values[i].value = v
			}
			return
		}
	}
	if v != nil {
		s.values = append(s.values, sessionValue{key, v})
	}
}

// The innermost links of every chain: they run the call on the inner
// driver object the Call was made for.

func innerQuery(ctx context.Context, c *Call) (driver.Rows, error) {
	var rows driver.Rows
	var err error
	if c.stmt != nil {
		rows, err = c.stmt.innerQuery(ctx, c.Args)
	} else {
		rows, err = c.conn.innerQuery(ctx, c.Query, c.Args)
	}
	if err == driver.ErrSkip {
		c.skipped = true
	}
	return rows, err
}

func innerExec(ctx context.Context, c *Call) (driver.Result, error) {
	if c.innerErr != nil {
		return nil, c.innerErr
	}
	var res driver.Result
	var err error
	if c.stmt != nil {
		res, err = c.stmt.innerExec(ctx, c.Args)
	} else {
		res, err = c.conn.innerExec(ctx, c.Query, c.Args)
	}
	if err == driver.ErrSkip {
		c.skipped = true
	}
	return res, err
}

func innerPrepare(ctx context.Context, c *Call) (driver.Stmt, error) {
	return c.conn.innerPrepare(ctx, c.Query)
}

func innerBegin(ctx context.Context, c *Call) error {
	tx, err := c.conn.innerBegin(ctx, c.TxOptions)
	if err == nil {
		c.tx = tx
		c.Session.txSeq++
		c.Session.inTx = true
	}
	return err
}

func innerCommit(_ context.Context, c *Call) error {
	c.txEnded = true
	return c.tx.Commit()
}

func innerRollback(_ context.Context, c *Call) error {
	c.txEnded = true
	return c.tx.Rollback()
}
