package dhsql

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/deeperhub/dhsql/interceptor"
	"github.com/deeperhub/dhsql/parse"
)

// Defaults of [Config], the seed configuration of DeeperHub's repository
// integration.
const (
	DefaultCacheTTL            = 5 * time.Minute
	DefaultCacheSize           = 64 << 20 // bytes
	DefaultBreakerMaxFailures  = 5
	DefaultBreakerResetTimeout = 30 * time.Second
	DefaultBreakerHalfOpen     = 2
	DefaultKafkaTopic          = "deeperhub.{schema}.{table}"
)

// Config is the wrapper's settings for one database. The zero Config is
// valid: every zero field means the default stated beside it. Options on
// [Wrap], [WrapConnector] and [Register] fill it in code; dh_* parameters in
// a DSN (see [ParseDSN]) fill it per DSN and win over options.
type Config struct {
	// Cache turns the per-table result cache on (dh_cache; default off).
	Cache bool
	// CacheTTL bounds how long a cached result lives (dh_cache_ttl;
	// default 5m).
	CacheTTL time.Duration
	// CacheSize is the cache's memory budget in bytes (dh_cache_size;
	// default 64 MiB).
	CacheSize int64
	// CacheTables limits caching to these tables (dh_cache_tables; default
	// nil: every table).
	CacheTables []string
	// StaleIfError serves the last cached result of a read whose breaker is
	// open or whose database call failed (dh_stale_if_error; default off).
	StaleIfError bool

	// BreakerDisabled turns the per-table circuit breakers off (dh_breaker;
	// default false: breakers on).
	BreakerDisabled bool
	// BreakerMaxFailures is the number of consecutive failures that opens a
	// breaker (dh_breaker_max_failures; default 5).
	BreakerMaxFailures int
	// BreakerResetTimeout is how long a breaker stays open before it lets
	// trial calls through (dh_breaker_reset_timeout; default 30s).
	BreakerResetTimeout time.Duration
	// BreakerHalfOpen is the number of successful trial calls that close a
	// half-open breaker (dh_breaker_half_open; default 2).
	BreakerHalfOpen int

	// KafkaBrokers are the host:port addresses change events are published
	// to (dh_kafka_brokers; default none).
	KafkaBrokers []string
	// KafkaTopic names the topic of a table's events; {db}, {schema} and
	// {table} are replaced (dh_kafka_topic; default
	// "deeperhub.{schema}.{table}").
	KafkaTopic string
	// Events turns change events on or off (dh_events; default
	// [EventsAuto]: on when KafkaBrokers is set).
	Events EventsMode
	// Instance names this process in events and status (dh_instance;
	// default "<hostname>-<pid>").
	Instance string

	// Dialect is the SQL dialect statements are parsed in. The registration
	// packages set it; default [parse.Dialect]'s zero value.
	Dialect parse.Dialect
	// Classify tells what an error of the inner driver means (see
	// [ErrorClass]). The registration packages set it; default
	// [ClassifyError].
	Classify ErrorClassifier
	// Telemetry holds the OpenTelemetry settings (see [TelemetryConfig]).
	Telemetry TelemetryConfig
	// Target is the server and database the connections reach, as
	// telemetry reports them (server.address, server.port, db.namespace).
	// Default: what the DSN names; for [WrapConnector], which has no DSN,
	// nothing unless set here. A Target set here replaces the DSN's, for
	// instance when the DSN reaches the server through a proxy or a unix
	// socket.
	Target Target

	// Hooks are extra interceptor hooks, run inside dhsql's own (outermost
	// first), around the inner driver.
	Hooks []interceptor.Hook
}

// EventsMode says whether change events are published.
type EventsMode uint8

// The values of [EventsMode].
const (
	EventsAuto EventsMode = iota // on when Kafka brokers are configured
	EventsOn
	EventsOff
)

// String returns "auto", "on" or "off".
func (m EventsMode) String() string {
	switch m {
	case EventsOn:
		return "on"
	case EventsOff:
		return "off"
	default:
		return "auto"
	}
}

