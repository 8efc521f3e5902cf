package conformance

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/deeperhub/dhsql"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/lib/pq"
)

// rawConnType returns the dynamic type of the driver.Conn that sql.Conn.Raw
// hands out on db, after dhsql.Unwrap, and whether Unwrap changed it.
func rawConnType(t *testing.T, db *sql.DB) (reflect.Type, reflect.Type, bool) {
	t.Helper()
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var outer, inner reflect.Type
	var unwrapped bool
	err = conn.Raw(func(dc any) error {
		outer = reflect.TypeOf(dc)
		in := dhsql.Unwrap(dc)
		inner = reflect.TypeOf(in)
		unwrapped = in != dc
		if again := dhsql.Unwrap(in); again != in {
			t.Errorf("Unwrap of the inner conn %T gave %T, want the same value", in, again)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return outer, inner, unwrapped
}

// testRawUnwrap checks that sql.Conn.Raw on the wrapped driver gives a
// dhsql conn whose [dhsql.Unwrap] has the raw driver's conn type, usable
// as such (pgx: *stdlib.Conn's Conn().Ping and a query through pgx), and
// that Unwrap leaves the raw driver's conn as it is.
func testRawUnwrap(t *testing.T, tg Target) {
	ctx := context.Background()
	rawDB, err := sql.Open(tg.RawDriver, tg.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer rawDB.Close()
	wrapDB, err := sql.Open(tg.WrappedDriver, tg.DSNFor(true))
	if err != nil {
		t.Fatal(err)
	}
	defer wrapDB.Close()

	rawOuter, rawInner, rawUnwrapped := rawConnType(t, rawDB)
	if rawUnwrapped || rawOuter != rawInner {
		t.Errorf("raw: Unwrap changed the raw driver's %v into %v", rawOuter, rawInner)
	}
	wrapOuter, wrapInner, wrapUnwrapped := rawConnType(t, wrapDB)
	t.Logf("raw conn %v; wrapped conn %v, unwrapped %v", rawOuter, wrapOuter, wrapInner)
	if !wrapUnwrapped {
		t.Errorf("wrapped: sql.Conn.Raw gave %v, which Unwrap left as is: not a dhsql wrapper", wrapOuter)
	}
	if wrapInner != rawOuter {
		t.Errorf("wrapped: Unwrap gave %v, want the raw driver's %v", wrapInner, rawOuter)
	}
	if wrapOuter == rawOuter {
		t.Errorf("wrapped: sql.Conn.Raw gave the raw driver's %v: the connection is not wrapped", wrapOuter)
	}
	// The driver and the conn's driver unwrap too.
	if got, want := reflect.TypeOf(dhsql.Unwrap(wrapDB.Driver())), reflect.TypeOf(rawDB.Driver()); got != want {
		t.Errorf("Unwrap(db.Driver()) = %v, want %v", got, want)
	}

	if tg.RawDriver == "pgx" {
		conn, err := wrapDB.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		err = conn.Raw(func(dc any) error {
			sc, ok := dhsql.Unwrap(dc).(*stdlib.Conn)
			if !ok {
				return errors.New("Unwrap did not give a *stdlib.Conn")
			}
			if err := sc.Conn().Ping(ctx); err != nil {
				return err
			}
			var n int
			if err := sc.Conn().QueryRow(ctx, "SELECT 41 + 1").Scan(&n); err != nil {
				return err
			}
			if n != 42 {
				return errors.New("pgx query through Unwrap gave a wrong answer")
			}
			return nil
		})
		if err != nil {
			t.Errorf("pgx through Unwrap: %v", err)
		}
		// The conn is still usable through database/sql.
		var one int
		if err := conn.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
			t.Errorf("query after Raw: %d, %v", one, err)
		}
	}
}

// testNotify checks lib/pq's pq.SetNotificationHandler through Unwrap:
// the conn LISTENs, another conn NOTIFYs, and the handler receives the
// payload — raw and wrapped.
func testNotify(t *testing.T, tg Target) {
	for _, drv := range []string{tg.RawDriver, tg.WrappedDriver} {
		t.Run(drv, func(t *testing.T) {
			ctx := context.Background()
			db, err := sql.Open(drv, tg.DSNFor(drv == tg.WrappedDriver))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			conn, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			got := make(chan *pq.Notification, 4)
			var setOn driver.Conn
			err = conn.Raw(func(dc any) error {
				inner, ok := dhsql.Unwrap(dc).(driver.Conn)
				if !ok {
					return errors.New("Unwrap did not give a driver.Conn")
				}
				setOn = inner
				pq.SetNotificationHandler(inner, func(n *pq.Notification) { got <- n })
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Raw(func(any) error { pq.SetNotificationHandler(setOn, nil); return nil })
			channel := newNames().get("chan")
			if _, err := conn.ExecContext(ctx, "LISTEN "+channel); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, "SELECT pg_notify($1, $2)", channel, "payload-"+drv); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(5 * time.Second)
			for {
				// pq reads notifications while it reads the replies to a
				// statement.
				if _, err := conn.ExecContext(ctx, "SELECT 1"); err != nil {
					t.Fatal(err)
				}
				select {
				case n := <-got:
					if n.Channel != channel || n.Extra != "payload-"+drv {
						t.Errorf("notification %+v, want channel %s payload %q", n, channel, "payload-"+drv)
					}
					return
				default:
				}
				if time.Now().After(deadline) {
					t.Fatal("no notification within 5s")
				}
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
}

// closeCounter is a connector that counts its Close calls.
type closeCounter struct {
	driver.Connector
	closes atomic.Int32
	err    error
}

func (c *closeCounter) Close() error {
	c.closes.Add(1)
	return c.err
}

// dsnConnector is a connector for drivers without DriverContext.
type dsnConnector struct {
	dsn string
	drv driver.Driver
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }
func (c dsnConnector) Driver() driver.Driver                        { return c.drv }

// baseConnector returns the raw driver's own connector for tg.DSN:
// pq.NewConnector for lib/pq, the driver's OpenConnector where it has
// DriverContext.
func baseConnector(t *testing.T, tg Target) driver.Connector {
	t.Helper()
	drv := RawDriver(t, tg)
	if tg.RawDriver == "postgres" {
		c, err := pq.NewConnector(tg.DSN)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if dc, ok := drv.(driver.DriverContext); ok {
		c, err := dc.OpenConnector(tg.DSN)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	return dsnConnector{dsn: tg.DSN, drv: drv}
}

// testConnectorClose checks that DB.Close reaches the Close of a wrapped
// connector that has one — once, with its error — exactly as it does
// unwrapped, and that the wrapper claims io.Closer only when the inner
// connector does.
func testConnectorClose(t *testing.T, tg Target) {
	ctx := context.Background()
	base := baseConnector(t, tg)
	_, baseCloser := base.(io.Closer)
	if _, ok := dhsql.WrapConnector(base, tg.Options...).(io.Closer); ok != baseCloser {
		t.Errorf("WrapConnector(%T): io.Closer %v, want %v (as the inner connector)", base, ok, baseCloser)
	}
	closeErr := errors.New("connector close failed")
	for _, withErr := range []bool{false, true} {
		var results [2]struct {
			closes     int32
			err1, err2 error
		}
		for i, wrap := range []bool{false, true} {
			cc := &closeCounter{Connector: base}
			if withErr {
				cc.err = closeErr
			}
			var c driver.Connector = cc
			if wrap {
				c = dhsql.WrapConnector(cc, tg.Options...)
				if _, ok := c.(io.Closer); !ok {
					t.Fatalf("WrapConnector of a connector with Close does not implement io.Closer")
				}
				if got := dhsql.Unwrap(c); got != driver.Connector(cc) {
					t.Errorf("Unwrap(WrapConnector(c)) = %T, want c", got)
				}
			}
			db := sql.OpenDB(c)
			if err := db.PingContext(ctx); err != nil {
				t.Fatalf("ping: %v", err)
			}
			var one int
			if err := db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
				t.Fatalf("query: %v", err)
			}
			results[i].err1 = db.Close()
			results[i].err2 = db.Close()
			results[i].closes = cc.closes.Load()
		}
		raw, wrapped := results[0], results[1]
		if raw.closes != 1 {
			t.Errorf("raw: Close called %d times, want 1", raw.closes)
		}
		if wrapped.closes != raw.closes {
			t.Errorf("wrapped (error %v): Close called %d times, raw %d", withErr, wrapped.closes, raw.closes)
		}
		if wrapped.err1 != raw.err1 || wrapped.err2 != raw.err2 {
			t.Errorf("wrapped: DB.Close gave %v then %v, raw %v then %v", wrapped.err1, wrapped.err2, raw.err1, raw.err2)
		}
		if withErr && wrapped.err1 != closeErr {
			t.Errorf("wrapped: DB.Close gave %v, want the connector's error", wrapped.err1)
		}
	}
}
