package dhsql_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/deeperhub/dhsql"
	"github.com/deeperhub/dhsql/interceptor"
	dhmysql "github.com/deeperhub/dhsql/mysql"
	dhpgx "github.com/deeperhub/dhsql/pgx"
	dhpostgres "github.com/deeperhub/dhsql/postgres"
	dhsqlite "github.com/deeperhub/dhsql/sqlite"
	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/lib/pq"
)

func TestRegisteredDriverNames(t *testing.T) {
	for _, name := range []string{dhpostgres.DriverName, dhpgx.DriverName, dhmysql.DriverName, dhsqlite.DriverName} {
		if !slices.Contains(sql.Drivers(), name) {
			t.Errorf("driver %q is not registered; have %v", name, sql.Drivers())
		}
	}
}

// The root package must not import any concrete driver, so that a driver's
// own internal tests can import it without a cycle.
func TestRootImportsNoDriver(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, drv := range []string{"github.com/lib/pq", "github.com/go-sql-driver/mysql", "github.com/jackc/pgx", "modernc.org/sqlite"} {
			if strings.HasPrefix(dep, drv) {
				t.Errorf("package dhsql depends on %s", dep)
			}
		}
	}
}

// A DSN carrying dh_* parameters reaches each real server without them:
// lib/pq and pgx would send unknown keys as run-time parameters and
// MariaDB would reject them as unknown system variables.
func TestDSNParamsStrippedOnRealServers(t *testing.T) {
	pg := testServerPostgres(t)
	my := testServerMySQL(t)
	pgKV := "host=127.0.0.1 port=5432 user=postgres dbname=test sslmode=disable dh_cache=on dh_breaker_max_failures=7"
	cases := []struct{ driver, dsn string }{
		{dhpostgres.DriverName, addParams(pg, "dh_cache=on&dh_cache_ttl=90s")},
		{dhpostgres.DriverName, pgKV},
		{dhpgx.DriverName, addParams(pg, "dh_breaker=off&dh_instance=api-1")},
		{dhpgx.DriverName, pgKV},
		{dhmysql.DriverName, addParams(my, "dh_cache=on&dh_kafka_topic=x.{table}")},
		{dhsqlite.DriverName, "file:" + filepath.Join(t.TempDir(), "a.db") + "?dh_cache=on&_pragma=busy_timeout(1000)"},
	}
	for _, c := range cases {
		t.Run(c.driver, func(t *testing.T) {
			db, err := sql.Open(c.driver, c.dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var one int
			if err := db.QueryRow("SELECT 1").Scan(&one); err != nil || one != 1 {
				t.Fatalf("SELECT 1 through %s: %v, %d", c.driver, err, one)
			}
		})
	}
}

func addParams(dsn, params string) string {
	if strings.Contains(dsn, "?") {
		return dsn + "&" + params
	}
	return dsn + "?" + params
}

// A bad dh_* parameter fails at the first connection, not at sql.Open,
// with an error naming the parameter and the value and never the password.
func TestBadDSNParamFailsAtFirstConnection(t *testing.T) {
	const secret = "s3cr3t-pw"
	cases := []struct {
		driver, dsn, param, value string
	}{
		{dhpostgres.DriverName, "postgres://postgres:" + secret + "@127.0.0.1:5432/test?sslmode=disable&dh_cache=maybe", "dh_cache", "maybe"},
		{dhpostgres.DriverName, "host=127.0.0.1 password=" + secret + " dh_cache_ttl=soon", "dh_cache_ttl", "soon"},
		{dhpgx.DriverName, "postgres://postgres:" + secret + "@127.0.0.1/test?dh_bogus=1", "dh_bogus", "1"},
		{dhmysql.DriverName, "root:" + secret + "@tcp(127.0.0.1:3306)/test?dh_breaker_max_failures=0", "dh_breaker_max_failures", "0"},
		{dhmysql.DriverName, "root:" + secret + "@tcp(127.0.0.1:3306)/test?dh_kafka_brokers=nohost", "dh_kafka_brokers", "nohost"},
		{dhsqlite.DriverName, "file:x.db?dh_cache_size=lots", "dh_cache_size", "lots"},
		{dhsqlite.DriverName, ":memory:?dh_kafka_topic=t.{nope}", "dh_kafka_topic", "t.{nope}"},
	}
	for _, c := range cases {
		t.Run(c.driver+"/"+c.param, func(t *testing.T) {
			db, err := sql.Open(c.driver, c.dsn)
			if err != nil {
				t.Fatalf("sql.Open failed early: %v", err)
			}
			defer db.Close()
			err = db.Ping()
			if !errors.Is(err, dhsql.ErrInvalidConfig) {
				t.Fatalf("Ping = %v, want a dhsql configuration error", err)
			}
			var ce *dhsql.ConfigError
			if !errors.As(err, &ce) || ce.Param != c.param || ce.Value != c.value {
				t.Fatalf("error %v: want Param %q Value %q", err, c.param, c.value)
			}
			if !strings.Contains(err.Error(), c.param) || !strings.Contains(err.Error(), c.value) {
				t.Errorf("error text %q does not name %s=%s", err, c.param, c.value)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error text leaks the password: %q", err)
			}
		})
	}
}

func TestDSNWinsOverOptions(t *testing.T) {
	d := dhsql.Wrap(&pq.Driver{}, append(dhpostgres.Options(), dhsql.WithCacheTTL(time.Minute), dhsql.WithBreakerMaxFailures(9), dhsql.WithCache(true))...)
	cfg, inner, err := dhsql.ResolveConfig(d, "postgres://h/db?sslmode=disable&dh_cache_ttl=2m&dh_kafka_brokers=k1:9092,k2:9093")
	if err != nil {
		t.Fatal(err)
	}
	if inner != "postgres://h/db?sslmode=disable" {
		t.Errorf("inner DSN = %q", inner)
	}
	if cfg.CacheTTL != 2*time.Minute {
		t.Errorf("CacheTTL = %v, want the DSN's 2m", cfg.CacheTTL)
	}
	if cfg.BreakerMaxFailures != 9 || !cfg.Cache {
		t.Errorf("options lost: max failures %d, cache %v", cfg.BreakerMaxFailures, cfg.Cache)
	}
	if !reflect.DeepEqual(cfg.KafkaBrokers, []string{"k1:9092", "k2:9093"}) || !cfg.EventsEnabled() {
		t.Errorf("brokers %v, events %v", cfg.KafkaBrokers, cfg.EventsEnabled())
	}
}

func TestDefaults(t *testing.T) {
	cfg, _, err := dhsql.ResolveConfig(&pq.Driver{}, "postgres://h/db")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name      string
		got, want any
	}{
		{"cache", cfg.Cache, false},
		{"ttl", cfg.CacheTTL, 5 * time.Minute},
		{"size", cfg.CacheSize, int64(64 << 20)},
		{"tables", cfg.CacheTables, []string(nil)},
		{"stale", cfg.StaleIfError, false},
		{"breaker", cfg.BreakerDisabled, false},
		{"max failures", cfg.BreakerMaxFailures, 5},
		{"reset", cfg.BreakerResetTimeout, 30 * time.Second},
		{"half open", cfg.BreakerHalfOpen, 2},
		{"brokers", cfg.KafkaBrokers, []string(nil)},
		{"topic", cfg.KafkaTopic, "deeperhub.{schema}.{table}"},
		{"events", cfg.EventsEnabled(), false},
	}
	for _, w := range want {
		if !reflect.DeepEqual(w.got, w.want) {
			t.Errorf("default %s = %v, want %v", w.name, w.got, w.want)
		}
	}
	if !strings.Contains(cfg.Instance, "-") {
		t.Errorf("default instance %q is not host-pid", cfg.Instance)
	}
}

