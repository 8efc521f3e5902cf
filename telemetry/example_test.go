package telemetry_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/deeperhub/dhsql/telemetry"
)

// printSpans prints each ended span's name, status and attributes.
func printSpans(exp *tracetest.InMemoryExporter) {
	for _, s := range exp.GetSpans() {
		fmt.Println(s.Name, s.Status.Code)
		printAttrs(s.Attributes)
	}
}

func printAttrs(kvs []attribute.KeyValue) {
	lines := make([]string, 0, len(kvs))
	for _, kv := range kvs {
		lines = append(lines, fmt.Sprintf("  %s=%s", kv.Key, kv.Value.Emit()))
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Println(l)
	}
}

// printMetric prints the data points of one metric: counts and sums of
// histograms, values of sums.
func printMetric(r *sdkmetric.ManualReader, name string) {
	var rm metricdata.ResourceMetrics
	r.Collect(context.Background(), &rm)
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != name {
				continue
			}
			var lines []string
			switch d := m.Data.(type) {
			case metricdata.Histogram[float64]:
				for _, p := range d.DataPoints {
					lines = append(lines, fmt.Sprintf("%s %v count=%d", m.Name, p.Attributes.Encoded(attribute.DefaultEncoder()), p.Count))
				}
			case metricdata.Sum[int64]:
				for _, p := range d.DataPoints {
					lines = append(lines, fmt.Sprintf("%s %v value=%d", m.Name, p.Attributes.Encoded(attribute.DefaultEncoder()), p.Value))
				}
			}
			sort.Strings(lines)
			for _, l := range lines {
				fmt.Println(l)
			}
		}
	}
}

// The seed's RepositoryTelemetry.span: a function run inside a span.
func ExampleSpan() {
	exp := tracetest.NewInMemoryExporter()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp)))

	err := telemetry.Span(context.Background(), "custom_operation", func(ctx context.Context) error {
		return nil // statements run with ctx are children of the span
	}, attribute.String("dhsql.schema", "MySchema"), attribute.Int("dhsql.id", 123))

	fmt.Println(err)
	printSpans(exp)
	// Output:
	// <nil>
	// custom_operation Unset
	//   dhsql.id=123
	//   dhsql.schema=MySchema
}

// The seed's RepositoryMetrics.measure, increment_operation_count and
// observe_operation_duration.
func ExampleMeasure() {
	reader := sdkmetric.NewManualReader()
	otel.SetMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)))
	ctx := context.Background()

	telemetry.Measure(ctx, "custom_operation", "MySchema", func(context.Context) error { return nil })
	telemetry.Measure(ctx, "custom_operation", "MySchema", func(context.Context) error { return errors.New("failed") })
	telemetry.IncrementOperationCount(ctx, "custom_operation", "MySchema", telemetry.OutcomeSuccess)
	telemetry.ObserveOperationDuration(ctx, "custom_operation", 150*time.Millisecond, "MySchema", telemetry.OutcomeSuccess)

	printMetric(reader, "dhsql.operation.count")
	printMetric(reader, "dhsql.operation.duration")
	// Output:
	// dhsql.operation.count db.collection.name=MySchema,db.operation.name=custom_operation,dhsql.outcome=error value=1
	// dhsql.operation.count db.collection.name=MySchema,db.operation.name=custom_operation,dhsql.outcome=success value=2
	// dhsql.operation.duration db.collection.name=MySchema,db.operation.name=custom_operation,dhsql.outcome=error count=1
	// dhsql.operation.duration db.collection.name=MySchema,db.operation.name=custom_operation,dhsql.outcome=success count=2
}

// An Instrumentation's own helpers use its providers and add its
// configured attributes.
func ExampleInstrumentation_Measure() {
	reader := sdkmetric.NewManualReader()
	in := telemetry.New(telemetry.Config{
		MeterProvider: sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)),
		Attributes:    []attribute.KeyValue{attribute.String("service.tier", "gold")},
	})
	in.Measure(context.Background(), "import", "orders", func(context.Context) error { return nil })
	printMetric(reader, "dhsql.operation.count")
	// Output:
	// dhsql.operation.count db.collection.name=orders,db.operation.name=import,dhsql.outcome=success,service.tier=gold value=1
}

