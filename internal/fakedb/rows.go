package fakedb

import (
	"database/sql/driver"
	"io"
	"reflect"
)

var (
	_ driver.Rows = (*rows)(nil)

	_ driver.RowsNextResultSet              = fullRows{}
	_ driver.RowsColumnTypeScanType         = fullRows{}
	_ driver.RowsColumnTypeDatabaseTypeName = fullRows{}
	_ driver.RowsColumnTypeLength           = fullRows{}
	_ driver.RowsColumnTypeNullable         = fullRows{}
	_ driver.RowsColumnTypePrecisionScale   = fullRows{}
)

// rows is Bare rows: Columns, Close and Next. The first result set has the
// columns id and name, a second one (MULTI) the column n.
type rows struct {
	c       *conn
	id      int64
	set     int   // current result set
	sets    int   // number of result sets; 0 for no columns at all
	n       int64 // rows in the current set
	i       int64 // rows returned from the current set
	then    op    // opErr or opErrT: Next fails after the last row
	thenErr error
	cols    [2]string
	ncols   int
	closed  bool
}

// fullRows adds RowsNextResultSet and every RowsColumnType interface.
type fullRows struct{ *rows }

func (c *conn) newRows(n int64, sets int, then op) driver.Rows {
	r := &rows{c: c, id: c.next(), n: n, sets: sets, then: then}
	if sets > 0 {
		r.cols, r.ncols = [2]string{"id", "name"}, 2
	}
	c.srv.rows.Add(1)
	if c.srv.cfg.Rows == Bare {
		return r
	}
	return fullRows{r}
}

// Columns returns the current result set's column names (driver.Rows).
func (r *rows) Columns() []string {
	if r.c.srv.logOn {
		r.c.srv.logf("c%d.r%d Columns", r.c.id, r.id)
	}
	return r.cols[:r.ncols:r.ncols]
}

// Close closes the rows (driver.Rows).
func (r *rows) Close() error {
	if r.c.srv.logOn {
		r.c.srv.logf("c%d.r%d Close", r.c.id, r.id)
	}
	if !r.closed {
		r.closed = true
		r.c.srv.rows.Add(-1)
	}
	return nil
}

// Next fills dest with the next row of the current result set, and then
// answers io.EOF, or the error a SELECT … ERR / ERRT asked for
// (driver.Rows). It does not allocate.
func (r *rows) Next(dest []driver.Value) error {
	if r.c.srv.logOn {
		r.c.srv.logf("c%d.r%d Next", r.c.id, r.id)
	}
	if r.i >= r.n || r.closed {
		if r.then != opUnknown && r.set == r.sets-1 && !r.closed {
			if r.thenErr == nil {
				if r.then == opErrT {
					r.thenErr = r.c.srv.newError("SELECT ERRT")
				} else {
					r.thenErr = r.c.srv.fail(ErrBoom)
				}
			}
			return r.thenErr
		}
		return io.EOF
	}
	r.i++
	dest[0] = idValue(r.i)
	if r.set == 0 {
		dest[1] = nameValue(r.i)
	}
	return nil
}

// HasNextResultSet reports whether a second result set follows
// (driver.RowsNextResultSet).
func (r fullRows) HasNextResultSet() bool {
	if r.c.srv.logOn {
		r.c.srv.logf("c%d.r%d HasNextResultSet", r.c.id, r.id)
	}
	return r.set < r.sets-1
}

// NextResultSet moves to the next result set, or answers io.EOF
// (driver.RowsNextResultSet).
func (r fullRows) NextResultSet() error {
	if r.c.srv.logOn {
		r.c.srv.logf("c%d.r%d NextResultSet", r.c.id, r.id)
	}
	if r.set >= r.sets-1 {
		return io.EOF
	}
	r.set++
	r.i, r.n = 0, 1
	r.cols, r.ncols = [2]string{"n"}, 1
	return nil
}

func (r fullRows) isText(index int) bool { return r.cols[index] == "name" }

// ColumnTypeScanType answers int64 or string
// (driver.RowsColumnTypeScanType).
func (r fullRows) ColumnTypeScanType(index int) reflect.Type {
	if r.c.srv.logOn {
		r.c.srv.logf("c%d.r%d ColumnTypeScanType %d", r.c.id, r.id, index)
	}
	if r.isText(index) {
		return reflect.TypeFor[string]()
	}
	return reflect.TypeFor[int64]()
}

// ColumnTypeDatabaseTypeName answers BIGINT or VARCHAR
// (driver.RowsColumnTypeDatabaseTypeName).
func (r fullRows) ColumnTypeDatabaseTypeName(index int) string {
	if r.c.srv.logOn {
		r.c.srv.logf("c%d.r%d ColumnTypeDatabaseTypeName %d", r.c.id, r.id, index)
	}
	if r.isText(index) {
		return "VARCHAR"
	}
	return "BIGINT"
}

// ColumnTypeLength answers 255 for the name column
// (driver.RowsColumnTypeLength).
func (r fullRows) ColumnTypeLength(index int) (length int64, ok bool) {
	if r.c.srv.logOn {
		r.c.srv.logf("c%d.r%d ColumnTypeLength %d", r.c.id, r.id, index)
	}
	if r.isText(index) {
		return 255, true
	}
	return 0, false
}

// ColumnTypeNullable answers true for the name column
// (driver.RowsColumnTypeNullable).
func (r fullRows) ColumnTypeNullable(index int) (nullable, ok bool) {
	if r.c.srv.logOn {
		r.c.srv.logf("c%d.r%d ColumnTypeNullable %d", r.c.id, r.id, index)
	}
	return r.isText(index), true
}

// ColumnTypePrecisionScale answers 19, 0 for integer columns
// (driver.RowsColumnTypePrecisionScale).
func (r fullRows) ColumnTypePrecisionScale(index int) (precision, scale int64, ok bool) {
	if r.c.srv.logOn {
		r.c.srv.logf("c%d.r%d ColumnTypePrecisionScale %d", r.c.id, r.id, index)
	}
	if r.isText(index) {
		return 0, 0, false
	}
	return 19, 0, true
}
