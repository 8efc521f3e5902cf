package dhsql_test

import (
	"context"
	"database/sql"
	"os"
	"testing"
	"time"
)

// Server addresses come from the environment, defaulting to the local
// servers of the development and CI machines. An unreachable server fails
// the test: a green run means the servers were tested.
const (
	envPostgres = "DHSQL_TEST_POSTGRES"
	envMySQL    = "DHSQL_TEST_MYSQL"
)

func testServerPostgres(t testing.TB) string {
	t.Helper()
	return testServer(t, envPostgres, "postgres://postgres@127.0.0.1:5432/test?sslmode=disable", "postgres")
}

func testServerMySQL(t testing.TB) string {
	t.Helper()
	return testServer(t, envMySQL, "root@tcp(127.0.0.1:3306)/test", "mysql")
}

func testServer(t testing.TB, env, def, rawDriver string) string {
	t.Helper()
	dsn := os.Getenv(env)
	if dsn == "" {
		dsn = def
	}
	db, err := sql.Open(rawDriver, dsn)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = db.PingContext(ctx)
		cancel()
		db.Close()
	}
	if err != nil {
		t.Fatalf("%s=%q: server unreachable: %v (start it, or point %s at one)", env, dsn, err, env)
	}
	return dsn
}
