package telemetry

import (
	"context"
	"database/sql"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// Names of the connection pool instruments [ObservePool] registers. The
// db.client.connection.* names are the OpenTelemetry conventions'. The
// conventions' db.client.connection.wait_time is a histogram of each
// wait, which sql.DBStats cannot give (it keeps totals only), so the totals
// are dhsql.* counters.
const (
	MetricConnectionCount        = "db.client.connection.count"
	MetricConnectionIdleMax      = "db.client.connection.idle.max"
	MetricConnectionMax          = "db.client.connection.max"
	MetricConnectionWaitCount    = "dhsql.connection.wait.count"
	MetricConnectionWaitDuration = "dhsql.connection.wait.duration"
	MetricConnectionClosed       = "dhsql.connection.closed"
)

// AttrConnectionCloseReason is why database/sql closed connections, on
// dhsql.connection.closed: "max_idle", "max_idle_time" or "max_lifetime".
const AttrConnectionCloseReason attribute.Key = "dhsql.connection.close_reason"

// StatsSource is what [ObservePool] reads: a *sql.DB, or a [StatsFunc].
type StatsSource interface {
	Stats() sql.DBStats
}

// StatsFunc adapts a function to [StatsSource].
type StatsFunc func() sql.DBStats

// Stats calls f.
func (f StatsFunc) Stats() sql.DBStats { return f() }

// PoolConfig describes a connection pool to [ObservePool]. Its zero value
// is valid.
type PoolConfig struct {
	// MeterProvider makes the instruments. Default: otel.GetMeterProvider().
	MeterProvider metric.MeterProvider
	// Name is db.client.connection.pool.name, unique within the
	// application; the conventions suggest
	// "server.address:server.port/db.namespace". Default "default".
	Name string
	// MaxIdle is the limit set with sql.DB.SetMaxIdleConns, reported as
	// db.client.connection.idle.max (sql.DBStats does not carry it). Zero
	// leaves that instrument out.
	MaxIdle int
	// Attributes are added to every measurement.
	Attributes []attribute.KeyValue
}

// ObservePool reports db's connection pool, read from db.Stats() each time
// the metrics are collected:
//
//   - db.client.connection.count: connections by db.client.connection.state
//     ("idle", "used");
//   - db.client.connection.max: sql.DB.SetMaxOpenConns's limit, when set;
//   - db.client.connection.idle.max: [PoolConfig.MaxIdle], when set;
//   - dhsql.connection.wait.count and dhsql.connection.wait.duration (s):
//     the waits for a connection and their total time, since db opened;
//   - dhsql.connection.closed: the connections database/sql closed, by
//     dhsql.connection.close_reason.
//
// Each carries db.client.connection.pool.name. Call the returned function
// to stop reporting (before closing db, say).
func ObservePool(db StatsSource, cfg PoolConfig) (unregister func() error, err error) {
	mp := cfg.MeterProvider
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	name := cfg.Name
	if name == "" {
		name = "default"
	}
	m := mp.Meter(ScopeName, metric.WithInstrumentationVersion(Version))

	count, err := m.Int64ObservableUpDownCounter(MetricConnectionCount, metric.WithUnit("{connection}"),
		metric.WithDescription("The number of connections that are currently in the state described by the state attribute."))
	if err != nil {
		return nil, err
	}
	maxOpen, err := m.Int64ObservableUpDownCounter(MetricConnectionMax, metric.WithUnit("{connection}"),
		metric.WithDescription("The maximum number of open connections allowed."))
	if err != nil {
		return nil, err
	}
	idleMax, err := m.Int64ObservableUpDownCounter(MetricConnectionIdleMax, metric.WithUnit("{connection}"),
		metric.WithDescription("The maximum number of idle open connections allowed."))
	if err != nil {
		return nil, err
	}
	waitCount, err := m.Int64ObservableCounter(MetricConnectionWaitCount, metric.WithUnit("{request}"),
		metric.WithDescription("The number of times a connection was waited for, since the pool opened."))
	if err != nil {
		return nil, err
	}
	waitDuration, err := m.Float64ObservableCounter(MetricConnectionWaitDuration, metric.WithUnit("s"),
		metric.WithDescription("The total time spent waiting for a connection, since the pool opened."))
	if err != nil {
		return nil, err
	}
	closed, err := m.Int64ObservableCounter(MetricConnectionClosed, metric.WithUnit("{connection}"),
		metric.WithDescription("The connections closed by the pool, by reason, since the pool opened."))
	if err != nil {
		return nil, err
	}

	with := func(kv ...attribute.KeyValue) metric.ObserveOption {
		all := make([]attribute.KeyValue, 0, len(cfg.Attributes)+1+len(kv))
		all = append(all, cfg.Attributes...)
		all = append(all, keyConnectionPoolName.String(name))
		all = append(all, kv...)
		return metric.WithAttributeSet(attribute.NewSet(all...))
	}
	pool := with()
	idle := with(keyConnectionState.String("idle"))
	used := with(keyConnectionState.String("used"))
	byMaxIdle := with(AttrConnectionCloseReason.String("max_idle"))
	byMaxIdleTime := with(AttrConnectionCloseReason.String("max_idle_time"))
	byMaxLifetime := with(AttrConnectionCloseReason.String("max_lifetime"))
	maxIdle := int64(cfg.MaxIdle)

	reg, err := m.RegisterCallback(func(_ context.Context, o metric.Observer) error {
		s := db.Stats()
		o.ObserveInt64(count, int64(s.Idle), idle)
		o.ObserveInt64(count, int64(s.InUse), used)
		if s.MaxOpenConnections > 0 {
			o.ObserveInt64(maxOpen, int64(s.MaxOpenConnections), pool)
		}
		if maxIdle > 0 {
			o.ObserveInt64(idleMax, maxIdle, pool)
		}
		o.ObserveInt64(waitCount, s.WaitCount, pool)
		o.ObserveFloat64(waitDuration, s.WaitDuration.Seconds(), pool)
		o.ObserveInt64(closed, s.MaxIdleClosed, byMaxIdle)
		o.ObserveInt64(closed, s.MaxIdleTimeClosed, byMaxIdleTime)
		o.ObserveInt64(closed, s.MaxLifetimeClosed, byMaxLifetime)
		return nil
	}, count, maxOpen, idleMax, waitCount, waitDuration, closed)
	if err != nil {
		return nil, err
	}
	return reg.Unregister, nil
}
