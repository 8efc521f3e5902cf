// Package telemetry makes the OpenTelemetry spans and metrics of database
// statements, following the stable OpenTelemetry database conventions. It
// uses the OpenTelemetry API only: the application brings the SDK (or
// none, and everything here costs next to nothing).
//
// dhsql drives it for every statement that goes through a dhsql driver;
// applications use it directly only for the helpers below and for
// [ObservePool]. Each database gets one [Instrumentation], built once by
// [New]: its tracer, its instruments and the attributes every span and
// measurement shares (db.system.name, db.namespace, server.address,
// server.port). Each statement is a [Statement]:
//
//   - one CLIENT span per logical statement, named by db.query.summary,
//     with db.query.text as the [QueryTextPolicy] says (parameterized text
//     as written, other text only sanitized), db.response.returned_rows,
//     and, on failure, Error status, db.response.status_code and
//     error.type; arguments appear only when [Config.SpanArgs] is set, as
//     db.query.parameter.<key>;
//   - db.client.operation.duration (seconds, the conventions' buckets; with
//     the SDK, exactly the span's duration, as the conventions ask) and
//     db.client.response.returned_rows, with the conventions' attributes:
//     db.system.name, db.namespace, server.address, server.port,
//     db.query.summary, and error.type and db.response.status_code on
//     failure.
//
// The hot path is built to allocate little: attribute sets of the
// measurements are built once per distinct (summary, operation,
// collection, error) and shared; span attributes are gathered in a buffer
// the Statement owns and given to the span in one batch when it ends (or
// when it starts, for samplers that look at attributes: see
// [Config.SamplerAttributes]); no closure is made per statement; with
// no-op providers nothing is allocated at all. A statement's
// measurements are queued and handed to the SDK in batches: a full
// batch of 256 by a goroutine of the package's (the statement that filled
// it does not wait), every queued one before each collection, and all
// of them once a statement finds those of its queue waiting a second (no
// timer is kept for it: a pending timer makes the Go scheduler arm a
// kernel timer each time it waits for the network). A statement that waited for its
// server finds the SDK's code and aggregation state evicted from the CPU
// caches, and recording measurements one by one would pay for that every
// time; in a batch they are recorded warm. A reader's collection sees every
// measurement of the statements that ended before it; exemplars keep the
// statement's context (their time is the hand-over's).
//
// dhsql's own features (the result cache, the circuit breakers, change
// events) annotate the statement they act on with dhsql.* attributes
// ([AttrCacheResult], [AttrBreakerState], [AttrEventsQueued] and the keys
// beside them) through [Statement.SetCache], [Statement.SetBreaker],
// [Statement.SetEventsQueued], [Statement.SetMetricAttributes] and
// [Statement.SetAttributes], and make their own instruments, named
// dhsql.<feature>.<measure>, from [Instrumentation.Meter].
//
// The direct-use helpers are the seed's RepositoryTelemetry and
// RepositoryMetrics:
//
//	err := telemetry.Span(ctx, "custom_operation", func(ctx context.Context) error {
//		return doWork(ctx) // statements run with ctx are children of the span
//	}, attribute.String("dhsql.schema", "users"), attribute.Int("dhsql.id", 123))
//
//	err = telemetry.Measure(ctx, "custom_operation", "users", doWork)
//	telemetry.IncrementOperationCount(ctx, "custom_operation", "users", telemetry.OutcomeSuccess)
//	telemetry.ObserveOperationDuration(ctx, "custom_operation", 150*time.Millisecond, "users", telemetry.OutcomeSuccess)
//
// and the pool metrics come from the application's *sql.DB:
//
//	stop, err := telemetry.ObservePool(db, telemetry.PoolConfig{Name: "127.0.0.1:5432/app"})
//	defer stop()
//
// # What is recorded, and what never is
//
// db.response.returned_rows, which the conventions list as opt-in, is
// recorded on every query's span: it is a count, never a value.
// db.namespace is the database named when connecting (PostgreSQL's
// {database}|{schema} form is not used: the schema in effect is not known
// without a round trip). db.operation.name and db.collection.name are set
// only where the conventions allow it: never extracted from SQL text, so
// only on transaction spans (BEGIN, COMMIT, ROLLBACK) and the helpers.
// error.type is the database's error code when there is one, else the Go
// type of the error (see [ErrorType]). The span status description is the
// error's class, never its message: driver messages may quote row values.
// Arguments and row values never appear unless [Config.SpanArgs] is set;
// passwords never appear at all ([Config.ServerAddress] must not hold
// credentials).
package telemetry
