package dhsql_test

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/deeperhub/dhsql"
	"github.com/deeperhub/dhsql/interceptor"
	"github.com/deeperhub/dhsql/internal/fakedb"
	"github.com/lib/pq"
	"go.opentelemetry.io/otel/metric/noop"
	tracenoop "go.opentelemetry.io/otel/trace/noop"
)

var chainOnlyRegistered = func() string {
	name := "dhsql-bench-chain-only"
	sql.Register(name, interceptor.WrapDriver(&pq.Driver{}, nil))
	return name
}()

// BenchmarkPointQueryPostgres compares a loopback point query through raw
// lib/pq, through the interceptor with an empty chain, and through
// deeperhub-postgres without and with telemetry (on the global
// OpenTelemetry providers, which are no-ops until an SDK is installed).
// Compare with
//
//	go test -run NONE -bench PointQueryPostgres -count 8 | benchstat -col /driver -
func BenchmarkPointQueryPostgres(b *testing.B) {
	dsn := testServerPostgres(b)
	table := fmt.Sprintf("dh_bench_%d", rand.Uint32())
	setup, err := sql.Open("postgres", dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer setup.Close()
	if _, err := setup.Exec("CREATE TABLE " + table + " (id int PRIMARY KEY, name text)"); err != nil {
		b.Fatal(err)
	}
	defer setup.Exec("DROP TABLE " + table)
	if _, err := setup.Exec("INSERT INTO " + table + " SELECT g, 'name ' || g FROM generate_series(1, 1000) g"); err != nil {
		b.Fatal(err)
	}
	query := "SELECT id, name FROM " + table + " WHERE id = $1"
	for _, c := range []struct{ label, driver, params string }{
		{"raw", "postgres", ""},
		{"chain", chainOnlyRegistered, ""},
		{"dhsql-notelemetry", "deeperhub-postgres", "&dh_telemetry=off"},
		{"dhsql", "deeperhub-postgres", ""},
	} {
		b.Run("driver="+c.label, func(b *testing.B) {
			db, err := sql.Open(c.driver, dsn+c.params)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			db.SetMaxIdleConns(1)
			var id int
			var name string
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if err := db.QueryRow(query, i%1000+1).Scan(&id, &name); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPointQueryFake measures what dhsql adds to a one-row query on an
// in-memory driver that costs almost nothing itself: raw, the interceptor
// with an empty chain, dhsql with telemetry off (the chain and the parse
// result every hook keys on) and dhsql with telemetry on no-op providers.
//
//	go test -run NONE -bench PointQueryFake -count 8 | benchstat -col /driver -
func BenchmarkPointQueryFake(b *testing.B) {
	newFake := func() driver.Connector {
		return fakedb.NewConnector(fakedb.Config{Conn: fakedb.Full, Stmt: fakedb.Full, Rows: fakedb.Full, NoLog: true})
	}
	for _, c := range []struct {
		label string
		open  func() *sql.DB
	}{
		{"raw", func() *sql.DB { return sql.OpenDB(newFake()) }},
		{"chain", func() *sql.DB { return sql.OpenDB(interceptor.WrapConnector(newFake(), nil, nil)) }},
		{"dhsql-notelemetry", func() *sql.DB {
			return sql.OpenDB(dhsql.WrapConnector(newFake(), dhsql.WithTelemetry(false)))
		}},
		{"dhsql", func() *sql.DB {
			return sql.OpenDB(dhsql.WrapConnector(newFake(),
				dhsql.WithTracerProvider(tracenoop.NewTracerProvider()), dhsql.WithMeterProvider(noop.NewMeterProvider())))
		}},
	} {
		b.Run("driver="+c.label, func(b *testing.B) {
			db := c.open()
			defer db.Close()
			var id int64
			var name sql.NullString
			b.ReportAllocs()
			for b.Loop() {
				if err := db.QueryRow("SELECT 1").Scan(&id, &name); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
