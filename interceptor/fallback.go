package interceptor

import (
	"context"
	"database/sql/driver"
	"errors"
)

// This file holds what database/sql itself does when a driver object lacks
// an optional interface (its ctxutil.go). The wrappers always implement the
// context-aware interfaces, so they must behave exactly like database/sql's
// fallback where the inner object does not.

// errNamedParams is database/sql's error for named arguments given to a
// driver that only has the legacy, positional methods.
const errNamedParams = "sql: driver does not support the use of Named Parameters"

func namedValueToValue(named []driver.NamedValue) ([]driver.Value, error) {
	dargs := make([]driver.Value, len(named))
	for n, param := range named {
		if len(param.Name) > 0 {
			return nil, errors.New(errNamedParams)
		}
		dargs[n] = param.Value
	}
	return dargs, nil
}

func (c *conn) innerExec(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if c.execerCtx != nil {
		return c.execerCtx.ExecContext(ctx, query, args)
	}
	if c.execer == nil {
		return nil, driver.ErrSkip
	}
	dargs, err := namedValueToValue(args)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return c.execer.Exec(query, dargs)
}

func (c *conn) innerQuery(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if c.queryerCtx != nil {
		return c.queryerCtx.QueryContext(ctx, query, args)
	}
	if c.queryer == nil {
		return nil, driver.ErrSkip
	}
	dargs, err := namedValueToValue(args)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return c.queryer.Query(query, dargs)
}

func (c *conn) innerPrepare(ctx context.Context, query string) (driver.Stmt, error) {
	if pc, ok := c.inner.(driver.ConnPrepareContext); ok {
		return pc.PrepareContext(ctx, query)
	}
	si, err := c.inner.Prepare(query)
	if err == nil {
		if cerr := ctx.Err(); cerr != nil {
			si.Close()
			return nil, cerr
		}
	}
	return si, err
}

func (c *conn) innerBegin(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if bc, ok := c.inner.(driver.ConnBeginTx); ok {
		return bc.BeginTx(ctx, opts)
	}
	if opts.Isolation != driver.IsolationLevel(0) {
		return nil, errors.New("sql: driver does not support non-default isolation level")
	}
	if opts.ReadOnly {
		return nil, errors.New("sql: driver does not support read-only transactions")
	}
	//lint:ignore SA1019 the legacy method is the fallback database/sql uses.
	txi, err := c.inner.Begin() //nolint:staticcheck
	if err == nil && ctx.Done() != nil {
		if cerr := ctx.Err(); cerr != nil {
			txi.Rollback()
			return nil, cerr
		}
	}
	return txi, err
}

func (s *stmt) innerExec(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if s.copy != nil && s.copy.closing {
		return driver.ResultNoRows, s.inner.Close()
	}
	if sc, ok := s.inner.(driver.StmtExecContext); ok {
		return sc.ExecContext(ctx, args)
	}
	dargs, err := namedValueToValue(args)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	//lint:ignore SA1019 the legacy method is the fallback database/sql uses.
	return s.inner.Exec(dargs) //nolint:staticcheck
}

func (s *stmt) innerQuery(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if sc, ok := s.inner.(driver.StmtQueryContext); ok {
		return sc.QueryContext(ctx, args)
	}
	dargs, err := namedValueToValue(args)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	//lint:ignore SA1019 the legacy method is the fallback database/sql uses.
	return s.inner.Query(dargs) //nolint:staticcheck
}
