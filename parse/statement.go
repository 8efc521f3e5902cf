package parse

// Op is the operation of a statement.
type Op uint8

const (
	// OpUnknown means the statement's operation could not be determined.
	OpUnknown Op = iota
	// OpSelect is SELECT, VALUES, TABLE t and a WITH whose body is a SELECT.
	OpSelect
	// OpInsert is INSERT, including INSERT ... ON CONFLICT DO NOTHING and
	// MySQL/SQLite INSERT IGNORE / INSERT OR IGNORE.
	OpInsert
	// OpUpdate is UPDATE.
	OpUpdate
	// OpDelete is DELETE.
	OpDelete
	// OpUpsert is INSERT ... ON CONFLICT DO UPDATE (Postgres, SQLite) and
	// INSERT ... ON DUPLICATE KEY UPDATE (MySQL).
	OpUpsert
	// OpMerge is MERGE.
	OpMerge
	// OpReplace is MySQL/SQLite REPLACE and SQLite INSERT OR REPLACE.
	OpReplace
	// OpTruncate is TRUNCATE.
	OpTruncate
	// OpCreate is CREATE (see [Statement.Object] for what is created).
	OpCreate
	// OpAlter is ALTER.
	OpAlter
	// OpDrop is DROP.
	OpDrop
	// OpRename is MySQL RENAME TABLE.
	OpRename
	// OpCopy is Postgres COPY (a write for COPY ... FROM, a read for COPY ... TO).
	OpCopy
	// OpLoad is MySQL LOAD DATA / LOAD XML.
	OpLoad
	// OpBegin is BEGIN / START TRANSACTION.
	OpBegin
	// OpCommit is COMMIT / END.
	OpCommit
	// OpRollback is ROLLBACK / ABORT, and ROLLBACK TO SAVEPOINT (then
	// [Statement.Savepoint] is set).
	OpRollback
	// OpSavepoint is SAVEPOINT name.
	OpSavepoint
	// OpRelease is RELEASE [SAVEPOINT] name.
	OpRelease
	// OpSet is SET (session settings, variables, SET TRANSACTION).
	OpSet
	// OpShow is SHOW, DESCRIBE and similar catalog reads.
	OpShow
	// OpCall is CALL, EXECUTE and anonymous code blocks (Postgres DO): they
	// run code this package cannot see, so they may write any table.
	OpCall
	// OpExplain is EXPLAIN.
	OpExplain
	// OpOther is any other recognized statement (VACUUM, ANALYZE, LOCK,
	// GRANT, PRAGMA, USE, LISTEN, PREPARE ...).
	OpOther

	numOps
)

var opNames = [numOps]string{
	OpUnknown:   "UNKNOWN",
	OpSelect:    "SELECT",
	OpInsert:    "INSERT",
	OpUpdate:    "UPDATE",
	OpDelete:    "DELETE",
	OpUpsert:    "UPSERT",
	OpMerge:     "MERGE",
	OpReplace:   "REPLACE",
	OpTruncate:  "TRUNCATE",
	OpCreate:    "CREATE",
	OpAlter:     "ALTER",
	OpDrop:      "DROP",
	OpRename:    "RENAME",
	OpCopy:      "COPY",
	OpLoad:      "LOAD",
	OpBegin:     "BEGIN",
	OpCommit:    "COMMIT",
	OpRollback:  "ROLLBACK",
	OpSavepoint: "SAVEPOINT",
	OpRelease:   "RELEASE",
	OpSet:       "SET",
	OpShow:      "SHOW",
	OpCall:      "CALL",
	OpExplain:   "EXPLAIN",
	OpOther:     "OTHER",
}

// String returns the operation's upper-case name, e.g. "SELECT" or "UPSERT".
func (o Op) String() string {
	if o < numOps {
		return opNames[o]
	}
	return "UNKNOWN"
}

// IsDDL reports whether o is a schema change: CREATE, ALTER, DROP or RENAME.
func (o Op) IsDDL() bool { return o >= OpCreate && o <= OpRename }

// IsTx reports whether o is transaction control: BEGIN, COMMIT, ROLLBACK,
// SAVEPOINT or RELEASE.
func (o Op) IsTx() bool { return o >= OpBegin && o <= OpRelease }

// writes reports whether the operation changes data or schema by itself.
func (o Op) writes() bool {
	switch o {
	case OpInsert, OpUpdate, OpDelete, OpUpsert, OpMerge, OpReplace, OpTruncate,
		OpCreate, OpAlter, OpDrop, OpRename, OpLoad, OpCall:
		return true
	}
	return false
}

// Table is a normalized table (or view, or sequence) name.
//
// Names are normalized per dialect: [Postgres] folds unquoted names to lower
// case and keeps quoted ones as written; [MySQL], [SQLite] and [Generic] fold
// every name to lower case. Schema is empty when the statement did not
// qualify the name; use [Table.In] before comparing names from different
// statements. A three-part Postgres name (catalog.schema.table) keeps its
// last two parts.
type Table struct {
	Schema string
	Name   string
}

