package interceptor

import (
	"context"
	"database/sql/driver"
)

var (
	_ driver.Stmt              = (*stmt)(nil)
	_ driver.StmtExecContext   = (*stmt)(nil)
	_ driver.StmtQueryContext  = (*stmt)(nil)
	_ driver.NamedValueChecker = (*stmt)(nil)
	_ driver.ColumnConverter   = stmtConverter{} //nolint:staticcheck
)

// stmt wraps a driver.Stmt. ColumnConverter is claimed only by
// [stmtConverter], for inner statements that have it.
type stmt struct {
	inner driver.Stmt
	conn  *conn
	query string
	copy  *copyState // non-nil for COPY … FROM STDIN (lib/pq)

	// Probed once: database/sql asks for a check per argument.
	nvc      driver.NamedValueChecker
	execCtx  driver.StmtExecContext
	queryCtx driver.StmtQueryContext
}

// stmtConverter is a stmt whose inner statement is a ColumnConverter.
type stmtConverter struct{ *stmt }

// ColumnConverter returns the inner statement's converter.
func (s stmtConverter) ColumnConverter(idx int) driver.ValueConverter {
	return s.inner.(driver.ColumnConverter).ColumnConverter(idx) //nolint:staticcheck
}

func newStmt(c *conn, si driver.Stmt, query string) driver.Stmt {
	s := &stmt{inner: si, conn: c, query: query}
	s.nvc, _ = si.(driver.NamedValueChecker)
	s.execCtx, _ = si.(driver.StmtExecContext)
	s.queryCtx, _ = si.(driver.StmtQueryContext)
	if isCopyFromStdin(query) {
		s.copy = &copyState{}
		if _, ok := si.(copyDataer); ok {
			return stmtCopyData{s}
		}
		return s
	}
	if _, ok := si.(driver.ColumnConverter); ok { //nolint:staticcheck
		return stmtConverter{s}
	}
	return s
}

// Unwrap returns the inner driver.Stmt.
func (s *stmt) Unwrap() driver.Stmt { return s.inner }

func (s *stmt) Close() error {
	if s.copy != nil && s.copy.started && !s.copy.done {
		// Closing a COPY that rows were sent to completes it: that is the
		// logical statement's end.
		s.copy.closing = true
		_, err := s.runExec(context.Background(), nil)
		return err
	}
	return s.inner.Close()
}

func (s *stmt) NumInput() int { return s.inner.NumInput() }

func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), valuesToNamed(args))
}

func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), valuesToNamed(args))
}

func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if s.copy != nil {
		return s.copyExec(ctx, args)
	}
	return s.runExec(ctx, args)
}

func (s *stmt) runExec(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	e := s.conn.chain.execFunc()
	if e == nil {
		return s.innerExec(ctx, args)
	}
	call := s.conn.newCall()
	call.Kind, call.Prepared, call.Query, call.Args, call.stmt = KindExec, true, s.query, args, s
	return runExec(ctx, e, call)
}

func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	q := s.conn.chain.queryFunc()
	if q == nil {
		return s.innerQuery(ctx, args)
	}
	qc := s.conn.newQueryCall()
	qc.Kind, qc.Prepared, qc.Query, qc.Args, qc.stmt = KindQuery, true, s.query, args, s
	return qc.run(ctx, q)
}

// CheckNamedValue asks the inner statement, then the inner conn, and
// otherwise answers driver.ErrSkip (database/sql's default conversion), the
// order database/sql itself follows.
func (s *stmt) CheckNamedValue(nv *driver.NamedValue) error {
	if s.nvc != nil {
		return s.nvc.CheckNamedValue(nv)
	}
	if s.conn.nvc != nil {
		return s.conn.nvc.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

func valuesToNamed(args []driver.Value) []driver.NamedValue {
	if len(args) == 0 {
		return nil
	}
	nv := make([]driver.NamedValue, len(args))
	for i, v := range args {
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return nv
}
