//go:build !go1.27

package interceptor

import "database/sql/driver"

// Before Go 1.27 there is no driver.RowsColumnScanner to forward.
func wrapRowsColumnScanner(*rows) (driver.Rows, bool) { return nil, false }

func innerScanner(any) (any, bool) { return nil, false }
