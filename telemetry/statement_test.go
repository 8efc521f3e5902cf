package telemetry_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/deeperhub/dhsql/telemetry"
)

var pgConfig = telemetry.Config{
	System:        telemetry.SystemPostgreSQL,
	Namespace:     "app",
	ServerAddress: "db.example.com",
	ServerPort:    6432,
}

// run drives one statement through Init, Start and End.
func run(ctx context.Context, in *telemetry.Instrumentation, op telemetry.Operation, r telemetry.Result) time.Time {
	var st telemetry.Statement
	start := time.Now().Add(-time.Millisecond)
	st.Init(in, start, true)
	st.Start(ctx, &op)
	st.End(r)
	return start
}

func TestStatementSpan(t *testing.T) {
	k := newKit(t)
	in := k.instrumentation(pgConfig)
	ctx, parent := k.tp.Tracer("test").Start(context.Background(), "parent")
	start := run(ctx, in, telemetry.Operation{
		Summary:       "SELECT users",
		Text:          "SELECT name FROM users WHERE id = $1",
		Sanitized:     "SELECT name FROM users WHERE id = $1",
		Parameterized: true,
		Args:          []driver.NamedValue{{Ordinal: 1, Value: int64(42)}},
		ReturnsRows:   true,
	}, telemetry.Result{Rows: 3})
	parent.End()

	spans := k.ended()
	if len(spans) != 2 {
		t.Fatalf("%d spans, want 2", len(spans))
	}
	s := spans[0]
	if s.Name != "SELECT users" {
		t.Errorf("name %q", s.Name)
	}
	if s.SpanKind != trace.SpanKindClient {
		t.Errorf("kind %v", s.SpanKind)
	}
	if s.Parent.SpanID() != parent.SpanContext().SpanID() || s.SpanContext.TraceID() != parent.SpanContext().TraceID() {
		t.Errorf("parent %v, want %v", s.Parent.SpanID(), parent.SpanContext().SpanID())
	}
	if !s.StartTime.Equal(start) {
		t.Errorf("start %v, want the Init time %v", s.StartTime, start)
	}
	if s.Status.Code != codes.Unset {
		t.Errorf("status %v", s.Status)
	}
	wantAttrs(t, "span", s.Attributes, map[string]any{
		"db.system.name":            "postgresql",
		"db.namespace":              "app",
		"server.address":            "db.example.com",
		"server.port":               6432,
		"db.query.summary":          "SELECT users",
		"db.query.text":             "SELECT name FROM users WHERE id = $1",
		"db.response.returned_rows": 3,
	}, "db.query.parameter.0", "db.operation.name", "db.collection.name", "error.type", "db.response.status_code")
}

func TestQueryTextPolicy(t *testing.T) {
	params := telemetry.Operation{Summary: "SELECT t", Text: "SELECT * FROM t WHERE a = ? AND b = 'x'", Sanitized: "SELECT * FROM t WHERE a = ? AND b = ?", Parameterized: true}
	literal := telemetry.Operation{Summary: "SELECT t", Text: "SELECT * FROM t WHERE b = 'secret'", Sanitized: "SELECT * FROM t WHERE b = ?"}
	for _, tc := range []struct {
		policy telemetry.QueryTextPolicy
		op     telemetry.Operation
		want   string // "" for no db.query.text
	}{
		{telemetry.QueryTextSanitized, params, params.Text},
		{telemetry.QueryTextSanitized, literal, literal.Sanitized},
		{telemetry.QueryTextParameterized, params, params.Text},
		{telemetry.QueryTextParameterized, literal, ""},
		{telemetry.QueryTextOff, params, ""},
		{telemetry.QueryTextOff, literal, ""},
	} {
		t.Run(fmt.Sprintf("%v/%v", tc.policy, tc.op.Parameterized), func(t *testing.T) {
			k := newKit(t)
			cfg := pgConfig
			cfg.QueryText = tc.policy
			run(context.Background(), k.instrumentation(cfg), tc.op, telemetry.Result{})
			attrs := k.ended()[0].Attributes
			if tc.want == "" {
				wantAttrs(t, "span", attrs, nil, "db.query.text")
			} else {
				wantAttrs(t, "span", attrs, map[string]any{"db.query.text": tc.want})
			}
			if strings.Contains(fmt.Sprint(attrs), "secret") {
				t.Errorf("literal leaked: %v", attrs)
			}
		})
	}
}

