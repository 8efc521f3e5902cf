// Package dhsql is a database/sql middleware driver. An application opens
// its database with one of dhsql's driver names instead of the plain
// driver's, and changes nothing else — not its GORM, sqlx or ent code:
//
//	import _ "github.com/deeperhub/dhsql/postgres" // lib/pq as "deeperhub-postgres"
//
//	db, err := sql.Open("deeperhub-postgres", "postgres://localhost/app?sslmode=disable")
//
// The registration packages are [github.com/deeperhub/dhsql/postgres]
// (lib/pq), [github.com/deeperhub/dhsql/pgx] (pgx's stdlib),
// [github.com/deeperhub/dhsql/mysql] (go-sql-driver/mysql, for MySQL and
// MariaDB) and [github.com/deeperhub/dhsql/sqlite] (modernc.org/sqlite, pure
// Go). This package imports no driver itself: [Wrap], [WrapConnector] and
// [Register] wrap any driver.
//
// Every statement is classified by [github.com/deeperhub/dhsql/parse]
// (operation, tables read and written) and runs through a chain of hooks
// (package [github.com/deeperhub/dhsql/interceptor]) around the inner
// driver. The wrapper is transparent: errors from the inner driver reach
// the caller as the same values, the wrapped objects implement exactly the
// optional driver interfaces the inner ones do, and [Unwrap] reaches the
// inner objects (for sql.Conn.Raw).
//
// # Settings
//
// Settings come from options in code ([WithCache], [WithBreaker], …) and
// from dh_* parameters in the DSN, which win and are removed before the
// inner driver sees the DSN ([ParseDSN]):
//
//	postgres://u@host/app?sslmode=disable&dh_cache=on&dh_cache_ttl=1m
//	host=db dbname=app dh_breaker_max_failures=10
//	u:p@tcp(db:3306)/app?parseTime=true&dh_kafka_brokers=k1:9092,k2:9092
//	file:app.db?_pragma=busy_timeout(5000)&dh_cache=on
//
// An unknown dh_* parameter or a bad value makes the first connection fail
// with a [ConfigError] naming the parameter and the value
// (errors.Is(err, [ErrInvalidConfig])). [Config] lists every setting and
// its default.
package dhsql