func TestParamValues(t *testing.T) {
	cases := []struct {
		dsn   string
		check func(dhsql.Config) bool
	}{
		{"x?dh_cache_ttl=1500", func(c dhsql.Config) bool { return c.CacheTTL == 1500*time.Millisecond }},
		{"x?dh_cache_size=512KB", func(c dhsql.Config) bool { return c.CacheSize == 512<<10 }},
		{"x?dh_cache_size=1GiB", func(c dhsql.Config) bool { return c.CacheSize == 1<<30 }},
		{"x?dh_cache_tables=users,orders", func(c dhsql.Config) bool { return reflect.DeepEqual(c.CacheTables, []string{"users", "orders"}) }},
		{"x?dh_cache_tables=all", func(c dhsql.Config) bool { return c.CacheTables == nil }},
		{"x?dh_breaker=off", func(c dhsql.Config) bool { return c.BreakerDisabled }},
		{"x?dh_breaker_half_open=3", func(c dhsql.Config) bool { return c.BreakerHalfOpen == 3 }},
		{"x?dh_events=off&dh_kafka_brokers=k:1", func(c dhsql.Config) bool { return !c.EventsEnabled() }},
		{"x?dh_events=on", func(c dhsql.Config) bool { return c.EventsEnabled() }},
		{"x?dh_stale_if_error=true", func(c dhsql.Config) bool { return c.StaleIfError }},
		{"x?dh_instance=worker-7", func(c dhsql.Config) bool { return c.Instance == "worker-7" }},
		{"x?dh_kafka_topic=cdc.{db}.{table}", func(c dhsql.Config) bool { return c.KafkaTopic == "cdc.{db}.{table}" }},
	}
	for _, c := range cases {
		cfg, _, err := dhsql.ResolveConfig(dhsql.Wrap(nopDriver{}, dhsqlite.Options()...), c.dsn)
		if err != nil {
			t.Errorf("%s: %v", c.dsn, err)
			continue
		}
		if !c.check(cfg) {
			t.Errorf("%s: not applied: %+v", c.dsn, cfg)
		}
	}
	for _, bad := range []string{"x?dh_cache_ttl=-1s", "x?dh_cache_ttl=0", "x?dh_cache_size=0", "x?dh_breaker_half_open=two",
		"x?dh_cache_tables=a,,b", "x?dh_instance=", "x?dh_kafka_brokers=h:99999", "x?dh_kafka_topic=a{", "x?dh_unknown=1"} {
		if _, _, err := dhsql.ResolveConfig(dhsql.Wrap(nopDriver{}, dhsqlite.Options()...), bad); !errors.Is(err, dhsql.ErrInvalidConfig) {
			t.Errorf("%s: err = %v, want a configuration error", bad, err)
		}
	}
}

