package dhsql

import (
	"context"
	"database/sql/driver"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/deeperhub/dhsql/interceptor"
	"github.com/deeperhub/dhsql/parse"
	"github.com/deeperhub/dhsql/telemetry"
)

// TelemetryConfig holds the OpenTelemetry settings of a [Config]. Its zero
// value is valid: spans and metrics on, through the global providers, with
// parameterized query text as written and other text sanitized, and no
// arguments on spans.
//
// Every statement gets one CLIENT span, from its first attempt to the
// closing of its rows, and db.client.operation.duration and
// db.client.response.returned_rows measurements, as package
// [telemetry] describes. Begin, commit and rollback get spans too. An
// attempt the driver declines with driver.ErrSkip (go-sql-driver/mysql
// without interpolateParams does for every statement with arguments) and
// that database/sql then sends through a prepared statement is one logical
// statement: one span, started at the first attempt and handed to the
// retry; if the retry's prepare fails, the span ends with that error. An
// application's own Prepare gets a span only when it fails.
//
// db.system.name is "postgresql", "mysql" (MariaDB too: telling them apart
// would take a round trip) or "sqlite"; db.namespace is the database and
// server.address and server.port (the port only when it is not the
// system's default) the server of [Config.Target] (by default what the DSN
// names), never the DSN's password.
// db.response.status_code is the code the driver's [ErrorClassifier] finds
// (SQLSTATE, MySQL error number, SQLite result code) and error.type that
// code, or the error's Go type (see [telemetry.ErrorType]); the span
// status description is the error's [ErrorClass], never the message.
type TelemetryConfig struct {
	// Disabled turns spans and metrics off (dh_telemetry=off; default
	// false: on).
	Disabled bool
	// TracerProvider makes the spans (default: otel.GetTracerProvider()).
	TracerProvider trace.TracerProvider
	// MeterProvider makes the instruments (default:
	// otel.GetMeterProvider()).
	MeterProvider metric.MeterProvider
	// QueryText says what db.query.text holds (dh_query_text; default
	// [telemetry.QueryTextSanitized]).
	QueryText telemetry.QueryTextPolicy
	// SpanArgs records statement arguments on spans as
	// db.query.parameter.<key> (dh_span_args; default off: arguments never
	// appear).
	SpanArgs bool
	// SamplerAttributes gives each span its attributes when it starts,
	// where samplers see them, rather than in one batch when it ends,
	// which is cheaper (default false; see
	// [telemetry.Config.SamplerAttributes]).
	SamplerAttributes bool
	// SpanFilter, when set, is asked before each call whether it gets a
	// span; the call is measured either way (default nil: every call gets
	// one).
	SpanFilter SpanFilter
	// Attributes are added to every span and measurement (default none).
	Attributes []attribute.KeyValue
}

// SpanFilter reports whether a call gets a span. It runs before the call,
// on the connection's goroutine; [Parsed] gives the call's parse result.
type SpanFilter func(ctx context.Context, c *interceptor.Call) bool

// WithTelemetry turns spans and metrics on or off (dh_telemetry).
func WithTelemetry(on bool) Option {
	return optionFunc(func(c *Config) { c.Telemetry.Disabled = !on })
}

// WithTracerProvider sets the provider of the spans (default the global
// one).
func WithTracerProvider(tp trace.TracerProvider) Option {
	return optionFunc(func(c *Config) { c.Telemetry.TracerProvider = tp })
}

// WithMeterProvider sets the provider of the instruments (default the
// global one).
func WithMeterProvider(mp metric.MeterProvider) Option {
	return optionFunc(func(c *Config) { c.Telemetry.MeterProvider = mp })
}

// WithQueryText sets what db.query.text holds (dh_query_text).
func WithQueryText(p telemetry.QueryTextPolicy) Option {
	return optionFunc(func(c *Config) { c.Telemetry.QueryText = p })
}

// WithSpanArgs records statement arguments on spans, or not
// (dh_span_args).
func WithSpanArgs(on bool) Option {
	return optionFunc(func(c *Config) { c.Telemetry.SpanArgs = on })
}

