// Package interceptor wraps the objects of a database/sql driver — driver,
// connector, conn, stmt, tx and rows — and runs a [Chain] of hooks around
// the calls that matter: query, exec, prepare, begin, commit and rollback.
// It knows nothing of what the hooks do.
//
//	ch := interceptor.NewChain(tracing, breakers, cache) // outermost first
//	db := sql.OpenDB(interceptor.WrapConnector(inner, nil, ch))
//
// # What a wrapper claims
//
// A wrapped object must be indistinguishable from the inner one to
// database/sql and to code that inspects it. So:
//
//   - A conn implements every optional interface: ConnPrepareContext,
//     ConnBeginTx, ExecerContext, QueryerContext, Pinger, SessionResetter,
//     Validator and NamedValueChecker. Where the inner conn lacks one, the
//     wrapper does exactly what database/sql does for a conn without it
//     (fallback.go): the context forms fall back to the legacy Execer,
//     Queryer, Prepare and Begin with database/sql's own context checks and
//     errors, and then to a bare [driver.ErrSkip]; Ping, ResetSession and
//     IsValid answer nil, nil and true; CheckNamedValue answers ErrSkip. On
//     a conn that lacks an Exec or a Query method, CheckNamedValue accepts
//     every value as it is, and the wrapper converts the arguments itself,
//     as database/sql would, only for the call the inner conn can take: the
//     other answers ErrSkip, and database/sql converts them again for the
//     prepared statement it falls back to.
//   - A stmt implements StmtExecContext, StmtQueryContext and
//     NamedValueChecker the same way (its CheckNamedValue asks the inner
//     stmt, then the inner conn, then answers ErrSkip), and ColumnConverter
//     only when the inner stmt has it.
//   - Rows implement every RowsColumnType interface, answering database/sql's
//     defaults where the inner rows lack one, and RowsNextResultSet only when
//     the inner rows have it. Built with Go 1.27 or later, rows also claim
//     driver.RowsColumnScanner when the inner rows have it and no
//     [RowObserver] of the call needs the row values.
//   - A connector implements io.Closer, and a driver DriverContext, only when
//     the inner one does.
//   - Results are the inner driver's, unwrapped. Every wrapper has an Unwrap
//     method returning the object it wraps, for sql.Conn.Raw users.
//
// # Errors and ErrSkip
//
// Errors from the inner driver reach the caller as the same value. A
// [driver.ErrSkip] from the inner driver means "not attempted": database/sql
// prepares the statement and runs it again, so the hooks' work for that
// attempt is abandoned and observers are not called; the chain runs in full
// for the attempt the driver accepts. A conn whose inner conn has neither
// the context nor the legacy method answers ErrSkip without running any hook.
//
// # COPY
//
// lib/pq's COPY … FROM STDIN streams rows through repeated Execs of one
// statement; the chain sees it as one logical exec, run when the COPY
// completes (the argument-less Exec or Close) or fails.
package interceptor
