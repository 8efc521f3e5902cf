// Package postgres registers the "deeperhub-postgres" database/sql driver:
// github.com/lib/pq wrapped by dhsql. Import it for its side effect:
//
//	import _ "github.com/deeperhub/dhsql/postgres"
//
//	db, err := sql.Open("deeperhub-postgres", "postgres://localhost/app?sslmode=disable&dh_cache=on")
//
// It also exports what dhsql needs to know of lib/pq, for code that wraps
// a pq connector itself:
//
//	c, _ := pq.NewConnector(dsn)
//	db := sql.OpenDB(dhsql.WrapConnector(c, postgres.Options()...))
package postgres

import (
	"errors"

	"github.com/deeperhub/dhsql"
	"github.com/deeperhub/dhsql/internal/sqlstate"
	"github.com/deeperhub/dhsql/parse"
	"github.com/lib/pq"
)

// DriverName is the name this package registers with database/sql.
const DriverName = "deeperhub-postgres"

// Dialect is the SQL dialect of lib/pq's statements.
const Dialect = parse.Postgres

func init() {
	if !dhsql.Registered(DriverName) {
		dhsql.Register(DriverName, &pq.Driver{}, Options()...)
	}
}

// Options returns the options that describe lib/pq to dhsql: its dialect
// and its error classifier.
func Options() []dhsql.Option {
	return []dhsql.Option{dhsql.WithDialect(Dialect), dhsql.WithErrorClassifier(ClassifyError)}
}

// ClassifyError describes an error of lib/pq: a *pq.Error by its SQLSTATE,
// anything else by [dhsql.ClassifyError].
func ClassifyError(err error) dhsql.ErrorInfo {
	var pe *pq.Error
	if errors.As(err, &pe) {
		code := string(pe.Code)
		return dhsql.ErrorInfo{Code: code, Class: sqlstate.Classify(code)}
	}
	return dhsql.ClassifyError(err)
}
