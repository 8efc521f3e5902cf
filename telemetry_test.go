package dhsql_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"math/rand/v2"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lib/pq"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/deeperhub/dhsql"
	"github.com/deeperhub/dhsql/interceptor"
	dhmysql "github.com/deeperhub/dhsql/mysql"
	dhpgx "github.com/deeperhub/dhsql/pgx"
	dhpostgres "github.com/deeperhub/dhsql/postgres"
	dhsqlite "github.com/deeperhub/dhsql/sqlite"
	"github.com/deeperhub/dhsql/telemetry"
)

// telSecret is the password put in DSNs and telArg an argument value: no
// span, event or measurement may hold either.
const (
	telSecret = "s3cret"
	telArg    = "arg-value-7f3a"
)

// telKit is an SDK tracer and meter provider whose output a test reads.
type telKit struct {
	spans  *tracetest.InMemoryExporter
	reader *sdkmetric.ManualReader
	tp     *sdktrace.TracerProvider
	mp     *sdkmetric.MeterProvider
	tracer trace.Tracer
}

func newTelKit(t *testing.T) *telKit {
	t.Helper()
	k := &telKit{spans: tracetest.NewInMemoryExporter(), reader: sdkmetric.NewManualReader()}
	k.tp = sdktrace.NewTracerProvider(sdktrace.WithSyncer(k.spans), sdktrace.WithSampler(sdktrace.AlwaysSample()))
	k.mp = sdkmetric.NewMeterProvider(sdkmetric.WithReader(k.reader))
	k.tracer = k.tp.Tracer("test")
	t.Cleanup(func() {
		k.tp.Shutdown(context.Background())
		k.mp.Shutdown(context.Background())
	})
	return k
}

// open opens dsn through the driver registered as name, with the kit's
// providers added to that driver's options.
func (k *telKit) open(t *testing.T, name, dsn string, opts ...dhsql.Option) *sql.DB {
	t.Helper()
	reg, err := sql.Open(name, "")
	if err != nil {
		t.Fatal(err)
	}
	drv := reg.Driver()
	reg.Close()
	opts = append([]dhsql.Option{dhsql.WithTracerProvider(k.tp), dhsql.WithMeterProvider(k.mp)}, opts...)
	c, err := dhsql.Wrap(drv, opts...).(driver.DriverContext).OpenConnector(dsn)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(c)
	t.Cleanup(func() { db.Close() })
	return db
}

// ended returns the spans ended since the last call, and forgets them.
func (k *telKit) ended() tracetest.SpanStubs {
	s := k.spans.GetSpans()
	k.spans.Reset()
	return s
}

func (k *telKit) collect(t *testing.T) metricdata.ResourceMetrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := k.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	return rm
}

// durations returns the db.client.operation.duration points, by summary
// (or operation name, for transaction calls).
func (k *telKit) durations(t *testing.T) map[string]metricdata.HistogramDataPoint[float64] {
	t.Helper()
	out := map[string]metricdata.HistogramDataPoint[float64]{}
	for _, sm := range k.collect(t).ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != telemetry.MetricOperationDuration {
				continue
			}
			for _, p := range m.Data.(metricdata.Histogram[float64]).DataPoints {
				key, ok := p.Attributes.Value("db.query.summary")
				if !ok {
					key, _ = p.Attributes.Value("db.operation.name")
				}
				if e, ok := p.Attributes.Value("error.type"); ok {
					out[key.AsString()+" !"+e.AsString()] = p
				} else {
					out[key.AsString()] = p
				}
			}
		}
	}
	return out
}

// noLeak fails if the password or the argument value appear anywhere in
// the spans or the measurements.
func (k *telKit) noLeak(t *testing.T, spans tracetest.SpanStubs) {
	t.Helper()
	var b strings.Builder
	for _, s := range spans {
		fmt.Fprintf(&b, "%s %v %v\n", s.Name, s.Status, s.Attributes)
		for _, e := range s.Events {
			fmt.Fprintf(&b, "%s %v\n", e.Name, e.Attributes)
		}
	}
	for _, sm := range k.collect(t).ScopeMetrics {
		for _, m := range sm.Metrics {
			fmt.Fprintf(&b, "%s %+v\n", m.Name, m.Data)
		}
	}
	for _, bad := range []string{telSecret, telArg} {
		if strings.Contains(b.String(), bad) {
			t.Errorf("%q recorded:\n%s", bad, b.String())
		}
	}
}

func telSpan(t *testing.T, spans tracetest.SpanStubs, name string) tracetest.SpanStub {
	t.Helper()
	var found []tracetest.SpanStub
	for _, s := range spans {
		if s.Name == name {
			found = append(found, s)
		}
	}
	if len(found) != 1 {
		var names []string
		for _, s := range spans {
			names = append(names, s.Name)
		}
		t.Fatalf("%d spans named %q, want 1; have %q", len(found), name, names)
	}
	return found[0]
}

