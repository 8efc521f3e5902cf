package dhsql_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/deeperhub/dhsql"
	"github.com/deeperhub/dhsql/interceptor"
	"github.com/deeperhub/dhsql/parse"
	dhsqlite "github.com/deeperhub/dhsql/sqlite"
)

// The registration packages make dhsql a one-line change: import one and
// open its driver name instead of the plain driver's.
func Example() {
	// import _ "github.com/deeperhub/dhsql/sqlite"
	db, err := sql.Open("deeperhub-sqlite", "file:example?mode=memory&dh_cache_ttl=1m")
	if err != nil {
		panic(err)
	}
	defer db.Close()

	var greeting string
	if err := db.QueryRow("SELECT 'hello from ' || sqlite_version() IS NOT NULL").Scan(&greeting); err != nil {
		panic(err)
	}
	fmt.Println(greeting)
	// Output: 1
}

// Register wraps any database/sql driver under a name of your choice, here
// with a hook of the application's own that sees every statement.
func ExampleRegister() {
	var inner driver.Driver = sqliteInner()
	dhsql.Register("example-sqlite", inner, append(dhsqlite.Options(), dhsql.WithHooks(statementPrinter{}))...)

	db, err := sql.Open("example-sqlite", ":memory:")
	if err != nil {
		panic(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	db.Exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)")
	db.Exec("INSERT INTO items (name) VALUES (?)", "pen")
	var n int
	db.QueryRow("SELECT count(*) FROM items").Scan(&n)
	fmt.Println("items:", n)
	// Output:
	// exec CREATE TABLE items
	// exec INSERT items
	// query SELECT items
	// items: 1
}

// statementPrinter prints each statement's kind and its OpenTelemetry
// summary, which dhsql's parser derived from the text.
type statementPrinter struct{}

func (statementPrinter) Exec(ctx context.Context, c *interceptor.Call, next interceptor.ExecFunc) (driver.Result, error) {
	fmt.Println(c.Kind, dhsql.Parsed(c).Summary)
	return next(ctx, c)
}

func (statementPrinter) Query(ctx context.Context, c *interceptor.Call, next interceptor.QueryFunc) (driver.Rows, error) {
	fmt.Println(c.Kind, dhsql.Parsed(c).Summary)
	return next(ctx, c)
}

// ParseDSN shows what a DSN's dh_* parameters set and what the inner
// driver receives.
func ExampleParseDSN() {
	d, err := dhsql.ParseDSN(parse.Postgres, "postgres://app:secret@db:5432/shop?sslmode=disable&dh_cache=on&dh_cache_ttl=90s")
	if err != nil {
		panic(err)
	}
	fmt.Println(d.Inner)
	for _, p := range d.Params {
		fmt.Println(p.Name, "=", p.Value)
	}
	fmt.Println(d.Target.Host, d.Target.Port, d.Target.Database)

	var cfg dhsql.Config
	if err := d.Apply(&cfg); err != nil {
		panic(err)
	}
	fmt.Println(cfg.Cache, cfg.CacheTTL)
	// Output:
	// postgres://app:secret@db:5432/shop?sslmode=disable
	// dh_cache = on
	// dh_cache_ttl = 90s
	// db 5432 shop
	// true 1m30s
}

// A bad dh_* parameter makes the first connection fail with an error that
// names it.
func ExampleConfigError() {
	db, _ := sql.Open("deeperhub-sqlite", ":memory:?dh_breaker_max_failures=none")
	defer db.Close()
	err := db.Ping()
	var ce *dhsql.ConfigError
	fmt.Println(errors.Is(err, dhsql.ErrInvalidConfig), errors.As(err, &ce) && ce.Param == "dh_breaker_max_failures")
	fmt.Println(err)
	// Output:
	// true true
	// dhsql: dh_breaker_max_failures="none": want a whole number of at least 1
}

// Unwrap reaches the inner driver's connection from sql.Conn.Raw.
func ExampleUnwrap() {
	db, _ := sql.Open("deeperhub-sqlite", ":memory:")
	defer db.Close()
	conn, _ := db.Conn(context.Background())
	defer conn.Close()
	conn.Raw(func(dc any) error {
		fmt.Printf("%T\n%T\n", dc, dhsql.Unwrap(dc))
		return nil
	})
	// Output:
	// *interceptor.conn
	// *sqlite.conn
}

// WrapConnector serves sql.OpenDB with a connector built in code, such as
// pq.NewConnector's, mysql.NewConnector's or pgx's stdlib.GetConnector.
func ExampleWrapConnector() {
	var c driver.Connector = fileConnector{drv: sqliteInner(), name: ":memory:"}
	db := sql.OpenDB(dhsql.WrapConnector(c, dhsqlite.Options()...))
	defer db.Close()
	var one int
	db.QueryRow("SELECT 1").Scan(&one)
	fmt.Println(one)
	// Output: 1
}

// fileConnector is a connector built in code for a driver without one.
type fileConnector struct {
	drv  driver.Driver
	name string
}

func (c fileConnector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.name) }
func (c fileConnector) Driver() driver.Driver                        { return c.drv }

func sqliteInner() driver.Driver {
	db, _ := sql.Open("sqlite", "")
	defer db.Close()
	return db.Driver()
}
