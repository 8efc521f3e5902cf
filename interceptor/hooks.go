package interceptor

import (
	"context"
	"database/sql/driver"
)

// Kind names the database/sql call that a [Call] stands for.
type Kind uint8

// The kinds of [Call]. Ping, session reset and validation are not calls:
// they pass straight through without hooks.
const (
	KindQuery    Kind = iota + 1 // a statement that returns rows
	KindExec                     // a statement that returns a result
	KindPrepare                  // preparing a statement
	KindBegin                    // starting a transaction
	KindCommit                   // committing a transaction
	KindRollback                 // rolling a transaction back
)

var kindNames = [...]string{"", "query", "exec", "prepare", "begin", "commit", "rollback"}

// String returns the kind's lower-case name ("query", "exec", …).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// QueryFunc runs a query: the next hook of the chain, or the inner driver.
type QueryFunc func(ctx context.Context, c *Call) (driver.Rows, error)

// ExecFunc runs an exec: the next hook of the chain, or the inner driver.
type ExecFunc func(ctx context.Context, c *Call) (driver.Result, error)

// PrepareFunc prepares a statement: the next hook of the chain, or the inner
// driver. The statement it returns is the inner driver's; the interceptor
// wraps it once the whole chain has returned.
type PrepareFunc func(ctx context.Context, c *Call) (driver.Stmt, error)

// TxFunc begins, commits or rolls back: the next hook of the chain, or the
// inner driver.
type TxFunc func(ctx context.Context, c *Call) error

// A Hook is any value implementing one or more of [QueryHook], [ExecHook],
// [PrepareHook], [BeginHook], [CommitHook] and [RollbackHook]. [NewChain]
// looks for each capability once; a hook pays only for what it implements.
//
// A hook runs around the call: it may act before calling next, after it, or
// instead of it (a cache hit, an open breaker). The rules every hook keeps:
//
//   - An error that next returns is returned as is: never wrapped, replaced
//     or dropped. Callers compare driver errors by type, value and text.
//   - When next returns [driver.ErrSkip], the statement was not attempted:
//     return it at once and record nothing. database/sql will send the same
//     logical statement again through a prepared statement, and the chain
//     runs again for it then. Observers registered on the call are not
//     called (an observer implementing [Skipper] is told instead).
//   - Per-statement work done after the caller has the rows (ending a span,
//     storing a cache entry) belongs in an [Observer] registered with
//     [Call.Observe], which runs when the statement is over.
type Hook any

// QueryHook runs around every query (conn or prepared statement).
type QueryHook interface {
	Query(ctx context.Context, c *Call, next QueryFunc) (driver.Rows, error)
}

// ExecHook runs around every exec (conn or prepared statement).
type ExecHook interface {
	Exec(ctx context.Context, c *Call, next ExecFunc) (driver.Result, error)
}

// PrepareHook runs around every prepare. Running the prepared statement is
// a separate [KindQuery] or [KindExec] call.
type PrepareHook interface {
	Prepare(ctx context.Context, c *Call, next PrepareFunc) (driver.Stmt, error)
}

// BeginHook runs around the start of a transaction; c.TxOptions holds the
// options asked for.
type BeginHook interface {
	Begin(ctx context.Context, c *Call, next TxFunc) error
}

// CommitHook runs around a commit. Its context is the one the transaction
// was begun with (driver.Tx has no other), which may be done by then.
//
// database/sql considers a transaction over once Commit or Rollback
// returns, whatever the result, and reuses its connection. So the inner
// transaction always ends: if no hook called next, the interceptor rolls
// it back. Likewise a BeginHook that fails the call after next began the
// transaction has it rolled back.
type CommitHook interface {
	Commit(ctx context.Context, c *Call, next TxFunc) error
}

// RollbackHook runs around a rollback, with the transaction's context like
// [CommitHook].
type RollbackHook interface {
	Rollback(ctx context.Context, c *Call, next TxFunc) error
}

// Observer is told once that a call is over: for a query, when its rows
// are closed (or at once if it failed); for every other kind, when the call
// returns. err is the call's error, the first error of the rows' Next other
// than io.EOF, the rows' Close error, or — for rows closed before io.EOF
// because the query's context ended — the context's error.
type Observer interface {
	Done(c *Call, err error)
}