// WithSamplerAttributes gives spans their attributes when they start, for
// samplers that look at them.
func WithSamplerAttributes(on bool) Option {
	return optionFunc(func(c *Config) { c.Telemetry.SamplerAttributes = on })
}

// WithSpanFilter sets the filter that decides which calls get a span.
func WithSpanFilter(f SpanFilter) Option {
	return optionFunc(func(c *Config) { c.Telemetry.SpanFilter = f })
}

// WithAttributes adds attributes to every span and measurement.
func WithAttributes(kv ...attribute.KeyValue) Option {
	return optionFunc(func(c *Config) {
		c.Telemetry.Attributes = append(append([]attribute.KeyValue(nil), c.Telemetry.Attributes...), kv...)
	})
}

func init() {
	params["dh_telemetry"] = func(c *Config, v string) error {
		on, err := parseBool(v)
		c.Telemetry.Disabled = !on
		return err
	}
	params["dh_query_text"] = func(c *Config, v string) (err error) {
		c.Telemetry.QueryText, err = telemetry.ParseQueryTextPolicy(v)
		return
	}
	params["dh_span_args"] = func(c *Config, v string) (err error) {
		c.Telemetry.SpanArgs, err = parseBool(v)
		return
	}
}

// StatementTelemetry returns the telemetry of the statement c stands for,
// for hooks that run inside dhsql's telemetry hook (dhsql's own features
// and the hooks added with [WithHooks]): they annotate it with dhsql.*
// attributes through its SetCache, SetBreaker, SetEventsQueued,
// SetMetricAttributes and SetAttributes methods. Ask for it while the hook
// runs; it stays valid until the call is over (an [interceptor.Observer]
// registered by the hook may use it in its Done). It is nil when
// telemetry is off (also when both providers are no-ops, which leaves the
// hook out of the chain) and for prepares; the methods do nothing on nil.
func StatementTelemetry(c *interceptor.Call) *telemetry.Statement {
	if c == nil || c.Session == nil {
		return nil
	}
	ss, _ := c.Session.Value(telemetrySessionKey{}).(*telemetrySession)
	if ss == nil {
		return nil
	}
	return ss.current
}

// systemName is db.system.name for a dialect.
func systemName(d parse.Dialect) string {
	switch d {
	case parse.Postgres:
		return telemetry.SystemPostgreSQL
	case parse.MySQL:
		return telemetry.SystemMySQL
	case parse.SQLite:
		return telemetry.SystemSQLite
	}
	return telemetry.SystemOtherSQL
}

// defaultPort is the port server.port is left out for.
func defaultPort(d parse.Dialect) int {
	switch d {
	case parse.Postgres:
		return 5432
	case parse.MySQL:
		return 3306
	}
	return 0
}

// newTelemetryHook returns the hook that traces and measures every
// statement, or nil when telemetry is off.
func newTelemetryHook(cfg *Config) interceptor.Hook {
	tc, target := cfg.Telemetry, cfg.Target
	if tc.Disabled {
		return nil
	}
	tcfg := telemetry.Config{
		TracerProvider:    tc.TracerProvider,
		MeterProvider:     tc.MeterProvider,
		System:            systemName(cfg.Dialect),
		Namespace:         target.Database,
		ServerAddress:     target.Host,
		QueryText:         tc.QueryText,
		SpanArgs:          tc.SpanArgs,
		SamplerAttributes: tc.SamplerAttributes,
		Attributes:        tc.Attributes,
	}
	if cfg.Dialect == parse.SQLite {
		tcfg.ServerAddress = "" // a file, not a server
	} else if target.Port != 0 && target.Port != defaultPort(cfg.Dialect) {
		tcfg.ServerPort = target.Port
	}
	in := telemetry.New(tcfg)
	if !in.Tracing() && !in.Measuring() {
		return nil // no-op providers: nothing to record, nothing to pay
	}
	h := &telemetryHook{
		in:       in,
		classify: cfg.Classify, // set by Config.withDefaults
		filter:   tc.SpanFilter,
	}
	h.pool.New = func() any { return &callTelemetry{hook: h} }
	return h
}

// telemetryHook makes one span and the measurements of each logical
// statement, begin, commit and rollback.
type telemetryHook struct {
	in       *telemetry.Instrumentation
	classify ErrorClassifier
	filter   SpanFilter
	pool     sync.Pool // *callTelemetry
}

