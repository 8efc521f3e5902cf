package conformance

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Checks returns every check of the kit, in the order [Run] runs them.
func Checks() []Check {
	return []Check{
		{Name: "Query", Compare: checkQuery},
		{Name: "Scan", Compare: checkScan},
		{Name: "ColumnTypes", Compare: checkColumnTypes},
		{Name: "Args", Compare: checkArgs},
		{Name: "NamedArgs", Compare: checkNamedArgs},
		{Name: "Result", Compare: checkResult},
		{Name: "Tx", Compare: checkTx},
		{Name: "TxIsolation", Compare: checkTxIsolation},
		{Name: "TxReadOnly", Compare: checkTxReadOnly},
		{Name: "MultipleResultSets", Compare: checkMultipleResultSets},
		{Name: "Cancel", Compare: checkCancel},
		{Name: "BadConn", Compare: checkBadConn, Applies: func(tg Target) bool { return tg.KillBackend }},
		{Name: "ServerKill", Compare: checkServerKill, Applies: func(tg Target) bool { return tg.KillBackend }},
		{Name: "Errors", Compare: checkErrors},
		{Name: "ErrorIdentity", Test: testErrorIdentity},
		{Name: "RawUnwrap", Test: testRawUnwrap},
		{Name: "Notify", Test: testNotify, Applies: func(tg Target) bool { return tg.Notify }},
		{Name: "ConnectorClose", Test: testConnectorClose},
		{Name: "OneLogicalStatement", Test: testOneLogicalStatement},
		{Name: "CopyIn", Test: testCopyIn, Applies: func(tg Target) bool { return tg.CopyIn }},
		{Name: "OptionalInterfaces", Test: testOptionalInterfaces},
	}
}

// recordRows reads rows to the end, recording its columns, every row (as
// the driver's values, scanned into any), rows.Err and rows.Close.
// It returns the number of result sets read.
func recordRows(s *Side, key string, rows *sql.Rows, err error) (sets int) {
	if err != nil {
		s.Record(key+" error", err)
		return 0
	}
	defer rows.Close()
	for set := 0; ; set++ {
		sets++
		cols, err := rows.Columns()
		s.Record(fmt.Sprintf("%s set %d columns", key, set), cols, err)
		n := 0
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			err := rows.Scan(ptrs...)
			s.Record(fmt.Sprintf("%s set %d row %d", key, set, n), append(vals, err)...)
			n++
		}
		s.Record(fmt.Sprintf("%s set %d err", key, set), rows.Err())
		if !rows.NextResultSet() {
			break
		}
	}
	s.Record(key+" err", rows.Err())
	s.Record(key+" close", rows.Close())
	return sets
}

// recordResult records an exec's error or its LastInsertId and
// RowsAffected, values and errors.
func recordResult(s *Side, key string, res sql.Result, err error) {
	if err != nil {
		s.Record(key+" error", err)
		return
	}
	id, idErr := res.LastInsertId()
	n, nErr := res.RowsAffected()
	s.Record(key+" LastInsertId", id, idErr)
	s.Record(key+" RowsAffected", n, nErr)
}