func TestParseQueryTextPolicy(t *testing.T) {
	for _, p := range []telemetry.QueryTextPolicy{telemetry.QueryTextSanitized, telemetry.QueryTextParameterized, telemetry.QueryTextOff} {
		got, err := telemetry.ParseQueryTextPolicy(strings.ToUpper(p.String()))
		if err != nil || got != p {
			t.Errorf("ParseQueryTextPolicy(%q) = %v, %v", p.String(), got, err)
		}
	}
	if _, err := telemetry.ParseQueryTextPolicy("all"); err == nil {
		t.Error("ParseQueryTextPolicy(all) succeeded")
	}
}

type myError struct{}

func (myError) Error() string { return "mine" }

func TestStatementError(t *testing.T) {
	for _, tc := range []struct {
		name     string
		r        telemetry.Result
		wantType string
	}{
		{"code", telemetry.Result{Err: errors.New(`duplicate key value "bob"`), Code: "23505", Description: "constraint"}, "23505"},
		{"typed", telemetry.Result{Err: fmt.Errorf("dial: %w", &net.OpError{Op: "dial", Err: errors.New("refused")}), Description: "connection"}, "*net.OpError"},
		{"value type", telemetry.Result{Err: myError{}}, "telemetry_test.myError"},
		{"canceled", telemetry.Result{Err: fmt.Errorf("query: %w", context.Canceled), Description: "canceled"}, "context.Canceled"},
		{"bad conn", telemetry.Result{Err: driver.ErrBadConn}, "driver.ErrBadConn"},
		{"plain", telemetry.Result{Err: errors.New("boom")}, "_OTHER"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := newKit(t)
			in := k.instrumentation(pgConfig)
			run(context.Background(), in, telemetry.Operation{Summary: "INSERT users", ReturnsRows: false}, tc.r)
			s := k.ended()[0]
			if s.Status.Code != codes.Error || s.Status.Description != tc.r.Description {
				t.Errorf("status %+v, want Error %q", s.Status, tc.r.Description)
			}
			want := map[string]any{"error.type": tc.wantType}
			absent := []string{"db.response.returned_rows"}
			if tc.r.Code != "" {
				want["db.response.status_code"] = tc.r.Code
			} else {
				absent = append(absent, "db.response.status_code")
			}
			wantAttrs(t, "span", s.Attributes, want, absent...)
			if len(s.Events) != 0 {
				t.Errorf("events %v: the error message must not be recorded", s.Events)
			}
			if strings.Contains(fmt.Sprint(s.Attributes, s.Status), "bob") {
				t.Errorf("error message leaked: %v %v", s.Attributes, s.Status)
			}
			p := histogramPoints(t, k.metric(t, telemetry.MetricOperationDuration))
			if len(p) != 1 {
				t.Fatalf("%d duration points", len(p))
			}
			wantAttrs(t, "duration", p[0].attrs.ToSlice(), want)
		})
	}
}

func TestErrorType(t *testing.T) {
	if got := telemetry.ErrorType(nil, "42P01"); got != "" {
		t.Errorf("nil error: %q", got)
	}
	joined := errors.Join(errors.New("a"), &net.DNSError{})
	if got := telemetry.ErrorType(joined, ""); got != "*net.DNSError" {
		t.Errorf("joined: %q", got)
	}
	if got := telemetry.ErrorType(fmt.Errorf("%w", context.DeadlineExceeded), ""); got != "context.DeadlineExceeded" {
		t.Errorf("deadline: %q", got)
	}
}