// telAttrs checks that s has each of want and none of absent.
func telAttrs(t *testing.T, what string, got []attribute.KeyValue, want map[string]any, absent ...string) {
	t.Helper()
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range got {
		m[kv.Key] = kv.Value
	}
	for k, w := range want {
		v, ok := m[attribute.Key(k)]
		if !ok {
			t.Errorf("%s: no %s in %v", what, k, got)
			continue
		}
		if v.Emit() != fmt.Sprint(w) {
			t.Errorf("%s: %s = %q, want %q", what, k, v.Emit(), fmt.Sprint(w))
		}
	}
	for _, k := range absent {
		if v, ok := m[attribute.Key(k)]; ok {
			t.Errorf("%s: unexpected %s = %s", what, k, v.Emit())
		}
	}
}

func childOf(t *testing.T, s tracetest.SpanStub, parent trace.Span) {
	t.Helper()
	if s.Parent.SpanID() != parent.SpanContext().SpanID() || s.SpanContext.TraceID() != parent.SpanContext().TraceID() {
		t.Errorf("span %q: parent %v, want %v", s.Name, s.Parent.SpanID(), parent.SpanContext().SpanID())
	}
}

func telTable(prefix string) string { return fmt.Sprintf("%s_%d", prefix, rand.Uint32()) }

// telPostgresDSNs returns DHSQL_TEST_POSTGRES with a password, as a URL
// and as key=value. PostgreSQL on the test machines trusts loopback, so
// any password is accepted.
func telPostgresDSNs(t *testing.T) (urlDSN, kvDSN string, port int) {
	t.Helper()
	u, err := url.Parse(testServerPostgres(t))
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), telSecret)
	host, portStr := u.Hostname(), u.Port()
	if portStr == "" {
		portStr = "5432"
	}
	fmt.Sscan(portStr, &port)
	kv := fmt.Sprintf("host=%s port=%s user=%s password=%s dbname=%s", host, portStr, u.User.Username(), telSecret, strings.TrimPrefix(u.Path, "/"))
	if mode := u.Query().Get("sslmode"); mode != "" {
		kv += " sslmode=" + mode
	}
	return u.String(), kv, port
}

func TestTelemetryPostgres(t *testing.T) {
	urlDSN, kvDSN, port := telPostgresDSNs(t)
	for _, c := range []struct{ driver, dsn string }{
		{dhpostgres.DriverName, kvDSN},
		{dhpgx.DriverName, urlDSN},
	} {
		t.Run(c.driver, func(t *testing.T) {
			k := newTelKit(t)
			db := k.open(t, c.driver, c.dsn)
			table := telTable("dh_tel")
			ctx := context.Background()
			if _, err := db.ExecContext(ctx, "CREATE TABLE "+table+" (id int PRIMARY KEY, name text)"); err != nil {
				t.Fatal(err)
			}
			defer db.Exec("DROP TABLE " + table)
			k.ended()

			pctx, parent := k.tracer.Start(ctx, "request")
			if _, err := db.ExecContext(pctx, "INSERT INTO "+table+" (id, name) VALUES ($1, $2), ($3, 'literal-name')", 1, telArg, 2); err != nil {
				t.Fatal(err)
			}
			rows, err := db.QueryContext(pctx, "SELECT id, name FROM "+table+" WHERE id > $1 ORDER BY id", 0)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for rows.Next() {
				if n++; n == 1 && len(k.spans.GetSpans()) != 1 {
					t.Errorf("the query's span ended before its rows were closed")
				}
			}
			rows.Close()
			var count int
			if err := db.QueryRowContext(pctx, "SELECT count(*) FROM "+table+" WHERE name <> 'a secret literal'").Scan(&count); err != nil {
				t.Fatal(err)
			}
			_, missingErr := db.ExecContext(pctx, "UPDATE dh_tel_missing_table SET name = $1", telArg)
			if missingErr == nil {
				t.Fatal("update of a missing table succeeded")
			}
			parent.End()
			spans := k.ended()
			if len(spans) != 5 {
				t.Fatalf("%d spans, want 5 (4 statements and the parent): %v", len(spans), spans)
			}

			common := map[string]any{"db.system.name": "postgresql", "db.namespace": "test", "server.address": "127.0.0.1"}
			var absentPort []string
			if port == 5432 {
				absentPort = []string{"server.port"}
			} else {
				common["server.port"] = port
			}
			insert := telSpan(t, spans, "INSERT "+table)
			childOf(t, insert, parent)
			if insert.SpanKind != trace.SpanKindClient || insert.Status.Code != codes.Unset {
				t.Errorf("insert: kind %v, status %v", insert.SpanKind, insert.Status)
			}
			telAttrs(t, "insert", insert.Attributes, merge(common, map[string]any{
				"db.query.summary": "INSERT " + table,
				"db.query.text":    "INSERT INTO " + table + " (id, name) VALUES ($1, $2), ($3, 'literal-name')",
			}), append(absentPort, "db.operation.name", "db.collection.name", "db.response.returned_rows", "error.type", "db.query.parameter.0")...)

			// Two spans are named SELECT table: the query and the count.
			var sel, countSpan tracetest.SpanStub
			for _, s := range spans {
				for _, a := range s.Attributes {
					if a.Key == "db.query.text" && strings.Contains(a.Value.AsString(), "count(") {
						countSpan = s
					} else if a.Key == "db.query.text" && strings.HasPrefix(a.Value.AsString(), "SELECT id") {
						sel = s
					}
				}
			}
			if sel.Name != "SELECT "+table || countSpan.Name != "SELECT "+table {
				t.Fatalf("select %q, count %q", sel.Name, countSpan.Name)
			}
			childOf(t, sel, parent)
			childOf(t, countSpan, parent)
			if n != 2 {
				t.Fatalf("read %d rows", n)
			}
			telAttrs(t, "select", sel.Attributes, merge(common, map[string]any{
				"db.response.returned_rows": 2,
				"db.query.text":             "SELECT id, name FROM " + table + " WHERE id > $1 ORDER BY id",
			}))
			if !sel.EndTime.After(sel.StartTime) {
				t.Errorf("select: start %v end %v", sel.StartTime, sel.EndTime)
			}

			// Text without arguments is recorded sanitized.
			telAttrs(t, "count", countSpan.Attributes, map[string]any{
				"db.query.text":             "SELECT count(*) FROM " + table + " WHERE name <> ?",
				"db.response.returned_rows": 1,
			})

			failed := telSpan(t, spans, "UPDATE dh_tel_missing_table")
			childOf(t, failed, parent)
			if failed.Status.Code != codes.Error || failed.Status.Description != "syntax" {
				t.Errorf("failed: status %+v, want Error \"syntax\"", failed.Status)
			}
			telAttrs(t, "failed", failed.Attributes, merge(common, map[string]any{
				"db.response.status_code": "42P01", "error.type": "42P01",
			}))

			d := k.durations(t)
			if p, ok := d["SELECT "+table]; !ok || p.Count != 2 { // the query and the count
				t.Errorf("SELECT duration points: %+v", d)
			}
			if p, ok := d["UPDATE dh_tel_missing_table !42P01"]; !ok || p.Count != 1 {
				t.Errorf("no failed UPDATE duration point: %v", d)
			} else {
				telAttrs(t, "failed duration", p.Attributes.ToSlice(), merge(common, map[string]any{"db.response.status_code": "42P01"}), "db.query.text")
			}
			k.noLeak(t, spans)
		})
	}
}

