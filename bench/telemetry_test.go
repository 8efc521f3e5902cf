package bench_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"slices"
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
// user-ns/op is its user part, the client's own code (see cpuTimes for
// what the system part holds).
//
// Both wrappers are configured for the same output: one span per query
// and the duration metric. otelsql gets WithSpanOptions that omit its
// spans for session resets, rows, prepares and connects (its defaults
// would make three spans per query), and WithAttributes with the
// attributes dhsql derives from the DSN (db.system.name, db.namespace,
// server.address); its metrics cannot be turned off and are kept. dhsql
// runs with its defaults. For reference, driver=otelsql-default is otelsql
// with its defaults: three spans per query (the query, the rows, the
// session reset) and no attributes given.
func BenchmarkTelemetryPointQuery(b *testing.B) {
	for _, target := range benchTargets(b) {
		for _, prov := range benchProviders {
			for _, drv := range append(benchDrivers, "otelsql-default") {
				b.Run(fmt.Sprintf("target=%s/provider=%s/driver=%s", target.name, prov.name, drv), func(b *testing.B) {
					db := openBench(b, target, drv, prov)
					defer db.Close()
					pointQueries(b, db, target.query)
				})
			}
		}
	}
}

// BenchmarkTelemetryAddedCost measures the same point queries with the
// drivers interleaved: blocks of queries through raw, otelsql, dhsql and
// otelsql-default in turn, the order rotating. Slow drifts of a busy
// machine then weigh on them alike; a garbage collection starts in a
// block with a likelihood proportional to what the block allocated. It
// reports, per query, each driver's CPU time (raw-cpu-ns/q,
// otelsql-cpu-ns/q, dhsql-cpu-ns/q), its user part (raw-user-ns/q, …) and
// wall time (raw-wall-ns/q, …), and dhsql's added cost as a fraction of
// otelsql's, (dhsql − raw) / (otelsql − raw): added-cpu-ratio,
// added-user-ratio and added-wall-ratio. otelsql-default runs in the same
// rotation; the ratios suffixed -default compare dhsql with it. Its ns/op
// is the time of one query through each driver: ignore it.
func BenchmarkTelemetryAddedCost(b *testing.B) {
	const block = 200
	drivers := append(slices.Clip(benchDrivers), "otelsql-default")
	otelDefault := len(benchDrivers)
	for _, target := range benchTargets(b) {
		for _, prov := range benchProviders {
			b.Run(fmt.Sprintf("target=%s/provider=%s", target.name, prov.name), func(b *testing.B) {
				dbs := openWarm(b, target, prov, drivers)
				ctx := context.Background()
				cpu, wall := make([]time.Duration, len(drivers)), make([]time.Duration, len(drivers))
				user := make([]time.Duration, len(drivers))
				b.ReportAllocs()
				b.ResetTimer()
				for done, round := 0, 0; done < b.N; round++ {
					k := min(block, b.N-done)
					for j := range dbs {
						d := (j + round) % len(dbs)
						u0, c0 := cpuTimes()
						w0 := time.Now()
						for q := range k {
							pointQuery(b, ctx, dbs[d], target.query, done+q)
						}
						w1 := time.Now()
						u1, c1 := cpuTimes()
						cpu[d] += c1 - c0
						user[d] += u1 - u0
						wall[d] += w1.Sub(w0)
					}
					done += k
				}
				for i, drv := range drivers {
					b.ReportMetric(float64(cpu[i])/float64(b.N), drv+"-cpu-ns/q")
					b.ReportMetric(float64(user[i])/float64(b.N), drv+"-user-ns/q")
					b.ReportMetric(float64(wall[i])/float64(b.N), drv+"-wall-ns/q")
				}
				for _, c := range []struct {
					i      int
					suffix string
				}{{iOtel, ""}, {otelDefault, "-default"}} {
					if ot := cpu[c.i] - cpu[iRaw]; ot > 0 {
						b.ReportMetric(float64(cpu[iDH]-cpu[iRaw])/float64(ot), "added-cpu-ratio"+c.suffix)
					}
					if ot := user[c.i] - user[iRaw]; ot > 0 {
						b.ReportMetric(float64(user[iDH]-user[iRaw])/float64(ot), "added-user-ratio"+c.suffix)
					}
					if ot := wall[c.i] - wall[iRaw]; ot > 0 {
						b.ReportMetric(float64(wall[iDH]-wall[iRaw])/float64(ot), "added-wall-ratio"+c.suffix)
					}
				}
			})
		}
	}
}

