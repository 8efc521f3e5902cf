package dsn

import (
	"net/url"
	"strings"
)

// queryRules says how an inner driver reads the '&'-separated key=value
// pairs of a query string. Every driver here splits pairs on '&' alone and a
// pair at its first '='; they differ in how keys and values are decoded.
type queryRules struct {
	form Form
	what string // the syntax, for error messages
	// decodeKey: keys are percent-decoded before the driver looks at them
	// (libpq, net/url); otherwise keys are compared as written (mysql).
	decodeKey bool
	// plus: '+' decodes to a space (url.QueryUnescape); otherwise it is a
	// literal '+' (libpq's URI decoding).
	plus bool
	// trim: leading and trailing ASCII spaces of keys and values are dropped
	// before decoding (libpq's URI decoding).
	trim bool
}

var (
	postgresURLRules = queryRules{form: Postgres, what: "URL", decodeKey: true, trim: true}
	mysqlRules       = queryRules{form: MySQL, what: "parameters", plus: true}
	sqliteRules      = queryRules{form: SQLite, what: "query", decodeKey: true, plus: true}
)

// isOurKey reports whether the raw (undecoded) key of a pair names a dh_
// parameter under r, without allocating.
func (r *queryRules) isOurKey(raw string) bool {
	if r.trim {
		raw = trimSpaces(raw)
	}
	if !r.decodeKey {
		return ours(raw)
	}
	i := 0
	for n := 0; n < len(Prefix); n++ {
		if i >= len(raw) {
			return false
		}
		c := raw[i]
		if c == '%' && i+2 < len(raw) && isHex(raw[i+1]) && isHex(raw[i+2]) {
			c = unhex(raw[i+1])<<4 | unhex(raw[i+2])
			i += 3
		} else {
			i++
		}
		if c != Prefix[n] {
			return false
		}
	}
	return true
}

// decode decodes a raw key or value under r. ok is false on a malformed
// percent escape.
func (r *queryRules) decode(raw string, isKey bool) (s string, ok bool) {
	if r.trim {
		raw = trimSpaces(raw)
	}
	if isKey && !r.decodeKey {
		return raw, true
	}
	var err error
	if r.plus {
		s, err = url.QueryUnescape(raw)
	} else {
		s, err = url.PathUnescape(raw)
	}
	return s, err == nil
}

// countOurPairs returns how many dh_ pairs the query holds under r.
func (r *queryRules) countOurPairs(query string) int {
	n := 0
	for query != "" {
		var pair string
		pair, query, _ = strings.Cut(query, "&")
		key, _, _ := strings.Cut(pair, "=")
		if r.isOurKey(key) {
			n++
		}
	}
	return n
}

// strip removes the dh_ pairs from the query string that starts after the
// '?' at dsn[q] and runs to the end of dsn. The other pairs are kept as
// written, in order, joined by '&'; if none is left the '?' goes too.
func (r *queryRules) strip(dsn string, q int) (string, []Param, error) {
	n := r.countOurPairs(dsn[q+1:])
	if n == 0 {
		return dsn, nil, nil
	}
	var (
		params = make([]Param, 0, n)
		b      strings.Builder
		kept   int
	)
	b.Grow(len(dsn))
	b.WriteString(dsn[:q+1])
	off := q + 1
	for rest := dsn[q+1:]; ; {
		pair, tail, more := strings.Cut(rest, "&")
		key, val, _ := strings.Cut(pair, "=")
		if r.isOurKey(key) {
			name, ok := r.decode(key, true)
			if !ok {
				return "", nil, &SyntaxError{Form: r.form, Offset: off, Msg: r.what + ": invalid percent-encoding in the name of a dh_ parameter"}
			}
			value, ok := r.decode(val, false)
			if !ok {
				return "", nil, &SyntaxError{Form: r.form, Offset: off, Msg: r.what + ": invalid percent-encoding in the value of parameter" + safeName(name)}
			}
			params = append(params, Param{Name: name, Value: value})
		} else {
			if kept > 0 {
				b.WriteByte('&')
			}
			b.WriteString(pair)
			kept++
		}
		if !more {
			break
		}
		off += len(pair) + 1
		rest = tail
	}
	inner := b.String()
	if len(inner) == q+1 {
		inner = inner[:q]
	}
	return inner, params, nil
}

// lookup calls fn for each pair of query with its decoded key and value,
// skipping pairs that do not decode. It serves ParseTarget.
func (r *queryRules) lookup(query string, fn func(key, value string)) {
	for query != "" {
		var pair string
		pair, query, _ = strings.Cut(query, "&")
		key, val, _ := strings.Cut(pair, "=")
		k, ok := r.decode(key, true)
		if !ok {
			continue
		}
		v, ok := r.decode(val, false)
		if !ok {
			continue
		}
		fn(k, v)
	}
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// trimSpaces drops leading and trailing ' ' (not other white space), as
// libpq's URI decoding does.
func trimSpaces(s string) string { return strings.Trim(s, " ") }

// lenientUnescape percent-decodes s, keeping malformed escapes as written.
func lenientUnescape(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
