// Package parse classifies SQL statements for dhsql: for one statement text
// in one [Dialect] it says what the statement does ([Op]), which tables it
// reads and writes, whether its result may be cached, and which values an
// INSERT, UPDATE or DELETE carries, so that the result cache, the per-table
// circuit breakers, the spans and the change events can key on it.
//
//	st := parse.Classify(parse.Postgres,
//		`SELECT * FROM "users" WHERE "users"."id" = $1 AND "users"."deleted_at" IS NULL`)
//	st.Op           // parse.OpSelect
//	st.Reads        // [{"" "users"}]
//	st.Cacheable()  // true
//	st.Summary      // "SELECT users" (db.query.summary)
//	st.Where        // [{id [$1]}]
//
// # Unknown means unknown
//
// A wrong table is a stale read or a lost event further down, so the parser
// never guesses. Text it does not understand — invalid SQL, a construct it
// does not handle, a lexical form whose meaning differs between server
// settings — yields a [Statement] with Unknown set: it is not cacheable and,
// if it may write, [Statement.InvalidatesAll] reports that every table must
// be taken as written. The differential test in parse/difftest checks the
// table sets against Postgres's own grammar (libpg_query) and TiDB's MySQL
// grammar on more than 3,000 statements.
//
// # What is recognized
//
// Operations: SELECT (and VALUES, TABLE), INSERT, UPDATE, DELETE, upserts
// (ON CONFLICT DO UPDATE, ON DUPLICATE KEY UPDATE), MERGE, REPLACE,
// TRUNCATE, CREATE/ALTER/DROP/RENAME, COPY, LOAD DATA, transaction control
// with savepoints, SET, SHOW, CALL/EXECUTE/DO, EXPLAIN and a list of other
// commands. Text with several statements is classified as a whole, with
// Multi set.
//
// Tables are found in FROM lists and joins of every kind, subqueries and
// derived tables at any depth, CTEs (a CTE name is not a table; recursive
// CTEs see every name of their list), IN/EXISTS/ANY subqueries, set
// operations, LATERAL, data-modifying CTEs, UPDATE ... FROM, DELETE ...
// USING, MySQL multi-table UPDATE and DELETE, INSERT ... SELECT, SELECT
// INTO, DDL targets (and the new name of a renamed table).
//
// Names are normalized per dialect (see [Dialect] and [Table]); use
// [Table.In] with the connection's default schema before comparing names
// from different statements.
//
// Lexing follows each dialect: quoted identifiers ("x", `x`, [x]), E'\n'
// and $tag$ dollar-quoted strings, backslash escapes in MySQL, nested comments in
// Postgres, MySQL # comments and /*! */ executable comments (whose content
// is code), and every placeholder style: $n, ?, ?NNN, :name, @name, $name.
// In Postgres a bare ? counts as a placeholder only in text without $n
// placeholders; next to $n placeholders it is the jsonb key-exists operator,
// and ?| and ?& are always operators.
//
// # Caching flags
//
// [Statement.Cacheable] is false for writes, multi-statement text, Unknown
// statements, statements without tables, and when any of these is set:
// Locking (FOR UPDATE/SHARE ...), SelectInto, NonDeterministic (a function
// not on the dialect's immutable list, the clock, randomness, session
// values, MySQL variables, 'now' literals), OpaqueCall (a function on no
// list: it may read or write anything, so the statement counts as a write
// of unknown tables), TempTable, SystemCatalog, Sequence, Returning.
//
// # Limits callers must handle
//
//   - Temporary tables: the parser flags statements that create, drop or
//     qualify a temporary table (CREATE TEMP TABLE, pg_temp.x, temp.x), but
//     it cannot know that a later unqualified name refers to one. A caller
//     should stop caching for a connection (or a session) once it has seen a
//     statement with TempTable set.
//   - Views: a view's name is reported as a table; the parser cannot know
//     the view's base tables, so a write to a base table does not name the
//     view. A cache must be told which relations are views, or not cache
//     them.
//   - Triggers, rules, foreign-key cascades, partitions and inheritance
//     change tables that the text does not name. TRUNCATE ... CASCADE and
//     DROP ... CASCADE are Unknown for that reason; ON DELETE CASCADE
//     foreign keys are invisible.
//   - Session settings are taken as uniform across a connection pool:
//     search_path (which schema an unqualified name means), USE db (MySQL),
//     TimeZone and similar settings that change what a function returns.
//   - MySQL is assumed to run with the default sql_mode: "x" is a string
//     (under ANSI_QUOTES it would be an identifier, so "x" in a table
//     position is Unknown) and backslashes escape. Table names fold to lower
//     case, which may merge two tables that differ only by case on a server
//     with lower_case_table_names=0: that only invalidates more.
//
// # Event data
//
// For INSERT (and REPLACE, upserts) Columns and Rows give, per VALUES row
// and column, a [Value]: a placeholder (the 1-based ordinal of
// driver.NamedValue, or a name), a literal with its kind and decoded text,
// DEFAULT, or an expression. UPDATE (and the update part of an upsert)
// gives its Set assignments. Where gives the top-level equalities of a
// WHERE clause that has no top-level OR (column = value, column IN
// (values)), so every affected row satisfies each of them.
//
// # Summary and sanitized text
//
// Summary is the OpenTelemetry db.query.summary: operations and tables in
// order of appearance, at most 255 bytes. Sanitized replaces every literal
// with ?, keeps placeholders as written, removes comments and collapses
// whitespace; neither depends on comments, so sqlcommenter comments do not
// make distinct summaries.
//
// # Memo
//
// [Classify] memoizes results by (dialect, text) in a bounded,
// concurrency-safe [Memo] (sharded, CLOCK eviction, capped in entries and
// bytes; texts above [MaxMemoText] are parsed but not kept). A hit takes a
// read lock and allocates nothing. A text that ends with a plain /* */
// comment is memoized under the text before it, so a per-request
// sqlcommenter comment neither defeats nor fills the memo. The returned
// *Statement is shared: callers must not modify it or its slices. [Parse]
// classifies without the memo.
//
// The package uses the standard library only, has no cgo, and never panics:
// the fuzz targets in fuzz_test.go check that for any input, along with
// bounded time and stable results.
package parse