// BenchmarkTelemetryAddedColdCost is BenchmarkTelemetryAddedCost on the
// fake driver with the CPU caches flushed before each query (an 8 MiB
// buffer is written between queries, outside the measurement): the state
// a real round trip leaves them in, the server and the kernel having run
// in between. It isolates that effect from the server's noise. Each
// query's CPU time is measured alone, the three drivers in turn.
func BenchmarkTelemetryAddedColdCost(b *testing.B) {
	target := fakeTarget
	scrub := make([]byte, 8<<20)
	for _, prov := range benchProviders {
		b.Run(fmt.Sprintf("target=%s/provider=%s", target.name, prov.name), func(b *testing.B) {
			dbs := openWarm(b, target, prov, benchDrivers)
			ctx := context.Background()
			cpu := make([]time.Duration, len(benchDrivers))
			b.ResetTimer()
			for n := range b.N {
				for j := range dbs {
					d := (j + n) % len(dbs)
					flushCaches(scrub)
					c0 := cpuTime()
					pointQuery(b, ctx, dbs[d], target.query, n)
					cpu[d] += cpuTime() - c0
				}
			}
			for i, drv := range benchDrivers {
				b.ReportMetric(float64(cpu[i])/float64(b.N), drv+"-cpu-ns/q")
			}
			if ot := cpu[iOtel] - cpu[iRaw]; ot > 0 {
				b.ReportMetric(float64(cpu[iDH]-cpu[iRaw])/float64(ot), "added-cpu-ratio")
			}
		})
	}
}

// BenchmarkTelemetryColdQuery runs one point query per iteration on the
// fake driver, each after the CPU caches were flushed (a 16 MiB buffer
// written), for one driver and provider at a time; driver=none only
// flushes. It exists to be counted rather than timed: under callgrind's
// cache simulation (see footprint.sh) it tells how many instruction and
// data cache lines each driver's query pulls from memory, the cost that
// dominates when a round trip to a server has evicted them.
func BenchmarkTelemetryColdQuery(b *testing.B) {
	target := fakeTarget
	scrub := make([]byte, 16<<20)
	for _, prov := range benchProviders {
		for _, drv := range append([]string{"none"}, benchDrivers...) {
			b.Run(fmt.Sprintf("provider=%s/driver=%s", prov.name, drv), func(b *testing.B) {
				var db *sql.DB
				if drv != "none" {
					db = openWarm(b, target, prov, []string{drv})[0]
				}
				ctx := context.Background()
				for n := 0; b.Loop(); n++ {
					flushCaches(scrub)
					if db != nil {
						pointQuery(b, ctx, db, target.query, n)
					}
				}
			})
		}
	}
}

// benchTarget is a database the benchmarks query: the fake driver, or
// loopback PostgreSQL through lib/pq.
type benchTarget struct {
	name  string
	query string
	raw   func() *sql.DB
	inner func() driver.Driver
	dsn   string
	attrs []attribute.KeyValue // what dhsql records of dsn, given to otelsql
}

// fakeTarget is the fake driver, which needs no server.
var fakeTarget = benchTarget{
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
}

// benchTargets returns the fake driver and PostgreSQL, with a table of
// 1000 rows created for the run and dropped at its end.
func benchTargets(b *testing.B) []benchTarget {
	pgDSN := postgresDSN(b)
	table := fmt.Sprintf("dh_bench_tel_%d", rand.Uint32())
	setup, err := sql.Open("postgres", pgDSN)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { setup.Close() })
	if _, err := setup.Exec("CREATE TABLE " + table + " (id int PRIMARY KEY, name text)"); err != nil {
		b.Fatalf("DHSQL_TEST_POSTGRES=%q: %v", pgDSN, err)
	}
	b.Cleanup(func() { setup.Exec("DROP TABLE " + table) })
	if _, err := setup.Exec("INSERT INTO " + table + " SELECT g, 'name ' || g FROM generate_series(1, 1000) g"); err != nil {
		b.Fatal(err)
	}
	return []benchTarget{
		fakeTarget,
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
			attrs: targetOf(b, pgDSN),
		},
	}
}

