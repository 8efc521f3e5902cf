package dhsql

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// params maps each dh_* DSN parameter to the function that parses its value
// into a Config. The names and defaults are a public contract.
var params = map[string]func(c *Config, v string) error{
	"dh_cache":     func(c *Config, v string) (err error) { c.Cache, err = parseBool(v); return },
	"dh_cache_ttl": func(c *Config, v string) (err error) { c.CacheTTL, err = parseDuration(v); return },
	"dh_cache_size": func(c *Config, v string) (err error) {
		c.CacheSize, err = parseSize(v)
		return
	},
	"dh_cache_tables": func(c *Config, v string) (err error) {
		c.CacheTables, err = parseTables(v)
		return
	},
	"dh_stale_if_error": func(c *Config, v string) (err error) { c.StaleIfError, err = parseBool(v); return },
	"dh_breaker": func(c *Config, v string) error {
		on, err := parseBool(v)
		c.BreakerDisabled = !on
		return err
	},
	"dh_breaker_max_failures": func(c *Config, v string) (err error) {
		c.BreakerMaxFailures, err = parseCount(v)
		return
	},
	"dh_breaker_reset_timeout": func(c *Config, v string) (err error) {
		c.BreakerResetTimeout, err = parseDuration(v)
		return
	},
	"dh_breaker_half_open": func(c *Config, v string) (err error) {
		c.BreakerHalfOpen, err = parseCount(v)
		return
	},
	"dh_kafka_brokers": func(c *Config, v string) error {
		var brokers []string
		for _, b := range strings.Split(v, ",") {
			b = strings.TrimSpace(b)
			if err := checkBroker(b); err != nil {
				return fmt.Errorf("broker %q: %w", b, err)
			}
			brokers = append(brokers, b)
		}
		c.KafkaBrokers = brokers
		return nil
	},
	"dh_kafka_topic": func(c *Config, v string) error {
		if err := checkTopic(v); err != nil {
			return err
		}
		c.KafkaTopic = v
		return nil
	},
	"dh_events": func(c *Config, v string) error {
		on, err := parseBool(v)
		if err == nil {
			WithEvents(on).apply(c)
		}
		return err
	},
	"dh_instance": func(c *Config, v string) error {
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("must not be empty")
		}
		c.Instance = v
		return nil
	},
}

// ParamNames returns the names of the dh_* DSN parameters, sorted.
func ParamNames() []string {
	names := make([]string, 0, len(params))
	for n := range params {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// applyParam sets one dh_* parameter on c.
func applyParam(c *Config, name, value string) error {
	set, ok := params[name]
	if !ok {
		return &ConfigError{Param: name, Value: value, Reason: "unknown parameter (known: " + strings.Join(ParamNames(), ", ") + ")"}
	}
	if err := set(c, value); err != nil {
		return &ConfigError{Param: name, Value: value, Reason: err.Error()}
	}
	return nil
}

func parseBool(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "on", "true", "1", "yes", "y", "t":
		return true, nil
	case "off", "false", "0", "no", "n", "f":
		return false, nil
	}
	return false, fmt.Errorf("want on or off (true/false, 1/0, yes/no)")
}

// parseDuration takes a Go duration ("30s", "5m") or whole milliseconds.
func parseDuration(v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0, fmt.Errorf("must be positive")
		}
		return time.Duration(n) * time.Millisecond, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("want a duration such as 30s or 5m, or whole milliseconds")
	}
	if d <= 0 {
		return 0, fmt.Errorf("must be positive")
	}
	return d, nil
}

// parseSize takes bytes with an optional K, M or G suffix (KB, KiB, …; all
// powers of 1024).
func parseSize(v string) (int64, error) {
	s := strings.ToUpper(strings.TrimSpace(v))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("want a size such as 64MB, 512KB or a number of bytes")
	}
	if n <= 0 {
		return 0, fmt.Errorf("must be positive")
	}
	if n > (1<<62)/mult {
		return 0, fmt.Errorf("too large")
	}
	return n * mult, nil
}

func parseCount(v string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 {
		return 0, fmt.Errorf("want a whole number of at least 1")
	}
	return n, nil
}

// parseTables takes a comma-separated list of table names; "all" or "*"
// means every table.
func parseTables(v string) ([]string, error) {
	v = strings.TrimSpace(v)
	if v == "all" || v == "*" {
		return nil, nil
	}
	var tables []string
	for _, t := range strings.Split(v, ",") {
		t = strings.TrimSpace(t)
		if t == "" {
			return nil, fmt.Errorf("want comma-separated table names, or all")
		}
		tables = append(tables, t)
	}
	return tables, nil
}