type nopDriver struct{}

func (nopDriver) Open(string) (driver.Conn, error) { return nil, errors.New("nop") }

func TestWrapTwiceRunsHooksOnce(t *testing.T) {
	var n int
	hook := countingHook{queries: &n}
	d := dhsql.Wrap(dhsql.Wrap(sqliteDriver(t), dhsql.WithHooks(hook)), dhsqlite.Options()...)
	db := sql.OpenDB(mustConnector(t, d, ":memory:"))
	defer db.Close()
	var one int
	if err := db.QueryRow("SELECT 1").Scan(&one); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("hook ran %d times for one query", n)
	}
}

type countingHook struct{ queries *int }

func (h countingHook) Query(ctx context.Context, c *interceptor.Call, next interceptor.QueryFunc) (driver.Rows, error) {
	*h.queries++
	return next(ctx, c)
}

func sqliteDriver(t *testing.T) driver.Driver {
	t.Helper()
	db, err := sql.Open("sqlite", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return db.Driver()
}

func mustConnector(t *testing.T, d driver.Driver, dsn string) driver.Connector {
	t.Helper()
	c, err := d.(driver.DriverContext).OpenConnector(dsn)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// sql.Conn.Raw hands out dhsql's conn; Unwrap reaches each driver's own.
func TestUnwrapRawConn(t *testing.T) {
	pg := testServerPostgres(t)
	my := testServerMySQL(t)
	cases := []struct {
		driver, dsn string
		check       func(t *testing.T, inner any)
	}{
		{dhpgx.DriverName, pg, func(t *testing.T, inner any) {
			c, ok := inner.(*stdlib.Conn)
			if !ok {
				t.Fatalf("inner conn is %T, want *stdlib.Conn", inner)
			}
			if err := c.Conn().Ping(context.Background()); err != nil {
				t.Fatal(err)
			}
		}},
		{dhpostgres.DriverName, pg, func(t *testing.T, inner any) {
			if _, ok := inner.(driver.Conn); !ok || !strings.Contains(reflect.TypeOf(inner).String(), "pq.") {
				t.Fatalf("inner conn is %T, want lib/pq's", inner)
			}
			pq.SetNotificationHandler(inner.(driver.Conn), func(*pq.Notification) {})
		}},
		{dhmysql.DriverName, my, func(t *testing.T, inner any) {
			if !strings.Contains(reflect.TypeOf(inner).String(), "mysql.") {
				t.Fatalf("inner conn is %T, want go-sql-driver's", inner)
			}
		}},
		{dhsqlite.DriverName, ":memory:", func(t *testing.T, inner any) {
			if !strings.Contains(reflect.TypeOf(inner).String(), "sqlite.") {
				t.Fatalf("inner conn is %T, want modernc's", inner)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.driver, func(t *testing.T) {
			db, err := sql.Open(c.driver, c.dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			conn, err := db.Conn(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			err = conn.Raw(func(dc any) error {
				if _, ok := interceptor.Inner(dc); !ok {
					t.Errorf("Raw gave %T, not dhsql's conn", dc)
				}
				c.check(t, dhsql.Unwrap(dc))
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if db.Driver() == nil || dhsql.Unwrap(db.Driver()) == db.Driver() {
				t.Errorf("db.Driver() %T is not dhsql's wrapper", db.Driver())
			}
		})
	}
}

// WrapConnector serves sql.OpenDB with connectors built in code, and a bad
// option fails the first connection like a bad DSN parameter.
func TestWrapConnector(t *testing.T) {
	pg := testServerPostgres(t)
	my := testServerMySQL(t)
	pc, err := pq.NewConnector(pg)
	if err != nil {
		t.Fatal(err)
	}
	mcfg, err := mysql.ParseDSN(my)
	if err != nil {
		t.Fatal(err)
	}
	mc, err := mysql.NewConnector(mcfg)
	if err != nil {
		t.Fatal(err)
	}
	pgxCfg, err := pgx.ParseConfig(pg)
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]driver.Connector{
		"pq":    dhsql.WrapConnector(pc, dhpostgres.Options()...),
		"mysql": dhsql.WrapConnector(mc, dhmysql.Options()...),
		"pgx":   dhsql.WrapConnector(stdlib.GetConnector(*pgxCfg), dhpgx.Options()...),
	} {
		t.Run(name, func(t *testing.T) {
			db := sql.OpenDB(c)
			defer db.Close()
			var one int
			if err := db.QueryRow("SELECT 1").Scan(&one); err != nil || one != 1 {
				t.Fatalf("SELECT 1: %v", err)
			}
		})
	}
	db := sql.OpenDB(dhsql.WrapConnector(pc, dhsql.WithBreakerMaxFailures(-1)))
	defer db.Close()
	if err := db.Ping(); !errors.Is(err, dhsql.ErrInvalidConfig) {
		t.Fatalf("Ping with a bad option = %v", err)
	}
}