func checkQuery(t *testing.T, s *Side) {
	ctx := context.Background()
	tbl := s.Ident("query")
	s.CreateTable(t, tbl, "id int PRIMARY KEY, name varchar(40), score int")
	ins := fmt.Sprintf("INSERT INTO %s (id, name, score) VALUES (%s, %s, %s)", tbl, s.P(1), s.P(2), s.P(3))
	for i := 1; i <= 3; i++ {
		res, err := s.DB.ExecContext(ctx, ins, i, fmt.Sprintf("n%d", i), i*10)
		recordResult(s, "db.Exec insert", res, err)
	}
	res, err := s.DB.ExecContext(ctx, "UPDATE "+tbl+" SET score = score + 1")
	recordResult(s, "db.Exec update without args", res, err)

	rows, err := s.DB.QueryContext(ctx, "SELECT id, name, score FROM "+tbl+" ORDER BY id")
	recordRows(s, "db.Query", rows, err)
	rows, err = s.DB.QueryContext(ctx, "SELECT id, name FROM "+tbl+" WHERE id > "+s.P(1)+" ORDER BY id", 1)
	recordRows(s, "db.Query with args", rows, err)
	rows, err = s.DB.QueryContext(ctx, "SELECT id, name FROM "+tbl+" WHERE id > "+s.P(1), 100)
	recordRows(s, "db.Query empty", rows, err)

	var name string
	var score int
	err = s.DB.QueryRowContext(ctx, "SELECT name, score FROM "+tbl+" WHERE id = "+s.P(1), 2).Scan(&name, &score)
	s.Record("db.QueryRow", name, score, err)
	err = s.DB.QueryRowContext(ctx, "SELECT name FROM "+tbl+" WHERE id = "+s.P(1), 99).Scan(&name)
	s.Record("db.QueryRow no rows", err)

	// Prepared on the pool.
	stmt, err := s.DB.PrepareContext(ctx, "SELECT name, score FROM "+tbl+" WHERE id = "+s.P(1))
	s.Record("db.Prepare", err)
	if err == nil {
		for _, id := range []int{1, 3, 99} {
			name, score = "", 0
			err := stmt.QueryRowContext(ctx, id).Scan(&name, &score)
			s.Record(fmt.Sprintf("stmt.QueryRow %d", id), name, score, err)
		}
		rows, err := stmt.QueryContext(ctx, 2)
		recordRows(s, "stmt.Query", rows, err)
		s.Record("stmt.Close", stmt.Close())
		rows, err = stmt.QueryContext(ctx, 2)
		recordRows(s, "stmt.Query after Close", rows, err)
	}
	insStmt, err := s.DB.PrepareContext(ctx, ins)
	s.Record("db.Prepare insert", err)
	if err == nil {
		for i := 4; i <= 5; i++ {
			res, err := insStmt.ExecContext(ctx, i, fmt.Sprintf("p%d", i), i)
			recordResult(s, "stmt.Exec insert", res, err)
		}
		res, err := insStmt.ExecContext(ctx, 4, "dup", 0)
		recordResult(s, "stmt.Exec duplicate", res, err)
		s.Record("stmt.Close insert", insStmt.Close())
	}

	// Pinned to one connection.
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		t.Fatalf("%s: db.Conn: %v", s.Name(), err)
	}
	res, err = conn.ExecContext(ctx, "DELETE FROM "+tbl+" WHERE id = "+s.P(1), 5)
	recordResult(s, "conn.Exec", res, err)
	rows, err = conn.QueryContext(ctx, "SELECT count(*) FROM "+tbl)
	recordRows(s, "conn.Query", rows, err)
	cstmt, err := conn.PrepareContext(ctx, "SELECT id FROM "+tbl+" WHERE name = "+s.P(1))
	s.Record("conn.Prepare", err)
	if err == nil {
		var id int
		err := cstmt.QueryRowContext(ctx, "n2").Scan(&id)
		s.Record("conn stmt.QueryRow", id, err)
		s.Record("conn stmt.Close", cstmt.Close())
	}
	s.Record("conn.PingContext", conn.PingContext(ctx))
	s.Record("conn.Close", conn.Close())
	s.Record("conn.Close twice", conn.Close())
	_, err = conn.ExecContext(ctx, "SELECT 1")
	s.Record("conn.Exec after Close", err)

	s.Record("db.Ping", s.DB.PingContext(ctx))

	// Reading part of the rows and closing early leaves the pool usable.
	rows, err = s.DB.QueryContext(ctx, "SELECT id FROM "+tbl+" ORDER BY id")
	if err == nil {
		s.Record("partial Next", rows.Next())
		s.Record("partial Close", rows.Close())
		s.Record("partial Next after Close", rows.Next(), rows.Err())
	} else {
		s.Record("partial error", err)
	}
	// Scanning with the wrong number of destinations.
	err = s.DB.QueryRowContext(ctx, "SELECT id, name FROM "+tbl+" WHERE id = 1").Scan(&score)
	s.Record("Scan wrong count", err)
}