// RowObserver is an [Observer] that also sees every row as the caller reads
// it. dest is the inner driver's buffer: copy what must outlive the call.
type RowObserver interface {
	Observer
	Row(c *Call, dest []driver.Value)
}

// Skipper is an [Observer] that wants to know when the inner driver
// answered [driver.ErrSkip] (the statement was not attempted), to release
// what it took before calling next.
type Skipper interface {
	Observer
	Skipped(c *Call)
}

// Chain is an ordered, immutable list of hooks. The first hook is the
// outermost: it runs first and sees the final result. The zero Chain and a
// nil *Chain have no hooks.
type Chain struct {
	hooks    []Hook
	query    QueryFunc
	exec     ExecFunc
	prepare  PrepareFunc
	begin    TxFunc
	commit   TxFunc
	rollback TxFunc
}

// NewChain composes hooks into a [Chain], outermost first. Values that
// implement none of the hook interfaces are ignored; nil values too.
func NewChain(hooks ...Hook) *Chain {
	ch := &Chain{}
	for i := len(hooks) - 1; i >= 0; i-- {
		h := hooks[i]
		if h == nil {
			continue
		}
		used := false
		if qh, ok := h.(QueryHook); ok {
			next := ch.query
			if next == nil {
				next = innerQuery
			}
			ch.query = func(ctx context.Context, c *Call) (driver.Rows, error) { return qh.Query(ctx, c, next) }
			used = true
		}
		if eh, ok := h.(ExecHook); ok {
			next := ch.exec
			if next == nil {
				next = innerExec
			}
			ch.exec = func(ctx context.Context, c *Call) (driver.Result, error) { return eh.Exec(ctx, c, next) }
			used = true
		}
		if ph, ok := h.(PrepareHook); ok {
			next := ch.prepare
			if next == nil {
				next = innerPrepare
			}
			ch.prepare = func(ctx context.Context, c *Call) (driver.Stmt, error) { return ph.Prepare(ctx, c, next) }
			used = true
		}
		if bh, ok := h.(BeginHook); ok {
			next := ch.begin
			if next == nil {
				next = innerBegin
			}
			ch.begin = func(ctx context.Context, c *Call) error { return bh.Begin(ctx, c, next) }
			used = true
		}
		if th, ok := h.(CommitHook); ok {
			next := ch.commit
			if next == nil {
				next = innerCommit
			}
			ch.commit = func(ctx context.Context, c *Call) error { return th.Commit(ctx, c, next) }
			used = true
		}
		if th, ok := h.(RollbackHook); ok {
			next := ch.rollback
			if next == nil {
				next = innerRollback
			}
			ch.rollback = func(ctx context.Context, c *Call) error { return th.Rollback(ctx, c, next) }
			used = true
		}
		if used {
			ch.hooks = append(ch.hooks, h)
		}
	}
	// ch.hooks was filled innermost first.
	for i, j := 0, len(ch.hooks)-1; i < j; i, j = i+1, j-1 {
		ch.hooks[i], ch.hooks[j] = ch.hooks[j], ch.hooks[i]
	}
	return ch
}

// Hooks returns the chain's hooks, outermost first.
func (ch *Chain) Hooks() []Hook {
	if ch == nil {
		return nil
	}
	return append([]Hook(nil), ch.hooks...)
}

// Len reports how many hooks the chain holds.
func (ch *Chain) Len() int {
	if ch == nil {
		return 0
	}
	return len(ch.hooks)
}

func (ch *Chain) queryFunc() QueryFunc {
	if ch == nil {
		return nil
	}
	return ch.query
}

func (ch *Chain) execFunc() ExecFunc {
	if ch == nil {
		return nil
	}
	return ch.exec
}

func (ch *Chain) prepareFunc() PrepareFunc {
	if ch == nil {
		return nil
	}
	return ch.prepare
}

func (ch *Chain) txFunc(k Kind) TxFunc {
	if ch == nil {
		return nil
	}
	switch k {
	case KindBegin:
		return ch.begin
	case KindCommit:
		return ch.commit
	default:
		return ch.rollback
	}
}
