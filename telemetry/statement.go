package telemetry

import (
	"context"
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// Operation describes one database operation in plain values. dhsql fills
// it from its parse result; code that drives a [Statement] itself fills it
// from what it knows.
type Operation struct {
	// Summary is db.query.summary ("SELECT orders items"), and the span's
	// name when set.
	Summary string
	// Text is the statement text as the application wrote it.
	Text string
	// Sanitized is Text with its literals replaced by ?; "" when unknown.
	Sanitized string
	// Parameterized is true when the statement was sent with arguments:
	// then Text is recorded as it is (the conventions' rule), and otherwise
	// only Sanitized is (see [QueryTextPolicy]).
	Parameterized bool
	// Name is db.operation.name and Collection db.collection.name. The
	// conventions forbid extracting them from SQL text (a statement may
	// hold several operations and tables), so set them only when an API
	// says what they are: "BEGIN", "COMMIT", "ROLLBACK" for transaction
	// calls, or a repository-level operation.
	Name       string
	Collection string
	// Args are the statement's arguments. They appear on the span, as
	// db.query.parameter.<key>, only when [Config.SpanArgs] is set.
	Args []driver.NamedValue
	// ReturnsRows is true for a query: the span gets
	// db.response.returned_rows and db.client.response.returned_rows is
	// recorded.
	ReturnsRows bool
}

// Result is how an operation ended.
type Result struct {
	// Err is the operation's error; nil for success.
	Err error
	// Code is the database's code for Err (db.response.status_code): a
	// SQLSTATE, a MySQL error number, a SQLite result code; "" when none.
	Code string
	// Description is the span status description of a failure. It must
	// hold nothing sensitive: driver messages may quote row values, so
	// dhsql puts the error's class here ("constraint", "syntax"), never the
	// message.
	Description string
	// Rows is the number of rows the caller read (queries).
	Rows int64
}

// maxMetricAttrs bounds the annotations whose attribute sets are cached.
const maxMetricAttrs = 4

// Statement is the telemetry of one logical statement: its span and its
// measurements. The zero value is ready for use, and a Statement is reused
// after [Statement.End] (dhsql pools them). Its life, when the operation is
// known before it runs:
//
//	var st telemetry.Statement
//	st.Begin(ctx, in, &op, true) // the span starts now
//	rows, err := run()           // hooks inside may annotate st
//	…                            // the caller reads the rows
//	st.End(telemetry.Result{Err: err, Rows: n})
//
// and when whether there is an operation at all is only known after the
// attempt (a prepare that fails is one; one that succeeds is not):
//
//	st.Init(in, time.Now(), true)
//	s, err := prepare()
//	if err != nil {
//		st.Start(ctx, &op) // the span, started at Init's time
//		st.End(telemetry.Result{Err: err})
//	} else {
//		st.Discard()
//	}
//
// A Statement is used by one goroutine at a time. Its methods do nothing
// on a nil *Statement.
type Statement struct {
	in          *Instrumentation
	ctx         context.Context // the caller's, for the measurements
	start       time.Time
	span        trace.Span
	times       spanTimes // span, when it knows its times (the SDK's)
	wantSpan    bool
	started     bool
	returnsRows bool

	summary, name, collection string

	// attrs are the span attributes not yet given to the span: the
	// operation's and the annotations, given in one batch when it ends
	// (see [Config.SamplerAttributes] for the other way).
	attrs  []attribute.KeyValue
	metric []attribute.KeyValue // annotations that are also measurement attributes

	queue uint32 // the batcher queue of its measurements; kept by reset

	attrBuf [16]attribute.KeyValue
	metBuf  [maxMetricAttrs]attribute.KeyValue
	opts    [3]trace.SpanStartOption
}

var (
	spanKindClient = trace.WithSpanKind(trace.SpanKindClient)
	clientSpan     = []trace.SpanStartOption{spanKindClient} // read only
)

// Begin starts op now, before it runs: its span, a CLIENT span child of
// ctx's span named by op's summary, starts at once, timed by the tracer
// itself. It is [Statement.Init] at the current time followed by
// [Statement.Start], for one clock read and one allocation less. span
// false keeps the operation's measurements but makes no span (a span
// filter said no).
func (st *Statement) Begin(ctx context.Context, in *Instrumentation, op *Operation, span bool) {
	if st == nil {
		return
	}
	st.reset()
	if in == nil {
		return
	}
	st.in = in
	st.wantSpan = span && in.tracing
	st.start0(ctx, op, false)
	if st.times == nil {
		// No span that knows its times (none, or not sampled): measure
		// the duration from here.
		st.start = time.Now()
	}
}

// Init prepares st for an operation of in that began at start, to be
// started with [Statement.Start] once it is known to be one. span false
// keeps the operation's measurements but makes no span.
func (st *Statement) Init(in *Instrumentation, start time.Time, span bool) {
	if st == nil {
		return
	}
	st.reset()
	st.in = in
	st.start = start
	st.wantSpan = span && in != nil && in.tracing
}

// Discard forgets an operation that is not to be recorded (never
// attempted, or an attempt the driver declined and nobody retried),
// releasing what Init, Begin and the annotations hold. Nothing is
// measured; a span already started is left unended, so no exporter sees
// it.
func (st *Statement) Discard() {
	if st != nil {
		st.reset()
	}
}

// reset clears st field by field. The buffers are not cleared: the next
// statement overwrites them, and clearing pointers costs write barriers
// while the collector runs; what they hold (attribute keys and values of
// recent statements) stays reachable at most until the next collection
// empties the pools.
func (st *Statement) reset() {
	st.in = nil
	st.ctx = nil
	st.start = time.Time{}
	st.span, st.times = nil, nil
	st.wantSpan, st.started, st.returnsRows = false, false, false
	st.summary, st.name, st.collection = "", "", ""
	st.attrs = st.attrBuf[:0]
	st.metric = st.metBuf[:0]
}

// StartTime returns when the operation began: the time given to Init, or
// when Begin was called.
func (st *Statement) StartTime() time.Time {
	if st == nil {
		return time.Time{}
	}
	if st.times != nil && st.start.IsZero() {
		return st.times.StartTime()
	}
	return st.start
}

// Start starts the operation's span, a CLIENT span child of ctx's span,
// named by op's summary, timed from Init. op's attributes, the shared ones
// and the annotations are given to the span in one batch when it ends:
// one allocation in the SDK instead of three, and samplers see the
// summary in the span's name. With [Config.SamplerAttributes] they are
// given when it starts instead. ctx is kept until End for the
// measurements: their exemplars, when the SDK keeps them, point at the
// caller's span (as they would for any other instrumentation of the
// caller's work), which costs nothing when the caller is not traced.
func (st *Statement) Start(ctx context.Context, op *Operation) {
	if st == nil || st.in == nil || st.started {
		return
	}
	st.start0(ctx, op, true)
}

// start0 starts the span; timestamp says whether its start is Init's time
// or now.
func (st *Statement) start0(ctx context.Context, op *Operation, timestamp bool) {
	in := st.in
	st.started = true
	st.ctx = ctx
	st.summary, st.name, st.collection = op.Summary, op.Name, op.Collection
	st.returnsRows = op.ReturnsRows
	if !st.wantSpan {
		return
	}
	opts := clientSpan
	if timestamp || in.samplerAttrs {
		n := 1
		st.opts[0] = spanKindClient
		if timestamp {
			st.opts[n] = trace.WithTimestamp(st.start)
			n++
		}
		if in.samplerAttrs {
			st.opts[n] = trace.WithAttributes(st.spanAttributes(op)...)
			n++
		}
		opts = st.opts[:n]
	}
	_, st.span = in.tracer.Start(ctx, in.spanName(op), opts...)
	if len(opts) > 1 {
		st.opts = [3]trace.SpanStartOption{}
	}
	st.times, _ = st.span.(spanTimes)
	switch {
	case in.samplerAttrs:
		st.attrs = st.attrs[:0] // the span has them
	case !st.span.IsRecording():
		// Sampled out: the span records nothing, so no attribute is built
		// for it, neither now nor by the annotations.
		st.wantSpan = false
		st.attrs = st.attrs[:0]
	default:
		st.attrs = st.spanAttributes(op)
	}
}

// spanAttributes returns the annotations so far followed by op's span
// attributes and the shared ones (order does not matter).
func (st *Statement) spanAttributes(op *Operation) []attribute.KeyValue {
	in := st.in
	attrs := st.attrs
	if op.Summary != "" {
		attrs = append(attrs, keyDBQuerySummary.String(op.Summary))
	}
	if text := in.queryTextOf(op); text != "" {
		attrs = append(attrs, keyDBQueryText.String(text))
	}
	if op.Name != "" {
		attrs = append(attrs, keyDBOperationName.String(op.Name))
	}
	if op.Collection != "" {
		attrs = append(attrs, keyDBCollectionName.String(op.Collection))
	}
	if in.spanArgs {
		attrs = appendArgs(attrs, op.Args)
	}
	return append(attrs, in.base...)
}

// Span returns the operation's span once started; nil before Start, after
// End, and when no span is made.
func (st *Statement) Span() trace.Span {
	if st == nil {
		return nil
	}
	return st.span
}

// SetAttributes adds attributes to the operation's span only (not to its
// measurements): for values of high cardinality, such as
// [AttrEventsQueued]. They are given to the span with the others; kv is
// not retained.
func (st *Statement) SetAttributes(kv ...attribute.KeyValue) {
	if st == nil || st.in == nil || !st.wantSpan {
		return
	}
	st.attrs = append(st.attrs, kv...)
}

// SetMetricAttributes adds attributes to the operation's span and to its
// measurements (db.client.operation.duration and
// db.client.response.returned_rows): for a few values of low cardinality,
// such as [AttrCacheResult] or [AttrBreakerState]. A key set twice keeps
// its last value. Up to four such attributes keep the measurement free of
// allocation; more are recorded all the same, at the cost of building the
// attribute set each time.
func (st *Statement) SetMetricAttributes(kv ...attribute.KeyValue) {
	if st == nil || st.in == nil {
		return
	}
	for _, a := range kv {
		replaced := false
		for i := range st.metric {
			if st.metric[i].Key == a.Key {
				st.metric[i] = a
				replaced = true
				break
			}
		}
		if !replaced {
			st.metric = append(st.metric, a)
		}
	}
	st.SetAttributes(kv...)
}

// SetCache records what the result cache did for the statement (see
// [AttrCacheResult] and [AttrCacheReason]); reason may be "".
func (st *Statement) SetCache(result CacheResult, reason CacheReason) {
	if reason == "" {
		st.SetMetricAttributes(result.Attribute())
		return
	}
	st.SetMetricAttributes(result.Attribute(), reason.Attribute())
}

// SetBreaker records the state and kind of the circuit breaker that
// guarded the statement (see [AttrBreakerState]).
func (st *Statement) SetBreaker(state BreakerState, kind BreakerKind) {
	st.SetMetricAttributes(state.Attribute(), kind.Attribute())
}

// SetEventsQueued records how many change events the statement queued
// (span only: see [AttrEventsQueued]).
func (st *Statement) SetEventsQueued(n int) {
	st.SetAttributes(AttrEventsQueued.Int(n))
}

// End ends the operation: the span gets its outcome (error status,
// db.response.status_code, error.type, db.response.returned_rows) and
// ends, and the measurements are queued for the SDK, which a reader's
// next collection sees (they are handed over in batches: see
// [MetricFlush]). st may then be Init'ed again. An operation never
// started is measured, without a span.
func (st *Statement) End(r Result) {
	if st == nil || st.in == nil {
		return
	}
	var errType, code string // db.response.status_code belongs to a failure
	if r.Err != nil {
		errType, code = ErrorType(r.Err, r.Code), r.Code
	}
	if st.span != nil {
		if st.wantSpan {
			st.outcome(r, errType, code)
		}
		st.span.End()
	}
	if st.in.metrics {
		st.measure(r.Rows, errType, code)
	}
	st.reset()
}

// outcome gives the span the statement's outcome, with the attributes
// gathered so far, in one batch.
func (st *Statement) outcome(r Result, errType, code string) {
	attrs := st.attrs
	if st.returnsRows {
		attrs = append(attrs, keyDBResponseReturnedRows.Int64(r.Rows))
	}
	if r.Err != nil {
		attrs = st.failure(attrs, r.Description, errType, code)
	}
	if len(attrs) > 0 {
		st.span.SetAttributes(attrs...)
	}
}

// failure marks the span failed and returns attrs with the failure's
// attributes. Apart from outcome, it keeps code that most statements do
// not run out of the code they do: after a round trip to the server, that
// costs by its size.
func (st *Statement) failure(attrs []attribute.KeyValue, description, errType, code string) []attribute.KeyValue {
	if code != "" {
		attrs = append(attrs, keyDBResponseStatusCode.String(code))
	}
	st.span.SetStatus(codes.Error, description)
	return append(attrs, keyErrorType.String(errType))
}

// measure queues the statement's measurements for the SDK, or records
// them at once when the meter cannot call back (no batcher).
func (st *Statement) measure(rows int64, errType, code string) {
	in := st.in
	ctx := st.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	// The SDK's spans know when they started and ended: the duration
	// measured is then the span's, as the conventions want, and the clock
	// is read once less.
	var start, end time.Time
	if t := st.times; t != nil {
		start, end = t.StartTime(), t.EndTime()
	} else {
		start, end = st.start, time.Now()
	}
	p := pending{ctx: ctx, seconds: end.Sub(start).Seconds(), rows: rows, hasRows: st.returnsRows}
	if errType == "" && len(st.metric) == 0 {
		// The common case: its attribute set is looked up when it is
		// recorded, in a batch.
		p.key = plainKey{st.summary, st.name, st.collection}
	} else {
		p.opts = in.rec.measures.options(st.summary, st.name, st.collection, errType, code, st.metric)
	}
	if b := in.batch; b != nil {
		b.add(b.queueFor(&st.queue), &p, int64(end.Sub(epoch)))
	} else {
		in.rec.record(&p)
	}
}

// spanTimes is the part of the SDK's ReadOnlySpan that a Statement uses.
type spanTimes interface {
	StartTime() time.Time
	EndTime() time.Time
}

// queryTextOf applies the query-text policy.
func (in *Instrumentation) queryTextOf(op *Operation) string {
	switch in.queryText {
	case QueryTextOff:
		return ""
	case QueryTextParameterized:
		if op.Parameterized {
			return op.Text
		}
		return ""
	default:
		if op.Parameterized {
			return op.Text
		}
		return op.Sanitized
	}
}

// spanName follows the conventions: {db.query.summary}, else
// {db.operation.name} {target}, else {target}, else {db.system.name}.
func (in *Instrumentation) spanName(op *Operation) string {
	if op.Summary != "" {
		return op.Summary
	}
	target := op.Collection
	if target == "" {
		target = in.target
	}
	switch {
	case op.Name != "" && target != "":
		return in.name(op.Name, target)
	case op.Name != "":
		return op.Name
	case target != "":
		return target
	}
	return in.system
}

type nameKey struct{ op, target string }

func (in *Instrumentation) name(op, target string) string {
	k := nameKey{op, target}
	if v, ok := in.names.Load(k); ok {
		return v.(string)
	}
	s := op + " " + target
	if in.numNames.Load() < maxNames {
		if _, loaded := in.names.LoadOrStore(k, s); !loaded {
			in.numNames.Add(1)
		}
	}
	return s
}

// parameterKeys holds db.query.parameter.<index> for the first indexes.
var parameterKeys = func() (keys [32]attribute.Key) {
	for i := range keys {
		keys[i] = attribute.Key(keyDBQueryParameter + strconv.Itoa(i))
	}
	return
}()

// appendArgs adds db.query.parameter.<key> for each argument: key is the
// argument's name, or its 0-based position as the conventions say.
func appendArgs(attrs []attribute.KeyValue, args []driver.NamedValue) []attribute.KeyValue {
	for i, a := range args {
		var k attribute.Key
		switch {
		case a.Name != "":
			k = attribute.Key(keyDBQueryParameter + a.Name)
		case a.Ordinal >= 1 && a.Ordinal <= len(parameterKeys):
			k = parameterKeys[a.Ordinal-1]
		case a.Ordinal >= 1:
			k = attribute.Key(keyDBQueryParameter + strconv.Itoa(a.Ordinal-1))
		default:
			k = attribute.Key(keyDBQueryParameter + strconv.Itoa(i))
		}
		attrs = append(attrs, k.String(formatArg(a.Value)))
	}
	return attrs
}

// formatArg is the string form of an argument: NULL for nil, bytes as text
// when they are UTF-8 and as 0x-prefixed hex otherwise, times in RFC 3339.
func formatArg(v driver.Value) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case string:
		return x
	case []byte:
		if utf8.Valid(x) {
			return string(x)
		}
		return "0x" + hex.EncodeToString(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v)
}