// scanDests are the destinations every column is scanned into.
var scanDests = []struct {
	name string
	new  func() any
}{
	{"any", func() any { return new(any) }},
	{"string", func() any { return new(string) }},
	{"[]byte", func() any { return new([]byte) }},
	{"int", func() any { return new(int) }},
	{"int8", func() any { return new(int8) }},
	{"int16", func() any { return new(int16) }},
	{"int32", func() any { return new(int32) }},
	{"int64", func() any { return new(int64) }},
	{"uint8", func() any { return new(uint8) }},
	{"uint64", func() any { return new(uint64) }},
	{"float32", func() any { return new(float32) }},
	{"float64", func() any { return new(float64) }},
	{"bool", func() any { return new(bool) }},
	{"time.Time", func() any { return new(time.Time) }},
	{"json.RawMessage", func() any { return new(json.RawMessage) }},
	{"NullString", func() any { return new(sql.NullString) }},
	{"NullInt64", func() any { return new(sql.NullInt64) }},
	{"NullInt32", func() any { return new(sql.NullInt32) }},
	{"NullInt16", func() any { return new(sql.NullInt16) }},
	{"NullByte", func() any { return new(sql.NullByte) }},
	{"NullFloat64", func() any { return new(sql.NullFloat64) }},
	{"NullBool", func() any { return new(sql.NullBool) }},
	{"NullTime", func() any { return new(sql.NullTime) }},
	{"Null[string]", func() any { return new(sql.Null[string]) }},
	{"Null[int64]", func() any { return new(sql.Null[int64]) }},
	{"Null[float64]", func() any { return new(sql.Null[float64]) }},
	{"Null[time.Time]", func() any { return new(sql.Null[time.Time]) }},
	{"Null[[]byte]", func() any { return new(sql.Null[[]byte]) }},
}

// RawBytes is scanned last, into every column at once: after a Scan into
// RawBytes, database/sql refuses another Scan of the same row.

// discard is a scan destination that accepts anything.
type discard struct{}

func (discard) Scan(any) error { return nil }

// createTyped creates the typed table: id 1 holds a non-NULL value of
// every column, id 2 NULL in every column.
func createTyped(t *testing.T, s *Side) (string, []column) {
	t.Helper()
	tbl := s.Ident("typed")
	cols := typedColumns(s.Target.Dialect)
	defs := []string{"id int PRIMARY KEY"}
	names := []string{"id"}
	lits := []string{"1"}
	nulls := []string{"2"}
	for _, c := range cols {
		defs = append(defs, c.name+" "+c.typ)
		names = append(names, c.name)
		lits = append(lits, c.literal)
		nulls = append(nulls, "NULL")
	}
	s.CreateTable(t, tbl, strings.Join(defs, ", "))
	s.Exec(t, "INSERT INTO "+tbl+" ("+strings.Join(names, ", ")+") VALUES ("+strings.Join(lits, ", ")+")")
	s.Exec(t, "INSERT INTO "+tbl+" ("+strings.Join(names, ", ")+") VALUES ("+strings.Join(nulls, ", ")+")")
	return tbl, cols
}

// checkScan scans every column of the typed table, non-NULL and NULL,
// into every common Go type and sql.Null*, one Scan call per column and
// destination on the same row.
func checkScan(t *testing.T, s *Side) {
	ctx := context.Background()
	tbl, cols := createTyped(t, s)
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	for _, id := range []int{1, 2} {
		rows, err := s.DB.QueryContext(ctx, "SELECT "+strings.Join(names, ", ")+" FROM "+tbl+" WHERE id = "+s.P(1), id)
		if err != nil {
			t.Fatalf("%s: %v", s.Name(), err)
		}
		if !rows.Next() {
			t.Fatalf("%s: row %d missing: %v", s.Name(), id, rows.Err())
		}
		for i, c := range cols {
			for _, d := range scanDests {
				dests := make([]any, len(cols))
				for j := range dests {
					dests[j] = discard{}
				}
				dests[i] = d.new()
				err := rows.Scan(dests...)
				s.Record(fmt.Sprintf("row %d %s into %s", id, c.name, d.name), dests[i], err)
			}
		}
		raw := make([]sql.RawBytes, len(cols))
		dests := make([]any, len(cols))
		for i := range raw {
			dests[i] = &raw[i]
		}
		err = rows.Scan(dests...)
		s.Record(fmt.Sprintf("row %d into RawBytes", id), err)
		for i, c := range cols {
			s.Record(fmt.Sprintf("row %d %s into RawBytes", id, c.name), raw[i])
		}
		s.Record(fmt.Sprintf("row %d more", id), rows.Next(), rows.Err())
		rows.Close()
	}
	if !s.Wrapped {
		// The raw driver must have given a value for row 1: the check is
		// only as good as its data.
		var n int
		if err := s.DB.QueryRowContext(ctx, "SELECT count(*) FROM "+tbl).Scan(&n); err != nil || n != 2 {
			t.Errorf("raw: typed table has %d rows (%v), want 2", n, err)
		}
	}
}

