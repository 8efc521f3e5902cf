package conformance

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/lib/pq"
	"modernc.org/sqlite"
)

// Show renders v canonically for [Side.Record]: its dynamic type and its
// value, with errors described by [ErrorInfo], times in RFC 3339 with their
// zone, byte slices quoted and reflect.Types by name.
func Show(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case error:
		return ErrorInfo(x)
	case reflect.Type:
		return "type " + x.String()
	case string:
		return fmt.Sprintf("%q", x)
	case []byte:
		if x == nil {
			return "[]byte(nil)"
		}
		return fmt.Sprintf("[]byte(%q)", x)
	case sql.RawBytes:
		if x == nil {
			return "RawBytes(nil)"
		}
		return fmt.Sprintf("RawBytes(%q)", []byte(x))
	case time.Time:
		return "time(" + showTime(x) + ")"
	case *time.Time:
		if x == nil {
			return "(*time.Time)(nil)"
		}
		return "&time(" + showTime(*x) + ")"
	case sql.NullTime:
		if !x.Valid {
			return "NullTime(invalid)"
		}
		return "NullTime(" + showTime(x.Time) + ")"
	case []string:
		return fmt.Sprintf("%q", x)
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() {
		return "&" + Show(rv.Elem().Interface())
	}
	return fmt.Sprintf("%T(%+v)", v, v)
}

var (
	pointerRE = regexp.MustCompile(`0x[0-9a-f]{6,}`)
	portRE    = regexp.MustCompile(`([0-9]+\.[0-9]+\.[0-9]+\.[0-9]+|\[[0-9a-fA-F:]+\]):[0-9]+`)
)

// normalize removes from an error text what differs between two runs of
// the same thing: pointer values and TCP ports (a connection's local port,
// a test proxy's port).
func normalize(s string) string {
	s = pointerRE.ReplaceAllString(s, "0x…")
	return portRE.ReplaceAllString(s, "$1:…")
}

func showTime(t time.Time) string {
	name, off := t.Zone()
	return fmt.Sprintf("%s zone=%q/%d loc=%q", t.Format(time.RFC3339Nano), name, off, t.Location().String())
}

var sentinels = []struct {
	name string
	err  error
}{
	{"context.Canceled", context.Canceled},
	{"context.DeadlineExceeded", context.DeadlineExceeded},
	{"sql.ErrNoRows", sql.ErrNoRows},
	{"sql.ErrTxDone", sql.ErrTxDone},
	{"sql.ErrConnDone", sql.ErrConnDone},
	{"driver.ErrBadConn", driver.ErrBadConn},
	{"driver.ErrSkip", driver.ErrSkip},
	{"driver.ErrRemoveArgument", driver.ErrRemoveArgument},
	{"mysql.ErrInvalidConn", mysql.ErrInvalidConn},
	{"io.EOF", io.EOF},
	{"io.ErrUnexpectedEOF", io.ErrUnexpectedEOF},
}

// ErrorInfo describes err for comparison: its dynamic type, its text,
// which well-known sentinel errors it is (==) or wraps (errors.Is), the
// types of its Unwrap chain, and the fields of the driver error it holds
// (errors.As to *pq.Error, *pgconn.PgError, *mysql.MySQLError,
// *sqlite.Error).
func ErrorInfo(err error) string {
	if err == nil {
		return "error(nil)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "error %T %q", err, normalize(err.Error()))
	for _, s := range sentinels {
		switch {
		case err == s.err:
			b.WriteString(" ==" + s.name)
		case errors.Is(err, s.err):
			b.WriteString(" is:" + s.name)
		}
	}
	if u := errors.Unwrap(err); u != nil {
		b.WriteString(" chain:")
		for e := u; e != nil; e = errors.Unwrap(e) {
			fmt.Fprintf(&b, " %T", e)
		}
	}
	if pe, ok := errors.AsType[*pq.Error](err); ok {
		fmt.Fprintf(&b, " as:*pq.Error{Severity:%q Code:%q Message:%q Detail:%q Constraint:%q Table:%q Column:%q}",
			pe.Severity, pe.Code, pe.Message, pe.Detail, pe.Constraint, pe.Table, pe.Column)
	}
	if pe, ok := errors.AsType[*pgconn.PgError](err); ok {
		fmt.Fprintf(&b, " as:*pgconn.PgError{Severity:%q Code:%q Message:%q Detail:%q ConstraintName:%q TableName:%q ColumnName:%q}",
			pe.Severity, pe.Code, pe.Message, pe.Detail, pe.ConstraintName, pe.TableName, pe.ColumnName)
	}
	if me, ok := errors.AsType[*mysql.MySQLError](err); ok {
		fmt.Fprintf(&b, " as:*mysql.MySQLError{Number:%d SQLState:%q Message:%q}", me.Number, me.SQLState, me.Message)
	}
	if se, ok := errors.AsType[*sqlite.Error](err); ok {
		fmt.Fprintf(&b, " as:*sqlite.Error{Code:%d}", se.Code())
	}
	return b.String()
}

// DriverErrorCode returns the server's code carried by err (a PostgreSQL
// SQLSTATE, a MySQL error number, a SQLite result code) and whether err
// holds a driver error of the target's raw driver at all.
func DriverErrorCode(tg Target, err error) (string, bool) {
	switch tg.RawDriver {
	case "postgres":
		if pe, ok := errors.AsType[*pq.Error](err); ok {
			return string(pe.Code), true
		}
	case "pgx":
		if pe, ok := errors.AsType[*pgconn.PgError](err); ok {
			return pe.Code, true
		}
	case "mysql":
		if me, ok := errors.AsType[*mysql.MySQLError](err); ok {
			return fmt.Sprint(me.Number), true
		}
	case "sqlite":
		if se, ok := errors.AsType[*sqlite.Error](err); ok {
			return fmt.Sprint(se.Code()), true
		}
	}
	return "", false
}