func merge(a, b map[string]any) map[string]any {
	m := map[string]any{}
	for k, v := range a {
		m[k] = v
	}
	for k, v := range b {
		m[k] = v
	}
	return m
}

// Transactions: begin, commit and rollback spans are children of the
// caller's span; the statements inside are children of their own
// context's span.
func TestTelemetryTransactions(t *testing.T) {
	urlDSN, kvDSN, _ := telPostgresDSNs(t)
	cases := []struct{ driver, dsn string }{
		{dhpostgres.DriverName, kvDSN},
		{dhpgx.DriverName, urlDSN},
		{dhmysql.DriverName, testServerMySQL(t)},
		{dhsqlite.DriverName, "file:" + filepath.Join(t.TempDir(), "tx.db")},
	}
	for _, c := range cases {
		t.Run(c.driver, func(t *testing.T) {
			k := newTelKit(t)
			db := k.open(t, c.driver, c.dsn)
			table := telTable("dh_teltx")
			if _, err := db.Exec("CREATE TABLE " + table + " (id int PRIMARY KEY)"); err != nil {
				t.Fatal(err)
			}
			defer db.Exec("DROP TABLE " + table)
			k.ended()

			ctx, parent := k.tracer.Start(context.Background(), "request")
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			sctx, step := k.tracer.Start(ctx, "step")
			if _, err := tx.ExecContext(sctx, "INSERT INTO "+table+" (id) VALUES (1)"); err != nil {
				t.Fatal(err)
			}
			step.End()
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			tx, err = db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+table); err != nil {
				t.Fatal(err)
			}
			if err := tx.Rollback(); err != nil {
				t.Fatal(err)
			}
			parent.End()

			spans := k.ended()
			var begins []tracetest.SpanStub
			for _, s := range spans {
				if strings.HasPrefix(s.Name, "BEGIN") {
					begins = append(begins, s)
				}
			}
			if len(begins) != 2 {
				t.Fatalf("%d BEGIN spans in %v", len(begins), spans)
			}
			ns := "test"
			if c.driver == dhsqlite.DriverName {
				ns = strings.TrimPrefix(c.dsn, "file:")
			}
			for _, name := range []string{"COMMIT " + ns, "ROLLBACK " + ns} {
				s := telSpan(t, spans, name)
				childOf(t, s, parent)
				telAttrs(t, name, s.Attributes, map[string]any{"db.operation.name": strings.Fields(name)[0], "db.namespace": ns},
					"db.query.text", "db.query.summary", "db.response.returned_rows")
			}
			for _, b := range begins {
				if b.Name != "BEGIN "+ns {
					t.Errorf("begin span %q", b.Name)
				}
				childOf(t, b, parent)
			}
			childOf(t, telSpan(t, spans, "INSERT "+table), step)
			childOf(t, telSpan(t, spans, "DELETE "+table), parent)
			d := k.durations(t)
			for _, op := range []string{"BEGIN", "COMMIT", "ROLLBACK"} {
				if d[op].Count == 0 {
					t.Errorf("no %s duration: %v", op, d)
				}
			}
		})
	}
}

