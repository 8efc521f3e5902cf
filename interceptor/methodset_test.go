package interceptor_test

import (
	"context"
	"database/sql/driver"
	"io"
	"reflect"
	"testing"

	"github.com/deeperhub/dhsql/interceptor"
	"github.com/deeperhub/dhsql/internal/fakedb"
)

// implements reports, for each interface, whether v implements it.
func implements(v any, ifaces ...reflect.Type) map[string]bool {
	m := make(map[string]bool, len(ifaces))
	t := reflect.TypeOf(v)
	for _, it := range ifaces {
		m[it.String()] = t.Implements(it)
	}
	return m
}

var (
	connIfaces = []reflect.Type{
		reflect.TypeFor[driver.Conn](),
		reflect.TypeFor[driver.ConnPrepareContext](),
		reflect.TypeFor[driver.ConnBeginTx](),
		reflect.TypeFor[driver.ExecerContext](),
		reflect.TypeFor[driver.QueryerContext](),
		reflect.TypeFor[driver.Pinger](),
		reflect.TypeFor[driver.SessionResetter](),
		reflect.TypeFor[driver.Validator](),
		reflect.TypeFor[driver.NamedValueChecker](),
	}
	stmtAlways = []reflect.Type{
		reflect.TypeFor[driver.Stmt](),
		reflect.TypeFor[driver.StmtExecContext](),
		reflect.TypeFor[driver.StmtQueryContext](),
		reflect.TypeFor[driver.NamedValueChecker](),
	}
	columnConverter = reflect.TypeFor[driver.ColumnConverter]() //nolint:staticcheck
	copyDataer      = reflect.TypeFor[interface {
		CopyData(ctx context.Context, line string) (driver.Result, error)
	}]()
	rowsAlways = []reflect.Type{
		reflect.TypeFor[driver.Rows](),
		reflect.TypeFor[driver.RowsColumnTypeScanType](),
		reflect.TypeFor[driver.RowsColumnTypeDatabaseTypeName](),
		reflect.TypeFor[driver.RowsColumnTypeLength](),
		reflect.TypeFor[driver.RowsColumnTypeNullable](),
		reflect.TypeFor[driver.RowsColumnTypePrecisionScale](),
	}
	nextResultSet = reflect.TypeFor[driver.RowsNextResultSet]()
)

func wantAll(t *testing.T, what string, v any, ifaces []reflect.Type) {
	t.Helper()
	for name, ok := range implements(v, ifaces...) {
		if !ok {
			t.Errorf("%s (%T) does not implement %s", what, v, name)
		}
	}
}

func wantSame(t *testing.T, what string, wrapped, inner any, it reflect.Type) {
	t.Helper()
	w, i := reflect.TypeOf(wrapped).Implements(it), reflect.TypeOf(inner).Implements(it)
	if w != i {
		t.Errorf("%s: wrapper implements %v: %t, inner: %t", what, it, w, i)
	}
}

// wantInner checks that interceptor.Inner and the wrapper's Unwrap method
// return inner, and that inner is not itself a wrapper.
func wantInner(t *testing.T, what string, wrapped, inner any) {
	t.Helper()
	got, ok := interceptor.Inner(wrapped)
	if !ok || got != inner {
		t.Errorf("Inner(%s %T) = %T %v, %t; want %T", what, wrapped, got, got, ok, inner)
	}
	m := reflect.ValueOf(wrapped).MethodByName("Unwrap")
	if !m.IsValid() {
		t.Errorf("%s %T has no Unwrap method", what, wrapped)
	} else if u := m.Call(nil)[0].Interface(); u != inner {
		t.Errorf("%s.Unwrap() = %T, want %T", what, u, inner)
	}
	if _, ok := interceptor.Inner(inner); ok {
		t.Errorf("Inner(%T) of an inner object answers ok", inner)
	}
}

// innerOf returns the fake object a wrapper wraps, checking that it is one
// of srv's.
func innerOf(t *testing.T, srv *fakedb.Server, wrapped any) any {
	t.Helper()
	in, ok := interceptor.Inner(wrapped)
	if !ok {
		t.Fatalf("Inner(%T) not ok", wrapped)
	}
	if s, ok := fakedb.ServerOf(in); !ok || s != srv {
		t.Fatalf("Inner(%T) = %T, not an object of the fake", wrapped, in)
	}
	return in
}

