package conformance

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"sync/atomic"
	"testing"
)

// FakeChecks returns the checks for [FakeTargets]: database/sql's
// behaviour where the inner driver lacks the optional interfaces, raw
// and wrapped.
func FakeChecks() []Check {
	return []Check{
		{Name: "Statements", Compare: checkFakeStatements},
		{Name: "Args", Compare: checkFakeArgs},
		{Name: "Tx", Compare: checkFakeTx},
		{Name: "Rows", Compare: checkFakeRows},
		{Name: "Context", Compare: checkFakeContext},
		{Name: "OptionalInterfaces", Test: testOptionalInterfaces},
	}
}

// checkFakeStatements runs exec, query and prepare, good and failing,
// through the pool, a pinned conn and prepared statements.
func checkFakeStatements(t *testing.T, s *Side) {
	ctx := context.Background()
	for _, q := range []string{"EXEC 3", "ROWS 2", "SELECT ?", "FAIL", "FAILPREPARE", "BADCONN", "NONSENSE", ""} {
		var args []any
		if q == "SELECT ?" {
			args = []any{5}
		}
		res, err := s.DB.ExecContext(ctx, q, args...)
		recordResult(s, "db.Exec "+q, res, err)
		rows, err := s.DB.QueryContext(ctx, q, args...)
		recordRows(s, "db.Query "+q, rows, err)
		stmt, err := s.DB.PrepareContext(ctx, q)
		s.Record("db.Prepare "+q, err)
		if err == nil {
			res, err := stmt.ExecContext(ctx, args...)
			recordResult(s, "stmt.Exec "+q, res, err)
			rows, err := stmt.QueryContext(ctx, args...)
			recordRows(s, "stmt.Query "+q, rows, err)
			s.Record("stmt.Close "+q, stmt.Close())
		}
	}
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	res, err := conn.ExecContext(ctx, "EXEC 1")
	recordResult(s, "conn.Exec", res, err)
	s.Record("conn.Ping", conn.PingContext(ctx))
	_, err = conn.ExecContext(ctx, "BADCONN")
	s.Record("conn.Exec BADCONN", err)
	_, err = conn.ExecContext(ctx, "EXEC 1")
	s.Record("conn.Exec after BADCONN", err)
	s.Record("conn.Close", conn.Close())
	s.Record("db.Ping", s.DB.PingContext(ctx))
}

// countingValuer counts its Value calls: database/sql converts an
// argument once per attempt.
type countingValuer struct{ n *atomic.Int32 }

func (v countingValuer) Value() (driver.Value, error) {
	v.n.Add(1)
	return "valued", nil
}

// checkFakeArgs passes arguments that only the inner statement's
// ColumnConverter accepts, named arguments (refused by drivers without
// NamedValueChecker and context methods), and a Valuer whose calls are
// counted.
func checkFakeArgs(t *testing.T, s *Side) {
	ctx := context.Background()
	cases := []struct {
		name string
		args []any
	}{
		{"int", []any{42}},
		{"FakeValue", []any{FakeValue{7}}},
		{"named", []any{sql.Named("a", 1)}},
		{"too many", []any{1, 2}},
		{"too few", nil},
		{"unsupported", []any{struct{}{}}},
	}
	for _, c := range cases {
		var got any
		err := s.DB.QueryRowContext(ctx, "SELECT ?", c.args...).Scan(&got)
		s.Record("db.QueryRow "+c.name, got, err)
		res, err := s.DB.ExecContext(ctx, "SELECT ?", c.args...)
		recordResult(s, "db.Exec "+c.name, res, err)
		stmt, err := s.DB.PrepareContext(ctx, "SELECT ?")
		if err != nil {
			t.Fatal(err)
		}
		got = nil
		err = stmt.QueryRowContext(ctx, c.args...).Scan(&got)
		s.Record("stmt.QueryRow "+c.name, got, err)
		stmt.Close()
	}
	var n atomic.Int32
	var got any
	err := s.DB.QueryRowContext(ctx, "SELECT ?", countingValuer{&n}).Scan(&got)
	s.Record("Valuer", got, err)
	s.Record("Valuer calls", n.Load())
	n.Store(0)
	_, err = s.DB.ExecContext(ctx, "SELECT ?", countingValuer{&n})
	s.Record("Valuer exec", err)
	s.Record("Valuer exec calls", n.Load())
}

