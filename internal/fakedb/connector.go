package fakedb

import (
	"context"
	"database/sql/driver"
	"io"
)

var (
	_ driver.Connector     = (*connector)(nil)
	_ io.Closer            = connectorCloser{}
	_ driver.Driver        = (*fdriver)(nil)
	_ driver.DriverContext = driverContext{}
)

// connector opens conns of its server.
type connector struct{ srv *Server }

// connectorCloser adds io.Closer.
type connectorCloser struct{ *connector }

// Connect opens a conn (driver.Connector).
func (c *connector) Connect(ctx context.Context) (driver.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, c.srv.fail(err)
	}
	return c.srv.connect(), nil
}

// Driver returns the server's driver (driver.Connector).
func (c *connector) Driver() driver.Driver { return c.srv.driver }

// Close is logged and answers nil (io.Closer).
func (c connectorCloser) Close() error {
	if c.srv.logOn {
		c.srv.logf("Connector Close")
	}
	return nil
}

// fdriver opens conns of its server.
type fdriver struct{ srv *Server }

// driverContext adds driver.DriverContext.
type driverContext struct{ *fdriver }

// Open opens a conn; name is only logged (driver.Driver).
func (d *fdriver) Open(name string) (driver.Conn, error) {
	if d.srv.logOn {
		d.srv.logf("Open %q", name)
	}
	return d.srv.connect(), nil
}

// OpenConnector returns the server's connector; name is only logged
// (driver.DriverContext).
func (d driverContext) OpenConnector(name string) (driver.Connector, error) {
	if d.srv.logOn {
		d.srv.logf("OpenConnector %q", name)
	}
	return d.srv.connector, nil
}