// checkColumnTypes compares sql.ColumnType field by field: of a table of
// every common type (non-empty, empty, prepared) and of expressions.
func checkColumnTypes(t *testing.T, s *Side) {
	ctx := context.Background()
	tbl, _ := createTyped(t, s)
	record := func(key string, rows *sql.Rows, err error) {
		if err != nil {
			s.Record(key+" error", err)
			return
		}
		defer rows.Close()
		cts, err := rows.ColumnTypes()
		s.Record(key+" ColumnTypes", len(cts), err)
		for i, ct := range cts {
			l, lok := ct.Length()
			p, sc, pok := ct.DecimalSize()
			n, nok := ct.Nullable()
			s.Record(fmt.Sprintf("%s col %d", key, i),
				ct.Name(), ct.DatabaseTypeName(), fmt.Sprintf("Length=%d,%v", l, lok),
				fmt.Sprintf("DecimalSize=%d,%d,%v", p, sc, pok), fmt.Sprintf("Nullable=%v,%v", n, nok), ct.ScanType())
		}
		for rows.Next() {
		}
		// Column types once the rows are read to the end.
		cts, err = rows.ColumnTypes()
		s.Record(key+" ColumnTypes after EOF", len(cts), err)
	}
	rows, err := s.DB.QueryContext(ctx, "SELECT * FROM "+tbl+" ORDER BY id")
	record("table", rows, err)
	rows, err = s.DB.QueryContext(ctx, "SELECT * FROM "+tbl+" WHERE id = "+s.P(1), 99)
	record("table empty", rows, err)
	stmt, err := s.DB.PrepareContext(ctx, "SELECT * FROM "+tbl+" WHERE id = "+s.P(1))
	if err == nil {
		rows, err := stmt.QueryContext(ctx, 2)
		record("prepared", rows, err)
		stmt.Close()
	} else {
		s.Record("prepare error", err)
	}
	rows, err = s.DB.QueryContext(ctx, "SELECT 1 AS one, 'a' AS a, NULL AS n, 1.5 AS f, count(*) AS c FROM "+tbl)
	record("expressions", rows, err)
}

// argValue is a Go value passed as a query argument.
type argValue struct {
	name string
	v    any
}

type valuer struct{ s string }

func (v valuer) Value() (any, error) { return "valuer:" + v.s, nil }

func argValues() []argValue {
	var nilInt *int
	seven := 7
	return []argValue{
		{"nil", nil},
		{"int", 42},
		{"int8", int8(-8)},
		{"int16", int16(16)},
		{"int32", int32(-32)},
		{"int64", int64(math.MaxInt64)},
		{"uint", uint(7)},
		{"uint8", uint8(255)},
		{"uint32", uint32(math.MaxUint32)},
		{"uint64 small", uint64(64)},
		{"uint64 high bit", uint64(math.MaxUint64)},
		{"float32", float32(1.25)},
		{"float64", 3.5},
		{"string", "héllo"},
		{"empty string", ""},
		{"[]byte", []byte{0, 1, 0xff}},
		{"nil []byte", []byte(nil)},
		{"bool", true},
		{"time", time.Date(2024, 2, 29, 13, 14, 15, 123456000, time.UTC)},
		{"time zone", time.Date(2024, 2, 29, 13, 14, 15, 0, time.FixedZone("X", 7200))},
		{"*int nil", nilInt},
		{"*int", &seven},
		{"NullString valid", sql.NullString{String: "ns", Valid: true}},
		{"NullString invalid", sql.NullString{}},
		{"NullInt64", sql.NullInt64{Int64: 5, Valid: true}},
		{"Null[int64] invalid", sql.Null[int64]{}},
		{"driver.Valuer", valuer{"x"}},
		{"json.RawMessage", json.RawMessage(`{"a":1}`)},
		{"[]int64", []int64{1, 2}},
		{"struct", struct{ A int }{1}},
		{"map", map[string]int{"a": 1}},
	}
}

