package conformance

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"testing"
)

func count(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, tbl string) any {
	var n int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM "+tbl).Scan(&n); err != nil {
		return err
	}
	return n
}

// checkTx compares commit, rollback, statements in a transaction, the
// sql.ErrTxDone errors of a finished one, a statement error inside one,
// and transactions whose context is canceled before or during them.
func checkTx(t *testing.T, s *Side) {
	ctx := context.Background()
	tbl := s.Ident("tx")
	s.CreateTable(t, tbl, "id int PRIMARY KEY, v int")
	ins := "INSERT INTO " + tbl + " (id, v) VALUES (" + s.P(1) + ", " + s.P(2) + ")"

	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatalf("%s: begin: %v", s.Name(), err)
	}
	res, err := tx.ExecContext(ctx, ins, 1, 1)
	recordResult(s, "commit: exec", res, err)
	s.Record("commit: count inside", count(ctx, tx, tbl))
	stmt, err := tx.PrepareContext(ctx, ins)
	s.Record("commit: prepare", err)
	if err == nil {
		res, err = stmt.ExecContext(ctx, 2, 2)
		recordResult(s, "commit: stmt exec", res, err)
	}
	s.Record("commit: commit", tx.Commit())
	s.Record("commit: count after", count(ctx, s.DB, tbl))

	// Finished transactions answer sql.ErrTxDone everywhere.
	s.Record("done: commit again", tx.Commit())
	s.Record("done: rollback", tx.Rollback())
	_, err = tx.ExecContext(ctx, ins, 9, 9)
	s.Record("done: exec", err)
	_, err = tx.QueryContext(ctx, "SELECT 1")
	s.Record("done: query", err)
	_, err = tx.PrepareContext(ctx, "SELECT 1")
	s.Record("done: prepare", err)
	if stmt != nil {
		_, err = stmt.ExecContext(ctx, 9, 9)
		s.Record("done: stmt exec", err)
	}

	tx, err = s.DB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatalf("%s: begin: %v", s.Name(), err)
	}
	res, err = tx.ExecContext(ctx, ins, 3, 3)
	recordResult(s, "rollback: exec", res, err)
	s.Record("rollback: count inside", count(ctx, tx, tbl))
	s.Record("rollback: rollback", tx.Rollback())
	s.Record("rollback: count after", count(ctx, s.DB, tbl))
	s.Record("rollback: rollback again", tx.Rollback())
	s.Record("rollback: commit after", tx.Commit())

	// A pooled statement used inside a transaction.
	pstmt, err := s.DB.PrepareContext(ctx, ins)
	if err == nil {
		tx, err = s.DB.BeginTx(ctx, nil)
		if err != nil {
			t.Fatalf("%s: begin: %v", s.Name(), err)
		}
		res, err = tx.StmtContext(ctx, pstmt).ExecContext(ctx, 4, 4)
		recordResult(s, "tx.Stmt exec", res, err)
		s.Record("tx.Stmt rollback", tx.Rollback())
		pstmt.Close()
	} else {
		s.Record("prepare error", err)
	}

	// A failing statement inside a transaction, then another statement.
	tx, err = s.DB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatalf("%s: begin: %v", s.Name(), err)
	}
	_, err = tx.ExecContext(ctx, ins, 1, 1)
	s.Record("failed: duplicate", err)
	_, err = tx.ExecContext(ctx, ins, 5, 5)
	s.Record("failed: next statement", err)
	s.Record("failed: commit", tx.Commit())
	s.Record("failed: count after", count(ctx, s.DB, tbl))

	// Begin with a context already canceled.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	tx, err = s.DB.BeginTx(cctx, nil)
	s.Record("canceled: begin", err)
	if tx != nil {
		tx.Rollback()
	}
	// A pinned conn, too. database/sql does not check the context there:
	// the driver decides, and the transaction is then rolled back by
	// database/sql's watcher, concurrently (so the conn is not used after).
	conn, err := s.DB.Conn(ctx)
	if err == nil {
		tx, err = conn.BeginTx(cctx, nil)
		s.Record("canceled: conn begin", err)
		if tx != nil {
			tx.Rollback()
		}
		conn.Close()
	}
	// A second transaction on a conn with one open.
	conn, err = s.DB.Conn(ctx)
	if err == nil {
		tx, err = conn.BeginTx(ctx, nil)
		s.Record("conn: begin", err)
		tx2, err2 := conn.BeginTx(ctx, nil)
		s.Record("conn: begin while open", err2)
		if tx2 != nil {
			tx2.Rollback()
		}
		if tx != nil {
			s.Record("conn: rollback", tx.Rollback())
		}
		conn.Close()
	}

	// The context of a transaction ends during it: database/sql rolls it
	// back, and the transaction is over.
	cctx, cancel = context.WithCancel(ctx)
	tx, err = s.DB.BeginTx(cctx, nil)
	if err != nil {
		t.Fatalf("%s: begin: %v", s.Name(), err)
	}
	_, err = tx.ExecContext(cctx, ins, 6, 6)
	s.Record("ctx end: exec", err)
	cancel()
	err = tx.Commit()
	s.Record("ctx end: commit is ErrTxDone or Canceled", errors.Is(err, sql.ErrTxDone) || errors.Is(err, context.Canceled))
	s.Record("ctx end: count after", count(ctx, s.DB, tbl))
	s.Record("ping", s.DB.PingContext(ctx))
}