// A Statement is the telemetry of one SQL statement, as dhsql records it
// for every statement; dhsql's features annotate it.
func ExampleStatement() {
	exp := tracetest.NewInMemoryExporter()
	in := telemetry.New(telemetry.Config{
		TracerProvider: sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp)),
		System:         telemetry.SystemPostgreSQL,
		Namespace:      "app",
		ServerAddress:  "db.example.com",
	})

	var st telemetry.Statement
	st.Init(in, time.Now(), true)
	st.SetCache(telemetry.CacheMiss, "")
	// … the statement runs …
	st.Start(context.Background(), &telemetry.Operation{
		Summary:     "SELECT users",
		Text:        "SELECT * FROM users WHERE name = 'bob'",
		Sanitized:   "SELECT * FROM users WHERE name = ?",
		ReturnsRows: true,
	})
	// … the caller reads the rows and closes them …
	st.End(telemetry.Result{Rows: 1})

	printSpans(exp)
	// Output:
	// SELECT users Unset
	//   db.namespace=app
	//   db.query.summary=SELECT users
	//   db.query.text=SELECT * FROM users WHERE name = ?
	//   db.response.returned_rows=1
	//   db.system.name=postgresql
	//   dhsql.cache.result=miss
	//   server.address=db.example.com
}

// The pool metrics of a *sql.DB (here a fixed sql.DBStats).
func ExampleObservePool() {
	reader := sdkmetric.NewManualReader()
	stats := telemetry.StatsFunc(func() sql.DBStats { return sql.DBStats{InUse: 3, Idle: 2} })
	stop, err := telemetry.ObservePool(stats, telemetry.PoolConfig{
		MeterProvider: sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)),
		Name:          "db.example.com:5432/app",
	})
	if err != nil {
		panic(err)
	}
	defer stop()
	printMetric(reader, "db.client.connection.count")
	// Output:
	// db.client.connection.count db.client.connection.pool.name=db.example.com:5432/app,db.client.connection.state=idle value=2
	// db.client.connection.count db.client.connection.pool.name=db.example.com:5432/app,db.client.connection.state=used value=3
}

// Span with an Instrumentation's own tracer provider; statements run with
// the context fn receives are children of the span.
func ExampleInstrumentation_Span() {
	exp := tracetest.NewInMemoryExporter()
	in := telemetry.New(telemetry.Config{TracerProvider: sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))})
	err := in.Span(context.Background(), "import_orders", func(ctx context.Context) error {
		return errors.New("upstream unavailable")
	}, attribute.String("dhsql.schema", "orders"))
	fmt.Println(err)
	printSpans(exp)
	// Output:
	// upstream unavailable
	// import_orders Error
	//   dhsql.schema=orders
	//   error.type=_OTHER
}

// The seed's RepositoryMetrics.increment_operation_count.
func ExampleInstrumentation_IncrementOperationCount() {
	reader := sdkmetric.NewManualReader()
	in := telemetry.New(telemetry.Config{MeterProvider: sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))})
	in.IncrementOperationCount(context.Background(), "custom_operation", "MySchema", telemetry.OutcomeSuccess)
	in.IncrementOperationCount(context.Background(), "custom_operation", "MySchema", telemetry.OutcomeSuccess)
	printMetric(reader, "dhsql.operation.count")
	// Output:
	// dhsql.operation.count db.collection.name=MySchema,db.operation.name=custom_operation,dhsql.outcome=success value=2
}

// The seed's RepositoryMetrics.observe_operation_duration.
func ExampleInstrumentation_ObserveOperationDuration() {
	reader := sdkmetric.NewManualReader()
	in := telemetry.New(telemetry.Config{MeterProvider: sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))})
	in.ObserveOperationDuration(context.Background(), "custom_operation", 150*time.Millisecond, "MySchema", telemetry.OutcomeError)
	printMetric(reader, "dhsql.operation.duration")
	// Output:
	// dhsql.operation.duration db.collection.name=MySchema,db.operation.name=custom_operation,dhsql.outcome=error count=1
}
