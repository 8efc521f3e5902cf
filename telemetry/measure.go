package telemetry

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// plainKey identifies the attribute set of a statement that succeeded
// without annotations.
type plainKey struct{ summary, name, collection string }

// setKey identifies the attribute set of a statement's measurements.
type setKey struct {
	summary, name, collection, errType, code string
	extra                                    [maxMetricAttrs]attribute.KeyValue
}

// optionCache maps a key to the options carrying its attribute set. Readers load an immutable map with one atomic load and look the key
// up; writers, rare once the application's statements have all been seen,
// copy the map. It holds at most maxSets entries; past that, sets are
// built per measurement.
type optionCache[K comparable, V any] struct {
	m  atomic.Pointer[map[K]V]
	mu sync.Mutex // serializes writers
}

func (c *optionCache[K, V]) load(k K) (V, bool) {
	if m := c.m.Load(); m != nil {
		v, ok := (*m)[k]
		return v, ok
	}
	var zero V
	return zero, false
}

// store adds v under k unless k is there already, and returns what k maps
// to.
func (c *optionCache[K, V]) store(k K, v V) V {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.m.Load()
	var n int
	if old != nil {
		if have, ok := (*old)[k]; ok {
			return have
		}
		n = len(*old)
	}
	if n >= maxSets {
		return v
	}
	m := make(map[K]V, n+1)
	if old != nil {
		for k, v := range *old {
			m[k] = v
		}
	}
	m[k] = v
	c.m.Store(&m)
	return v
}

// measureSets builds the options that attach the attribute sets of
// statement measurements, and keeps them: each distinct set is built once
// and shared afterwards.
type measureSets struct {
	base  []attribute.KeyValue // what every measurement carries
	plain optionCache[plainKey, []metric.RecordOption]
	sets  optionCache[setKey, []metric.RecordOption]
}

// options returns the options that attach the measurement attributes of
// one statement: the shared ones, db.query.summary, db.operation.name,
// db.collection.name, error.type, db.response.status_code and the
// statement's metric annotations. A statement that succeeded without
// annotations has a cheaper key: see plainOptions.
func (m *measureSets) options(summary, name, collection, errType, code string, extra []attribute.KeyValue) []metric.RecordOption {
	if len(extra) > maxMetricAttrs {
		return m.build(summary, name, collection, errType, code, extra)
	}
	k := setKey{summary: summary, name: name, collection: collection, errType: errType, code: code}
	copy(k.extra[:], extra)
	if opts, ok := m.sets.load(k); ok {
		return opts
	}
	return m.sets.store(k, m.build(summary, name, collection, errType, code, extra))
}

// plainOptions is options for a statement that succeeded without
// annotations, the common case, with a key that is quicker to hash.
func (m *measureSets) plainOptions(k plainKey) []metric.RecordOption {
	if opts, ok := m.plain.load(k); ok {
		return opts
	}
	return m.plain.store(k, m.build(k.summary, k.name, k.collection, "", "", nil))
}

func (m *measureSets) build(summary, name, collection, errType, code string, extra []attribute.KeyValue) []metric.RecordOption {
	kv := make([]attribute.KeyValue, 0, len(m.base)+6+len(extra))
	kv = append(kv, m.base...)
	if summary != "" {
		kv = append(kv, keyDBQuerySummary.String(summary))
	}
	if name != "" {
		kv = append(kv, keyDBOperationName.String(name))
	}
	if collection != "" {
		kv = append(kv, keyDBCollectionName.String(collection))
	}
	if errType != "" {
		kv = append(kv, keyErrorType.String(errType))
	}
	if code != "" {
		kv = append(kv, keyDBResponseStatusCode.String(code))
	}
	kv = append(kv, extra...)
	return []metric.RecordOption{metric.WithAttributeSet(attribute.NewSet(kv...))}
}

// ErrorType returns the error.type of err as dhsql records it: code (the
// database's code: db.response.status_code) when there is one; else
// "context.Canceled", "context.DeadlineExceeded" or "driver.ErrBadConn"
// for those errors; else the Go type of the first error in err's chain
// that is not a plain wrapper made by errors.New, fmt.Errorf or
// errors.Join ("*net.OpError", "*mysql.MySQLError"); else "_OTHER". The
// result is "" for a nil err.
func ErrorType(err error, code string) string {
	switch {
	case err == nil:
		return ""
	case code != "":
		return code
	case errors.Is(err, context.Canceled):
		return "context.Canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "context.DeadlineExceeded"
	case errors.Is(err, driver.ErrBadConn):
		return "driver.ErrBadConn"
	}
	if name := typeName(err); name != "" {
		return name
	}
	return "_OTHER"
}

// typeName walks err's chain depth first and names the first error whose
// type says something.
func typeName(err error) string {
	if err == nil {
		return ""
	}
	t := reflect.TypeOf(err)
	if !genericErrorTypes[t] {
		if v, ok := typeNames.Load(t); ok {
			return v.(string)
		}
		s := t.String()
		typeNames.Store(t, s)
		return s
	}
	switch x := err.(type) {
	case interface{ Unwrap() error }:
		return typeName(x.Unwrap())
	case interface{ Unwrap() []error }:
		for _, e := range x.Unwrap() {
			if s := typeName(e); s != "" {
				return s
			}
		}
	}
	return ""
}

// typeNames caches reflect.Type.String, which allocates for pointer types.
var typeNames sync.Map // reflect.Type → string

// genericErrorTypes are the types of errors.New, fmt.Errorf (with one and
// with several %w) and errors.Join: their names say nothing.
var genericErrorTypes = func() map[reflect.Type]bool {
	e := errors.New("e")
	m := make(map[reflect.Type]bool)
	for _, err := range []error{e, fmt.Errorf("%w", e), fmt.Errorf("%w %w", e, e), errors.Join(e, e)} {
		m[reflect.TypeOf(err)] = true
	}
	return m
}()
