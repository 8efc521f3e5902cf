// Package dsn finds, decodes and strips the wrapper's own dh_* parameters in
// the DSN of an inner database/sql driver, and reads the server target out of
// a DSN for telemetry. It depends on the standard library only.
//
// The wrapper's settings travel in the same DSN as the inner driver's, as
// parameters whose name starts with "dh_" (lower case, exactly). [Split]
// removes them and hands back the DSN the inner driver must see; it never
// validates the names or values, which is the caller's job. Every byte that
// does not belong to a dh_ parameter is kept as written. A DSN without dh_
// parameters comes back as the very same string.
//
// Each [Form] follows the inner driver's own parser, so that a parameter is
// found exactly where that driver would have found it.
//
// # Postgres (lib/pq and pgx)
//
// A DSN starting with "postgres://" or "postgresql://" is a URL:
//
//	postgres://user:p%40ss@host:5432,host2:5433/db?sslmode=disable&dh_cache=on
//	postgres:///db?host=/var/run/postgresql
//
// The URL is cut up as libpq does it (pgx copies libpq; lib/pq goes through
// net/url, which finds the same query in every well-formed URL but decodes
// '+' as a space and treats '#' as a fragment): the user info ends at the
// first '@' before any '/', the hosts are a comma-separated list, an IPv6
// host is in brackets, and the query starts at the next '?' and runs to the
// end ('#' is not special). Query pairs are separated by '&' and split at
// their first '='. Keys and values are percent-decoded, '+' stays a '+', and
// leading or trailing spaces are dropped, as libpq does, so "dh%5Fcache" is
// the dh_cache parameter. Stripping keeps the other pairs byte for byte, in
// order, and drops the '?' when nothing is left after it. A dh_ key between a
// '?' and an '@' in the user info is reported as an error, because libpq and
// net/url read that part differently.
//
// Anything else is a libpq key=value connection string:
//
//	host=localhost port=5432 dbname=test password='a b\'c' dh_cache = on
//
// A keyword is a run of characters other than white space and '='; white
// space may surround the '='; a value is a run of non-white-space characters
// or a single-quoted string, and in both a backslash takes the next character
// literally. An empty value followed by white space takes the next word as
// its value ("dh_x= sslmode=disable" sets dh_x to "sslmode=disable"), exactly
// as libpq does. White space is ASCII white space (C's isspace, as in libpq
// and pgx; lib/pq alone also splits at Unicode spaces, so a dh_ keyword right
// after one is an error). A removed setting takes the white space after it
// along, or the white space before it when it is the last one. An
// unterminated quote or a word without '=' is an error, since then the
// settings cannot be told apart; a trailing backslash is dropped, as libpq
// and pgx do.
//
// # MySQL (go-sql-driver/mysql)
//
//	user:p@ss:w/rd@tcp(127.0.0.1:3306)/test?parseTime=true&dh_cache=on
//	user@unix(/tmp/mysql.sock)/db
//	/db
//
// mysql.ParseDSN takes the LAST '/' of the whole DSN as the start of the
// database name, the last '@' before it as the end of the user info and the
// first '?' after it as the start of the parameters; so a password may hold
// '@', ':', '/' and '?', while a parameter value may not hold a raw '/'.
// Parameter keys are compared as written (mysql does not decode them) and
// values are decoded with url.QueryUnescape ('+' is a space), as mysql does.
// When the DSN contains "dh_" but its layout is one mysql rejects (no '/'
// at all, an address not closed by ')' just before the last '/', or a '/' or
// '?' in the network name: what an unescaped '/' in a parameter value looks
// like), Split reports an error rather than guess.
//
// # SQLite (modernc.org/sqlite)
//
//	file:test.db?cache=shared&dh_cache=on
//	file::memory:?mode=memory&cache=shared
//	test.db?_pragma=busy_timeout(5000)&dh_cache=on
//	:memory:
//
// modernc cuts the DSN at its first '?' (unless that is the first byte) and
// parses the rest with url.ParseQuery: pairs separated by '&', keys and
// values decoded with url.QueryUnescape. Split follows that, for plain paths
// and "file:" URIs alike.
//
// # Common rules
//
// A dh_ parameter written without '=' or with an empty value has Value "".
// A parameter given twice is returned twice, in order. Names are matched
// case-sensitively on the decoded name: "xdh_cache", "DH_cache" and "dh" are
// not ours. A dh_ name or value with a malformed percent escape is an error.
// Errors are *[SyntaxError] values: they give the problem and a byte offset,
// never DSN text beyond a dh_ parameter name.
//
// [ParseTarget] returns the host, port, database and user a DSN names, with
// no driver defaults applied, for telemetry; it never returns the password.
package dsn
