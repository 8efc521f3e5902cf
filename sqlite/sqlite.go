// Package sqlite registers the "deeperhub-sqlite" database/sql driver:
// modernc.org/sqlite (pure Go, no cgo) wrapped by dhsql. Import it for its
// side effect:
//
//	import _ "github.com/deeperhub/dhsql/sqlite"
//
//	db, err := sql.Open("deeperhub-sqlite", "file:app.db?_pragma=busy_timeout(5000)&dh_cache=on")
//
// The wrapped driver is modernc's registered one, so functions and
// collations registered with sqlite.RegisterScalarFunction and friends work
// under both names.
package sqlite

import (
	"database/sql"
	"errors"
	"strconv"

	"github.com/deeperhub/dhsql"
	"github.com/deeperhub/dhsql/parse"
	moderncsqlite "modernc.org/sqlite"
)

// DriverName is the name this package registers with database/sql.
const DriverName = "deeperhub-sqlite"

// Dialect is the SQL dialect of SQLite statements.
const Dialect = parse.SQLite

func init() {
	if !dhsql.Registered(DriverName) {
		// sql.Open does not connect: it only looks the driver up, which
		// gives modernc's registered instance and its functions.
		db, err := sql.Open("sqlite", "")
		if err != nil {
			panic("dhsql/sqlite: modernc.org/sqlite is not registered: " + err.Error())
		}
		drv := db.Driver()
		db.Close()
		dhsql.Register(DriverName, drv, Options()...)
	}
}

// Options returns the options that describe modernc.org/sqlite to dhsql:
// its dialect and its error classifier.
func Options() []dhsql.Option {
	return []dhsql.Option{dhsql.WithDialect(Dialect), dhsql.WithErrorClassifier(ClassifyError)}
}

// SQLite primary result codes (https://sqlite.org/rescode.html).
const (
	codeError      = 1
	codeInterrupt  = 9
	codeBusy       = 5
	codeLocked     = 6
	codeNoMem      = 7
	codeReadOnly   = 8
	codeIOErr      = 10
	codeCorrupt    = 11
	codeFull       = 13
	codeCantOpen   = 14
	codeProtocol   = 15
	codeTooBig     = 18
	codeConstraint = 19
	codeMismatch   = 20
	codeRange      = 25
	codeNotADB     = 26
)

// ClassifyError describes an error of modernc.org/sqlite: a
// *sqlite.Error by its result code (the extended code is the Code; its low
// byte the class), anything else by [dhsql.ClassifyError].
func ClassifyError(err error) dhsql.ErrorInfo {
	var se *moderncsqlite.Error
	if errors.As(err, &se) {
		code := se.Code()
		return dhsql.ErrorInfo{Code: strconv.Itoa(code), Class: classifyCode(code & 0xff)}
	}
	return dhsql.ClassifyError(err)
}

func classifyCode(primary int) dhsql.ErrorClass {
	switch primary {
	case codeBusy, codeLocked, codeNoMem, codeIOErr, codeCorrupt, codeFull, codeProtocol:
		return dhsql.ClassResource
	case codeCantOpen, codeNotADB:
		return dhsql.ClassConnection
	case codeInterrupt:
		return dhsql.ClassCanceled
	case codeConstraint:
		return dhsql.ClassConstraint
	case codeMismatch, codeTooBig, codeRange:
		return dhsql.ClassData
	case codeError:
		return dhsql.ClassSyntax
	case codeReadOnly:
		return dhsql.ClassOther
	}
	return dhsql.ClassOther
}