// checkArgs passes a value of every common Go type as an argument, through
// the conn and through a prepared statement, and reads it back.
func checkArgs(t *testing.T, s *Side) {
	ctx := context.Background()
	q := "SELECT " + s.P(1)
	if s.Target.Dialect == Postgres {
		// Without a cast PostgreSQL cannot type a lone parameter for every
		// driver; text keeps the values comparable.
		q = "SELECT CAST(" + s.P(1) + " AS text)"
	}
	stmt, err := s.DB.PrepareContext(ctx, q)
	if err != nil {
		t.Fatalf("%s: prepare %s: %v", s.Name(), q, err)
	}
	defer stmt.Close()
	for _, a := range argValues() {
		var got any
		err := s.DB.QueryRowContext(ctx, q, a.v).Scan(&got)
		s.Record("db.QueryRow "+a.name, got, err)
		got = nil
		err = stmt.QueryRowContext(ctx, a.v).Scan(&got)
		s.Record("stmt.QueryRow "+a.name, got, err)
	}
	// Arguments round-trip through a table too.
	tbl := s.Ident("args")
	s.CreateTable(t, tbl, "id int PRIMARY KEY, s varchar(40), b "+blobType(s.Target.Dialect)+", f double precision")
	res, err := s.DB.ExecContext(ctx, "INSERT INTO "+tbl+" (id, s, b, f) VALUES ("+s.P(1)+", "+s.P(2)+", "+s.P(3)+", "+s.P(4)+")",
		1, "text", []byte{1, 2, 3}, 2.5)
	recordResult(s, "insert typed args", res, err)
	res, err = s.DB.ExecContext(ctx, "INSERT INTO "+tbl+" (id, s, b, f) VALUES ("+s.P(1)+", "+s.P(2)+", "+s.P(3)+", "+s.P(4)+")",
		2, nil, nil, sql.NullFloat64{})
	recordResult(s, "insert NULL args", res, err)
	rows, err := s.DB.QueryContext(ctx, "SELECT id, s, b, f FROM "+tbl+" ORDER BY id")
	recordRows(s, "read back", rows, err)
}