func TestSpanArgs(t *testing.T) {
	op := telemetry.Operation{
		Summary: "UPDATE users", Text: "UPDATE users SET name = $1, avatar = $2, born = $3, note = $4 WHERE id = @id",
		Parameterized: true,
		Args: []driver.NamedValue{
			{Ordinal: 1, Value: "Ann"},
			{Ordinal: 2, Value: []byte{0xff, 0x00}},
			{Ordinal: 3, Value: time.Date(2000, 1, 2, 3, 4, 5, 0, time.UTC)},
			{Ordinal: 4, Value: nil},
			{Ordinal: 5, Name: "id", Value: int64(7)},
		},
	}
	t.Run("default off", func(t *testing.T) {
		k := newKit(t)
		run(context.Background(), k.instrumentation(pgConfig), op, telemetry.Result{})
		for _, a := range k.ended()[0].Attributes {
			if strings.HasPrefix(string(a.Key), "db.query.parameter") || a.Value.Emit() == "Ann" {
				t.Errorf("argument on span: %v", a)
			}
		}
		for _, p := range histogramPoints(t, k.metric(t, telemetry.MetricOperationDuration)) {
			if strings.Contains(p.attrs.Encoded(attribute.DefaultEncoder()), "Ann") {
				t.Errorf("argument in measurement: %v", p.attrs)
			}
		}
	})
	t.Run("on", func(t *testing.T) {
		k := newKit(t)
		cfg := pgConfig
		cfg.SpanArgs = true
		run(context.Background(), k.instrumentation(cfg), op, telemetry.Result{})
		wantAttrs(t, "span", k.ended()[0].Attributes, map[string]any{
			"db.query.parameter.0":  "Ann",
			"db.query.parameter.1":  "0xff00",
			"db.query.parameter.2":  "2000-01-02T03:04:05Z",
			"db.query.parameter.3":  "NULL",
			"db.query.parameter.id": "7",
		}, "db.query.parameter.4")
		for _, p := range histogramPoints(t, k.metric(t, telemetry.MetricOperationDuration)) {
			if strings.Contains(p.attrs.Encoded(attribute.DefaultEncoder()), "Ann") {
				t.Errorf("argument in measurement: %v", p.attrs)
			}
		}
	})
}

func TestSpanName(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  telemetry.Config
		op   telemetry.Operation
		want string
	}{
		{"summary", pgConfig, telemetry.Operation{Summary: "SELECT a b", Name: "X"}, "SELECT a b"},
		{"operation and namespace", pgConfig, telemetry.Operation{Name: "COMMIT"}, "COMMIT app"},
		{"operation and collection", pgConfig, telemetry.Operation{Name: "find", Collection: "users"}, "find users"},
		{"operation and server", telemetry.Config{System: telemetry.SystemMySQL, ServerAddress: "h", ServerPort: 3307}, telemetry.Operation{Name: "BEGIN"}, "BEGIN h:3307"},
		{"operation alone", telemetry.Config{System: telemetry.SystemSQLite}, telemetry.Operation{Name: "BEGIN"}, "BEGIN"},
		{"target alone", pgConfig, telemetry.Operation{}, "app"},
		{"system", telemetry.Config{System: telemetry.SystemSQLite}, telemetry.Operation{}, "sqlite"},
		{"other_sql", telemetry.Config{}, telemetry.Operation{}, "other_sql"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := newKit(t)
			run(context.Background(), k.instrumentation(tc.cfg), tc.op, telemetry.Result{})
			if got := k.ended()[0].Name; got != tc.want {
				t.Errorf("name %q, want %q", got, tc.want)
			}
		})
	}
}

