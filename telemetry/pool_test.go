package telemetry_test

import (
	"database/sql"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/deeperhub/dhsql/telemetry"
)

// sumPoints returns the points of an observable counter or up-down
// counter, by their encoded attributes without the pool name.
func sumPoints[N int64 | float64](t *testing.T, m metricdata.Metrics) map[string]N {
	t.Helper()
	s, ok := m.Data.(metricdata.Sum[N])
	if !ok {
		t.Fatalf("%s is a %T", m.Name, m.Data)
	}
	out := map[string]N{}
	for _, p := range s.DataPoints {
		if v, _ := p.Attributes.Value("db.client.connection.pool.name"); v.AsString() != "main" {
			t.Errorf("%s: pool name %q", m.Name, v.AsString())
		}
		if v, _ := p.Attributes.Value("service.tier"); v.AsString() != "gold" {
			t.Errorf("%s: missing the configured attribute: %v", m.Name, p.Attributes)
		}
		key := ""
		for _, kv := range p.Attributes.ToSlice() {
			if kv.Key == "db.client.connection.state" || kv.Key == telemetry.AttrConnectionCloseReason {
				key = kv.Value.AsString()
			}
		}
		out[key] = p.Value
	}
	return out
}

func TestObservePool(t *testing.T) {
	k := newKit(t)
	stats := sql.DBStats{
		MaxOpenConnections: 10, OpenConnections: 5, InUse: 3, Idle: 2,
		WaitCount: 4, WaitDuration: 1500 * time.Millisecond,
		MaxIdleClosed: 1, MaxIdleTimeClosed: 2, MaxLifetimeClosed: 3,
	}
	stop, err := telemetry.ObservePool(telemetry.StatsFunc(func() sql.DBStats { return stats }), telemetry.PoolConfig{
		MeterProvider: k.mp, Name: "main", MaxIdle: 4, Attributes: []attribute.KeyValue{attribute.String("service.tier", "gold")},
	})
	if err != nil {
		t.Fatal(err)
	}
	count := k.metric(t, telemetry.MetricConnectionCount)
	if got := sumPoints[int64](t, count); got["idle"] != 2 || got["used"] != 3 || len(got) != 2 {
		t.Errorf("connection count %v", got)
	}
	if count.Unit != "{connection}" || count.Data.(metricdata.Sum[int64]).IsMonotonic {
		t.Errorf("connection count: unit %q, want a non-monotonic {connection}", count.Unit)
	}
	if got := sumPoints[int64](t, k.metric(t, telemetry.MetricConnectionMax)); got[""] != 10 {
		t.Errorf("max %v", got)
	}
	if got := sumPoints[int64](t, k.metric(t, telemetry.MetricConnectionIdleMax)); got[""] != 4 {
		t.Errorf("idle max %v", got)
	}
	if got := sumPoints[int64](t, k.metric(t, telemetry.MetricConnectionWaitCount)); got[""] != 4 {
		t.Errorf("wait count %v", got)
	}
	if got := sumPoints[float64](t, k.metric(t, telemetry.MetricConnectionWaitDuration)); got[""] != 1.5 {
		t.Errorf("wait duration %v", got)
	}
	if got := sumPoints[int64](t, k.metric(t, telemetry.MetricConnectionClosed)); got["max_idle"] != 1 || got["max_idle_time"] != 2 || got["max_lifetime"] != 3 {
		t.Errorf("closed %v", got)
	}

	// A later collection reads the stats again.
	stats.InUse, stats.Idle = 1, 4
	if got := sumPoints[int64](t, k.metric(t, telemetry.MetricConnectionCount)); got["idle"] != 4 || got["used"] != 1 {
		t.Errorf("connection count after change %v", got)
	}

	if err := stop(); err != nil {
		t.Fatal(err)
	}
	k.noMetric(t, telemetry.MetricConnectionCount)
}

// A *sql.DB is a StatsSource.
var _ telemetry.StatsSource = (*sql.DB)(nil)

func TestObservePoolDefaults(t *testing.T) {
	k := newKit(t)
	stop, err := telemetry.ObservePool(telemetry.StatsFunc(func() sql.DBStats { return sql.DBStats{} }), telemetry.PoolConfig{MeterProvider: k.mp})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	m := k.metric(t, telemetry.MetricConnectionCount)
	for _, p := range m.Data.(metricdata.Sum[int64]).DataPoints {
		if v, _ := p.Attributes.Value("db.client.connection.pool.name"); v.AsString() != "default" {
			t.Errorf("default pool name %q", v.AsString())
		}
	}
	// Limits that are not set are not reported.
	var rm metricdata.ResourceMetrics
	k.reader.Collect(t.Context(), &rm)
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == telemetry.MetricConnectionMax || m.Name == telemetry.MetricConnectionIdleMax {
				if s := m.Data.(metricdata.Sum[int64]); len(s.DataPoints) != 0 {
					t.Errorf("%s reported without a limit: %+v", m.Name, s.DataPoints)
				}
			}
		}
	}
}
