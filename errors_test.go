package dhsql_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/deeperhub/dhsql"
	dhmysql "github.com/deeperhub/dhsql/mysql"
	dhpgx "github.com/deeperhub/dhsql/pgx"
	dhpostgres "github.com/deeperhub/dhsql/postgres"
	dhsqlite "github.com/deeperhub/dhsql/sqlite"
)

func TestClassifyErrorGeneric(t *testing.T) {
	cases := []struct {
		err  error
		want dhsql.ErrorClass
	}{
		{nil, dhsql.ClassNone},
		{context.Canceled, dhsql.ClassCanceled},
		{fmt.Errorf("q: %w", context.DeadlineExceeded), dhsql.ClassCanceled},
		{driver.ErrBadConn, dhsql.ClassConnection},
		{io.ErrUnexpectedEOF, dhsql.ClassConnection},
		{&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, dhsql.ClassConnection},
		{&net.DNSError{IsTimeout: true}, dhsql.ClassTimeout},
		{errors.New("something else"), dhsql.ClassOther},
	}
	for _, c := range cases {
		if got := dhsql.ClassifyError(c.err).Class; got != c.want {
			t.Errorf("ClassifyError(%v) = %v, want %v", c.err, got, c.want)
		}
	}
	for c := dhsql.ClassNone; c <= dhsql.ClassConflict; c++ {
		want := c == dhsql.ClassConnection || c == dhsql.ClassTimeout || c == dhsql.ClassResource
		if c.Unhealthy() != want {
			t.Errorf("%v.Unhealthy() = %v", c, c.Unhealthy())
		}
	}
}

// Each registration package's classifier is checked on errors the real
// servers return.
func TestDriverErrorClassifiers(t *testing.T) {
	pg := testServerPostgres(t)
	my := testServerMySQL(t)
	table := fmt.Sprintf("dh_err_%d", rand.Uint32())
	type stmt struct {
		query     string
		wantCode  string
		wantClass dhsql.ErrorClass
	}
	pgStmts := []stmt{
		{"SELEC 1", "42601", dhsql.ClassSyntax},
		{"SELECT * FROM " + table + "_missing", "42P01", dhsql.ClassSyntax},
		{"INSERT INTO " + table + " (id, v) VALUES (1, 1)", "23505", dhsql.ClassConstraint},
		{"INSERT INTO " + table + " (id, v) VALUES (2, NULL)", "23502", dhsql.ClassConstraint},
		{"SELECT 1/0", "22012", dhsql.ClassData},
		{"SET LOCAL statement_timeout = 1; SELECT pg_sleep(1)", "57014", dhsql.ClassTimeout},
	}
	myStmts := []stmt{
		{"SELEC 1", "1064", dhsql.ClassSyntax},
		{"SELECT * FROM " + table + "_missing", "1146", dhsql.ClassSyntax},
		{"INSERT INTO " + table + " (id, v) VALUES (1, 1)", "1062", dhsql.ClassConstraint},
		{"INSERT INTO " + table + " (id, v) VALUES (2, NULL)", "1048", dhsql.ClassConstraint},
		{"SET STATEMENT max_statement_time=0.01 FOR SELECT SLEEP(1) FROM " + table, "1969", dhsql.ClassTimeout},
	}
	sqStmts := []stmt{
		{"SELEC 1", "1", dhsql.ClassSyntax},
		{"SELECT * FROM " + table + "_missing", "1", dhsql.ClassSyntax},
		{"INSERT INTO " + table + " (id, v) VALUES (1, 1)", "1555", dhsql.ClassConstraint},
		{"INSERT INTO " + table + " (id, v) VALUES (2, NULL)", "1299", dhsql.ClassConstraint},
	}
	cases := []struct {
		driver, dsn string
		classify    dhsql.ErrorClassifier
		stmts       []stmt
	}{
		{dhpostgres.DriverName, pg, dhpostgres.ClassifyError, pgStmts},
		{dhpgx.DriverName, pg, dhpgx.ClassifyError, pgStmts},
		{dhmysql.DriverName, my, dhmysql.ClassifyError, myStmts},
		{dhsqlite.DriverName, filepath.Join(t.TempDir(), "e.db"), dhsqlite.ClassifyError, sqStmts},
	}
	for _, c := range cases {
		t.Run(c.driver, func(t *testing.T) {
			db, err := sql.Open(c.driver, c.dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec("CREATE TABLE " + table + " (id INTEGER NOT NULL PRIMARY KEY, v INTEGER NOT NULL)"); err != nil {
				t.Fatal(err)
			}
			defer db.Exec("DROP TABLE " + table)
			if _, err := db.Exec("INSERT INTO " + table + " (id, v) VALUES (1, 1)"); err != nil {
				t.Fatal(err)
			}
			for _, s := range c.stmts {
				err := execInTx(db, s.query)
				if err == nil {
					t.Errorf("%s: no error", s.query)
					continue
				}
				info := c.classify(err)
				if info.Code != s.wantCode || info.Class != s.wantClass {
					t.Errorf("%s: %v → %+v (%v), want code %s class %v", s.query, err, info, info.Class, s.wantCode, s.wantClass)
				}
			}
			// Nothing listens on port 1: a refused connection.
			refused := map[string]string{
				dhpostgres.DriverName: "postgres://u@127.0.0.1:1/x?sslmode=disable&connect_timeout=2",
				dhpgx.DriverName:      "postgres://u@127.0.0.1:1/x?sslmode=disable&connect_timeout=2",
				dhmysql.DriverName:    "u@tcp(127.0.0.1:1)/x?timeout=2s",
			}[c.driver]
			if refused == "" {
				return
			}
			bad, err := sql.Open(c.driver, refused)
			if err != nil {
				t.Fatal(err)
			}
			defer bad.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err = bad.PingContext(ctx)
			if got := c.classify(err).Class; got != dhsql.ClassConnection {
				t.Errorf("refused connection %v → %v, want connection", err, got)
			}
		})
	}
}

func execInTx(db *sql.DB, query string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	_, err = tx.Exec(query)
	return err
}