var isolationLevels = []sql.IsolationLevel{
	sql.LevelDefault, sql.LevelReadUncommitted, sql.LevelReadCommitted, sql.LevelWriteCommitted,
	sql.LevelRepeatableRead, sql.LevelSnapshot, sql.LevelSerializable, sql.LevelLinearizable,
	sql.IsolationLevel(99),
}

// checkTxIsolation begins a transaction at every isolation level: the
// levels the driver accepts (checked against the target's list on the raw
// driver, and against the server where it can say), and the exact error
// of those it refuses.
func checkTxIsolation(t *testing.T, s *Side) {
	ctx := context.Background()
	var accepted []sql.IsolationLevel
	for _, lvl := range isolationLevels {
		key := fmt.Sprintf("isolation %v", lvl)
		tx, err := s.DB.BeginTx(ctx, &sql.TxOptions{Isolation: lvl})
		s.Record(key+" begin", err)
		if err != nil {
			continue
		}
		accepted = append(accepted, lvl)
		if s.Target.Dialect == Postgres {
			var level string
			err := tx.QueryRowContext(ctx, "SHOW transaction_isolation").Scan(&level)
			s.Record(key+" server level", level, err)
		}
		var one int
		err = tx.QueryRowContext(ctx, "SELECT 1").Scan(&one)
		s.Record(key+" select", one, err)
		s.Record(key+" commit", tx.Commit())
	}
	if !s.Wrapped && !slices.Equal(accepted, s.Target.Isolation) {
		t.Errorf("raw: accepted isolation levels %v, want %v", accepted, s.Target.Isolation)
	}
}

// checkTxReadOnly begins a read-only transaction, reads in it and writes
// in it: the server refuses the write with its own error.
func checkTxReadOnly(t *testing.T, s *Side) {
	ctx := context.Background()
	tbl := s.Ident("readonly")
	s.CreateTable(t, tbl, "id int PRIMARY KEY")
	for _, lvl := range []sql.IsolationLevel{sql.LevelDefault, sql.LevelSerializable} {
		key := fmt.Sprintf("read-only %v", lvl)
		tx, err := s.DB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: lvl})
		s.Record(key+" begin", err)
		if err != nil {
			continue
		}
		s.Record(key+" read", count(ctx, tx, tbl))
		_, werr := tx.ExecContext(ctx, "INSERT INTO "+tbl+" (id) VALUES (1)")
		s.Record(key+" write", werr)
		s.Record(key+" rollback", tx.Rollback())
		if !s.Wrapped && lvl == sql.LevelDefault {
			_, isDriverErr := DriverErrorCode(s.Target, werr)
			if s.Target.ReadOnlyTx && !isDriverErr {
				t.Errorf("raw: a write in a read-only transaction gave %v, want the server's error", werr)
			}
			if !s.Target.ReadOnlyTx && werr != nil {
				t.Errorf("raw: a write in a read-only transaction failed (%v); the target says read-only is not enforced", werr)
			}
		}
	}
	s.Record("count after", count(ctx, s.DB, tbl))
}
