package interceptor

import (
	"database/sql/driver"
)

var (
	_ driver.Driver        = (*wrappedDriver)(nil)
	_ driver.DriverContext = driverContext{}
)

// wrappedDriver wraps a driver.Driver; driverContext adds
// driver.DriverContext for inner drivers that have it.
type wrappedDriver struct {
	inner driver.Driver
	chain *Chain
}

type driverContext struct{ *wrappedDriver }

// WrapDriver wraps d so that the connections it opens run through ch. The
// wrapper implements driver.DriverContext exactly when d does.
func WrapDriver(d driver.Driver, ch *Chain) driver.Driver {
	w := &wrappedDriver{inner: d, chain: ch}
	if _, ok := d.(driver.DriverContext); ok {
		return driverContext{w}
	}
	return w
}

// Unwrap returns the inner driver.Driver.
func (d *wrappedDriver) Unwrap() driver.Driver { return d.inner }

func (d *wrappedDriver) Open(name string) (driver.Conn, error) {
	c, err := d.inner.Open(name)
	if err != nil {
		return nil, err
	}
	return newConn(c, d.chain), nil
}

// OpenConnector opens the inner driver's connector and wraps it.
func (d driverContext) OpenConnector(name string) (driver.Connector, error) {
	c, err := d.inner.(driver.DriverContext).OpenConnector(name)
	if err != nil {
		return nil, err
	}
	return WrapConnector(c, d, d.chain), nil
}

// Inner returns the object that v, a wrapper made by this package, wraps.
// ok is false when v is not one of this package's wrappers.
func Inner(v any) (inner any, ok bool) {
	switch w := v.(type) {
	case *wrappedDriver:
		return w.inner, true
	case driverContext:
		return w.inner, true
	case *connector:
		return w.inner, true
	case connectorCloser:
		return w.inner, true
	case *conn:
		return w.inner, true
	case *stmt:
		return w.inner, true
	case stmtConverter:
		return w.inner, true
	case stmtCopyData:
		return w.inner, true
	case *tx:
		return w.inner, true
	case *rows:
		return w.inner, true
	case rowsNextResultSet:
		return w.inner, true
	}
	return innerScanner(v)
}
