package conformance

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/deeperhub/dhsql"
	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/lib/pq"
)

// An iface is an optional interface of a database/sql/driver object.
type iface struct {
	name string
	is   func(any) bool
}

func implements[T any](v any) bool { _, ok := v.(T); return ok }

// copyDataer is lib/pq's raw-line COPY method.
type copyDataer interface {
	CopyData(ctx context.Context, line string) (driver.Result, error)
}

// The optional interfaces of each object, as database/sql/driver lists
// them.
var (
	driverIfaces = []iface{
		{"DriverContext", implements[driver.DriverContext]},
	}
	connectorIfaces = []iface{
		{"io.Closer", implements[io.Closer]},
	}
	connIfaces = []iface{
		{"ConnPrepareContext", implements[driver.ConnPrepareContext]},
		{"ConnBeginTx", implements[driver.ConnBeginTx]},
		{"ExecerContext", implements[driver.ExecerContext]},
		{"QueryerContext", implements[driver.QueryerContext]},
		{"Execer", implements[driver.Execer]},   //nolint:staticcheck
		{"Queryer", implements[driver.Queryer]}, //nolint:staticcheck
		{"Pinger", implements[driver.Pinger]},
		{"SessionResetter", implements[driver.SessionResetter]},
		{"Validator", implements[driver.Validator]},
		{"NamedValueChecker", implements[driver.NamedValueChecker]},
	}
	stmtIfaces = []iface{
		{"StmtExecContext", implements[driver.StmtExecContext]},
		{"StmtQueryContext", implements[driver.StmtQueryContext]},
		{"NamedValueChecker", implements[driver.NamedValueChecker]},
		{"ColumnConverter", implements[driver.ColumnConverter]}, //nolint:staticcheck
		{"CopyData", implements[copyDataer]},
	}
	rowsIfaces = []iface{
		{"RowsNextResultSet", implements[driver.RowsNextResultSet]},
		{"RowsColumnTypeScanType", implements[driver.RowsColumnTypeScanType]},
		{"RowsColumnTypeDatabaseTypeName", implements[driver.RowsColumnTypeDatabaseTypeName]},
		{"RowsColumnTypeLength", implements[driver.RowsColumnTypeLength]},
		{"RowsColumnTypeNullable", implements[driver.RowsColumnTypeNullable]},
		{"RowsColumnTypePrecisionScale", implements[driver.RowsColumnTypePrecisionScale]},
	}
	txIfaces = []iface{}
)

// Objects probed by [ProbeInterfaces], in table order.
var probedObjects = []string{"Driver", "Connector", "Connector (constructor)", "Conn", "Stmt", "Stmt (COPY)", "Rows (conn query)", "Rows (stmt query)", "Tx"}

// Probe is, for each driver object, its dynamic type and the optional
// interfaces it implements.
type Probe struct {
	Types  map[string]string
	Ifaces map[string][]string
}

func (p *Probe) add(obj string, v any, list []iface) {
	p.Types[obj] = fmt.Sprintf("%T", v)
	var names []string
	for _, i := range list {
		if i.is(v) {
			names = append(names, i.name)
		}
	}
	p.Ifaces[obj] = names
}