type benchProvider struct {
	name string
	new  func() (trace.TracerProvider, metric.MeterProvider)
}

var benchProviders = []benchProvider{
	{"noop", func() (trace.TracerProvider, metric.MeterProvider) {
		return tracenoop.NewTracerProvider(), metricnoop.NewMeterProvider()
	}},
	{"sdk", func() (trace.TracerProvider, metric.MeterProvider) {
		return sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample())),
			sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	}},
}

var benchDrivers = []string{"raw", "otelsql", "dhsql"}

// The places of the drivers in benchDrivers.
const iRaw, iOtel, iDH = 0, 1, 2

// openBench opens target through drv, with fresh providers of prov.
func openBench(b *testing.B, target benchTarget, drv string, prov benchProvider) *sql.DB {
	tp, mp := prov.new()
	switch drv {
	case "otelsql-default":
		return otelsql.OpenDB(dsnConnector{target.inner(), target.dsn},
			otelsql.WithTracerProvider(tp), otelsql.WithMeterProvider(mp))
	case "otelsql":
		return otelsql.OpenDB(dsnConnector{target.inner(), target.dsn},
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
		return sql.OpenDB(c)
	}
	return target.raw()
}

// openWarm opens target through each of drivers, with fresh providers of
// prov, and runs the query once on each, outside the measurement; the
// handles close when the benchmark ends.
func openWarm(b *testing.B, target benchTarget, prov benchProvider, drivers []string) []*sql.DB {
	dbs := make([]*sql.DB, len(drivers))
	for i, drv := range drivers {
		dbs[i] = openBench(b, target, drv, prov)
		b.Cleanup(func() { dbs[i].Close() })
		pointQuery(b, context.Background(), dbs[i], target.query, 0)
	}
	return dbs
}

// pointQuery reads the row of id n%1000+1.
func pointQuery(b *testing.B, ctx context.Context, db *sql.DB, query string, n int) {
	var id int
	var name string
	if err := db.QueryRowContext(ctx, query, n%1000+1).Scan(&id, &name); err != nil {
		b.Fatal(err)
	}
}

// flushCaches writes one byte in every cache line of scrub, evicting what
// the CPU caches held.
func flushCaches(scrub []byte) {
	for k := 0; k < len(scrub); k += 64 {
		scrub[k]++
	}
}

func pointQueries(b *testing.B, db *sql.DB, query string) {
	ctx := context.Background()
	pointQuery(b, ctx, db, query, 0)
	b.ReportAllocs()
	user0, cpu0 := cpuTimes()
	n := 0
	for ; b.Loop(); n++ {
		pointQuery(b, ctx, db, query, n)
	}
	user1, cpu1 := cpuTimes()
	b.ReportMetric(float64(cpu1-cpu0)/float64(n), "cpu-ns/op")
	b.ReportMetric(float64(user1-user0)/float64(n), "user-ns/op")
}

// cpuTime is the CPU time the process has used (user and system, every
// thread: the garbage collector's work counts). Unlike ns/op, it does not
// grow when other processes take the machine's CPUs, nor with the
// PostgreSQL server's own time: it is what the client side costs.
func cpuTime() time.Duration {
	_, total := cpuTimes()
	return total
}

// cpuTimes returns the process's user CPU time and its total CPU time
// (user and system). The system part is mostly the kernel's network
// stack, and waking the server: under a hypervisor, waking a server whose
// CPU went idle costs more the longer it was idle, so the system time of
// a query grows with whatever delays the next request, not only with what
// the client does. The user part is the client's own code.
func cpuTimes() (user, total time.Duration) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0
	}
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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
