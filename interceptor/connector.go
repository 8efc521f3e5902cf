package interceptor

import (
	"context"
	"database/sql/driver"
	"io"
)

var (
	_ driver.Connector = (*connector)(nil)
	_ io.Closer        = connectorCloser{}
)

// connector wraps a driver.Connector; connectorCloser adds io.Closer for
// inner connectors that have it, which database/sql calls from DB.Close.
type connector struct {
	inner driver.Connector
	drv   driver.Driver
	chain *Chain
}

type connectorCloser struct{ *connector }

// WrapConnector wraps c so that its connections run through ch. d is what
// the wrapper's Driver method returns; when nil it is c.Driver() wrapped
// with the same chain. The wrapper implements io.Closer exactly when c does.
func WrapConnector(c driver.Connector, d driver.Driver, ch *Chain) driver.Connector {
	w := &connector{inner: c, drv: d, chain: ch}
	if w.drv == nil {
		w.drv = WrapDriver(c.Driver(), ch)
	}
	if _, ok := c.(io.Closer); ok {
		return connectorCloser{w}
	}
	return w
}

// Unwrap returns the inner driver.Connector.
func (c *connector) Unwrap() driver.Connector { return c.inner }

func (c *connector) Connect(ctx context.Context) (driver.Conn, error) {
	ic, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return newConn(ic, c.chain), nil
}

func (c *connector) Driver() driver.Driver { return c.drv }

// Close closes the inner connector.
func (c connectorCloser) Close() error { return c.inner.(io.Closer).Close() }
