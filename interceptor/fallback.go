package interceptor

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
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
	if s.execCtx != nil {
		return s.execCtx.ExecContext(ctx, args)
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
	if s.queryCtx != nil {
		return s.queryCtx.QueryContext(ctx, args)
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

// deferConversion reports whether the inner conn lacks a conn-level Exec
// or Query method (of either form). database/sql converts the arguments of
// a conn-level call with the conn's CheckNamedValue before making it; for
// the call the inner conn cannot take, that conversion is wasted at best
// (the wrapper answers ErrSkip and database/sql converts again for the
// prepared statement) and wrong at worst. So the wrapper accepts the values
// as they are and converts them itself, in convertArgs, only for the call
// that reaches the inner conn.
func (c *conn) deferConversion() bool {
	return (c.execerCtx == nil && c.execer == nil) || (c.queryerCtx == nil && c.queryer == nil)
}

// convertArgs converts args as database/sql does for a conn-level call
// (its driverArgsConnLocked without a statement): the inner conn's
// NamedValueChecker, then the default converter, with database/sql's
// errors.
func (c *conn) convertArgs(args []driver.NamedValue) ([]driver.NamedValue, error) {
	if len(args) == 0 {
		return args, nil
	}
	nvc := c.nvc
	out := make([]driver.NamedValue, 0, len(args))
	for _, nv := range args {
		nv.Ordinal = len(out) + 1
		var err error
		if nvc != nil {
			err = nvc.CheckNamedValue(&nv)
		} else {
			err = driver.ErrSkip
		}
		if err == driver.ErrSkip {
			nv.Value, err = driver.DefaultParameterConverter.ConvertValue(nv.Value)
		}
		switch err {
		case nil:
			out = append(out, nv)
		case driver.ErrRemoveArgument:
		default:
			return nil, fmt.Errorf("sql: converting argument %s type: %w", describeNamedValue(&nv), err)
		}
	}
	return out, nil
}

// describeNamedValue names an argument as database/sql's errors do.
func describeNamedValue(nv *driver.NamedValue) string {
	if len(nv.Name) == 0 {
		return "$" + strconv.Itoa(nv.Ordinal)
	}
	return "with name " + strconv.Quote(nv.Name)
}