var (
	_ interceptor.QueryHook    = (*telemetryHook)(nil)
	_ interceptor.ExecHook     = (*telemetryHook)(nil)
	_ interceptor.PrepareHook  = (*telemetryHook)(nil)
	_ interceptor.BeginHook    = (*telemetryHook)(nil)
	_ interceptor.CommitHook   = (*telemetryHook)(nil)
	_ interceptor.RollbackHook = (*telemetryHook)(nil)
	_ interceptor.Observer     = (*callTelemetry)(nil)
)

// callTelemetry is the telemetry of one call; it ends the call's
// statement when the interceptor says the call is over. Each connection
// keeps one spare (its calls mostly follow each other); the rest are
// pooled.
type callTelemetry struct {
	st   telemetry.Statement
	hook *telemetryHook
	ss   *telemetrySession
}

// get takes a callTelemetry for a call on ss's connection.
func (h *telemetryHook) get(ss *telemetrySession) *callTelemetry {
	t := ss.spare
	if t != nil {
		ss.spare = nil
	} else {
		t = h.pool.Get().(*callTelemetry)
	}
	t.ss = ss
	return t
}

// put gives t back. database/sql calls a connection's driver methods
// under the connection's lock, Rows.Close included, so ss needs no other.
func (h *telemetryHook) put(t *callTelemetry) {
	ss := t.ss
	t.ss = nil
	if ss.spare == nil {
		ss.spare = t
		return
	}
	h.pool.Put(t)
}

// Done ends the statement: with the rows read for a query, and the
// driver's code and class for an error.
func (t *callTelemetry) Done(c *interceptor.Call, err error) {
	h := t.hook
	r := telemetry.Result{Rows: c.RowsRead}
	if err != nil {
		info := h.classify(err)
		r.Err, r.Code, r.Description = err, info.Code, info.Class.String()
	}
	t.st.End(r)
	h.put(t)
}

// telemetrySession is the hook's state for one connection.
type telemetrySession struct {
	// current is the statement whose call is in the chain, for
	// [StatementTelemetry].
	current *telemetry.Statement
	// declined is the telemetry of a conn-level attempt the driver
	// declined with driver.ErrSkip, its span started: database/sql
	// prepares the same text on the same connection next and runs it, and
	// that call, or the prepare if it fails, takes it over. One logical
	// statement, one span, timed from its first attempt.
	declined      *callTelemetry
	declinedQuery string
	// spare is a callTelemetry ready for the next call.
	spare *callTelemetry
}

type telemetrySessionKey struct{}

func (h *telemetryHook) session(c *interceptor.Call) *telemetrySession {
	ss, _ := c.Session.Value(telemetrySessionKey{}).(*telemetrySession)
	if ss == nil {
		ss = &telemetrySession{}
		c.Session.SetValue(telemetrySessionKey{}, ss)
	}
	return ss
}

// begin returns the telemetry of c's statement, its span started: the
// declined attempt's when c retries it, else a new one.
func (h *telemetryHook) begin(ctx context.Context, c *interceptor.Call, ss *telemetrySession, query bool) *callTelemetry {
	if t := h.takeDeclined(ss, c); t != nil {
		return t
	}
	t := h.get(ss)
	op := operationOf(c, Parsed(c), query)
	t.st.Begin(ctx, h.in, &op, h.filter == nil || h.filter(ctx, c))
	return t
}

// takeDeclined returns the declined attempt that c retries (a prepared
// call, or a prepare, of the same text), or nil. A declined attempt that
// c does not retry is dropped: database/sql always retries at once on the
// same connection, so it is never retried.
func (h *telemetryHook) takeDeclined(ss *telemetrySession, c *interceptor.Call) *callTelemetry {
	t, query := ss.declined, ss.declinedQuery
	if t == nil {
		return nil
	}
	ss.declined, ss.declinedQuery = nil, ""
	if (c.Prepared || c.Kind == interceptor.KindPrepare) && c.Query == query {
		return t
	}
	// Its span was started and is left unended: nothing exports it.
	t.st.Discard()
	h.put(t)
	return nil
}

