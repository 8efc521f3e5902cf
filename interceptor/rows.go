package interceptor

import (
	"context"
	"database/sql/driver"
	"io"
	"reflect"
)

var (
	_ driver.Rows                           = (*rows)(nil)
	_ driver.RowsColumnTypeScanType         = (*rows)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)
	_ driver.RowsColumnTypeLength           = (*rows)(nil)
	_ driver.RowsColumnTypeNullable         = (*rows)(nil)
	_ driver.RowsColumnTypePrecisionScale   = (*rows)(nil)
	_ driver.RowsNextResultSet              = rowsNextResultSet{}
)

// rows wraps driver.Rows and tells the call's observers about each row and
// the end. It implements every RowsColumnType interface, answering what
// database/sql assumes when the inner rows lack one, so ColumnTypes reports
// the same either way. RowsNextResultSet is claimed only by
// [rowsNextResultSet], for inner rows that have it: database/sql closes rows
// that lack it, which a claimed-but-empty method would not reproduce.
type rows struct {
	inner  driver.Rows
	ctx    context.Context // the query's: rows closed early because it ended report its error
	err    error           // first error of Next other than io.EOF
	closed bool
	qc     *queryCall // the call (qc.Call) and what holds these rows, reused once they are closed
}

type rowsNextResultSet struct{ *rows }

// wrap returns r as the driver.Rows with the inner rows' method set.
func (r *rows) wrap() driver.Rows {
	if w, ok := wrapRowsColumnScanner(r); ok {
		return w
	}
	if _, ok := r.inner.(driver.RowsNextResultSet); ok {
		return rowsNextResultSet{r}
	}
	return r
}

// Unwrap returns the inner driver.Rows.
func (r *rows) Unwrap() driver.Rows { return r.inner }

func (r *rows) Columns() []string { return r.inner.Columns() }

func (r *rows) Next(dest []driver.Value) error {
	err := r.inner.Next(dest)
	r.next(err, dest)
	return err
}

// next records the outcome of moving to the next row.
func (r *rows) next(err error, dest []driver.Value) {
	switch err {
	case nil:
		r.qc.Call.row(dest)
	case io.EOF:
		r.qc.Call.EOF = true
	default:
		if r.err == nil {
			r.err = err
		}
	}
}

func (r *rows) Close() error {
	err := r.inner.Close()
	if !r.closed {
		r.closed = true
		outcome := r.err
		if outcome == nil {
			outcome = err
		}
		if outcome == nil && !r.qc.Call.EOF {
			outcome = r.ctx.Err()
		}
		r.qc.Call.finish(outcome)
		r.qc.release()
	}
	return err
}

var anyType = reflect.TypeFor[any]()

func (r *rows) ColumnTypeScanType(index int) reflect.Type {
	if c, ok := r.inner.(driver.RowsColumnTypeScanType); ok {
		return c.ColumnTypeScanType(index)
	}
	return anyType
}

func (r *rows) ColumnTypeDatabaseTypeName(index int) string {
	if c, ok := r.inner.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return c.ColumnTypeDatabaseTypeName(index)
	}
	return ""
}

func (r *rows) ColumnTypeLength(index int) (int64, bool) {
	if c, ok := r.inner.(driver.RowsColumnTypeLength); ok {
		return c.ColumnTypeLength(index)
	}
	return 0, false
}

func (r *rows) ColumnTypeNullable(index int) (nullable, ok bool) {
	if c, ok := r.inner.(driver.RowsColumnTypeNullable); ok {
		return c.ColumnTypeNullable(index)
	}
	return false, false
}

func (r *rows) ColumnTypePrecisionScale(index int) (precision, scale int64, ok bool) {
	if c, ok := r.inner.(driver.RowsColumnTypePrecisionScale); ok {
		return c.ColumnTypePrecisionScale(index)
	}
	return 0, 0, false
}

func (r rowsNextResultSet) HasNextResultSet() bool {
	return r.inner.(driver.RowsNextResultSet).HasNextResultSet()
}

func (r rowsNextResultSet) NextResultSet() error {
	err := r.inner.(driver.RowsNextResultSet).NextResultSet()
	if err == nil {
		r.qc.Call.EOF = false
	}
	return err
}