func TestStatementMetrics(t *testing.T) {
	k := newKit(t)
	cfg := pgConfig
	cfg.Attributes = []attribute.KeyValue{attribute.String("deployment.environment.name", "test")}
	in := k.instrumentation(cfg)
	q := telemetry.Operation{Summary: "SELECT users", Text: "SELECT * FROM users", Sanitized: "SELECT * FROM users", ReturnsRows: true}
	run(context.Background(), in, q, telemetry.Result{Rows: 2})
	run(context.Background(), in, q, telemetry.Result{Rows: 5})
	run(context.Background(), in, telemetry.Operation{Summary: "DELETE users"}, telemetry.Result{})
	run(context.Background(), in, telemetry.Operation{Name: "COMMIT"}, telemetry.Result{})

	m := k.metric(t, telemetry.MetricOperationDuration)
	if m.Unit != "s" {
		t.Errorf("unit %q", m.Unit)
	}
	points := histogramPoints(t, m)
	bySummary := map[string]point{}
	for _, p := range points {
		s, _ := p.attrs.Value("db.query.summary")
		o, _ := p.attrs.Value("db.operation.name")
		bySummary[s.AsString()+o.AsString()] = p
		wantAttrs(t, "duration", p.attrs.ToSlice(), map[string]any{
			"db.system.name": "postgresql", "db.namespace": "app", "server.address": "db.example.com",
			"server.port": 6432, "deployment.environment.name": "test",
		}, "db.query.text", "db.response.returned_rows", "error.type")
		if p.sum <= 0 || p.sum > 10 {
			t.Errorf("duration sum %v", p.sum)
		}
	}
	if len(points) != 3 || bySummary["SELECT users"].count != 2 || bySummary["DELETE users"].count != 1 || bySummary["COMMIT"].count != 1 {
		t.Errorf("points %+v", points)
	}
	wantBounds := []float64{0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10}
	if b := m.Data.(metricdata.Histogram[float64]).DataPoints[0].Bounds; !slices.Equal(b, wantBounds) {
		t.Errorf("duration buckets %v, want the advisory %v", b, wantBounds)
	}

	rm := k.metric(t, telemetry.MetricReturnedRows)
	if rm.Unit != "{row}" {
		t.Errorf("returned rows unit %q", rm.Unit)
	}
	rowBounds := []float64{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000}
	if b := rm.Data.(metricdata.Histogram[int64]).DataPoints[0].Bounds; !slices.Equal(b, rowBounds) {
		t.Errorf("returned rows buckets %v, want the advisory %v", b, rowBounds)
	}
	rows := histogramPoints(t, rm)
	if len(rows) != 1 || rows[0].count != 2 || rows[0].sum != 7 {
		t.Errorf("returned rows %+v", rows)
	}
}

func TestStatementAnnotations(t *testing.T) {
	k := newKit(t)
	in := k.instrumentation(pgConfig)
	var st telemetry.Statement
	st.Init(in, time.Now(), true)
	st.SetBreaker(telemetry.BreakerClosed, telemetry.BreakerRead)
	st.SetCache(telemetry.CacheBypass, "tx")
	st.SetCache(telemetry.CacheMiss, "") // the last value of a key wins
	st.SetAttributes(attribute.String("dhsql.test.before", "x"))
	st.Start(context.Background(), &telemetry.Operation{Summary: "SELECT t", ReturnsRows: true})
	st.SetEventsQueued(3)
	st.SetMetricAttributes(telemetry.AttrCacheStale.Bool(false))
	st.End(telemetry.Result{Rows: 1})

	s := k.ended()[0]
	wantAttrs(t, "span", s.Attributes, map[string]any{
		"dhsql.breaker.state": "closed", "dhsql.breaker.kind": "read", "dhsql.cache.result": "miss",
		"dhsql.cache.reason": "tx", "dhsql.events.queued": 3, "dhsql.test.before": "x", "dhsql.cache.stale": false,
	})
	for _, name := range []string{telemetry.MetricOperationDuration, telemetry.MetricReturnedRows} {
		p := histogramPoints(t, k.metric(t, name))
		if len(p) != 1 {
			t.Fatalf("%s: %d points", name, len(p))
		}
		wantAttrs(t, name, p[0].attrs.ToSlice(), map[string]any{
			"dhsql.breaker.state": "closed", "dhsql.breaker.kind": "read", "dhsql.cache.result": "miss",
			"dhsql.cache.reason": "tx", "dhsql.cache.stale": false,
		}, "dhsql.events.queued", "dhsql.test.before")
	}
}

func TestManyMetricAnnotations(t *testing.T) {
	k := newKit(t)
	in := k.instrumentation(pgConfig)
	for range 2 {
		var st telemetry.Statement
		st.Init(in, time.Now(), true)
		for i := range 6 {
			st.SetMetricAttributes(attribute.Int(fmt.Sprintf("dhsql.test.%d", i), i))
		}
		st.Start(context.Background(), &telemetry.Operation{Summary: "SELECT t"})
		st.End(telemetry.Result{})
	}
	p := histogramPoints(t, k.metric(t, telemetry.MetricOperationDuration))
	if len(p) != 1 || p[0].count != 2 {
		t.Fatalf("points %+v", p)
	}
	wantAttrs(t, "duration", p[0].attrs.ToSlice(), map[string]any{"dhsql.test.0": 0, "dhsql.test.5": 5})
}