// decline keeps the telemetry of an attempt the driver declined for the
// retry that follows.
func (h *telemetryHook) decline(t *callTelemetry, c *interceptor.Call, ss *telemetrySession) {
	if c.Prepared {
		// A prepared statement declined: database/sql gives up on it.
		t.st.Discard()
		h.put(t)
		return
	}
	if old := ss.declined; old != nil {
		old.st.Discard()
		h.put(old)
	}
	ss.declined, ss.declinedQuery = t, c.Query
}

// operationOf describes c's statement to package telemetry.
func operationOf(c *interceptor.Call, st *parse.Statement, query bool) telemetry.Operation {
	op := telemetry.Operation{
		Text:          c.Query,
		Parameterized: len(c.Args) > 0,
		Args:          c.Args,
		ReturnsRows:   query,
	}
	if st != nil {
		op.Summary, op.Sanitized = st.Summary, st.Sanitized
	}
	return op
}

func (h *telemetryHook) Query(ctx context.Context, c *interceptor.Call, next interceptor.QueryFunc) (driver.Rows, error) {
	return traced(h, ctx, c, true, next)
}

func (h *telemetryHook) Exec(ctx context.Context, c *interceptor.Call, next interceptor.ExecFunc) (driver.Result, error) {
	return traced(h, ctx, c, false, next)
}

// traced runs a query (query true) or an exec with its statement's span
// started; an attempt the driver declines waits for its retry (decline),
// any other outcome ends the span when the interceptor says the call is
// over.
func traced[R any](h *telemetryHook, ctx context.Context, c *interceptor.Call, query bool, next func(context.Context, *interceptor.Call) (R, error)) (R, error) {
	ss := h.session(c)
	t := h.begin(ctx, c, ss, query)
	ss.current = &t.st
	r, err := next(ctx, c)
	ss.current = nil
	if err == driver.ErrSkip {
		h.decline(t, c, ss)
		return r, err
	}
	c.Observe(t)
	return r, err
}

// Prepare makes a span only for a prepare that fails, since it is then the
// statement's outcome: for database/sql's retry of a declined attempt, the
// attempt's span ends with the prepare's error; for the application's own
// Prepare, a span starts at the prepare. A successful prepare is part of
// the executions that follow (a retry's execution keeps the attempt's
// span).
func (h *telemetryHook) Prepare(ctx context.Context, c *interceptor.Call, next interceptor.PrepareFunc) (driver.Stmt, error) {
	ss := h.session(c)
	if t := h.takeDeclined(ss, c); t != nil {
		s, err := next(ctx, c)
		if err != nil {
			c.Observe(t)
		} else {
			ss.declined, ss.declinedQuery = t, c.Query // for the execution
		}
		return s, err
	}
	start := time.Now()
	s, err := next(ctx, c)
	if err == nil {
		return s, nil
	}
	t := h.get(ss)
	t.st.Init(h.in, start, h.filter == nil || h.filter(ctx, c))
	op := operationOf(c, Parsed(c), false)
	t.st.Start(ctx, &op)
	c.Observe(t)
	return s, err
}

func (h *telemetryHook) Begin(ctx context.Context, c *interceptor.Call, next interceptor.TxFunc) error {
	return h.tx(ctx, c, next, "BEGIN")
}

func (h *telemetryHook) Commit(ctx context.Context, c *interceptor.Call, next interceptor.TxFunc) error {
	return h.tx(ctx, c, next, "COMMIT")
}

func (h *telemetryHook) Rollback(ctx context.Context, c *interceptor.Call, next interceptor.TxFunc) error {
	return h.tx(ctx, c, next, "ROLLBACK")
}

// tx traces a begin, commit or rollback: a span named by the operation,
// child of ctx's span (a commit's and a rollback's ctx is the one the
// transaction was begun with).
func (h *telemetryHook) tx(ctx context.Context, c *interceptor.Call, next interceptor.TxFunc, name string) error {
	ss := h.session(c)
	t := h.get(ss)
	t.st.Begin(ctx, h.in, &telemetry.Operation{Name: name}, h.filter == nil || h.filter(ctx, c))
	ss.current = &t.st
	err := next(ctx, c)
	ss.current = nil
	c.Observe(t)
	return err
}
