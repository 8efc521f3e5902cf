// Package pgx registers the "deeperhub-pgx" database/sql driver:
// github.com/jackc/pgx/v5/stdlib wrapped by dhsql. Import it for its side
// effect:
//
//	import _ "github.com/deeperhub/dhsql/pgx"
//
//	db, err := sql.Open("deeperhub-pgx", "postgres://localhost/app?dh_cache=on")
//
// To build the connector in code (stdlib.GetConnector with a
// pgx.ConnConfig, or stdlib.OptionAfterConnect hooks):
//
//	db := sql.OpenDB(dhsql.WrapConnector(stdlib.GetConnector(*cfg), pgx.Options()...))
//
// sql.Conn.Raw hands dhsql's conn to its function; [dhsql.Unwrap] gives the
// *stdlib.Conn under it.
package pgx

import (
	"errors"

	"github.com/deeperhub/dhsql"
	"github.com/deeperhub/dhsql/internal/sqlstate"
	"github.com/deeperhub/dhsql/parse"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// DriverName is the name this package registers with database/sql.
const DriverName = "deeperhub-pgx"

// Dialect is the SQL dialect of pgx's statements.
const Dialect = parse.Postgres

func init() {
	if !dhsql.Registered(DriverName) {
		dhsql.Register(DriverName, stdlib.GetDefaultDriver(), Options()...)
	}
}

// Options returns the options that describe pgx to dhsql: its dialect and
// its error classifier.
func Options() []dhsql.Option {
	return []dhsql.Option{dhsql.WithDialect(Dialect), dhsql.WithErrorClassifier(ClassifyError)}
}

// ClassifyError describes an error of pgx: a *pgconn.PgError by its
// SQLSTATE, a connect error or a timeout by what it is, anything else by
// [dhsql.ClassifyError].
func ClassifyError(err error) dhsql.ErrorInfo {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return dhsql.ErrorInfo{Code: pe.Code, Class: sqlstate.Classify(pe.Code)}
	}
	info := dhsql.ClassifyError(err)
	if info.Class == dhsql.ClassOther {
		var ce *pgconn.ConnectError
		if errors.As(err, &ce) {
			info.Class = dhsql.ClassConnection
		} else if pgconn.Timeout(err) {
			info.Class = dhsql.ClassTimeout
		}
	}
	return info
}
