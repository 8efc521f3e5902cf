package dhsql

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"os"
	"strconv"
	"syscall"
)

// ErrInvalidConfig is matched (with errors.Is) by every configuration error
// dhsql returns.
var ErrInvalidConfig = errors.New("dhsql: invalid configuration")

// ConfigError reports a setting that dhsql cannot use: a dh_* DSN parameter
// or an option. It names the parameter and the value given; it never holds
// the rest of the DSN, so no password reaches it.
type ConfigError struct {
	Param  string // the dh_* parameter name
	Value  string // the value given
	Reason string // what is wrong with it
}

// Error returns "dhsql: <param>="<value>": <reason>".
func (e *ConfigError) Error() string {
	return "dhsql: " + e.Param + "=" + quote(e.Value) + ": " + e.Reason
}

// Is reports whether target is [ErrInvalidConfig].
func (e *ConfigError) Is(target error) bool { return target == ErrInvalidConfig }

// quote quotes a value for an error message, cut to 64 bytes.
func quote(s string) string {
	const max = 64
	if len(s) > max {
		s = s[:max] + "…"
	}
	return strconv.Quote(s)
}

// ErrorClass says what an error from the inner driver tells about the
// database's health. Only [ClassConnection], [ClassTimeout] and
// [ClassResource] count against it (see [ErrorClass.Unhealthy]).
type ErrorClass uint8

// The classes of [ErrorClass].
const (
	ClassNone       ErrorClass = iota // no error
	ClassOther                        // an error that says nothing about the database's health
	ClassConnection                   // the connection failed, broke or was refused
	ClassTimeout                      // the server or the network timed out
	ClassResource                     // the server is short of a resource: connections, memory, disk, locks
	ClassCanceled                     // the caller's context was canceled or its deadline passed
	ClassConstraint                   // an integrity constraint was violated
	ClassSyntax                       // the statement is malformed, names something missing, or is not permitted
	ClassData                         // a value was invalid for its type or column
	ClassConflict                     // a serialization failure or deadlock: retry the transaction
)

var classNames = [...]string{"none", "other", "connection", "timeout", "resource", "canceled", "constraint", "syntax", "data", "conflict"}

// String returns the class's lower-case name.
func (c ErrorClass) String() string {
	if int(c) < len(classNames) {
		return classNames[c]
	}
	return "unknown"
}

// Unhealthy reports whether errors of this class count against the
// database's health: connection, timeout and resource errors do;
// constraint, syntax and data errors and the caller's own cancellation do
// not.
func (c ErrorClass) Unhealthy() bool {
	return c == ClassConnection || c == ClassTimeout || c == ClassResource
}

// ErrorInfo describes an error from the inner driver.
type ErrorInfo struct {
	// Code is the database's own code for the error, as OpenTelemetry's
	// db.response.status_code wants it: a PostgreSQL SQLSTATE ("23505"), a
	// MySQL error number ("1062"), a SQLite result code ("19"). Empty when
	// the error carries none.
	Code string
	// Class says what the error tells about the database's health.
	Class ErrorClass
}

// An ErrorClassifier describes the errors of one inner driver. It must
// accept any error, including nil (→ [ClassNone]) and errors that are not
// the driver's. The registration packages supply one per driver; each
// falls back to [ClassifyError] for errors that are not its own.
type ErrorClassifier func(err error) ErrorInfo

// ClassifyError classifies the errors every driver shares: nil, the
// context's errors, driver.ErrBadConn, io.EOF and io.ErrUnexpectedEOF on a
// connection, and net and syscall errors. Anything else is [ClassOther].
func ClassifyError(err error) ErrorInfo {
	switch {
	case err == nil:
		return ErrorInfo{}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return ErrorInfo{Class: ClassCanceled}
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, net.ErrClosed):
		return ErrorInfo{Class: ClassConnection}
	case errors.Is(err, os.ErrDeadlineExceeded):
		return ErrorInfo{Class: ClassTimeout}
	}
	var ne net.Error
	if errors.As(err, &ne) {
		if ne.Timeout() {
			return ErrorInfo{Class: ClassTimeout}
		}
		return ErrorInfo{Class: ClassConnection}
	}
	return ErrorInfo{Class: ClassOther}
}
