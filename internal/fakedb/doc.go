// Package fakedb is an in-memory database/sql driver for tests and
// benchmarks. It talks to no server: a tiny statement language chooses what
// each call does, and every call into the driver is written to a log, so a
// test can run the same steps through the driver and through a wrapper of it
// and compare both what the caller saw and what the driver was asked.
//
//	srv := fakedb.New(fakedb.Config{Conn: fakedb.Legacy, Stmt: fakedb.Bare})
//	db := sql.OpenDB(srv.Connector())
//	defer db.Close()
//	_, err := db.Exec("EXEC 3")  // RowsAffected 3
//	fmt.Println(srv.Log())       // [c1 Connect c1 Exec "EXEC 3" [] …]
//
// # Capabilities
//
// [Config] picks, per field, which optional interfaces of
// database/sql/driver the fake objects implement ([Kind]): a conn may be
// [Bare] (driver.Conn only), [Legacy] (adds Execer and Queryer), [Full]
// (the context forms, Pinger, SessionResetter, Validator and
// NamedValueChecker), or [ExecOnly] or [QueryOnly] (Full without
// QueryerContext, or without ExecerContext); a stmt [Bare], [Full],
// [Converter] or [BareConverter]; rows [Bare] or [Full]. The connector implements
// io.Closer and the driver DriverContext when asked to.
//
// # Statements
//
// A statement is a few words, matched case-insensitively; '?' marks a
// placeholder and other extra words are ignored.
//
//	SELECT [n] [ERR|ERRT]  n rows (default 1) of (id BIGINT = 1…n,
//	                       name VARCHAR = "name-<id>", NULL when id%3 == 0);
//	                       with ERR or ERRT, Next fails after the rows
//	EXEC [n]               RowsAffected n, LastInsertId n (default 0)
//	ERR                    fails with [ErrBoom]
//	ERRT                   fails with a new *[Error] every time
//	ERRP                   fails already when prepared, with ErrBoom
//	BADCONN                driver.ErrBadConn on a conn that has run a
//	                       statement before (a pooled connection the server
//	                       dropped; the conn is dead afterwards), otherwise
//	                       like SELECT 1 / EXEC 1
//	SLOW                   waits until the context is done and returns its
//	                       error; [ErrNoContext] where there is no context
//	MULTI                  two result sets: (id, name) × 2, then (n) × 1
//	FAILCOMMIT             like EXEC 0; the open transaction's Commit fails
//	                       with ErrBoom
//	COPY … FROM STDIN      prepares a lib/pq-style COPY statement (see
//	                       below); run directly it fails with [ErrCopy]
//	SKIP <statement>       the conn-level Exec/Query (legacy or context)
//	                       answers driver.ErrSkip; prepared, it is <statement>
//
// Any other text fails with [ErrSyntax]. Executing a query statement
// returns RowsAffected 0; querying an EXEC returns rows without columns.
// A stmt's NumInput is the number of '?' in its text, or -1 (unchecked)
// when there is none. With [Config.SkipWithArgs], the conn-level Exec and
// Query answer driver.ErrSkip whenever they get arguments, like
// go-sql-driver/mysql without interpolateParams.
//
// The COPY statement behaves like lib/pq's: an Exec with arguments buffers
// a row (a row whose first value is the string "bad" fails with a new
// *Error, and every later Exec returns that error); an Exec without
// arguments, or Close, completes the COPY, and the completing Exec returns
// RowsAffected = the rows sent. It also has lib/pq's
// CopyData(ctx, line) method.
//
// Values of type [Custom] are accepted as arguments by the NamedValueChecker
// of Full objects, and turned into strings by the ColumnConverter of
// Converter statements; database/sql's default conversion refuses them.
//
// # Log and errors
//
// Every call into a fake object appends one line to the [Server]'s log,
// naming the object (c1, c1.s2, c1.r3, c1.t1), the method and its
// arguments with their types. [Config.NoLog] turns the log off; the fake
// then costs a few tens of nanoseconds per call and allocates nothing per
// row. [Server.LastError] is the last error the fake returned, for tests
// that compare error identity.
package fakedb
