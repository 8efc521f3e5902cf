package bench_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/XSAM/otelsql"
	"github.com/lib/pq"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/deeperhub/dhsql"
	dhpostgres "github.com/deeperhub/dhsql/postgres"
)

// BenchmarkTelemetryPointQuery measures what telemetry adds to a point
// query (one row by primary key, args $1) — raw, wrapped by otelsql, and
// wrapped by dhsql — on the fake driver and on loopback PostgreSQL
// (lib/pq), with no-op providers and with the SDK (AlwaysSample, no
// exporter; metrics into a ManualReader that is never read). Compare with
//
//	go test -run NONE -bench TelemetryPointQuery -count 8 -benchmem | tee out.txt
//	benchstat -col /driver out.txt
//
// Besides ns/op it reports cpu-ns/op, the process's CPU time per query:
// on a busy machine or against a server, whose time varies far more than
// what a wrapper adds, it is the steadier measure of the client's cost.
//
// Both wrappers are configured for the same output: one span per query
// and the duration metric. otelsql gets WithSpanOptions that omit its
// spans for session resets, rows, prepares and connects (its defaults
// would make three spans per query), and WithAttributes with the
// attributes dhsql derives from the DSN (db.system.name, db.namespace,
// server.address); its metrics cannot be turned off and are kept. dhsql
// runs with its defaults.
func BenchmarkTelemetryPointQuery(b *testing.B) {
	pgDSN := postgresDSN(b)
	table := fmt.Sprintf("dh_bench_tel_%d", rand.Uint32())
	setup, err := sql.Open("postgres", pgDSN)
	if err != nil {
		b.Fatal(err)
	}
	defer setup.Close()
	if _, err := setup.Exec("CREATE TABLE " + table + " (id int PRIMARY KEY, name text)"); err != nil {
		b.Fatalf("DHSQL_TEST_POSTGRES=%q: %v", pgDSN, err)
	}
	defer setup.Exec("DROP TABLE " + table)
	if _, err := setup.Exec("INSERT INTO " + table + " SELECT g, 'name ' || g FROM generate_series(1, 1000) g"); err != nil {
		b.Fatal(err)
	}
	pgTarget := targetOf(b, pgDSN)

	for _, target := range []struct {
		name  string
		query string
		raw   func() *sql.DB
		inner func() driver.Driver
		dsn   string
		attrs []attribute.KeyValue
	}{
		{
			name:  "fake",
			query: "SELECT id, name FROM items WHERE id = $1",
			raw:   func() *sql.DB { return sql.OpenDB(fakeConnector{}) },
			inner: func() driver.Driver { return fakeDriver{} },
			dsn:   "postgres://bench@127.0.0.1/bench",
			attrs: []attribute.KeyValue{
				attribute.String("db.system.name", "postgresql"),
				attribute.String("db.namespace", "bench"),
				attribute.String("server.address", "127.0.0.1"),
			},
		},
		{
			name:  "postgres",
			query: "SELECT id, name FROM " + table + " WHERE id = $1",
			raw: func() *sql.DB {
				db, err := sql.Open("postgres", pgDSN)
				if err != nil {
					b.Fatal(err)
				}
				return db
			},
			inner: func() driver.Driver { return &pq.Driver{} },
			dsn:   pgDSN,
			attrs: pgTarget,
		},
	} {
		for _, prov := range []struct {
			name string
			new  func() (trace.TracerProvider, metric.MeterProvider)
		}{
			{"noop", func() (trace.TracerProvider, metric.MeterProvider) {
				return tracenoop.NewTracerProvider(), metricnoop.NewMeterProvider()
			}},
			{"sdk", func() (trace.TracerProvider, metric.MeterProvider) {
				return sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample())),
					sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
			}},
		} {
			for _, drv := range []string{"raw", "otelsql", "dhsql"} {
				b.Run(fmt.Sprintf("target=%s/provider=%s/driver=%s", target.name, prov.name, drv), func(b *testing.B) {
					tp, mp := prov.new()
					var db *sql.DB
					switch drv {
					case "raw":
						db = target.raw()
					case "otelsql":
						db = otelsql.OpenDB(dsnConnector{target.inner(), target.dsn},
							otelsql.WithTracerProvider(tp),
							otelsql.WithMeterProvider(mp),
							otelsql.WithAttributes(target.attrs...),
							otelsql.WithSpanOptions(otelsql.SpanOptions{
								OmitConnResetSession: true,
								OmitConnPrepare:      true,
								OmitRows:             true,
								OmitConnectorConnect: true,
							}))
					case "dhsql":
						opts := append(dhpostgres.Options(), dhsql.WithTracerProvider(tp), dhsql.WithMeterProvider(mp))
						c, err := dhsql.Wrap(target.inner(), opts...).(driver.DriverContext).OpenConnector(target.dsn)
						if err != nil {
							b.Fatal(err)
						}
						db = sql.OpenDB(c)
					}
					defer db.Close()
					pointQueries(b, db, target.query)
				})
			}
		}
	}
}

func pointQueries(b *testing.B, db *sql.DB, query string) {
	ctx := context.Background()
	var id int
	var name string
	if err := db.QueryRowContext(ctx, query, 1).Scan(&id, &name); err != nil { // connect outside the loop
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu0 := cpuTime()
	n := 0
	for ; b.Loop(); n++ {
		if err := db.QueryRowContext(ctx, query, n%1000+1).Scan(&id, &name); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(n), "cpu-ns/op")
}

// cpuTime is the CPU time the process has used (user and system, every
// thread: the garbage collector's work counts). Unlike ns/op, it does not
// grow when other processes take the machine's CPUs, nor with the
// PostgreSQL server's own time: it is what the client side costs.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// dsnConnector opens d with dsn, for drivers without OpenConnector.
type dsnConnector struct {
	d   driver.Driver
	dsn string
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.d.Open(c.dsn) }
func (c dsnConnector) Driver() driver.Driver                        { return c.d }

// postgresDSN is DHSQL_TEST_POSTGRES, or the local server; unreachable,
// the benchmark fails naming the variable.
func postgresDSN(b *testing.B) string {
	const env = "DHSQL_TEST_POSTGRES"
	dsn := os.Getenv(env)
	if dsn == "" {
		dsn = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	db, err := sql.Open("postgres", dsn)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = db.PingContext(ctx)
		cancel()
		db.Close()
	}
	if err != nil {
		b.Fatalf("%s=%q: server unreachable: %v", env, dsn, err)
	}
	return dsn
}

// targetOf is what dhsql records of a PostgreSQL URL: db.system.name,
// db.namespace, server.address and, when not 5432, server.port.
func targetOf(b *testing.B, dsn string) []attribute.KeyValue {
	u, err := url.Parse(dsn)
	if err != nil {
		b.Fatalf("DHSQL_TEST_POSTGRES must be a URL here: %v", err)
	}
	kv := []attribute.KeyValue{
		attribute.String("db.system.name", "postgresql"),
		attribute.String("db.namespace", u.Path[1:]),
		attribute.String("server.address", u.Hostname()),
	}
	if p, _ := strconv.Atoi(u.Port()); p != 0 && p != 5432 {
		kv = append(kv, attribute.Int("server.port", p))
	}
	return kv
}