func TestMethodSets(t *testing.T) {
	ctx := context.Background()
	chains := map[string]*interceptor.Chain{
		"nil":      nil,
		"recorder": interceptor.NewChain(&recorder{}),
	}
	for _, cfg := range allConfigs() {
		for chainName, ch := range chains {
			t.Run(cfg.String()+"/chain="+chainName, func(t *testing.T) {
				srv := fakedb.New(cfg)
				wc := interceptor.WrapConnector(srv.Connector(), nil, ch)
				wantSame(t, "connector", wc, srv.Connector(), reflect.TypeFor[io.Closer]())
				wantInner(t, "connector", wc, srv.Connector())
				if c, ok := wc.(io.Closer); ok {
					srv.ResetLog()
					if err := c.Close(); err != nil || len(srv.Log()) != 1 || srv.Log()[0] != "Connector Close" {
						t.Errorf("connector Close = %v, log %q", err, srv.Log())
					}
				}

				wd := wc.Driver()
				wantSame(t, "connector's driver", wd, srv.Driver(), reflect.TypeFor[driver.DriverContext]())
				wantInner(t, "connector's driver", wd, srv.Driver())

				wd = interceptor.WrapDriver(srv.Driver(), ch)
				wantSame(t, "driver", wd, srv.Driver(), reflect.TypeFor[driver.DriverContext]())
				wantInner(t, "driver", wd, srv.Driver())
				if dc, ok := wd.(driver.DriverContext); ok {
					oc, err := dc.OpenConnector("dsn")
					if err != nil {
						t.Fatal(err)
					}
					wantSame(t, "opened connector", oc, srv.Connector(), reflect.TypeFor[io.Closer]())
					wantInner(t, "opened connector", oc, srv.Connector())
					if oc.Driver() != wd {
						t.Errorf("opened connector's Driver() = %T, want the wrapped driver", oc.Driver())
					}
				}
				dconn, err := wd.Open("dsn")
				if err != nil {
					t.Fatal(err)
				}
				wantAll(t, "driver-opened conn", dconn, connIfaces)
				wantInner(t, "driver-opened conn", dconn, innerOf(t, srv, dconn))
				dconn.Close()

				conn, err := wc.Connect(ctx)
				if err != nil {
					t.Fatal(err)
				}
				defer conn.Close()
				wantAll(t, "conn", conn, connIfaces)
				innerConn := innerOf(t, srv, conn)
				wantInner(t, "conn", conn, innerConn)

				st, err := conn.(driver.ConnPrepareContext).PrepareContext(ctx, "SELECT 2")
				if err != nil {
					t.Fatal(err)
				}
				defer st.Close()
				wantAll(t, "stmt", st, stmtAlways)
				innerStmt := innerOf(t, srv, st)
				wantSame(t, "stmt", st, innerStmt, columnConverter)
				wantSame(t, "stmt", st, innerStmt, copyDataer)
				wantInner(t, "stmt", st, innerStmt)

				cp, err := conn.Prepare("COPY t FROM STDIN")
				if err != nil {
					t.Fatal(err)
				}
				wantAll(t, "COPY stmt", cp, stmtAlways)
				innerCopy := innerOf(t, srv, cp)
				wantSame(t, "COPY stmt", cp, innerCopy, columnConverter)
				wantSame(t, "COPY stmt", cp, innerCopy, copyDataer)
				wantInner(t, "COPY stmt", cp, innerCopy)
				cp.Close()

				rows, err := st.(driver.StmtQueryContext).QueryContext(ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				defer rows.Close()
				innerRows := rows
				if ch != nil {
					wantAll(t, "rows", rows, rowsAlways)
					innerRows = innerOf(t, srv, rows).(driver.Rows)
					wantInner(t, "rows", rows, innerRows)
				}
				wantSame(t, "rows", rows, innerRows, nextResultSet)

				tx, err := conn.(driver.ConnBeginTx).BeginTx(ctx, driver.TxOptions{})
				if err != nil {
					t.Fatal(err)
				}
				wantInner(t, "tx", tx, innerOf(t, srv, tx))
				if err := tx.Rollback(); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

func TestInnerOfOtherValues(t *testing.T) {
	for _, v := range []any{nil, 1, "x", fakedb.New(fakedb.Config{}).Connector(), interceptor.NewChain()} {
		if in, ok := interceptor.Inner(v); ok || in != nil {
			t.Errorf("Inner(%T) = %v, %t; want nil, false", v, in, ok)
		}
	}
}

// The fallbacks answer what database/sql assumes for a conn without the
// interface: Ping nil, ResetSession nil, IsValid true, CheckNamedValue
// ErrSkip (default conversion); and pass the inner conn's answers through
// where it has them.
func TestConnFallbackAnswers(t *testing.T) {
	ctx := context.Background()
	for _, k := range connKinds {
		t.Run(k.String(), func(t *testing.T) {
			srv := fakedb.New(fakedb.Config{Conn: k})
			conn, err := interceptor.WrapConnector(srv.Connector(), nil, nil).Connect(ctx)
			if err != nil {
				t.Fatal(err)
			}
			srv.ResetLog()
			if err := conn.(driver.Pinger).Ping(ctx); err != nil {
				t.Errorf("Ping = %v", err)
			}
			if err := conn.(driver.SessionResetter).ResetSession(ctx); err != nil {
				t.Errorf("ResetSession = %v", err)
			}
			if !conn.(driver.Validator).IsValid() {
				t.Error("IsValid = false")
			}
			// A Bare conn's answer is left to TestArgConversionOnConnWithoutExecer:
			// database/sql asks it only for conn-level attempts the wrapper
			// answers with ErrSkip.
			if k != fakedb.Bare {
				nv := driver.NamedValue{Ordinal: 1, Value: fakedb.Custom{V: "x"}}
				err = conn.(driver.NamedValueChecker).CheckNamedValue(&nv)
				want := driver.ErrSkip
				if fullCtx(k) {
					want = nil // the fake's checker accepts Custom
				}
				if err != want {
					t.Errorf("CheckNamedValue(Custom) = %v, want %v", err, want)
				}
			}
			var wantLog []string
			switch {
			case k == fakedb.Full:
				wantLog = []string{"c1 Ping", "c1 ResetSession", "c1 IsValid", `c1 CheckNamedValue fakedb.Custom({x})`}
			case fullCtx(k):
				// Without a conn-level Exec or Query, the wrapper takes the
				// values as they are and converts them (through the inner
				// checker) only for a call that reaches the inner conn.
				wantLog = []string{"c1 Ping", "c1 ResetSession", "c1 IsValid"}
			}
			if got := srv.Log(); !equalStrings(got, wantLog) {
				t.Errorf("log %q, want %q", got, wantLog)
			}
		})
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A dead inner conn's answers reach database/sql as they are: ResetSession
// gives the very driver.ErrBadConn value, IsValid false, Ping its error.
func TestConnDeadAnswers(t *testing.T) {
	ctx := context.Background()
	for _, k := range connKinds {
		if !fullCtx(k) {
			continue // the fallbacks answer for conns without the interfaces
		}
		t.Run(k.String(), func(t *testing.T) {
			srv := fakedb.New(fakedb.Config{Conn: k, Stmt: fakedb.Bare})
			conn, err := interceptor.WrapConnector(srv.Connector(), nil, nil).Connect(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			// BADCONN kills a conn that has run a statement before.
			for range 2 {
				s, err := conn.Prepare("BADCONN")
				if err != nil {
					t.Fatal(err)
				}
				s.(driver.StmtExecContext).ExecContext(ctx, nil)
				s.Close()
			}
			if err := conn.(driver.SessionResetter).ResetSession(ctx); err != driver.ErrBadConn {
				t.Errorf("ResetSession = %v, want driver.ErrBadConn itself", err)
			}
			if conn.(driver.Validator).IsValid() {
				t.Error("IsValid = true on a dead conn")
			}
			if err := conn.(driver.Pinger).Ping(ctx); err != driver.ErrBadConn {
				t.Errorf("Ping = %v, want driver.ErrBadConn itself", err)
			}
		})
	}
}