// In returns t qualified by defaultSchema when t has no schema of its own,
// so that items, public.items and "public"."items" compare equal under
// In("public"). For MySQL pass the connection's database, for SQLite "main"
// (see [Dialect.DefaultSchema]).
func (t Table) In(defaultSchema string) Table {
	if t.Schema == "" {
		t.Schema = defaultSchema
	}
	return t
}

// String returns "schema.name", or "name" when Schema is empty. It does not
// quote.
func (t Table) String() string {
	if t.Schema == "" {
		return t.Name
	}
	return t.Schema + "." + t.Name
}

// ValueKind tells what a [Value] refers to.
type ValueKind uint8

const (
	// ValueNone is the zero ValueKind: no value.
	ValueNone ValueKind = iota
	// ValueArg is a placeholder; [Value.Arg] is its 1-based ordinal (as in
	// driver.NamedValue.Ordinal, so the argument is args[Arg-1]).
	ValueArg
	// ValueNamed is a named placeholder (:name, @name, $name); [Value.Name]
	// holds the name without its sigil. In SQLite [Value.Arg] also holds
	// the parameter index SQLite assigns to it.
	ValueNamed
	// ValueString is a string literal; [Value.Text] holds its decoded text.
	ValueString
	// ValueNumber is a numeric literal; [Value.Text] holds it as written.
	ValueNumber
	// ValueNull is NULL.
	ValueNull
	// ValueBool is TRUE or FALSE; [Value.Text] is "true" or "false".
	ValueBool
	// ValueDefault is the DEFAULT keyword.
	ValueDefault
	// ValueExpr is any other expression; [Value.Text] holds its source text.
	ValueExpr
)

var valueKindNames = [...]string{"none", "arg", "named", "string", "number", "null", "bool", "default", "expr"}

// String returns the kind's lower-case name.
func (k ValueKind) String() string {
	if int(k) < len(valueKindNames) {
		return valueKindNames[k]
	}
	return "none"
}

// Value is one value of an INSERT row, an UPDATE assignment or a WHERE
// condition: a placeholder reference or a literal.
type Value struct {
	Kind ValueKind
	// Arg is the 1-based ordinal of the placeholder ($n is n; ? counts
	// positionally; SQLite ?NNN is NNN), 0 when not a placeholder.
	Arg int
	// Name is the name of a named placeholder, without its sigil.
	Name string
	// Text is the literal's decoded text, or an expression's source text.
	Text string
}

// Assignment is one "column = value" of an UPDATE SET list, or of the update
// part of an upsert.
type Assignment struct {
	// Table is the qualifier written before the column ("" when none).
	Table  string
	Column string
	Value  Value
}

// Condition is one top-level equality of a WHERE clause: "column = value"
// (one Value) or "column IN (values)". Conditions are only reported when
// the WHERE clause is a conjunction (no top-level OR), so every affected row
// satisfies each of them.
type Condition struct {
	Column string
	Values []Value
}

