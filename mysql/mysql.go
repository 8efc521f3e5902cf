// Package mysql registers the "deeperhub-mysql" database/sql driver:
// github.com/go-sql-driver/mysql wrapped by dhsql, for MySQL and MariaDB.
// Import it for its side effect:
//
//	import _ "github.com/deeperhub/dhsql/mysql"
//
//	db, err := sql.Open("deeperhub-mysql", "root@tcp(127.0.0.1:3306)/app?parseTime=true&dh_cache=on")
//
// To build the connector in code:
//
//	c, _ := mysqldriver.NewConnector(cfg)
//	db := sql.OpenDB(dhsql.WrapConnector(c, mysql.Options()...))
package mysql

import (
	"database/sql/driver"
	"errors"
	"strconv"

	"github.com/deeperhub/dhsql"
	"github.com/deeperhub/dhsql/parse"
	mysqldriver "github.com/go-sql-driver/mysql"
)

// DriverName is the name this package registers with database/sql.
const DriverName = "deeperhub-mysql"

// Dialect is the SQL dialect of MySQL and MariaDB statements.
const Dialect = parse.MySQL

func init() {
	if !dhsql.Registered(DriverName) {
		dhsql.Register(DriverName, &mysqldriver.MySQLDriver{}, Options()...)
	}
}

// Options returns the options that describe go-sql-driver/mysql to dhsql:
// its dialect and its error classifier.
func Options() []dhsql.Option {
	return []dhsql.Option{dhsql.WithDialect(Dialect), dhsql.WithErrorClassifier(ClassifyError)}
}

// ClassifyError describes an error of go-sql-driver/mysql: a
// *mysql.MySQLError by its error number, the driver's connection errors as
// connection errors, anything else by [dhsql.ClassifyError].
func ClassifyError(err error) dhsql.ErrorInfo {
	var me *mysqldriver.MySQLError
	if errors.As(err, &me) {
		return dhsql.ErrorInfo{Code: strconv.Itoa(int(me.Number)), Class: classifyNumber(me.Number)}
	}
	if errors.Is(err, mysqldriver.ErrInvalidConn) || errors.Is(err, mysqldriver.ErrMalformPkt) ||
		errors.Is(err, mysqldriver.ErrPktSync) || errors.Is(err, mysqldriver.ErrPktSyncMul) ||
		errors.Is(err, driver.ErrBadConn) {
		return dhsql.ErrorInfo{Class: dhsql.ClassConnection}
	}
	return dhsql.ClassifyError(err)
}

// classifyNumber classifies a MySQL/MariaDB server error number.
func classifyNumber(n uint16) dhsql.ErrorClass {
	switch n {
	case 1040, 1203, // too many connections (server, user)
		1037, 1038, 1041, // out of memory
		1021, 1114, // disk full, table full
		1135, // can't create thread
		1226: // user exceeded a resource limit
		return dhsql.ClassResource
	case 1205, // lock wait timeout
		3024, // max_execution_time exceeded (MySQL)
		1969: // max_statement_time exceeded (MariaDB)
		return dhsql.ClassTimeout
	case 1213: // deadlock
		return dhsql.ClassConflict
	case 1317: // query execution was interrupted (KILL QUERY)
		return dhsql.ClassCanceled
	case 1053, // server shutdown in progress
		1077, 1078, 1079, 1080, // shutdown, forcing close
		1129,                                                       // host blocked
		1152, 1153, 1154, 1155, 1156, 1157, 1158, 1159, 1160, 1161, // aborted connection, packet errors
		1927,                         // connection killed (MariaDB)
		2002, 2003, 2006, 2013, 2055: // client-side: can't connect, gone away, lost connection
		return dhsql.ClassConnection
	case 1062, 1022, 1169, 1586, // duplicate key
		1451, 1452, 1216, 1217, 1557, 1761, 1762, // foreign keys
		1048,       // column cannot be null
		3819, 4025: // check constraint (MySQL, MariaDB)
		return dhsql.ClassConstraint
	case 1064, 1149, // syntax
		1146, 1054, 1049, 1051, 1050, 1060, 1061, 1091, 1109, 1305, // missing or duplicate objects
		1044, 1045, 1142, 1143, 1227, 1370, // access denied
		1235: // not supported
		return dhsql.ClassSyntax
	case 1264, 1265, 1292, 1366, 1367, 1406, 1411, 1690, 3140:
		// out of range, truncated, incorrect value, too long, invalid JSON
		return dhsql.ClassData
	}
	return dhsql.ClassOther
}
