package telemetry

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"
)

// ScopeName is the instrumentation scope of the tracer and meter an
// [Instrumentation] uses.
const ScopeName = "github.com/deeperhub/dhsql"

// Values of db.system.name (the OpenTelemetry database conventions' list).
const (
	SystemPostgreSQL = "postgresql"
	SystemMySQL      = "mysql"
	SystemMariaDB    = "mariadb"
	SystemSQLite     = "sqlite"
	SystemOtherSQL   = "other_sql"
)

// Attribute keys of the stable OpenTelemetry database conventions, written
// here rather than imported from a versioned semconv package.
const (
	keyDBSystemName           = attribute.Key("db.system.name")
	keyDBNamespace            = attribute.Key("db.namespace")
	keyDBQuerySummary         = attribute.Key("db.query.summary")
	keyDBQueryText            = attribute.Key("db.query.text")
	keyDBOperationName        = attribute.Key("db.operation.name")
	keyDBCollectionName       = attribute.Key("db.collection.name")
	keyDBResponseStatusCode   = attribute.Key("db.response.status_code")
	keyDBResponseReturnedRows = attribute.Key("db.response.returned_rows")
	keyErrorType              = attribute.Key("error.type")
	keyServerAddress          = attribute.Key("server.address")
	keyServerPort             = attribute.Key("server.port")
	keyDBQueryParameter       = "db.query.parameter."
	keyConnectionState        = attribute.Key("db.client.connection.state")
	keyConnectionPoolName     = attribute.Key("db.client.connection.pool.name")
)

// Names of the instruments an [Instrumentation] creates. The db.client.*
// names are the OpenTelemetry conventions'; the dhsql.* ones are dhsql's.
const (
	MetricOperationDuration = "db.client.operation.duration"
	MetricReturnedRows      = "db.client.response.returned_rows"
	// MetricRepositoryOperationCount and MetricRepositoryOperationDuration
	// are recorded by the direct-use helpers ([Instrumentation.Measure],
	// [Instrumentation.IncrementOperationCount],
	// [Instrumentation.ObserveOperationDuration]).
	MetricRepositoryOperationCount    = "dhsql.operation.count"
	MetricRepositoryOperationDuration = "dhsql.operation.duration"
	// MetricFlush names an observable instrument that is never observed,
	// so nothing is exported for it: its callback hands the statements'
	// queued measurements to the SDK before each collection (see
	// [Statement.End]). A view that keeps only chosen instruments should
	// keep it: without it, measurements are handed over in batches of
	// 256, or once a later statement that shares their queue finds them
	// queued for a second, so the last ones wait for later statements.
	MetricFlush = "dhsql.telemetry.flush"
)

// durationBuckets are the conventions' advisory bucket boundaries of
// db.client.operation.duration, in seconds.
var durationBuckets = []float64{0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10}

// rowsBuckets are the conventions' advisory bucket boundaries of
// db.client.response.returned_rows.
var rowsBuckets = []float64{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000}

// QueryTextPolicy says what db.query.text holds. The zero value is
// [QueryTextSanitized].
type QueryTextPolicy uint8

// The values of [QueryTextPolicy].
const (
	// QueryTextSanitized records parameterized text as it is written and
	// other text only with its literals replaced by ?, as the conventions
	// recommend. The default.
	QueryTextSanitized QueryTextPolicy = iota
	// QueryTextParameterized records parameterized text as it is written and
	// no text for statements without arguments.
	QueryTextParameterized
	// QueryTextOff records no query text.
	QueryTextOff
)

// String returns "sanitized", "parameterized" or "off": the values of the
// dh_query_text DSN parameter.
func (p QueryTextPolicy) String() string {
	switch p {
	case QueryTextParameterized:
		return "parameterized"
	case QueryTextOff:
		return "off"
	case QueryTextSanitized:
		return "sanitized"
	}
	return "QueryTextPolicy(" + strconv.Itoa(int(p)) + ")"
}

