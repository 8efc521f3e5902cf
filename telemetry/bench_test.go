package telemetry_test

import (
	"context"
	"testing"

	metricnoop "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/deeperhub/dhsql/telemetry"
)

// BenchmarkStatement measures one statement's telemetry alone: Begin and
// End, as dhsql runs them for every query.
func BenchmarkStatement(b *testing.B) {
	for _, p := range []struct {
		name string
		cfg  telemetry.Config
	}{
		{"noop", telemetry.Config{TracerProvider: tracenoop.NewTracerProvider(), MeterProvider: metricnoop.NewMeterProvider()}},
		{"sdk", telemetry.Config{
			TracerProvider: sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample())),
			MeterProvider:  sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader())),
		}},
	} {
		cfg := p.cfg
		cfg.System, cfg.Namespace, cfg.ServerAddress = telemetry.SystemPostgreSQL, "app", "127.0.0.1"
		in := telemetry.New(cfg)
		op := telemetry.Operation{
			Summary: "SELECT users", Text: "SELECT name FROM users WHERE id = $1",
			Parameterized: true, ReturnsRows: true,
		}
		ctx := context.Background()
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			var st telemetry.Statement
			for b.Loop() {
				st.Begin(ctx, in, &op, true)
				st.End(telemetry.Result{Rows: 1})
			}
		})
	}
}