// go-sql-driver/mysql without interpolateParams declines every statement
// with arguments (driver.ErrSkip) and database/sql prepares it: one span
// still, timed from the first attempt. A prepare that fails is the
// statement's outcome and gets the span.
func TestTelemetryMySQL(t *testing.T) {
	base := testServerMySQL(t)
	for _, c := range []struct{ name, dsn string }{
		{"prepared", base},
		{"interpolateParams", addParams(base, "interpolateParams=true")},
	} {
		t.Run(c.name, func(t *testing.T) {
			k := newTelKit(t)
			var prepared preparedCounter
			db := k.open(t, dhmysql.DriverName, c.dsn, dhsql.WithHooks(&prepared))
			table := telTable("dh_telmy")
			if _, err := db.Exec("CREATE TABLE " + table + " (id int PRIMARY KEY, name varchar(64))"); err != nil {
				t.Fatal(err)
			}
			defer db.Exec("DROP TABLE " + table)
			k.ended()
			ctx, parent := k.tracer.Start(context.Background(), "request")

			before := time.Now()
			if _, err := db.ExecContext(ctx, "INSERT INTO "+table+" (id, name) VALUES (?, ?), (?, ?)", 1, telArg, 2, "b"); err != nil {
				t.Fatal(err)
			}
			var name string
			if err := db.QueryRowContext(ctx, "SELECT name FROM "+table+" WHERE id = ?", 2).Scan(&name); err != nil || name != "b" {
				t.Fatalf("select: %v %q", err, name)
			}
			_, errMissing := db.QueryContext(ctx, "SELECT name FROM dh_telmy_missing WHERE id = ?", 1)
			_, errSyntax := db.ExecContext(ctx, "UPDATE "+table+" SET name = ? WHERE", telArg)
			if errMissing == nil || errSyntax == nil {
				t.Fatalf("errors: %v, %v", errMissing, errSyntax)
			}
			parent.End()
			// Without interpolateParams, the driver declined every statement
			// with arguments, and database/sql prepared it: two of them ran
			// as prepared statements, two failed to prepare.
			if want := map[string]int{"prepared": 4, "interpolateParams": 0}[c.name]; prepared.prepares != want || prepared.runs != want/2 {
				t.Errorf("%d prepares and %d prepared runs, want %d and %d", prepared.prepares, prepared.runs, want, want/2)
			}

			spans := k.ended()
			if len(spans) != 5 {
				t.Fatalf("%d spans, want one per statement (4) and the parent: %v", len(spans), spans)
			}
			common := map[string]any{"db.system.name": "mysql", "db.namespace": "test", "server.address": "127.0.0.1"}
			ins := telSpan(t, spans, "INSERT "+table)
			childOf(t, ins, parent)
			if ins.StartTime.Before(before) || ins.Status.Code != codes.Unset {
				t.Errorf("insert: start %v (before %v), status %v", ins.StartTime, before, ins.Status)
			}
			if !prepared.first.IsZero() && !ins.StartTime.Before(prepared.first) {
				t.Errorf("insert: span starts at %v, after the prepare at %v: not at the declined first attempt", ins.StartTime, prepared.first)
			}
			telAttrs(t, "insert", ins.Attributes, merge(common, map[string]any{
				"db.query.text": "INSERT INTO " + table + " (id, name) VALUES (?, ?), (?, ?)",
			}), "db.response.returned_rows")
			sel := telSpan(t, spans, "SELECT "+table)
			childOf(t, sel, parent)
			telAttrs(t, "select", sel.Attributes, merge(common, map[string]any{"db.response.returned_rows": 1}))

			missing := telSpan(t, spans, "SELECT dh_telmy_missing")
			childOf(t, missing, parent)
			if missing.Status.Code != codes.Error {
				t.Errorf("missing: status %v", missing.Status)
			}
			telAttrs(t, "missing", missing.Attributes, merge(common, map[string]any{
				"db.response.status_code": "1146", "error.type": "1146",
			}))
			var syntax tracetest.SpanStub
			for _, s := range spans {
				if s.Status.Code == codes.Error && s.SpanContext.SpanID() != missing.SpanContext.SpanID() {
					syntax = s
				}
			}
			telAttrs(t, "syntax", syntax.Attributes, map[string]any{"db.response.status_code": "1064", "error.type": "1064"})
			childOf(t, syntax, parent)

			d := k.durations(t)
			for _, key := range []string{"INSERT " + table, "SELECT " + table, "SELECT dh_telmy_missing !1146"} {
				if d[key].Count != 1 {
					t.Errorf("%s: %d duration measurements, want 1 (have %v)", key, d[key].Count, d)
				}
			}
			var total uint64
			for _, p := range d {
				total += p.Count
			}
			if total != 5 {
				t.Errorf("%d duration measurements, want 5: CREATE and one per statement", total)
			}
			k.noLeak(t, spans)
		})
	}
}