// checkFakeTx begins transactions at every isolation level and read-only
// (refused by database/sql for drivers without ConnBeginTx), commits and
// rolls back.
func checkFakeTx(t *testing.T, s *Side) {
	ctx := context.Background()
	for _, lvl := range isolationLevels {
		tx, err := s.DB.BeginTx(ctx, &sql.TxOptions{Isolation: lvl})
		s.Record(fmt.Sprintf("begin %v", lvl), err)
		if err == nil {
			s.Record(fmt.Sprintf("commit %v", lvl), tx.Commit())
		}
	}
	tx, err := s.DB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	s.Record("begin read-only", err)
	if err == nil {
		tx.Rollback()
	}
	tx, err = s.DB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := tx.ExecContext(ctx, "EXEC 2")
	recordResult(s, "tx exec", res, err)
	rows, err := tx.QueryContext(ctx, "ROWS 1")
	recordRows(s, "tx query", rows, err)
	s.Record("rollback", tx.Rollback())
	s.Record("rollback again", tx.Rollback())
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tx, err = conn.BeginTx(cctx, nil)
	s.Record("conn begin canceled", err)
	if tx != nil {
		tx.Rollback()
	}
	conn.Close()
}

// checkFakeRows reads column types (all defaults: the fake rows have no
// RowsColumnType interfaces) and asks for a next result set (the fake
// rows have no RowsNextResultSet).
func checkFakeRows(t *testing.T, s *Side) {
	ctx := context.Background()
	rows, err := s.DB.QueryContext(ctx, "ROWS 3")
	if err != nil {
		t.Fatal(err)
	}
	cts, err := rows.ColumnTypes()
	s.Record("ColumnTypes", len(cts), err)
	for i, ct := range cts {
		l, lok := ct.Length()
		p, sc, pok := ct.DecimalSize()
		n, nok := ct.Nullable()
		s.Record(fmt.Sprintf("col %d", i), ct.Name(), ct.DatabaseTypeName(), l, lok, p, sc, pok, n, nok, ct.ScanType())
	}
	s.Record("Next", rows.Next())
	s.Record("NextResultSet", rows.NextResultSet())
	s.Record("Next after NextResultSet", rows.Next(), rows.Err())
	s.Record("Close", rows.Close())
	rows, err = s.DB.QueryContext(ctx, "ROWS 2")
	recordRows(s, "read all", rows, err)
}

// checkFakeContext runs calls with a canceled context: database/sql's and
// the wrapper's fallbacks check it around the legacy methods.
func checkFakeContext(t *testing.T, s *Side) {
	ctx := context.Background()
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = conn.ExecContext(cctx, "EXEC 1")
	s.Record("conn.Exec canceled", err)
	_, err = conn.QueryContext(cctx, "ROWS 1")
	s.Record("conn.Query canceled", err)
	_, err = conn.PrepareContext(cctx, "ROWS 1")
	s.Record("conn.Prepare canceled", err)
	stmt, err := conn.PrepareContext(ctx, "ROWS 1")
	if err != nil {
		t.Fatal(err)
	}
	_, err = stmt.ExecContext(cctx)
	s.Record("stmt.Exec canceled", err)
	_, err = stmt.QueryContext(cctx)
	s.Record("stmt.Query canceled", err)
	stmt.Close()
	s.Record("conn.Ping canceled", conn.PingContext(cctx))
	s.Record("conn.Ping", conn.PingContext(ctx))
}
