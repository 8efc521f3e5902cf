package telemetry

import (
	"context"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
)

// The direct-use helpers below are the Go form of the seed's
// RepositoryTelemetry.span and RepositoryMetrics.measure,
// increment_operation_count and observe_operation_duration: for work that
// is not one SQL statement (a repository operation made of several, a
// call to another service), which dhsql cannot see by itself. Their
// measurements are dhsql.operation.count and dhsql.operation.duration,
// with db.operation.name (the operation), db.collection.name (the seed's
// schema: the table or entity) and dhsql.outcome ("success" or "error"),
// plus the instrumentation's configured attributes.

// Default returns the instrumentation of the package-level helpers: built
// once, on first use, with the global tracer and meter providers (which
// follow a later otel.SetTracerProvider or otel.SetMeterProvider).
func Default() *Instrumentation { return defaultInstrumentation() }

var defaultInstrumentation = sync.OnceValue(func() *Instrumentation { return New(Config{}) })

// Span runs fn inside a span named name carrying attrs, and returns fn's
// error; equal to the seed's RepositoryTelemetry.span(event, metadata, fn).
// The span is a child of ctx's span and fn receives a context holding it,
// so statements fn runs through dhsql become its children. An error from
// fn sets the span's status to Error and its error.type (see
// [ErrorType]); the error's message is not recorded, since it may quote
// data. A panic in fn is recorded on the span and goes on.
func (in *Instrumentation) Span(ctx context.Context, name string, fn func(context.Context) error, attrs ...attribute.KeyValue) error {
	ctx, span := in.tracer.Start(ctx, name, trace.WithAttributes(attrs...))
	defer span.End()
	err := fn(ctx)
	if err != nil {
		t := ErrorType(err, "")
		span.SetAttributes(keyErrorType.String(t))
		span.SetStatus(codes.Error, t)
	}
	return err
}

// Measure runs fn and records its duration (dhsql.operation.duration) and
// one count (dhsql.operation.count) under operation, collection and fn's
// outcome; it returns fn's error. Equal to the seed's
// RepositoryMetrics.measure(operation, schema, fn).
func (in *Instrumentation) Measure(ctx context.Context, operation, collection string, fn func(context.Context) error) error {
	start := time.Now()
	err := fn(ctx)
	d := time.Since(start)
	o := OutcomeOf(err)
	in.ObserveOperationDuration(ctx, operation, d, collection, o)
	in.IncrementOperationCount(ctx, operation, collection, o)
	return err
}

// IncrementOperationCount adds one to dhsql.operation.count for
// operation, collection and outcome. Equal to the seed's
// RepositoryMetrics.increment_operation_count(operation, schema, result).
func (in *Instrumentation) IncrementOperationCount(ctx context.Context, operation, collection string, outcome Outcome) {
	in.opCount.Add(ctx, 1, in.helperOptions(operation, collection, outcome).add...)
}

// ObserveOperationDuration records d in dhsql.operation.duration (in
// seconds) for operation, collection and outcome. Equal to the seed's
// RepositoryMetrics.observe_operation_duration(operation, duration_ms,
// schema, result).
func (in *Instrumentation) ObserveOperationDuration(ctx context.Context, operation string, d time.Duration, collection string, outcome Outcome) {
	in.opDuration.Record(ctx, d.Seconds(), in.helperOptions(operation, collection, outcome).record...)
}

type helperKey struct {
	operation, collection string
	outcome               Outcome
}

// helperOptions are the options of one (operation, collection, outcome).
type helperOptions struct {
	record []metric.RecordOption
	add    []metric.AddOption
}

func (in *Instrumentation) helperOptions(operation, collection string, outcome Outcome) helperOptions {
	k := helperKey{operation, collection, outcome}
	if o, ok := in.helperSets.load(k); ok {
		return o
	}
	kv := make([]attribute.KeyValue, 0, len(in.extra)+3)
	kv = append(kv, in.extra...)
	if operation != "" {
		kv = append(kv, keyDBOperationName.String(operation))
	}
	if collection != "" {
		kv = append(kv, keyDBCollectionName.String(collection))
	}
	kv = append(kv, outcome.Attribute())
	opt := metric.WithAttributeSet(attribute.NewSet(kv...))
	return in.helperSets.store(k, helperOptions{record: []metric.RecordOption{opt}, add: []metric.AddOption{opt}})
}

// Span runs fn inside a span of the [Default] instrumentation: see
// [Instrumentation.Span].
func Span(ctx context.Context, name string, fn func(context.Context) error, attrs ...attribute.KeyValue) error {
	return Default().Span(ctx, name, fn, attrs...)
}

// Measure measures fn with the [Default] instrumentation: see
// [Instrumentation.Measure].
func Measure(ctx context.Context, operation, collection string, fn func(context.Context) error) error {
	return Default().Measure(ctx, operation, collection, fn)
}

// IncrementOperationCount counts one operation with the [Default]
// instrumentation: see [Instrumentation.IncrementOperationCount].
func IncrementOperationCount(ctx context.Context, operation, collection string, outcome Outcome) {
	Default().IncrementOperationCount(ctx, operation, collection, outcome)
}

// ObserveOperationDuration records a duration with the [Default]
// instrumentation: see [Instrumentation.ObserveOperationDuration].
func ObserveOperationDuration(ctx context.Context, operation string, d time.Duration, collection string, outcome Outcome) {
	Default().ObserveOperationDuration(ctx, operation, d, collection, outcome)
}