// preparedCounter counts prepares and the statements run prepared.
type preparedCounter struct {
	prepares, runs int
	first          time.Time // of the first prepare
}

func (p *preparedCounter) Prepare(ctx context.Context, c *interceptor.Call, next interceptor.PrepareFunc) (driver.Stmt, error) {
	if p.prepares++; p.prepares == 1 {
		p.first = time.Now()
	}
	return next(ctx, c)
}

func (p *preparedCounter) Query(ctx context.Context, c *interceptor.Call, next interceptor.QueryFunc) (driver.Rows, error) {
	if c.Prepared {
		p.runs++
	}
	return next(ctx, c)
}

func (p *preparedCounter) Exec(ctx context.Context, c *interceptor.Call, next interceptor.ExecFunc) (driver.Result, error) {
	if c.Prepared {
		p.runs++
	}
	return next(ctx, c)
}

func TestTelemetrySQLite(t *testing.T) {
	k := newTelKit(t)
	file := filepath.Join(t.TempDir(), "tel.db")
	db := k.open(t, dhsqlite.DriverName, "file:"+file+"?_pragma=busy_timeout(1000)")
	if _, err := db.Exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("INSERT INTO items (id, name) VALUES (?, ?), (2, 'x')", 1, telArg); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query("SELECT id FROM items")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
	}
	rows.Close()
	if _, err := db.Exec("DELETE FROM missing_items"); err == nil {
		t.Fatal("delete from a missing table succeeded")
	}
	spans := k.ended()
	sel := telSpan(t, spans, "SELECT items")
	telAttrs(t, "select", sel.Attributes, map[string]any{
		"db.system.name": "sqlite", "db.namespace": file, "db.response.returned_rows": 2, "db.query.text": "SELECT id FROM items",
	}, "server.address", "server.port")
	failed := telSpan(t, spans, "DELETE missing_items")
	if failed.Status.Code != codes.Error {
		t.Errorf("failed: %v", failed.Status)
	}
	telAttrs(t, "failed", failed.Attributes, map[string]any{"db.response.status_code": "1", "error.type": "1"})
	k.noLeak(t, spans)
}

