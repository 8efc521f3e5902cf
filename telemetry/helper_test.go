package telemetry_test

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/deeperhub/dhsql/telemetry"
)

// kit is an SDK tracer and meter provider whose output tests read back.
type kit struct {
	spans  *tracetest.InMemoryExporter
	reader *sdkmetric.ManualReader
	tp     *sdktrace.TracerProvider
	mp     *sdkmetric.MeterProvider
}

func newKit(t *testing.T) *kit {
	t.Helper()
	k := &kit{spans: tracetest.NewInMemoryExporter(), reader: sdkmetric.NewManualReader()}
	k.tp = sdktrace.NewTracerProvider(sdktrace.WithSyncer(k.spans), sdktrace.WithSampler(sdktrace.AlwaysSample()))
	k.mp = sdkmetric.NewMeterProvider(sdkmetric.WithReader(k.reader))
	t.Cleanup(func() {
		k.tp.Shutdown(context.Background())
		k.mp.Shutdown(context.Background())
	})
	return k
}

func (k *kit) instrumentation(cfg telemetry.Config) *telemetry.Instrumentation {
	cfg.TracerProvider, cfg.MeterProvider = k.tp, k.mp
	return telemetry.New(cfg)
}

func (k *kit) ended() tracetest.SpanStubs { return k.spans.GetSpans() }

// metric returns the named metric of the last collection, or fails.
func (k *kit) metric(t *testing.T, name string) metricdata.Metrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := k.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == name {
				return m
			}
		}
	}
	t.Fatalf("no metric %s", name)
	return metricdata.Metrics{}
}

// noMetric fails if the named metric has data points.
func (k *kit) noMetric(t *testing.T, name string) {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := k.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == name {
				t.Fatalf("metric %s recorded: %+v", name, m.Data)
			}
		}
	}
}

func attrMap(kvs []attribute.KeyValue) map[string]attribute.Value {
	m := make(map[string]attribute.Value, len(kvs))
	for _, kv := range kvs {
		m[string(kv.Key)] = kv.Value
	}
	return m
}

// wantAttrs checks that got holds each of want (string, int or int64
// values) and none of the keys in absent.
func wantAttrs(t *testing.T, what string, got []attribute.KeyValue, want map[string]any, absent ...string) {
	t.Helper()
	m := attrMap(got)
	for k, w := range want {
		v, ok := m[k]
		if !ok {
			t.Errorf("%s: no attribute %s (have %v)", what, k, got)
			continue
		}
		var match bool
		switch w := w.(type) {
		case string:
			match = v.Type() == attribute.STRING && v.AsString() == w
		case int:
			match = v.Type() == attribute.INT64 && v.AsInt64() == int64(w)
		case int64:
			match = v.Type() == attribute.INT64 && v.AsInt64() == w
		case bool:
			match = v.Type() == attribute.BOOL && v.AsBool() == w
		}
		if !match {
			t.Errorf("%s: %s = %v, want %v", what, k, v.Emit(), w)
		}
	}
	for _, k := range absent {
		if v, ok := m[k]; ok {
			t.Errorf("%s: unexpected attribute %s = %v", what, k, v.Emit())
		}
	}
}

// histogram returns the data points of a float64 or int64 histogram as
// (attributes, count, sum) triples.
type point struct {
	attrs attribute.Set
	count uint64
	sum   float64
}

func histogramPoints(t *testing.T, m metricdata.Metrics) []point {
	t.Helper()
	var out []point
	switch d := m.Data.(type) {
	case metricdata.Histogram[float64]:
		for _, p := range d.DataPoints {
			out = append(out, point{p.Attributes, p.Count, p.Sum})
		}
	case metricdata.Histogram[int64]:
		for _, p := range d.DataPoints {
			out = append(out, point{p.Attributes, p.Count, float64(p.Sum)})
		}
	default:
		t.Fatalf("%s is a %T, not a histogram", m.Name, m.Data)
	}
	return out
}
