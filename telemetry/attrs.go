package telemetry

import "go.opentelemetry.io/otel/attribute"

// Attribute keys of dhsql's own features. Each feature adds them to the
// statement it acts on through [Statement.SetCache], [Statement.SetBreaker],
// [Statement.SetEventsQueued], or generally [Statement.SetMetricAttributes]
// (span and measurements; low-cardinality values) and
// [Statement.SetAttributes] (span only). Keys are named
// dhsql.<feature>.<attribute>; a feature's own instruments, made from
// [Instrumentation.Meter], are named dhsql.<feature>.<measure>.
const (
	// AttrCacheResult is what the result cache did: a [CacheResult].
	AttrCacheResult attribute.Key = "dhsql.cache.result"
	// AttrCacheReason says why the cache was bypassed or missed: a
	// [CacheReason].
	AttrCacheReason attribute.Key = "dhsql.cache.reason"
	// AttrCacheStale is true when a stale cached result was served because
	// the database could not be reached (stale-if-error).
	AttrCacheStale attribute.Key = "dhsql.cache.stale"
	// AttrBreakerState is the state of the breaker that guarded the
	// statement when it was let through or refused: a [BreakerState].
	AttrBreakerState attribute.Key = "dhsql.breaker.state"
	// AttrBreakerKind is whether the statement went through the table's
	// read or write breaker: a [BreakerKind].
	AttrBreakerKind attribute.Key = "dhsql.breaker.kind"
	// AttrBreakerTable is the table whose breaker guarded the statement.
	AttrBreakerTable attribute.Key = "dhsql.breaker.table"
	// AttrEventsQueued is the number of change events the statement queued
	// (int; span only).
	AttrEventsQueued attribute.Key = "dhsql.events.queued"
	// AttrEventsDropped is the number of change events that could not be
	// queued (int; span only).
	AttrEventsDropped attribute.Key = "dhsql.events.dropped"
	// AttrOutcome is "success" or "error": an [Outcome], on the direct-use
	// helpers' measurements.
	AttrOutcome attribute.Key = "dhsql.outcome"
)

// CacheResult is the value of [AttrCacheResult].
type CacheResult string

// The values of [CacheResult].
const (
	CacheHit    CacheResult = "hit"    // served from the cache
	CacheMiss   CacheResult = "miss"   // cacheable, not cached: run and stored
	CacheBypass CacheResult = "bypass" // not eligible: see the reason
)

// Attribute returns the result as an [AttrCacheResult] attribute.
func (r CacheResult) Attribute() attribute.KeyValue { return AttrCacheResult.String(string(r)) }

// CacheReason is the value of [AttrCacheReason]: a short, fixed word
// ("tx", "locking", "nondeterministic", "write_in_flight", "disabled",
// "table_not_cached", "unknown_statement", …). It must stay low in
// cardinality: it is a measurement attribute.
type CacheReason string

// Attribute returns the reason as an [AttrCacheReason] attribute.
func (r CacheReason) Attribute() attribute.KeyValue { return AttrCacheReason.String(string(r)) }

// BreakerState is the value of [AttrBreakerState].
type BreakerState string

// The values of [BreakerState].
const (
	BreakerClosed   BreakerState = "closed"
	BreakerOpen     BreakerState = "open"
	BreakerHalfOpen BreakerState = "half_open"
)

// Attribute returns the state as an [AttrBreakerState] attribute.
func (s BreakerState) Attribute() attribute.KeyValue { return AttrBreakerState.String(string(s)) }

// BreakerKind is the value of [AttrBreakerKind].
type BreakerKind string

// The values of [BreakerKind].
const (
	BreakerRead  BreakerKind = "read"
	BreakerWrite BreakerKind = "write"
)

// Attribute returns the kind as an [AttrBreakerKind] attribute.
func (k BreakerKind) Attribute() attribute.KeyValue { return AttrBreakerKind.String(string(k)) }

// Outcome is the value of [AttrOutcome]: the seed's :success and :error.
type Outcome string

// The values of [Outcome].
const (
	OutcomeSuccess Outcome = "success"
	OutcomeError   Outcome = "error"
)

// OutcomeOf returns [OutcomeError] for a non-nil err, else
// [OutcomeSuccess].
func OutcomeOf(err error) Outcome {
	if err != nil {
		return OutcomeError
	}
	return OutcomeSuccess
}

// Attribute returns the outcome as an [AttrOutcome] attribute.
func (o Outcome) Attribute() attribute.KeyValue { return AttrOutcome.String(string(o)) }