// The settings: DSN parameters and options.
func TestTelemetrySettings(t *testing.T) {
	urlDSN, _, _ := telPostgresDSNs(t)
	run := func(t *testing.T, k *telKit, db *sql.DB) tracetest.SpanStubs {
		t.Helper()
		var s string
		if err := db.QueryRow("SELECT $1::text || 'lit'", telArg).Scan(&s); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow("SELECT 'lit'").Scan(&s); err != nil {
			t.Fatal(err)
		}
		return k.ended()
	}
	t.Run("dh_query_text=parameterized", func(t *testing.T) {
		k := newTelKit(t)
		spans := run(t, k, k.open(t, dhpgx.DriverName, addParams(urlDSN, "dh_query_text=parameterized")))
		telAttrs(t, "with args", spans[0].Attributes, map[string]any{"db.query.text": "SELECT $1::text || 'lit'"})
		telAttrs(t, "without", spans[1].Attributes, nil, "db.query.text")
	})
	t.Run("dh_query_text=off", func(t *testing.T) {
		k := newTelKit(t)
		spans := run(t, k, k.open(t, dhpgx.DriverName, addParams(urlDSN, "dh_query_text=off")))
		telAttrs(t, "with args", spans[0].Attributes, nil, "db.query.text")
		telAttrs(t, "without", spans[1].Attributes, nil, "db.query.text")
	})
	t.Run("WithQueryText", func(t *testing.T) {
		k := newTelKit(t)
		spans := run(t, k, k.open(t, dhpgx.DriverName, urlDSN, dhsql.WithQueryText(telemetry.QueryTextOff)))
		telAttrs(t, "with args", spans[0].Attributes, nil, "db.query.text")
	})
	t.Run("dh_span_args=on", func(t *testing.T) {
		k := newTelKit(t)
		spans := run(t, k, k.open(t, dhpgx.DriverName, addParams(urlDSN, "dh_span_args=on")))
		telAttrs(t, "with args", spans[0].Attributes, map[string]any{"db.query.parameter.0": telArg})
		for _, sm := range k.collect(t).ScopeMetrics {
			if strings.Contains(fmt.Sprint(sm.Metrics), telArg) {
				t.Errorf("argument in a measurement")
			}
		}
	})
	t.Run("WithSpanArgs", func(t *testing.T) {
		k := newTelKit(t)
		spans := run(t, k, k.open(t, dhpgx.DriverName, urlDSN, dhsql.WithSpanArgs(true)))
		telAttrs(t, "with args", spans[0].Attributes, map[string]any{"db.query.parameter.0": telArg})
	})
	t.Run("dh_telemetry=off", func(t *testing.T) {
		k := newTelKit(t)
		if spans := run(t, k, k.open(t, dhpgx.DriverName, addParams(urlDSN, "dh_telemetry=off"))); len(spans) != 0 {
			t.Errorf("%d spans", len(spans))
		}
		if len(k.durations(t)) != 0 {
			t.Error("measurements with telemetry off")
		}
	})
	t.Run("WithTelemetry(false)", func(t *testing.T) {
		k := newTelKit(t)
		if spans := run(t, k, k.open(t, dhpgx.DriverName, urlDSN, dhsql.WithTelemetry(false))); len(spans) != 0 {
			t.Errorf("%d spans", len(spans))
		}
	})
	t.Run("WithAttributes", func(t *testing.T) {
		k := newTelKit(t)
		spans := run(t, k, k.open(t, dhpgx.DriverName, urlDSN, dhsql.WithAttributes(attribute.String("service.tier", "gold"))))
		telAttrs(t, "span", spans[0].Attributes, map[string]any{"service.tier": "gold"})
		for _, p := range k.durations(t) {
			telAttrs(t, "duration", p.Attributes.ToSlice(), map[string]any{"service.tier": "gold"})
		}
	})
	t.Run("WithSpanFilter", func(t *testing.T) {
		k := newTelKit(t)
		onlyArgs := func(_ context.Context, c *interceptor.Call) bool { return len(c.Args) > 0 }
		spans := run(t, k, k.open(t, dhpgx.DriverName, urlDSN, dhsql.WithSpanFilter(onlyArgs)))
		if len(spans) != 1 {
			t.Errorf("%d spans, want the one with arguments", len(spans))
		}
		var total uint64
		for _, p := range k.durations(t) {
			total += p.Count
		}
		if total != 2 {
			t.Errorf("%d measurements, want both statements", total)
		}
	})
	t.Run("bad values", func(t *testing.T) {
		for _, p := range []string{"dh_query_text=all", "dh_span_args=maybe", "dh_telemetry=2"} {
			db, err := sql.Open(dhpgx.DriverName, addParams(urlDSN, p))
			if err != nil {
				t.Fatal(err)
			}
			err = db.Ping()
			db.Close()
			if err == nil || !strings.Contains(err.Error(), strings.Split(p, "=")[0]) || strings.Contains(err.Error(), telSecret) {
				t.Errorf("%s: err %v, want a configuration error naming it", p, err)
			}
		}
	})
	t.Run("resolved", func(t *testing.T) {
		cfg, inner, err := dhsql.ResolveConfig(dhsql.Wrap(nopDriver{}, dhpostgres.Options()...), "postgres://h/db?dh_query_text=parameterized&dh_span_args=on&dh_telemetry=off")
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Telemetry.QueryText != telemetry.QueryTextParameterized || !cfg.Telemetry.SpanArgs || !cfg.Telemetry.Disabled || strings.Contains(inner, "dh_") {
			t.Errorf("config %+v, inner %q", cfg.Telemetry, inner)
		}
		cfg, _, err = dhsql.ResolveConfig(dhsql.Wrap(nopDriver{}, dhsql.WithSamplerAttributes(true), dhsql.WithSpanArgs(true)), "postgres://h/db?dh_span_args=off")
		if err != nil {
			t.Fatal(err)
		}
		if !cfg.Telemetry.SamplerAttributes || cfg.Telemetry.SpanArgs {
			t.Errorf("options and DSN: %+v (the DSN wins)", cfg.Telemetry)
		}
	})
}

// A hook inside dhsql's telemetry annotates the statement with dhsql.*
// attributes, on the span and the measurements.
func TestStatementTelemetryAnnotations(t *testing.T) {
	k := newTelKit(t)
	db := k.open(t, dhsqlite.DriverName, "file:"+filepath.Join(t.TempDir(), "ann.db"), dhsql.WithHooks(annotatingHook{}))
	var one int
	if err := db.QueryRow("SELECT 1").Scan(&one); err != nil {
		t.Fatal(err)
	}
	spans := k.ended()
	if len(spans) != 1 {
		t.Fatalf("%d spans", len(spans))
	}
	telAttrs(t, "span", spans[0].Attributes, map[string]any{
		"dhsql.cache.result": "miss", "dhsql.breaker.state": "closed", "dhsql.breaker.kind": "read", "dhsql.events.queued": 0,
	})
	for _, p := range k.durations(t) {
		telAttrs(t, "duration", p.Attributes.ToSlice(), map[string]any{"dhsql.cache.result": "miss", "dhsql.breaker.state": "closed"}, "dhsql.events.queued")
	}
}

type annotatingHook struct{}

