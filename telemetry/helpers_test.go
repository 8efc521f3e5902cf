package telemetry_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/trace"

	"github.com/deeperhub/dhsql/telemetry"
)

func TestSpanHelper(t *testing.T) {
	k := newKit(t)
	in := k.instrumentation(pgConfig)
	var inner trace.SpanContext
	err := in.Span(context.Background(), "custom_operation", func(ctx context.Context) error {
		inner = trace.SpanContextFromContext(ctx)
		return nil
	}, attribute.String("dhsql.schema", "users"), attribute.Int("dhsql.id", 123))
	if err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom: secret detail")
	if err := in.Span(context.Background(), "failing", func(context.Context) error { return boom }); err != boom {
		t.Fatalf("error %v, want fn's", err)
	}
	spans := k.ended()
	if len(spans) != 2 {
		t.Fatalf("%d spans", len(spans))
	}
	ok, failed := spans[0], spans[1]
	if ok.Name != "custom_operation" || ok.SpanContext.SpanID() != inner.SpanID() {
		t.Errorf("span %q %v; fn saw %v", ok.Name, ok.SpanContext.SpanID(), inner.SpanID())
	}
	wantAttrs(t, "span", ok.Attributes, map[string]any{"dhsql.schema": "users", "dhsql.id": 123}, "error.type")
	if ok.Status.Code != codes.Unset {
		t.Errorf("status %v", ok.Status)
	}
	if failed.Status.Code != codes.Error || failed.Status.Description != "_OTHER" {
		t.Errorf("failed status %+v", failed.Status)
	}
	wantAttrs(t, "failed span", failed.Attributes, map[string]any{"error.type": "_OTHER"})
}

func TestMeasureHelpers(t *testing.T) {
	k := newKit(t)
	in := k.instrumentation(telemetry.Config{Attributes: []attribute.KeyValue{attribute.String("service.tier", "gold")}})
	ctx := context.Background()
	if err := in.Measure(ctx, "custom_operation", "users", func(context.Context) error { return nil }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := in.Measure(ctx, "custom_operation", "users", func(context.Context) error { return boom }); err != boom {
		t.Fatalf("error %v, want fn's", err)
	}
	in.IncrementOperationCount(ctx, "custom_operation", "users", telemetry.OutcomeSuccess)
	in.ObserveOperationDuration(ctx, "custom_operation", 150*time.Millisecond, "users", telemetry.OutcomeSuccess)

	count := k.metric(t, telemetry.MetricRepositoryOperationCount)
	got := map[string]int64{}
	for _, p := range sumPointsAll[int64](t, count) {
		o, _ := p.attrs.Value("dhsql.outcome")
		got[o.AsString()] = p.value
		wantAttrs(t, "count", p.attrs.ToSlice(), map[string]any{
			"db.operation.name": "custom_operation", "db.collection.name": "users", "service.tier": "gold",
		}, "db.system.name")
	}
	if got["success"] != 2 || got["error"] != 1 {
		t.Errorf("counts %v", got)
	}
	dur := k.metric(t, telemetry.MetricRepositoryOperationDuration)
	for _, p := range histogramPoints(t, dur) {
		o, _ := p.attrs.Value("dhsql.outcome")
		switch o.AsString() {
		case "success":
			if p.count != 2 || p.sum < 0.15 {
				t.Errorf("success durations %+v", p)
			}
		case "error":
			if p.count != 1 {
				t.Errorf("error durations %+v", p)
			}
		default:
			t.Errorf("outcome %q", o.AsString())
		}
	}
	if dur.Unit != "s" {
		t.Errorf("unit %q", dur.Unit)
	}
}

type sumPoint[N int64 | float64] struct {
	attrs attribute.Set
	value N
}

func sumPointsAll[N int64 | float64](t *testing.T, m metricdata.Metrics) []sumPoint[N] {
	t.Helper()
	s, ok := m.Data.(metricdata.Sum[N])
	if !ok {
		t.Fatalf("%s is a %T", m.Name, m.Data)
	}
	var out []sumPoint[N]
	for _, p := range s.DataPoints {
		out = append(out, sumPoint[N]{p.Attributes, p.Value})
	}
	return out
}

func TestOutcomeOf(t *testing.T) {
	if telemetry.OutcomeOf(nil) != telemetry.OutcomeSuccess || telemetry.OutcomeOf(errors.New("x")) != telemetry.OutcomeError {
		t.Error("OutcomeOf")
	}
}
