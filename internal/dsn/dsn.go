package dsn

import (
	"fmt"
	"strings"
)

// Prefix is the name prefix that marks a DSN parameter as one of the
// wrapper's own. It is matched case-sensitively.
const Prefix = "dh_"

// Form names the DSN syntax of an inner driver. The zero Form is invalid.
type Form uint8

const (
	// Postgres is the syntax shared by lib/pq and pgx: a URL starting with
	// "postgres://" or "postgresql://", or otherwise a libpq key=value
	// connection string.
	Postgres Form = iota + 1
	// MySQL is the go-sql-driver/mysql syntax:
	// [user[:password]@][net[(addr)]]/dbname[?param1=value1&paramN=valueN].
	MySQL
	// SQLite is the modernc.org/sqlite syntax: a file name or "file:" URI,
	// optionally followed by "?" and a query string.
	SQLite
)

// String returns the lower-case name of the form, or "Form(N)" for an
// unknown value.
func (f Form) String() string {
	switch f {
	case Postgres:
		return "postgres"
	case MySQL:
		return "mysql"
	case SQLite:
		return "sqlite"
	}
	return fmt.Sprintf("Form(%d)", uint8(f))
}

// Param is one dh_* parameter found in a DSN, in the order written, with its
// value decoded the way the inner driver decodes its own parameter values.
type Param struct {
	Name  string // as the driver reads it: decoded where keys are decoded
	Value string // decoded; "" when written empty or without '='
}

// Target is what a DSN says about the server, for telemetry (server.address,
// server.port, db.namespace). It never holds the password.
type Target struct {
	// Host is the host name or IP address (without IPv6 brackets), or a
	// unix socket path; "" when the DSN does not name one.
	Host string
	// Port is the TCP port, or 0 when the DSN does not give one (callers
	// apply the driver's default).
	Port int
	// Database is the postgres dbname, the mysql database name, or the
	// sqlite file path (or ":memory:").
	Database string
	// User is the user name, "" when not given.
	User string
}

// SyntaxError reports a DSN that is too malformed for its dh_ parameters to
// be located or decoded reliably. It never contains any text of the DSN
// other than, at most, the name of a dh_ parameter.
type SyntaxError struct {
	Form   Form
	Offset int    // byte offset in the DSN where the problem was found
	Msg    string // what is wrong
}

// Error implements error.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("dsn: %s: %s at byte %d", e.Form, e.Msg, e.Offset)
}

// Split finds every parameter whose name starts with "dh_" in dsn, written in
// the given form, and returns them, in the order written and with their values
// decoded, together with the DSN they were removed from. Every other byte of
// the DSN is kept exactly as written (order, escaping, other parameters,
// passwords); only the separator that belonged to a removed parameter goes
// with it, and a query string left empty loses its "?".
//
// A DSN that holds no dh_ parameter is returned unchanged, without allocating.
// Split does not validate names or values. It fails only when the DSN is too
// malformed for the parameters to be found or decoded reliably; the error is a
// *SyntaxError and carries no DSN text; inner and params are then empty.
func Split(form Form, dsn string) (inner string, params []Param, err error) {
	switch form {
	case Postgres:
		if isPostgresURL(dsn) {
			inner, params, err = splitPostgresURL(dsn)
		} else {
			inner, params, err = splitPostgresKV(dsn)
		}
	case MySQL:
		inner, params, err = splitMySQL(dsn)
	case SQLite:
		inner, params, err = splitSQLite(dsn)
	default:
		return "", nil, fmt.Errorf("dsn: unknown form %s", form)
	}
	if err != nil {
		return "", nil, err
	}
	return inner, params, nil
}

// ParseTarget returns the Target of a DSN written in the given form. It works
// the same before or after Split: dh_ parameters are ignored. It never fails;
// what it cannot make out is left zero. An unknown form gives a zero Target.
func ParseTarget(form Form, dsn string) Target {
	switch form {
	case Postgres:
		if isPostgresURL(dsn) {
			return postgresURLTarget(dsn)
		}
		return postgresKVTarget(dsn)
	case MySQL:
		return mysqlTarget(dsn)
	case SQLite:
		return sqliteTarget(dsn)
	}
	return Target{}
}

// ours reports whether a parameter name, as the inner driver sees it, belongs
// to the wrapper.
func ours(name string) bool { return strings.HasPrefix(name, Prefix) }

// safeName returns name quoted for an error message when it looks like a
// parameter name, or "" when it could be something else (part of a password
// in a DSN that does not parse the way its author meant).
func safeName(name string) string {
	if len(name) > 64 {
		return ""
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return ""
		}
	}
	return fmt.Sprintf(" %q", name)
}
