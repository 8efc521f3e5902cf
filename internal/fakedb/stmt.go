package fakedb

import (
	"context"
	"database/sql/driver"
	"fmt"
)

var (
	_ driver.Stmt = (*stmt)(nil)

	_ driver.StmtExecContext   = fullStmt{}
	_ driver.StmtQueryContext  = fullStmt{}
	_ driver.NamedValueChecker = fullStmt{}

	_ driver.ColumnConverter   = convStmt{}     //nolint:staticcheck
	_ driver.NamedValueChecker = convStmt{}     //nolint:staticcheck
	_ driver.ColumnConverter   = bareConvStmt{} //nolint:staticcheck
)

// stmt is a Bare stmt: Close, NumInput and the legacy Exec and Query.
type stmt struct {
	c      *conn
	id     int64
	query  string
	st     statement
	closed bool
}

// fullStmt adds StmtExecContext, StmtQueryContext and NamedValueChecker.
type fullStmt struct{ *stmt }

// convStmt is a fullStmt with ColumnConverter.
type convStmt struct{ fullStmt }

// bareConvStmt is a Bare stmt with ColumnConverter.
type bareConvStmt struct{ *stmt }

// Close closes the statement (driver.Stmt).
func (s *stmt) Close() error {
	if s.c.srv.logOn {
		s.c.srv.logf("c%d.s%d Close", s.c.id, s.id)
	}
	if !s.closed {
		s.closed = true
		s.c.srv.stmts.Add(-1)
	}
	return nil
}

// NumInput returns the number of '?' in the text, or -1 if there is none
// (driver.Stmt).
func (s *stmt) NumInput() int {
	if s.c.srv.logOn {
		s.c.srv.logf("c%d.s%d NumInput", s.c.id, s.id)
	}
	return s.st.numInput
}

// Exec runs the statement for a result (driver.Stmt).
func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	if s.c.srv.logOn {
		s.c.srv.logf("c%d.s%d Exec %s", s.c.id, s.id, formatValues(args))
	}
	return s.c.exec(context.Background(), s.st)
}

// Query runs the statement for rows (driver.Stmt).
func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	if s.c.srv.logOn {
		s.c.srv.logf("c%d.s%d Query %s", s.c.id, s.id, formatValues(args))
	}
	return s.c.query(context.Background(), s.st)
}

// ExecContext runs the statement for a result (driver.StmtExecContext).
func (s fullStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if s.c.srv.logOn {
		s.c.srv.logf("c%d.s%d ExecContext %s", s.c.id, s.id, formatArgs(args))
	}
	return s.c.exec(ctx, s.st)
}

// QueryContext runs the statement for rows (driver.StmtQueryContext).
func (s fullStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if s.c.srv.logOn {
		s.c.srv.logf("c%d.s%d QueryContext %s", s.c.id, s.id, formatArgs(args))
	}
	return s.c.query(ctx, s.st)
}

// CheckNamedValue accepts [Custom] values as they are and leaves the rest to
// database/sql (driver.NamedValueChecker).
func (s fullStmt) CheckNamedValue(nv *driver.NamedValue) error {
	if s.c.srv.logOn {
		s.c.srv.logf("c%d.s%d CheckNamedValue %s", s.c.id, s.id, formatValue(nv.Value))
	}
	return checkCustom(nv)
}

// ColumnConverter returns a converter that turns [Custom] into its V
// (driver.ColumnConverter).
func (s convStmt) ColumnConverter(idx int) driver.ValueConverter {
	return s.columnConverter(idx)
}

// ColumnConverter returns a converter that turns [Custom] into its V
// (driver.ColumnConverter).
func (s bareConvStmt) ColumnConverter(idx int) driver.ValueConverter {
	return s.columnConverter(idx)
}

func (s *stmt) columnConverter(idx int) driver.ValueConverter {
	if s.c.srv.logOn {
		s.c.srv.logf("c%d.s%d ColumnConverter %d", s.c.id, s.id, idx)
	}
	return customConverter{}
}

// customConverter converts Custom to string and everything else the
// default way.
type customConverter struct{}

func (customConverter) ConvertValue(v any) (driver.Value, error) {
	if c, ok := v.(Custom); ok {
		return c.V, nil
	}
	return driver.DefaultParameterConverter.ConvertValue(v)
}

// copyStmt is a lib/pq-style COPY … FROM STDIN statement.
type copyStmt struct {
	c      *conn
	id     int64
	rows   int64
	err    error // a failed row's error, returned by every later call
	done   bool  // completed: further Execs fail
	closed bool
}

var _ driver.Stmt = (*copyStmt)(nil)

// Close completes the COPY if it is not yet, and returns the error of a
// failed row, like lib/pq (driver.Stmt).
func (s *copyStmt) Close() error {
	if s.c.srv.logOn {
		s.c.srv.logf("c%d.s%d Close", s.c.id, s.id)
	}
	if s.closed {
		return nil
	}
	s.closed = true
	s.c.srv.stmts.Add(-1)
	if s.done {
		return nil
	}
	s.done = true
	return s.err
}

// NumInput returns -1 (driver.Stmt).
func (s *copyStmt) NumInput() int {
	if s.c.srv.logOn {
		s.c.srv.logf("c%d.s%d NumInput", s.c.id, s.id)
	}
	return -1
}

// Exec buffers a row, or completes the COPY when args is empty
// (driver.Stmt).
func (s *copyStmt) Exec(args []driver.Value) (driver.Result, error) {
	if s.c.srv.logOn {
		s.c.srv.logf("c%d.s%d Exec %s", s.c.id, s.id, formatValues(args))
	}
	if s.done {
		return nil, s.c.srv.fail(ErrCopyClosed)
	}
	if s.err != nil {
		return nil, s.err
	}
	if len(args) == 0 {
		s.done = true
		return result{affected: s.rows}, nil
	}
	first, _ := args[0].(string)
	return s.row(first)
}

// CopyData sends one raw line, like lib/pq's method of that name.
func (s *copyStmt) CopyData(ctx context.Context, line string) (driver.Result, error) {
	if s.c.srv.logOn {
		s.c.srv.logf("c%d.s%d CopyData %q", s.c.id, s.id, line)
	}
	if s.done {
		return nil, s.c.srv.fail(ErrCopyClosed)
	}
	if s.err != nil {
		return nil, s.err
	}
	return s.row(line)
}

func (s *copyStmt) row(first string) (driver.Result, error) {
	if first == "bad" {
		s.err = s.c.srv.newError(fmt.Sprintf("COPY row %d refused", s.rows+1))
		return nil, s.err
	}
	s.rows++
	return driver.RowsAffected(0), nil
}

// Query fails with [ErrCopy] (driver.Stmt).
func (s *copyStmt) Query(args []driver.Value) (driver.Rows, error) {
	if s.c.srv.logOn {
		s.c.srv.logf("c%d.s%d Query %s", s.c.id, s.id, formatValues(args))
	}
	return nil, s.c.srv.fail(ErrCopy)
}