// ProbeInterfaces opens driverName with dsn and finds, by type assertion
// on the real objects, which optional interfaces its driver, connector
// (OpenConnector), conn (sql.Conn.Raw), stmt (PrepareContext on that
// conn), rows (QueryContext on the conn and on the stmt) and tx (BeginTx)
// implement. A COPY statement is probed when copyTable names a table
// (lib/pq). When code is not nil (see [CodeConnector]) it is probed too,
// through dhsql.WrapConnector when wrapped is true.
func ProbeInterfaces(t *testing.T, driverName, dsn, copyTable string, code driver.Connector, wrapped bool) *Probe {
	t.Helper()
	ctx := context.Background()
	p := &Probe{Types: map[string]string{}, Ifaces: map[string][]string{}}
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	drv := db.Driver()
	p.add("Driver", drv, driverIfaces)
	if dc, ok := drv.(driver.DriverContext); ok {
		c, err := dc.OpenConnector(dsn)
		if err != nil {
			t.Fatalf("%s: OpenConnector: %v", driverName, err)
		}
		p.add("Connector", c, connectorIfaces)
		if cl, ok := c.(io.Closer); ok {
			defer cl.Close()
		}
	}
	if code != nil {
		c := code
		if wrapped {
			c = dhsql.WrapConnector(code)
		}
		p.add("Connector (constructor)", c, connectorIfaces)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatalf("%s: %v", driverName, err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		p.add("Conn", dc, connIfaces)
		c := dc.(driver.Conn)
		var st driver.Stmt
		var err error
		if pc, ok := c.(driver.ConnPrepareContext); ok {
			st, err = pc.PrepareContext(ctx, "SELECT 1")
		} else {
			st, err = c.Prepare("SELECT 1")
		}
		if err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
		p.add("Stmt", st, stmtIfaces)
		var rows driver.Rows
		if sq, ok := st.(driver.StmtQueryContext); ok {
			rows, err = sq.QueryContext(ctx, nil)
		} else {
			rows, err = st.Query(nil) //nolint:staticcheck
		}
		if err != nil {
			return fmt.Errorf("stmt query: %w", err)
		}
		p.add("Rows (stmt query)", rows, rowsIfaces)
		rows.Close()
		st.Close()
		queried := false
		if q, ok := c.(driver.QueryerContext); ok {
			rows, err = q.QueryContext(ctx, "SELECT 1", nil)
			queried = true
		} else if q, ok := c.(driver.Queryer); ok { //nolint:staticcheck
			rows, err = q.Query("SELECT 1", nil)
			queried = true
		}
		if queried {
			switch {
			case err == driver.ErrSkip:
				// A wrapper of a conn without Queryer: not implemented.
			case err != nil:
				return fmt.Errorf("query: %w", err)
			default:
				p.add("Rows (conn query)", rows, rowsIfaces)
				rows.Close()
			}
		}
		var tx driver.Tx
		if b, ok := c.(driver.ConnBeginTx); ok {
			tx, err = b.BeginTx(ctx, driver.TxOptions{})
		} else {
			tx, err = c.Begin() //nolint:staticcheck
		}
		if err != nil {
			return fmt.Errorf("begin: %w", err)
		}
		p.add("Tx", tx, txIfaces)
		if copyTable != "" {
			var cst driver.Stmt
			if pc, ok := c.(driver.ConnPrepareContext); ok {
				cst, err = pc.PrepareContext(ctx, "COPY "+copyTable+" (a) FROM STDIN")
			} else {
				cst, err = c.Prepare("COPY " + copyTable + " (a) FROM STDIN")
			}
			if err != nil {
				tx.Rollback()
				return fmt.Errorf("prepare copy: %w", err)
			}
			p.add("Stmt (COPY)", cst, stmtIfaces)
			cst.Close()
		}
		return tx.Rollback()
	})
	if err != nil {
		t.Fatalf("%s: %v", driverName, err)
	}
	return p
}

// CodeConnector returns the connector an application builds in code for
// tg's raw driver (pq.NewConnector, pgx's stdlib.GetConnector,
// mysql.NewConnector), or nil when the driver has no such constructor.
func CodeConnector(t testing.TB, tg Target) driver.Connector {
	t.Helper()
	var c driver.Connector
	var err error
	switch tg.RawDriver {
	case "postgres":
		c, err = pq.NewConnector(tg.DSN)
	case "pgx":
		var cfg *pgx.ConnConfig
		if cfg, err = pgx.ParseConfig(tg.DSN); err == nil {
			c = stdlib.GetConnector(*cfg)
		}
	case "mysql":
		var cfg *mysql.Config
		if cfg, err = mysql.ParseDSN(tg.DSN); err == nil {
			c, err = mysql.NewConnector(cfg)
		}
	}
	if err != nil {
		t.Fatalf("%s: building a connector: %v", tg.Name, err)
	}
	return c
}

// wrapperClaims returns what dhsql promises a wrapper of an object with
// the inner interfaces claims (interceptor/doc.go, dhsql.Wrap).
func wrapperClaims(obj string, inner []string) []string {
	has := func(n string) bool { return slices.Contains(inner, n) }
	var out []string
	add := func(cond bool, n string) {
		if cond {
			out = append(out, n)
		}
	}
	switch obj {
	case "Driver":
		// dhsql.Wrap implements DriverContext whatever the inner driver
		// does, so the DSN is parsed once per sql.Open.
		out = []string{"DriverContext"}
	case "Connector", "Connector (constructor)":
		add(has("io.Closer"), "io.Closer")
	case "Conn":
		out = []string{"ConnPrepareContext", "ConnBeginTx", "ExecerContext", "QueryerContext",
			"Pinger", "SessionResetter", "Validator", "NamedValueChecker"}
	case "Stmt", "Stmt (COPY)":
		out = []string{"StmtExecContext", "StmtQueryContext", "NamedValueChecker"}
		add(has("ColumnConverter"), "ColumnConverter")
		add(has("CopyData"), "CopyData")
	case "Rows (conn query)", "Rows (stmt query)":
		add(has("RowsNextResultSet"), "RowsNextResultSet")
		out = append(out, "RowsColumnTypeScanType", "RowsColumnTypeDatabaseTypeName", "RowsColumnTypeLength",
			"RowsColumnTypeNullable", "RowsColumnTypePrecisionScale")
	}
	return out
}