func TestStatementWithoutSpan(t *testing.T) {
	k := newKit(t)
	in := k.instrumentation(pgConfig)
	var st telemetry.Statement
	st.Init(in, time.Now(), false)
	st.SetCache(telemetry.CacheHit, "")
	st.Start(context.Background(), &telemetry.Operation{Summary: "SELECT t"})
	if st.Span() != nil {
		t.Error("span made")
	}
	st.End(telemetry.Result{})
	if n := len(k.ended()); n != 0 {
		t.Errorf("%d spans", n)
	}
	p := histogramPoints(t, k.metric(t, telemetry.MetricOperationDuration))
	if len(p) != 1 {
		t.Fatalf("points %+v", p)
	}
	wantAttrs(t, "duration", p[0].attrs.ToSlice(), map[string]any{"dhsql.cache.result": "hit"})
}

func TestStatementDiscard(t *testing.T) {
	k := newKit(t)
	in := k.instrumentation(pgConfig)
	var st telemetry.Statement
	st.Init(in, time.Now(), true)
	st.SetCache(telemetry.CacheMiss, "")
	st.Discard()
	st.End(telemetry.Result{}) // after Discard: nothing to end
	var nilStmt *telemetry.Statement
	nilStmt.SetCache(telemetry.CacheHit, "")
	nilStmt.Init(in, time.Now(), true)
	nilStmt.Begin(context.Background(), in, &telemetry.Operation{}, true)
	nilStmt.Start(context.Background(), &telemetry.Operation{})
	nilStmt.End(telemetry.Result{})
	if n := len(k.ended()); n != 0 {
		t.Errorf("%d spans", n)
	}
	k.noMetric(t, telemetry.MetricOperationDuration)
}

func TestStatementReuse(t *testing.T) {
	k := newKit(t)
	in := k.instrumentation(pgConfig)
	var st telemetry.Statement
	st.Init(in, time.Now(), true)
	st.SetCache(telemetry.CacheHit, "")
	st.Start(context.Background(), &telemetry.Operation{Summary: "SELECT a", Text: "SELECT a", Sanitized: "SELECT a"})
	st.End(telemetry.Result{})
	st.Init(in, time.Now(), true)
	st.Start(context.Background(), &telemetry.Operation{Summary: "SELECT b"})
	st.End(telemetry.Result{})
	spans := k.ended()
	if len(spans) != 2 {
		t.Fatalf("%d spans", len(spans))
	}
	wantAttrs(t, "second span", spans[1].Attributes, map[string]any{"db.query.summary": "SELECT b"},
		"dhsql.cache.result", "db.query.text")
}

// TestNoopProviders pins the no-op path: nothing is built per statement.
func TestNoopProviders(t *testing.T) {
	in := telemetry.New(telemetry.Config{
		TracerProvider: tracenoop.NewTracerProvider(),
		MeterProvider:  metricnoop.NewMeterProvider(),
		System:         telemetry.SystemPostgreSQL,
	})
	if in.Tracing() {
		t.Error("Tracing() with a no-op provider")
	}
	ctx := context.Background()
	op := telemetry.Operation{Summary: "SELECT t", Text: "SELECT * FROM t", Sanitized: "SELECT * FROM t", ReturnsRows: true}
	var st telemetry.Statement
	allocs := testing.AllocsPerRun(100, func() {
		st.Init(in, time.Now(), true)
		st.SetCache(telemetry.CacheMiss, "")
		st.Start(ctx, &op)
		st.End(telemetry.Result{Rows: 1})
		st.Begin(ctx, in, &op, true)
		st.SetCache(telemetry.CacheMiss, "")
		st.End(telemetry.Result{Rows: 1})
	})
	if allocs != 0 {
		t.Errorf("%v allocations per statement with no-op providers", allocs)
	}
}