// EventsEnabled reports whether, under c, change events are published.
func (c *Config) EventsEnabled() bool {
	switch c.Events {
	case EventsOn:
		return true
	case EventsOff:
		return false
	default:
		return len(c.KafkaBrokers) > 0
	}
}

// withDefaults returns c with every zero field set to its default.
func (c Config) withDefaults() Config {
	if c.CacheTTL == 0 {
		c.CacheTTL = DefaultCacheTTL
	}
	if c.CacheSize == 0 {
		c.CacheSize = DefaultCacheSize
	}
	if c.BreakerMaxFailures == 0 {
		c.BreakerMaxFailures = DefaultBreakerMaxFailures
	}
	if c.BreakerResetTimeout == 0 {
		c.BreakerResetTimeout = DefaultBreakerResetTimeout
	}
	if c.BreakerHalfOpen == 0 {
		c.BreakerHalfOpen = DefaultBreakerHalfOpen
	}
	if c.KafkaTopic == "" {
		c.KafkaTopic = DefaultKafkaTopic
	}
	if c.Instance == "" {
		c.Instance = defaultInstance()
	}
	if c.Classify == nil {
		c.Classify = ClassifyError
	}
	return c
}

func defaultInstance() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	return host + "-" + strconv.Itoa(os.Getpid())
}

// validate checks the settings that options can get wrong; DSN parameters
// are checked as they are parsed.
func (c *Config) validate() error {
	switch {
	case c.CacheTTL < 0:
		return &ConfigError{Param: "dh_cache_ttl", Value: c.CacheTTL.String(), Reason: "must be positive"}
	case c.CacheSize < 0:
		return &ConfigError{Param: "dh_cache_size", Value: strconv.FormatInt(c.CacheSize, 10), Reason: "must be positive"}
	case c.BreakerMaxFailures < 0:
		return &ConfigError{Param: "dh_breaker_max_failures", Value: strconv.Itoa(c.BreakerMaxFailures), Reason: "must be at least 1"}
	case c.BreakerResetTimeout < 0:
		return &ConfigError{Param: "dh_breaker_reset_timeout", Value: c.BreakerResetTimeout.String(), Reason: "must be positive"}
	case c.BreakerHalfOpen < 0:
		return &ConfigError{Param: "dh_breaker_half_open", Value: strconv.Itoa(c.BreakerHalfOpen), Reason: "must be at least 1"}
	}
	for _, b := range c.KafkaBrokers {
		if err := checkBroker(b); err != nil {
			return &ConfigError{Param: "dh_kafka_brokers", Value: b, Reason: err.Error()}
		}
	}
	if c.KafkaTopic == "" {
		return nil // the default
	}
	if err := checkTopic(c.KafkaTopic); err != nil {
		return &ConfigError{Param: "dh_kafka_topic", Value: c.KafkaTopic, Reason: err.Error()}
	}
	return nil
}

// An Option sets part of a [Config] in code.
type Option interface {
	apply(*Config)
}

type optionFunc func(*Config)

func (f optionFunc) apply(c *Config) { f(c) }

// WithConfig replaces every setting with c; later options change it further.
func WithConfig(c Config) Option { return optionFunc(func(dst *Config) { *dst = c }) }

// WithCache turns the result cache on or off (dh_cache).
func WithCache(on bool) Option { return optionFunc(func(c *Config) { c.Cache = on }) }

// WithCacheTTL sets how long a cached result lives (dh_cache_ttl).
func WithCacheTTL(d time.Duration) Option { return optionFunc(func(c *Config) { c.CacheTTL = d }) }

// WithCacheSize sets the cache's memory budget in bytes (dh_cache_size).
func WithCacheSize(bytes int64) Option { return optionFunc(func(c *Config) { c.CacheSize = bytes }) }

// WithCacheTables limits the cache to the named tables (dh_cache_tables).
func WithCacheTables(tables ...string) Option {
	return optionFunc(func(c *Config) { c.CacheTables = append([]string(nil), tables...) })
}