// checkNamedArgs passes sql.Named arguments with the placeholder styles
// of every driver; drivers without named parameters must refuse them the
// same way raw and wrapped.
func checkNamedArgs(t *testing.T, s *Side) {
	ctx := context.Background()
	queries := []string{
		"SELECT 1 + " + s.P(1),
		"SELECT 1 + @a",
		"SELECT 1 + :a",
		"SELECT 1 + $a",
	}
	var accepted bool
	for _, q := range queries {
		var got any
		err := s.DB.QueryRowContext(ctx, q, sql.Named("a", 7)).Scan(&got)
		s.Record("db.QueryRow "+q, got, err)
		if q == "SELECT 1 + "+s.Target.NamedPlaceholder+"a" && err == nil {
			accepted = true
		}
		got = nil
		stmt, err := s.DB.PrepareContext(ctx, q)
		if err != nil {
			s.Record("prepare "+q, err)
			continue
		}
		err = stmt.QueryRowContext(ctx, sql.Named("a", 7)).Scan(&got)
		s.Record("stmt.QueryRow "+q, got, err)
		stmt.Close()
	}
	// Two named arguments, given out of order.
	if s.Target.NamedPlaceholder != "" {
		p := s.Target.NamedPlaceholder
		var a, b any
		err := s.DB.QueryRowContext(ctx, "SELECT 1 + "+p+"a, 1 + "+p+"b", sql.Named("b", 2), sql.Named("a", 1)).Scan(&a, &b)
		s.Record("two named", a, b, err)
	}
	// A name that is not a valid identifier is refused by database/sql.
	var got any
	err := s.DB.QueryRowContext(ctx, "SELECT 1 + "+s.P(1), sql.Named("1a", 7)).Scan(&got)
	s.Record("bad name", got, err)
	if !s.Wrapped && s.Target.NamedArgs != accepted {
		t.Errorf("raw: named arguments with %q accepted: %v, want %v", s.Target.NamedPlaceholder, accepted, s.Target.NamedArgs)
	}

	// pgx binds @name from a pgx.NamedArgs argument; it reaches pgx only
	// if the driver's CheckNamedValue accepts it (database/sql's default
	// conversion refuses a map).
	got = nil
	err = s.DB.QueryRowContext(ctx, "SELECT 1 + @a", pgx.NamedArgs{"a": 7}).Scan(&got)
	s.Record("pgx.NamedArgs", got, err)
	if !s.Wrapped && s.Target.PgxNamedArgs && err != nil {
		t.Errorf("raw: pgx.NamedArgs: %v", err)
	}
}

// checkResult compares LastInsertId and RowsAffected, values and errors,
// of inserts, updates, deletes and DDL, through the conn and a prepared
// statement.
func checkResult(t *testing.T, s *Side) {
	ctx := context.Background()
	tbl := s.Ident("result")
	s.CreateTable(t, tbl, autoIDColumn(s.Target.Dialect)+", v int")
	res, err := s.DB.ExecContext(ctx, "INSERT INTO "+tbl+" (v) VALUES (10)")
	recordResult(s, "insert literal", res, err)
	if !s.Wrapped && err == nil {
		_, idErr := res.LastInsertId()
		if (idErr == nil) != s.Target.LastInsertID {
			t.Errorf("raw: LastInsertId error %v, want supported=%v", idErr, s.Target.LastInsertID)
		}
	}
	res, err = s.DB.ExecContext(ctx, "INSERT INTO "+tbl+" (v) VALUES ("+s.P(1)+")", 20)
	recordResult(s, "insert with args", res, err)
	res, err = s.DB.ExecContext(ctx, "INSERT INTO "+tbl+" (v) VALUES (30), (40), (50)")
	recordResult(s, "insert three rows", res, err)
	stmt, err := s.DB.PrepareContext(ctx, "INSERT INTO "+tbl+" (v) VALUES ("+s.P(1)+")")
	if err == nil {
		res, err = stmt.ExecContext(ctx, 60)
		recordResult(s, "prepared insert", res, err)
		stmt.Close()
	} else {
		s.Record("prepare error", err)
	}
	res, err = s.DB.ExecContext(ctx, "UPDATE "+tbl+" SET v = v + 1 WHERE v > "+s.P(1), 25)
	recordResult(s, "update four", res, err)
	res, err = s.DB.ExecContext(ctx, "UPDATE "+tbl+" SET v = v WHERE v < 0")
	recordResult(s, "update none", res, err)
	res, err = s.DB.ExecContext(ctx, "DELETE FROM "+tbl+" WHERE v = "+s.P(1), 10)
	recordResult(s, "delete one", res, err)
	res, err = s.DB.ExecContext(ctx, "SELECT 1")
	recordResult(s, "exec of a select", res, err)
	idx := s.Ident("result_idx")
	res, err = s.DB.ExecContext(ctx, "CREATE INDEX "+idx+" ON "+tbl+" (v)")
	recordResult(s, "ddl", res, err)
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatalf("%s: begin: %v", s.Name(), err)
	}
	res, err = tx.ExecContext(ctx, "INSERT INTO "+tbl+" (v) VALUES ("+s.P(1)+")", 70)
	recordResult(s, "tx insert", res, err)
	s.Record("tx commit", tx.Commit())
}