// TestConcurrentStatements runs statements of many shapes from many
// goroutines on one instrumentation (run with -race).
func TestConcurrentStatements(t *testing.T) {
	k := newKit(t)
	in := k.instrumentation(pgConfig)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				var st telemetry.Statement
				st.Init(in, time.Now(), true)
				st.SetCache(telemetry.CacheMiss, "")
				st.Start(context.Background(), &telemetry.Operation{Summary: fmt.Sprintf("SELECT t%d", (g*50+i)%37), ReturnsRows: true})
				var err error
				if i%5 == 0 {
					err = errors.New("x")
				}
				st.End(telemetry.Result{Err: err, Code: "XX000", Rows: 1})
			}
		})
	}
	wg.Wait()
	if n := len(k.ended()); n != 400 {
		t.Errorf("%d spans", n)
	}
	var total uint64
	for _, p := range histogramPoints(t, k.metric(t, telemetry.MetricOperationDuration)) {
		total += p.count
	}
	if total != 400 {
		t.Errorf("%d measurements", total)
	}
}

// recordingSampler samples everything and keeps the attributes it was
// shown at span creation.
type recordingSampler struct {
	mu    sync.Mutex
	names []string
	attrs [][]attribute.KeyValue
}

func (s *recordingSampler) ShouldSample(p sdktrace.SamplingParameters) sdktrace.SamplingResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.names = append(s.names, p.Name)
	s.attrs = append(s.attrs, append([]attribute.KeyValue(nil), p.Attributes...))
	return sdktrace.SamplingResult{Decision: sdktrace.RecordAndSample}
}

func (s *recordingSampler) Description() string { return "recording" }

func TestSamplerAttributes(t *testing.T) {
	op := telemetry.Operation{Summary: "SELECT users", Text: "SELECT * FROM users WHERE id = $1", Parameterized: true, ReturnsRows: true}
	for _, on := range []bool{false, true} {
		t.Run(fmt.Sprint(on), func(t *testing.T) {
			k := newKit(t)
			s := &recordingSampler{}
			k.tp = sdktrace.NewTracerProvider(sdktrace.WithSyncer(k.spans), sdktrace.WithSampler(s))
			cfg := pgConfig
			cfg.SamplerAttributes = on
			in := k.instrumentation(cfg)
			var st telemetry.Statement
			st.Init(in, time.Now(), true)
			st.SetCache(telemetry.CacheMiss, "")
			st.Start(context.Background(), &op)
			st.SetEventsQueued(2)
			st.End(telemetry.Result{Rows: 4})
			if len(s.names) != 1 || s.names[0] != "SELECT users" {
				t.Fatalf("sampler saw %v", s.names)
			}
			if on {
				wantAttrs(t, "at creation", s.attrs[0], map[string]any{
					"db.system.name": "postgresql", "db.namespace": "app", "server.address": "db.example.com", "server.port": 6432,
					"db.query.summary": "SELECT users", "db.query.text": op.Text, "dhsql.cache.result": "miss",
				}, "db.response.returned_rows")
			} else if len(s.attrs[0]) != 0 {
				t.Errorf("attributes at creation %v", s.attrs[0])
			}
			// Either way the ended span has them all, once each.
			attrs := k.ended()[0].Attributes
			wantAttrs(t, "span", attrs, map[string]any{
				"db.system.name": "postgresql", "db.query.summary": "SELECT users", "db.query.text": op.Text,
				"dhsql.cache.result": "miss", "dhsql.events.queued": 2, "db.response.returned_rows": 4,
			})
			seen := map[attribute.Key]bool{}
			for _, a := range attrs {
				if seen[a.Key] {
					t.Errorf("%s twice", a.Key)
				}
				seen[a.Key] = true
			}
		})
	}
}

// The duration measured is the span's.
func TestDurationIsTheSpans(t *testing.T) {
	k := newKit(t)
	in := k.instrumentation(pgConfig)
	run(context.Background(), in, telemetry.Operation{Summary: "SELECT t"}, telemetry.Result{})
	s := k.ended()[0]
	p := histogramPoints(t, k.metric(t, telemetry.MetricOperationDuration))
	if want := s.EndTime.Sub(s.StartTime).Seconds(); len(p) != 1 || p[0].sum != want {
		t.Errorf("duration %v, span %v", p, want)
	}
}