// sortedLike orders names as they appear in list.
func sortedLike(names []string, list []iface) []string {
	out := slices.Clone(names)
	pos := func(n string) int {
		for i, x := range list {
			if x.name == n {
				return i
			}
		}
		return len(list)
	}
	sort.SliceStable(out, func(a, b int) bool { return pos(out[a]) < pos(out[b]) })
	return out
}

func ifacesOf(obj string) []iface {
	switch obj {
	case "Driver":
		return driverIfaces
	case "Connector", "Connector (constructor)":
		return connectorIfaces
	case "Conn":
		return connIfaces
	case "Stmt", "Stmt (COPY)":
		return stmtIfaces
	case "Tx":
		return txIfaces
	}
	return rowsIfaces
}

// InterfacesTable renders probes of raw drivers as a Markdown table: one
// row per object, one column per driver.
func InterfacesTable(drivers []string, probes map[string]*Probe) string {
	var b strings.Builder
	b.WriteString("| object |")
	for _, d := range drivers {
		b.WriteString(" " + d + " |")
	}
	b.WriteString("\n|---|")
	for range drivers {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for _, obj := range probedObjects {
		seen := false
		for _, d := range drivers {
			if _, ok := probes[d].Types[obj]; ok {
				seen = true
			}
		}
		if !seen {
			continue
		}
		b.WriteString("| " + obj + " |")
		for _, d := range drivers {
			typ, ok := probes[d].Types[obj]
			if !ok {
				b.WriteString(" — |")
				continue
			}
			names := probes[d].Ifaces[obj]
			cell := "`" + typ + "`: "
			if len(names) == 0 {
				cell += "none"
			} else {
				cell += strings.Join(names, ", ")
			}
			b.WriteString(" " + cell + " |")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// testOptionalInterfaces probes the raw and the wrapped driver of tg and
// checks that every wrapped object claims exactly what dhsql promises for
// its inner object's set.
func testOptionalInterfaces(t *testing.T, tg Target) {
	copyTable := ""
	if tg.CopyIn {
		copyTable = CopyTable(t, tg)
	}
	code := CodeConnector(t, tg)
	raw := ProbeInterfaces(t, tg.RawDriver, tg.DSN, copyTable, code, false)
	wrapped := ProbeInterfaces(t, tg.WrappedDriver, tg.DSNFor(true), copyTable, code, true)
	for _, obj := range probedObjects {
		rt, ok := raw.Types[obj]
		if !ok {
			wt, ok := wrapped.Types[obj]
			switch {
			case !ok:
			case obj == "Connector":
				// The wrapped driver has DriverContext whatever the raw one
				// does; its connector then calls the raw driver's Open, as
				// database/sql would, and has nothing to close.
				t.Logf("%-18s raw (no DriverContext)         wrapped %s %v", obj, wt, wrapped.Ifaces[obj])
				if len(wrapped.Ifaces[obj]) != 0 {
					t.Errorf("%s: the wrapped %s implements %v, want none (the raw driver has no connector)", obj, wt, wrapped.Ifaces[obj])
				}
			default:
				t.Errorf("%s: the wrapped driver has a %s (%s) the raw one does not", obj, obj, wt)
			}
			continue
		}
		wt := wrapped.Types[obj]
		want := sortedLike(wrapperClaims(obj, raw.Ifaces[obj]), ifacesOf(obj))
		got := wrapped.Ifaces[obj]
		t.Logf("%-18s raw %-28s %v", obj, rt, raw.Ifaces[obj])
		t.Logf("%-18s wrapped %-24s %v", obj, wt, got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: wrapped %s implements %v, want %v (raw %s: %v)", obj, wt, got, want, rt, raw.Ifaces[obj])
		}
		if obj != "Connector" && obj != "Driver" && obj != "Connector (constructor)" && wt == rt {
			t.Errorf("%s: the wrapped driver's %s is the raw type %s: not wrapped", obj, obj, rt)
		}
	}
}

// CopyTable creates a one-column table for probing a COPY statement
// ([ProbeInterfaces]) and drops it when t ends.
func CopyTable(t *testing.T, tg Target) string {
	t.Helper()
	s := &Side{Target: tg, Driver: tg.RawDriver, names: newNames()}
	s.DB = s.Open(t, tg.DSN)
	name := s.Ident("copy")
	s.CreateTable(t, name, "a int")
	return name
}