func (annotatingHook) Query(ctx context.Context, c *interceptor.Call, next interceptor.QueryFunc) (driver.Rows, error) {
	st := dhsql.StatementTelemetry(c)
	if st == nil {
		panic("no statement telemetry inside the chain")
	}
	st.SetBreaker(telemetry.BreakerClosed, telemetry.BreakerRead)
	st.SetCache(telemetry.CacheMiss, "")
	st.SetEventsQueued(0)
	return next(ctx, c)
}

// With no-op providers there is no telemetry hook at all, and the
// statements run as without telemetry.
func TestTelemetryNoopProviders(t *testing.T) {
	reg, err := sql.Open(dhsqlite.DriverName, "")
	if err != nil {
		t.Fatal(err)
	}
	drv := reg.Driver()
	reg.Close()
	var saw []*telemetry.Statement
	probe := probeHook(func(c *interceptor.Call) { saw = append(saw, dhsql.StatementTelemetry(c)) })
	c, err := dhsql.Wrap(drv, dhsql.WithTracerProvider(tracenoop.NewTracerProvider()), dhsql.WithMeterProvider(metricnoop.NewMeterProvider()),
		dhsql.WithHooks(probe)).(driver.DriverContext).OpenConnector("file:" + filepath.Join(t.TempDir(), "noop.db"))
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(c)
	defer db.Close()
	var one int
	if err := db.QueryRow("SELECT ?", 1).Scan(&one); err != nil || one != 1 {
		t.Fatalf("%v %d", err, one)
	}
	if len(saw) != 1 || saw[0] != nil {
		t.Errorf("statement telemetry %v, want nil", saw)
	}
	saw[0].SetCache(telemetry.CacheHit, "") // nil-safe
}

type probeHook func(c *interceptor.Call)

func (p probeHook) Query(ctx context.Context, c *interceptor.Call, next interceptor.QueryFunc) (driver.Rows, error) {
	p(c)
	return next(ctx, c)
}

// The span of a query ends when its rows are closed: an early Close with
// the rows read so far; an error while reading, or a context canceled
// while reading, makes it an error.
func TestTelemetryRowsEnd(t *testing.T) {
	_, kvDSN, _ := telPostgresDSNs(t)
	k := newTelKit(t)
	db := k.open(t, dhpostgres.DriverName, kvDSN)

	rows, err := db.Query("SELECT g FROM generate_series(1, 100) g")
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		rows.Next()
	}
	if n := len(k.spans.GetSpans()); n != 0 {
		t.Errorf("%d spans ended before the rows were closed", n)
	}
	rows.Close()
	spans := k.ended()
	if len(spans) != 1 {
		t.Fatalf("%d spans", len(spans))
	}
	telAttrs(t, "early close", spans[0].Attributes, map[string]any{"db.response.returned_rows": 3}, "error.type")

	rows, err = db.Query("SELECT 10 / (3 - g) FROM generate_series(1, 5) g")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		n++
	}
	if rows.Err() == nil || n != 2 {
		t.Fatalf("read %d rows, err %v; want 2 and division by zero", n, rows.Err())
	}
	rows.Close()
	spans = k.ended()
	if len(spans) != 1 || spans[0].Status.Code != codes.Error {
		t.Fatalf("spans %v", spans)
	}
	telAttrs(t, "error while reading", spans[0].Attributes, map[string]any{
		"db.response.returned_rows": 2, "error.type": "22012", "db.response.status_code": "22012",
	})

	ctx, cancel := context.WithCancel(context.Background())
	rows, err = db.QueryContext(ctx, "SELECT g FROM generate_series(1, 10000000) g WHERE g > $1", 0)
	if err != nil {
		t.Fatal(err)
	}
	rows.Next()
	cancel()
	for rows.Next() {
	}
	rows.Close()
	spans = k.ended()
	if len(spans) != 1 || spans[0].Status.Code != codes.Error {
		t.Fatalf("canceled: spans %v", spans)
	}
	for _, a := range spans[0].Attributes {
		if a.Key == "error.type" && a.Value.AsString() != "context.Canceled" && a.Value.AsString() != "57014" {
			t.Errorf("canceled: error.type %s", a.Value.AsString())
		}
	}
}

// ObservePool reports a dhsql *sql.DB's pool.
func TestTelemetryObservePool(t *testing.T) {
	_, kvDSN, _ := telPostgresDSNs(t)
	k := newTelKit(t)
	db := k.open(t, dhpostgres.DriverName, kvDSN)
	db.SetMaxOpenConns(4)
	stop, err := telemetry.ObservePool(db, telemetry.PoolConfig{MeterProvider: k.mp, Name: "127.0.0.1:5432/test"})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	used, max := int64(-1), int64(-1)
	for _, sm := range k.collect(t).ScopeMetrics {
		for _, m := range sm.Metrics {
			switch m.Name {
			case telemetry.MetricConnectionCount:
				for _, p := range m.Data.(metricdata.Sum[int64]).DataPoints {
					if v, _ := p.Attributes.Value("db.client.connection.state"); v.AsString() == "used" {
						used = p.Value
					}
				}
			case telemetry.MetricConnectionMax:
				max = m.Data.(metricdata.Sum[int64]).DataPoints[0].Value
			}
		}
	}
	if used != 1 || max != 4 {
		t.Errorf("used %d, max %d", used, max)
	}
}

