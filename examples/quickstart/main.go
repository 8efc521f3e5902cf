// Command quickstart shows what dhsql does to each statement of an
// ordinary database/sql program. It needs no server: the database is an
// embedded SQLite (deeperhub-sqlite, pure Go) and the OpenTelemetry SDK
// prints every span as it ends. Before each statement it prints how dhsql's
// parser classifies it: the operation, the tables read and written, and
// whether its result may be cached.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/deeperhub/dhsql/parse"
	_ "github.com/deeperhub/dhsql/sqlite" // registers "deeperhub-sqlite"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(out io.Writer) error {
	ctx := context.Background()

	// The application brings the OpenTelemetry SDK; dhsql uses the global
	// providers unless given others.
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spanPrinter{out}))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	otel.SetTracerProvider(tp)
	otel.SetMeterProvider(mp)
	defer tp.Shutdown(ctx)
	defer mp.Shutdown(ctx)

	// The one change an application makes: the driver name. dh_* settings
	// ride in the DSN and are removed before SQLite sees it.
	db, err := sql.Open("deeperhub-sqlite", "file:quickstart?mode=memory&cache=shared&dh_instance=quickstart")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	step := func(title string) { fmt.Fprintf(out, "\n%s\n", title) }
	// q prints what dhsql's parser sees in a statement (the same
	// classification every statement gets inside the driver) and returns it.
	q := func(query string) string {
		st := parse.Classify(parse.SQLite, query)
		fmt.Fprintf(out, "   parse %s: reads=%v writes=%v cacheable=%v\n", st.Op, st.Reads, st.Writes, st.Cacheable())
		return query
	}

	step("-- schema")
	if _, err := db.ExecContext(ctx, q(`CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL)`)); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, q(`CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), total REAL)`)); err != nil {
		return err
	}

	step("-- writes with arguments (arguments never reach a span)")
	if _, err := db.ExecContext(ctx, q(`INSERT INTO customers (name) VALUES (?), (?)`), "Ada", "Grace"); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, q(`INSERT INTO orders (customer_id, total) VALUES (?, ?)`), 1, 42.5); err != nil {
		return err
	}

	step("-- a read: the span ends when the rows are closed")
	rows, err := db.QueryContext(ctx, q(`SELECT c.name, o.total FROM customers c JOIN orders o ON o.customer_id = c.id WHERE o.total > ?`), 10)
	if err != nil {
		return err
	}
	for rows.Next() {
		var name string
		var total float64
		if err := rows.Scan(&name, &total); err != nil {
			return err
		}
		fmt.Fprintf(out, "   row: %s %.2f\n", name, total)
	}
	if err := rows.Close(); err != nil {
		return err
	}

	step("-- literals in the text are sanitized on the span")
	var n int
	if err := db.QueryRowContext(ctx, q(`SELECT count(*) FROM customers WHERE name = 'Ada'`)).Scan(&n); err != nil {
		return err
	}

	step("-- a transaction: begin, statements and commit")
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, q(`UPDATE orders SET total = total * ? WHERE customer_id = ?`), 0.9, 1); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}

	step("-- an error passes through unchanged, and is recorded")
	_, err = db.ExecContext(ctx, q(`DELETE FROM invoices WHERE id = ?`), 7)
	fmt.Fprintf(out, "   error to the caller: %v\n", err)

	step("-- metrics")
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(ctx, &rm); err != nil {
		return err
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if h, ok := m.Data.(metricdata.Histogram[float64]); ok {
				var count uint64
				for _, dp := range h.DataPoints {
					count += dp.Count
				}
				fmt.Fprintf(out, "   %s: %d measurements in %d series\n", m.Name, count, len(h.DataPoints))
			}
		}
	}
	return nil
}

// spanPrinter is an OpenTelemetry exporter that prints each span.
type spanPrinter struct{ out io.Writer }

func (p spanPrinter) ExportSpans(_ context.Context, spans []sdktrace.ReadOnlySpan) error {
	for _, s := range spans {
		attrs := make([]string, 0, len(s.Attributes()))
		for _, kv := range s.Attributes() {
			attrs = append(attrs, string(kv.Key)+"="+value(kv))
		}
		slices.Sort(attrs)
		status := ""
		if s.Status().Code == codes.Error {
			status = " [error: " + s.Status().Description + "]"
		}
		fmt.Fprintf(p.out, "   span %q%s\n", s.Name(), status)
		for _, a := range attrs {
			fmt.Fprintf(p.out, "        %s\n", a)
		}
	}
	return nil
}

func (spanPrinter) Shutdown(context.Context) error { return nil }

func value(kv attribute.KeyValue) string {
	if kv.Value.Type() == attribute.STRING {
		return fmt.Sprintf("%q", kv.Value.AsString())
	}
	return strings.Trim(kv.Value.Emit(), " ")
}