// WithStaleIfError serves the last cached result when a read cannot reach
// the database (dh_stale_if_error).
func WithStaleIfError(on bool) Option { return optionFunc(func(c *Config) { c.StaleIfError = on }) }

// WithBreaker turns the circuit breakers on or off (dh_breaker).
func WithBreaker(on bool) Option { return optionFunc(func(c *Config) { c.BreakerDisabled = !on }) }

// WithBreakerMaxFailures sets the consecutive failures that open a breaker
// (dh_breaker_max_failures).
func WithBreakerMaxFailures(n int) Option {
	return optionFunc(func(c *Config) { c.BreakerMaxFailures = n })
}

// WithBreakerResetTimeout sets how long a breaker stays open
// (dh_breaker_reset_timeout).
func WithBreakerResetTimeout(d time.Duration) Option {
	return optionFunc(func(c *Config) { c.BreakerResetTimeout = d })
}

// WithBreakerHalfOpen sets the successful trial calls that close a breaker
// (dh_breaker_half_open).
func WithBreakerHalfOpen(n int) Option { return optionFunc(func(c *Config) { c.BreakerHalfOpen = n }) }

// WithKafkaBrokers sets the brokers change events go to (dh_kafka_brokers).
func WithKafkaBrokers(brokers ...string) Option {
	return optionFunc(func(c *Config) { c.KafkaBrokers = append([]string(nil), brokers...) })
}

// WithKafkaTopic sets the topic template of change events (dh_kafka_topic).
func WithKafkaTopic(template string) Option {
	return optionFunc(func(c *Config) { c.KafkaTopic = template })
}

// WithEvents turns change events on or off, whatever the brokers
// (dh_events).
func WithEvents(on bool) Option {
	return optionFunc(func(c *Config) {
		if on {
			c.Events = EventsOn
		} else {
			c.Events = EventsOff
		}
	})
}

// WithTarget sets the server and database telemetry reports (see
// [Config.Target]); the zero Target means the DSN's.
func WithTarget(t Target) Option { return optionFunc(func(c *Config) { c.Target = t }) }

// WithInstance names this process in events and status (dh_instance).
func WithInstance(name string) Option { return optionFunc(func(c *Config) { c.Instance = name }) }

// WithDialect sets the SQL dialect statements are parsed in.
func WithDialect(d parse.Dialect) Option { return optionFunc(func(c *Config) { c.Dialect = d }) }

// WithErrorClassifier sets how the inner driver's errors are classified.
func WithErrorClassifier(f ErrorClassifier) Option {
	return optionFunc(func(c *Config) { c.Classify = f })
}

// WithHooks adds interceptor hooks, run inside dhsql's own around every
// call, outermost first.
func WithHooks(hooks ...interceptor.Hook) Option {
	return optionFunc(func(c *Config) { c.Hooks = append(c.Hooks, hooks...) })
}

func newConfig(opts []Option) Config {
	var c Config
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return c
}

func checkBroker(b string) error {
	i := strings.LastIndexByte(b, ':')
	if i <= 0 || i == len(b)-1 {
		return fmt.Errorf("want host:port")
	}
	port, err := strconv.Atoi(b[i+1:])
	if err != nil || port <= 0 || port > 65535 {
		return fmt.Errorf("port must be a number from 1 to 65535")
	}
	return nil
}

func checkTopic(t string) error {
	if t == "" {
		return fmt.Errorf("must not be empty")
	}
	for rest := t; ; {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			if strings.IndexByte(rest, '}') >= 0 {
				return fmt.Errorf("unbalanced '}'")
			}
			return nil
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return fmt.Errorf("unbalanced '{'")
		}
		switch rest[i : i+j+1] {
		case "{db}", "{schema}", "{table}":
		default:
			return fmt.Errorf("unknown placeholder %s (known: {db}, {schema}, {table})", rest[i:i+j+1])
		}
		rest = rest[i+j+1:]
	}
}