// A connector built in code has no DSN to name the server; WithTarget
// names it, and replaces what a DSN names.
func TestTelemetryTarget(t *testing.T) {
	urlDSN, kvDSN, port := telPostgresDSNs(t)
	pc, err := pq.NewConnector(kvDSN)
	if err != nil {
		t.Fatal(err)
	}
	given := dhsql.Target{Host: "db.internal", Port: 6432, Database: "orders"}
	givenAttrs := map[string]any{"server.address": "db.internal", "server.port": int64(6432), "db.namespace": "orders"}
	u, _ := url.Parse(urlDSN)
	dsnAttrs := map[string]any{"server.address": u.Hostname(), "db.namespace": strings.TrimPrefix(u.Path, "/")}
	if port != 5432 {
		dsnAttrs["server.port"] = int64(port)
	}
	for _, c := range []struct {
		name   string
		open   func(k *telKit) *sql.DB
		want   map[string]any
		absent []string
	}{
		{"connector", func(k *telKit) *sql.DB {
			return sql.OpenDB(dhsql.WrapConnector(pc, append(dhpostgres.Options(), dhsql.WithTracerProvider(k.tp), dhsql.WithMeterProvider(k.mp))...))
		}, map[string]any{"db.system.name": "postgresql"}, []string{"server.address", "server.port", "db.namespace"}},
		{"connector+WithTarget", func(k *telKit) *sql.DB {
			return sql.OpenDB(dhsql.WrapConnector(pc, append(dhpostgres.Options(), dhsql.WithTarget(given), dhsql.WithTracerProvider(k.tp), dhsql.WithMeterProvider(k.mp))...))
		}, givenAttrs, nil},
		{"dsn", func(k *telKit) *sql.DB { return k.open(t, dhpostgres.DriverName, urlDSN) }, dsnAttrs, nil},
		{"dsn+WithTarget", func(k *telKit) *sql.DB { return k.open(t, dhpostgres.DriverName, urlDSN, dhsql.WithTarget(given)) }, givenAttrs, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			k := newTelKit(t)
			db := c.open(k)
			defer db.Close()
			var one int
			if err := db.QueryRowContext(context.Background(), "SELECT 1 WHERE 1 = $1", 1).Scan(&one); err != nil {
				t.Fatal(err)
			}
			spans := k.ended()
			telAttrs(t, "span", telSpan(t, spans, "SELECT").Attributes, c.want, c.absent...)
			for _, p := range k.durations(t) {
				telAttrs(t, "duration", p.Attributes.ToSlice(), c.want, c.absent...)
			}
			k.noLeak(t, spans)
		})
	}
}

// Statements from many goroutines over a pool of connections against
// PostgreSQL, with collections running meanwhile: every statement has one
// span, one duration and one returned-rows measurement, counted once.
func TestTelemetryConcurrentPostgres(t *testing.T) {
	_, kvDSN, _ := telPostgresDSNs(t)
	k := newTelKit(t)
	db := k.open(t, dhpostgres.DriverName, kvDSN)
	db.SetMaxOpenConns(4)
	ctx := context.Background()
	const workers, each = 8, 50
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				var n int
				if err := db.QueryRowContext(ctx, "SELECT $1::int", w*each+i).Scan(&n); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	stop := make(chan struct{})
	collected := make(chan struct{})
	go func() {
		defer close(collected)
		for {
			select {
			case <-stop:
				return
			default:
				var rm metricdata.ResourceMetrics
				k.reader.Collect(ctx, &rm)
				time.Sleep(time.Millisecond)
			}
		}
	}()
	wg.Wait()
	close(stop)
	<-collected
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	const want = workers * each
	if got := len(k.ended()); got != want {
		t.Errorf("%d spans, want %d", got, want)
	}
	var durations, rows, rowSum uint64
	for _, sm := range k.collect(t).ScopeMetrics {
		for _, m := range sm.Metrics {
			switch d := m.Data.(type) {
			case metricdata.Histogram[float64]:
				if m.Name == telemetry.MetricOperationDuration {
					for _, p := range d.DataPoints {
						durations += p.Count
					}
				}
			case metricdata.Histogram[int64]:
				if m.Name == telemetry.MetricReturnedRows {
					for _, p := range d.DataPoints {
						rows += p.Count
						rowSum += uint64(p.Sum)
					}
				}
			}
		}
	}
	if durations != want || rows != want || rowSum != want {
		t.Errorf("%s counts %d, %s counts %d summing %d; want %d, %d, %d",
			telemetry.MetricOperationDuration, durations, telemetry.MetricReturnedRows, rows, rowSum, want, want, want)
	}
}