// ParseQueryTextPolicy parses "off", "parameterized" or "sanitized" (any
// case).
func ParseQueryTextPolicy(s string) (QueryTextPolicy, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "sanitized", "sanitised":
		return QueryTextSanitized, nil
	case "parameterized", "parameterised":
		return QueryTextParameterized, nil
	case "off", "none", "false", "0", "no":
		return QueryTextOff, nil
	}
	return 0, fmt.Errorf("want off, parameterized or sanitized")
}

// Config describes one database to an [Instrumentation]. Its zero value is
// valid.
type Config struct {
	// TracerProvider makes the statements' spans. Default:
	// otel.GetTracerProvider(), which follows a later otel.SetTracerProvider.
	// A provider from go.opentelemetry.io/otel/trace/noop turns spans off at
	// no cost.
	TracerProvider trace.TracerProvider
	// MeterProvider makes the instruments. Default: otel.GetMeterProvider().
	// A provider from go.opentelemetry.io/otel/metric/noop turns metrics off
	// at no cost.
	MeterProvider metric.MeterProvider

	// System is db.system.name: one of the System* constants. Default
	// [SystemOtherSQL].
	System string
	// Namespace is db.namespace, the database name given when connecting.
	// Default: none.
	Namespace string
	// ServerAddress is server.address: the host name, IP address or socket
	// path the application configured. It must not hold credentials.
	// Default: none.
	ServerAddress string
	// ServerPort is server.port; 0 leaves it out. The conventions want it
	// when it is not the system's default port.
	ServerPort int

	// QueryText says what db.query.text holds (default
	// [QueryTextSanitized]).
	QueryText QueryTextPolicy
	// SpanArgs records each statement argument on its span as
	// db.query.parameter.<key> (default false: arguments never appear).
	SpanArgs bool
	// SamplerAttributes gives a statement's attributes to its span when it
	// starts, where samplers see them, as the conventions recommend for
	// db.system.name, db.namespace, db.query.summary, db.query.text,
	// server.address and server.port. By default (false) they are given in
	// one batch when the span ends, which costs the SDK one allocation
	// instead of three and a third of the memory; samplers still see
	// db.query.summary, the span's name.
	SamplerAttributes bool
	// Attributes are added to every span and every measurement. Keep them
	// low in cardinality: they are part of every metric stream.
	Attributes []attribute.KeyValue
}

// Instrumentation holds what tracing and measuring one database needs,
// built once by [New]: the tracer, the instruments, the attributes every
// span and measurement shares, and caches of the attribute sets of the
// measurements. It is safe for concurrent use.
type Instrumentation struct {
	tracer  trace.Tracer
	meter   metric.Meter
	tracing bool // false for a no-op tracer provider
	metrics bool // false for a no-op meter provider

	system       string
	namespace    string
	target       string // the span name's {target} when nothing narrower is known
	queryText    QueryTextPolicy
	spanArgs     bool
	samplerAttrs bool

	// base is what every span starts with: db.system.name, db.namespace,
	// server.address, server.port and the configured attributes.
	base []attribute.KeyValue

	rec        *recorder // db.client.operation.duration and db.client.response.returned_rows
	opCount    metric.Int64Counter
	opDuration metric.Float64Histogram
	batch      *batcher // nil: measurements are recorded at once

	extra []attribute.KeyValue // the configured attributes alone

	helperSets optionCache[helperKey, helperOptions]
	names      sync.Map // nameKey → string
	numNames   atomic.Int64
}

// Bounds of the caches: past them, sets and names are built per call.
const (
	maxSets  = 4096
	maxNames = 1024
)