// Begin starts the span at once, timed by the tracer; annotations made
// while the statement runs reach the span and the measurements.
func TestBegin(t *testing.T) {
	k := newKit(t)
	in := k.instrumentation(pgConfig)
	ctx, parent := k.tp.Tracer("test").Start(context.Background(), "parent")
	var st telemetry.Statement
	before := time.Now()
	st.Begin(ctx, in, &telemetry.Operation{Summary: "SELECT users", Text: "SELECT 1 FROM users", Sanitized: "SELECT ? FROM users", ReturnsRows: true}, true)
	after := time.Now()
	if st.Span() == nil || !st.Span().IsRecording() {
		t.Fatal("no recording span after Begin")
	}
	if got := st.StartTime(); got.Before(before) || got.After(after) {
		t.Errorf("start %v not within [%v, %v]", got, before, after)
	}
	st.SetCache(telemetry.CacheHit, "")
	st.End(telemetry.Result{Rows: 2})
	parent.End()
	s := k.ended()[0]
	if s.Name != "SELECT users" || s.Parent.SpanID() != parent.SpanContext().SpanID() || s.StartTime.Before(before) || s.StartTime.After(after) {
		t.Errorf("span %q parent %v start %v", s.Name, s.Parent.SpanID(), s.StartTime)
	}
	wantAttrs(t, "span", s.Attributes, map[string]any{
		"db.query.text": "SELECT ? FROM users", "db.response.returned_rows": 2, "dhsql.cache.result": "hit", "db.system.name": "postgresql",
	})
	p := histogramPoints(t, k.metric(t, telemetry.MetricOperationDuration))
	if want := s.EndTime.Sub(s.StartTime).Seconds(); len(p) != 1 || p[0].sum != want {
		t.Errorf("duration %v, span %v", p, want)
	}
	wantAttrs(t, "duration", p[0].attrs.ToSlice(), map[string]any{"dhsql.cache.result": "hit"})

	// Without a span (filtered, or not sampled) the duration is measured
	// all the same.
	st.Begin(ctx, in, &telemetry.Operation{Summary: "SELECT t"}, false)
	if st.Span() != nil {
		t.Error("span made")
	}
	st.End(telemetry.Result{})
	never := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.NeverSample()))
	cfg := pgConfig
	cfg.TracerProvider, cfg.MeterProvider = never, k.mp
	in2 := telemetry.New(cfg)
	st.Begin(ctx, in2, &telemetry.Operation{Summary: "SELECT u"}, true)
	st.End(telemetry.Result{})
	for _, p := range histogramPoints(t, k.metric(t, telemetry.MetricOperationDuration)) {
		if p.count != 1 || p.sum <= 0 {
			t.Errorf("point %+v", p)
		}
	}
}

// A span the sampler drops still ends, carries its trace, and the
// statement is measured with its annotations; a sampled statement in the
// same run gets its attributes.
func TestStatementSampledOut(t *testing.T) {
	k := newKit(t)
	k.tp = sdktrace.NewTracerProvider(sdktrace.WithSyncer(k.spans), sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.NeverSample())))
	in := k.instrumentation(pgConfig)
	op := telemetry.Operation{Summary: "SELECT t", Text: "SELECT * FROM t", ReturnsRows: true}
	var st telemetry.Statement
	st.Begin(context.Background(), in, &op, true)
	st.SetCache(telemetry.CacheMiss, "")
	if s := st.Span(); s == nil || s.IsRecording() || !s.SpanContext().IsValid() {
		t.Fatalf("span %v", s)
	}
	st.End(telemetry.Result{Rows: 2, Err: errors.New("boom"), Code: "42P01"})
	if n := len(k.ended()); n != 0 {
		t.Errorf("%d spans exported", n)
	}
	p := histogramPoints(t, k.metric(t, telemetry.MetricOperationDuration))
	if len(p) != 1 {
		t.Fatalf("points %+v", p)
	}
	wantAttrs(t, "duration", p[0].attrs.ToSlice(), map[string]any{"dhsql.cache.result": "miss", "error.type": "42P01", "db.query.summary": "SELECT t"})

	pctx, parent := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample())).Tracer("app").Start(context.Background(), "request")
	defer parent.End()
	st.Begin(pctx, in, &op, true)
	st.End(telemetry.Result{Rows: 1})
	spans := k.ended()
	if len(spans) != 1 {
		t.Fatalf("%d spans", len(spans))
	}
	wantAttrs(t, "span", spans[0].Attributes, map[string]any{"db.query.summary": "SELECT t", "db.response.returned_rows": int64(1)})
}
