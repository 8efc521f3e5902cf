//go:build go1.27

package interceptor

import "database/sql/driver"

// Go 1.27's driver.RowsColumnScanner lets database/sql scan straight from
// the driver into the caller's variables, bypassing Next. The wrapper claims
// it when the inner rows have it and no observer of the call needs the
// rows' values (a RowObserver sees them only through Next, which
// database/sql then uses, and which every driver.Rows still has).

var (
	_ driver.RowsColumnScanner = rowsColumnScanner{}
	_ driver.RowsNextResultSet = rowsColumnScannerNextResultSet{}
)

type rowsColumnScanner struct{ *rows }

type rowsColumnScannerNextResultSet struct{ rowsNextResultSet }

func wrapRowsColumnScanner(r *rows) (driver.Rows, bool) {
	if _, ok := r.inner.(driver.RowsColumnScanner); !ok || r.qc.Call.wantsRows() {
		return nil, false
	}
	if _, ok := r.inner.(driver.RowsNextResultSet); ok {
		return rowsColumnScannerNextResultSet{rowsNextResultSet{r}}, true
	}
	return rowsColumnScanner{r}, true
}

func (r rowsColumnScanner) NextRow() error { return r.rows.nextRow() }

func (r rowsColumnScanner) ScanColumn(sc driver.ScanContext, index int, dest any) error {
	return r.inner.(driver.RowsColumnScanner).ScanColumn(sc, index, dest)
}

func (r rowsColumnScannerNextResultSet) NextRow() error { return r.rows.nextRow() }

func (r rowsColumnScannerNextResultSet) ScanColumn(sc driver.ScanContext, index int, dest any) error {
	return r.inner.(driver.RowsColumnScanner).ScanColumn(sc, index, dest)
}

func (r *rows) nextRow() error {
	err := r.inner.(driver.RowsColumnScanner).NextRow()
	r.next(err, nil)
	return err
}

// innerScanner returns the rows a column-scanner wrapper wraps.
func innerScanner(v any) (any, bool) {
	switch w := v.(type) {
	case rowsColumnScanner:
		return w.inner, true
	case rowsColumnScannerNextResultSet:
		return w.inner, true
	}
	return nil, false
}