// New builds the instrumentation of one database. Errors creating an
// instrument go to otel.Handle, as the OpenTelemetry API wants; the
// instrument is then a no-op.
func New(cfg Config) *Instrumentation {
	tp := cfg.TracerProvider
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	mp := cfg.MeterProvider
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	in := &Instrumentation{
		tracer:       tp.Tracer(ScopeName, trace.WithInstrumentationVersion(Version)),
		meter:        mp.Meter(ScopeName, metric.WithInstrumentationVersion(Version)),
		system:       cfg.System,
		namespace:    cfg.Namespace,
		queryText:    cfg.QueryText,
		spanArgs:     cfg.SpanArgs,
		samplerAttrs: cfg.SamplerAttributes,
	}
	if in.system == "" {
		in.system = SystemOtherSQL
	}
	_, noTrace := in.tracer.(tracenoop.Tracer)
	in.tracing = !noTrace
	_, noMetric := in.meter.(metricnoop.Meter)
	in.metrics = !noMetric

	in.base = append(in.base, keyDBSystemName.String(in.system))
	if cfg.Namespace != "" {
		in.base = append(in.base, keyDBNamespace.String(cfg.Namespace))
	}
	if cfg.ServerAddress != "" {
		in.base = append(in.base, keyServerAddress.String(cfg.ServerAddress))
		if cfg.ServerPort != 0 {
			in.base = append(in.base, keyServerPort.Int(cfg.ServerPort))
		}
	}
	in.extra = append([]attribute.KeyValue(nil), cfg.Attributes...)
	in.base = append(in.base, cfg.Attributes...)
	in.base = in.base[:len(in.base):len(in.base)]
	in.rec = &recorder{measures: &measureSets{base: in.base}}

	switch {
	case cfg.Namespace != "":
		in.target = cfg.Namespace
	case cfg.ServerAddress != "" && cfg.ServerPort != 0:
		in.target = cfg.ServerAddress + ":" + strconv.Itoa(cfg.ServerPort)
	default:
		in.target = cfg.ServerAddress
	}

	var err error
	in.rec.duration, err = in.meter.Float64Histogram(MetricOperationDuration,
		metric.WithUnit("s"),
		metric.WithDescription("Duration of database client operations."),
		metric.WithExplicitBucketBoundaries(durationBuckets...))
	handle(err)
	in.rec.returnedRows, err = in.meter.Int64Histogram(MetricReturnedRows,
		metric.WithUnit("{row}"),
		metric.WithDescription("The actual number of records returned by the database operation."),
		metric.WithExplicitBucketBoundaries(rowsBuckets...))
	handle(err)
	in.opCount, err = in.meter.Int64Counter(MetricRepositoryOperationCount,
		metric.WithUnit("{operation}"),
		metric.WithDescription("Repository operations, by operation, collection and outcome."))
	handle(err)
	in.opDuration, err = in.meter.Float64Histogram(MetricRepositoryOperationDuration,
		metric.WithUnit("s"),
		metric.WithDescription("Duration of repository operations, by operation, collection and outcome."),
		metric.WithExplicitBucketBoundaries(durationBuckets...))
	handle(err)
	if in.metrics {
		in.batch = newBatcher(in)
	}
	return in
}

// Version is the instrumentation scope version.
const Version = "0.1.0"

func handle(err error) {
	if err != nil {
		otel.Handle(err)
	}
}

// Tracer returns the tracer the instrumentation makes spans with, for
// spans of dhsql's own features.
func (in *Instrumentation) Tracer() trace.Tracer { return in.tracer }

// Meter returns the meter the instrumentation's instruments come from.
// dhsql's features create their own instruments from it, named
// dhsql.<feature>.<measure> ("dhsql.cache.requests",
// "dhsql.breaker.transitions", "dhsql.events.published") with attributes
// keyed dhsql.<feature>.<attribute> (see [AttrCacheResult] and the keys
// beside it).
func (in *Instrumentation) Meter() metric.Meter { return in.meter }

// System returns db.system.name.
func (in *Instrumentation) System() string { return in.system }

// Tracing reports whether spans are made: false when the tracer provider
// is a no-op one.
func (in *Instrumentation) Tracing() bool { return in.tracing }

// Measuring reports whether measurements are made: false when the meter
// provider is a no-op one.
func (in *Instrumentation) Measuring() bool { return in.metrics }
