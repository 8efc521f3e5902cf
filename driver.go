package dhsql

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"io"
	"slices"

	"github.com/deeperhub/dhsql/interceptor"
)

var (
	_ driver.Driver        = (*wrappedDriver)(nil)
	_ driver.DriverContext = (*wrappedDriver)(nil)
	_ driver.Connector     = (*failedConnector)(nil)
)

// Wrap returns a driver that opens d's connections through dhsql. The DSN
// given to it may carry dh_* parameters (see [ParseDSN]); they are removed
// before d sees the DSN and override opts.
//
// The wrapper implements driver.DriverContext whatever d does: database/sql
// then calls OpenConnector once per sql.Open, so the DSN is parsed once. For
// a d without it, the connector calls d.Open with the DSN on every
// connection, which is what database/sql does itself.
func Wrap(d driver.Driver, opts ...Option) driver.Driver {
	if w, ok := d.(*wrappedDriver); ok {
		// Wrapping twice would run every hook twice.
		d = w.inner
		opts = append(slices.Clip(w.opts), opts...)
	}
	return &wrappedDriver{inner: d, opts: opts}
}

// WrapConnector returns a connector whose connections run through dhsql:
// for sql.OpenDB with a connector built in code (pq.NewConnector,
// mysql.NewConnector, pgx's stdlib.GetConnector). Settings come from opts
// only; with no DSN to read, spans name the server only when [WithTarget]
// says which it is. The wrapper implements io.Closer exactly when c does, and its Close
// closes c (database/sql calls it from DB.Close).
//
// An invalid setting does not fail here: the first connection returns the
// [ConfigError], as it would for a bad dh_* DSN parameter.
func WrapConnector(c driver.Connector, opts ...Option) driver.Connector {
	cfg := newConfig(opts)
	drv := Wrap(c.Driver(), opts...)
	if err := cfg.validate(); err != nil {
		return &failedConnector{err: err, drv: drv}
	}
	return newConnector(c, drv, cfg.withDefaults())
}

// Register makes d available to sql.Open under name, wrapped by dhsql with
// opts. Like sql.Register, it panics if name is already registered; use
// [Registered] to check first.
func Register(name string, d driver.Driver, opts ...Option) {
	sql.Register(name, Wrap(d, opts...))
}

// Registered reports whether a database/sql driver named name exists.
func Registered(name string) bool {
	return slices.Contains(sql.Drivers(), name)
}

// Unwrap returns the object a dhsql wrapper wraps, peeling every dhsql
// layer: given the driver.Conn that sql.Conn.Raw passes to its function it
// returns the inner driver's conn (pgx's *stdlib.Conn, lib/pq's conn for
// pq.SetNotificationHandler); it does the same for a driver, connector,
// stmt, tx or rows. Values that are not dhsql wrappers are returned as
// they are.
//
//	err := conn.Raw(func(dc any) error {
//		pgxConn := dhsql.Unwrap(dc).(*stdlib.Conn).Conn()
//		…
//	})
func Unwrap(v any) any {
	for {
		switch w := v.(type) {
		case *wrappedDriver:
			v = w.inner
		default:
			inner, ok := interceptor.Inner(v)
			if !ok {
				return v
			}
			v = inner
		}
	}
}

type wrappedDriver struct {
	inner driver.Driver
	opts  []Option
}

// Open opens one connection; database/sql itself uses OpenConnector.
func (d *wrappedDriver) Open(name string) (driver.Conn, error) {
	c, err := d.OpenConnector(name)
	if err != nil {
		return nil, err
	}
	conn, err := c.Connect(context.Background())
	if cl, ok := c.(io.Closer); ok && err != nil {
		cl.Close()
	}
	return conn, err
}

// OpenConnector parses name's dh_* parameters and opens the inner driver's
// connector with the rest. A bad dh_* parameter does not fail here: the
// first connection returns its [ConfigError]. An error of the inner
// driver's own OpenConnector is returned as is, as the raw driver would.
func (d *wrappedDriver) OpenConnector(name string) (driver.Connector, error) {
	cfg, dsn, err := d.resolve(name)
	if err != nil {
		return &failedConnector{err: err, drv: d}, nil
	}
	var inner driver.Connector
	if dc, ok := d.inner.(driver.DriverContext); ok {
		inner, err = dc.OpenConnector(dsn.Inner)
		if err != nil {
			return nil, err
		}
	} else {
		inner = &dsnConnector{dsn: dsn.Inner, drv: d.inner}
	}
	return newConnector(inner, d, cfg), nil
}

// resolve applies the driver's options, then name's dh_* parameters, and
// validates the result.
func (d *wrappedDriver) resolve(name string) (Config, *DSN, error) {
	cfg := newConfig(d.opts)
	dsn, err := ParseDSN(cfg.Dialect, name)
	if err != nil {
		return cfg, nil, err
	}
	if err := dsn.Apply(&cfg); err != nil {
		return cfg, nil, err
	}
	if cfg.Target == (Target{}) {
		cfg.Target = dsn.Target
	}
	if err := cfg.validate(); err != nil {
		return cfg, nil, err
	}
	return cfg.withDefaults(), dsn, nil
}

// newConnector wires cfg's hooks around inner's connections.
func newConnector(inner driver.Connector, drv driver.Driver, cfg Config) driver.Connector {
	return interceptor.WrapConnector(inner, drv, newChain(&cfg))
}

// dsnConnector is database/sql's connector for drivers without
// DriverContext: every connection opens the driver with the DSN.
type dsnConnector struct {
	dsn string
	drv driver.Driver
}

func (c *dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }

func (c *dsnConnector) Driver() driver.Driver { return c.drv }

// failedConnector holds a configuration error until the first connection.
type failedConnector struct {
	err error
	drv driver.Driver
}

func (c *failedConnector) Connect(context.Context) (driver.Conn, error) { return nil, c.err }

func (c *failedConnector) Driver() driver.Driver { return c.drv }