// Statement is the classification of one statement text. A *Statement
// returned by [Classify] is shared by every caller classifying the same text:
// it and the slices it holds must not be modified.
type Statement struct {
	// Dialect is the dialect the text was classified with.
	Dialect Dialect
	// Op is the operation (for multi-statement text, the operation of the
	// first statement that writes, else of the first statement).
	Op Op
	// Object is what a DDL statement acts on, upper case: "TABLE", "INDEX",
	// "VIEW", "MATERIALIZED VIEW", "SEQUENCE", "SCHEMA" ...; empty otherwise.
	Object string
	// Savepoint is the savepoint named by SAVEPOINT, RELEASE or ROLLBACK TO.
	Savepoint string

	// Multi is set when the text holds more than one statement.
	Multi bool
	// Unknown is set when the text is outside what this package understands
	// (or is not valid SQL): Reads and Writes cannot be trusted, the
	// statement is not cacheable and, if it may write, it must be taken to
	// write every table.
	Unknown bool

	// Reads lists the tables the statement reads from (FROM, JOIN,
	// subqueries, USING, INSERT ... SELECT sources, views' queries), in order
	// of first appearance, without duplicates. A write target is listed here
	// only if the statement also reads it as a source. CTE names are not
	// tables and never appear.
	Reads []Table
	// Writes lists the tables the statement changes (INSERT/UPDATE/DELETE
	// targets, data-modifying CTEs, SELECT INTO, DDL targets, TRUNCATE,
	// COPY FROM ...), in order of first appearance, without duplicates.
	// Changes made by triggers, rules and foreign-key cascades cannot be
	// seen in the text and are not listed.
	Writes []Table

	// Locking is set for FOR UPDATE / FOR SHARE / FOR NO KEY UPDATE /
	// FOR KEY SHARE / LOCK IN SHARE MODE.
	Locking bool
	// SelectInto is set for SELECT ... INTO (a new table in Postgres,
	// variables or a file in MySQL).
	SelectInto bool
	// NonDeterministic is set when the result may differ between two runs
	// over the same data: a function not on the dialect's immutable list,
	// now()/random()/CURRENT_TIMESTAMP/session values, 'now' literals,
	// MySQL user and system variables, TABLESAMPLE.
	NonDeterministic bool
	// OpaqueCall is set when the statement calls a function or procedure
	// that is on no list of this package (a user-defined function, say): it
	// may read or write tables that are not listed, so a statement with
	// OpaqueCall is treated as a write of unknown tables.
	OpaqueCall bool
	// TempTable is set when the statement creates, drops or names a
	// temporary table (CREATE TEMP TABLE, pg_temp.x, SQLite temp.x).
	TempTable bool
	// SystemCatalog is set when the statement reads the system catalogs
	// (pg_catalog, information_schema, mysql, performance_schema, sys,
	// sqlite_master ...) or is SHOW/DESCRIBE.
	SystemCatalog bool
	// Sequence is set when the statement uses a sequence or an
	// auto-increment counter (nextval, currval, setval, lastval,
	// LAST_INSERT_ID, NEXT VALUE FOR, last_insert_rowid, CREATE SEQUENCE).
	Sequence bool
	// Returning is set when a write has a RETURNING clause.
	Returning bool

	// Summary is the OpenTelemetry db.query.summary: the operations and the
	// target tables in order of appearance ("SELECT orders items",
	// "INSERT shipping SELECT orders"), at most 255 bytes. Comments never
	// change it.
	Summary string
	// Sanitized is the text with every literal (strings, numbers) replaced
	// by ?, placeholders kept as written, comments removed and runs of
	// whitespace collapsed to one space. When nothing changes it is the
	// input text itself.
	Sanitized string

	// Columns is the INSERT (or REPLACE, upsert) column list, as written
	// (unquoted; folded to lower case in Postgres when unquoted).
	Columns []string
	// Rows holds one entry per VALUES row, each with one Value per column
	// (for INSERT ... SET, one row). Nil when rows come from a query.
	Rows [][]Value
	// Set lists the UPDATE assignments, or the DO UPDATE SET / ON DUPLICATE
	// KEY UPDATE assignments of an upsert.
	Set []Assignment
	// ConflictColumns lists the ON CONFLICT (columns) of an upsert.
	ConflictColumns []string
	// Where lists the top-level equalities of the WHERE clause of an UPDATE,
	// DELETE or single-table SELECT (see [Condition]); nil when the clause
	// has a top-level OR or no usable equality.
	Where []Condition
	// Params is the number of distinct placeholders (the highest ordinal
	// for positional styles).
	Params int
}

// Sure reports whether the classification can be trusted: !s.Unknown.
func (s *Statement) Sure() bool { return !s.Unknown }

// IsWrite reports whether the statement may change data or schema: a write
// operation, any written table, an opaque function call, or an Unknown
// statement that is not transaction control or SHOW.
func (s *Statement) IsWrite() bool {
	if s.Op.writes() || len(s.Writes) > 0 || s.OpaqueCall {
		return true
	}
	if s.Unknown {
		return !(s.Op.IsTx() || s.Op == OpShow)
	}
	return false
}

// IsRead reports whether the statement only reads data: a SELECT, TABLE,
// VALUES, SHOW, EXPLAIN or COPY ... TO that does not write.
func (s *Statement) IsRead() bool {
	switch s.Op {
	case OpSelect, OpShow, OpExplain, OpCopy:
		return !s.IsWrite()
	}
	return false
}

// InvalidatesAll reports whether a successful run of the statement must be
// taken to have written every table: it may write and its written tables
// are not all known (Unknown, an opaque call, CALL/EXECUTE/DO, or a DDL
// statement whose effect is not limited to the listed tables).
func (s *Statement) InvalidatesAll() bool {
	if !s.IsWrite() {
		return false
	}
	return s.Unknown || s.OpaqueCall || s.Op == OpCall
}

// Cacheable reports whether the result of the statement may be cached: a
// plain read of at least one table, Sure, single-statement, with none of the
// flags Locking, SelectInto, NonDeterministic, OpaqueCall, TempTable,
// SystemCatalog, Sequence, Returning.
func (s *Statement) Cacheable() bool {
	return s.Op == OpSelect && !s.Unknown && !s.Multi && len(s.Reads) > 0 && len(s.Writes) == 0 &&
		!s.Locking && !s.SelectInto && !s.NonDeterministic && !s.OpaqueCall &&
		!s.TempTable && !s.SystemCatalog && !s.Sequence && !s.Returning
}

// Primary returns the table a per-table policy (a circuit breaker, say)
// should key on: the first written table for a write, else the first read
// table. ok is false when the statement names no table.
func (s *Statement) Primary() (t Table, ok bool) {
	if len(s.Writes) > 0 {
		return s.Writes[0], true
	}
	if len(s.Reads) > 0 {
		return s.Reads[0], true
	}
	return Table{}, false
}
