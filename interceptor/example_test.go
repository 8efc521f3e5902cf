package interceptor_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"sync/atomic"

	"github.com/deeperhub/dhsql/interceptor"
	"github.com/deeperhub/dhsql/internal/fakedb"
)

// counter counts the statements that ran, by kind. It records after next
// returns, and nothing for driver.ErrSkip: the statement was not attempted
// and comes back through a prepared statement.
type counter struct {
	queries, execs atomic.Int64
}

func (h *counter) Query(ctx context.Context, c *interceptor.Call, next interceptor.QueryFunc) (driver.Rows, error) {
	rows, err := next(ctx, c)
	if err != driver.ErrSkip {
		h.queries.Add(1)
	}
	return rows, err
}

func (h *counter) Exec(ctx context.Context, c *interceptor.Call, next interceptor.ExecFunc) (driver.Result, error) {
	res, err := next(ctx, c)
	if err != driver.ErrSkip {
		h.execs.Add(1)
	}
	return res, err
}

func Example() {
	// A driver that answers ErrSkip when given arguments, like
	// go-sql-driver/mysql without interpolateParams.
	inner := fakedb.NewConnector(fakedb.Config{SkipWithArgs: true, NoLog: true})

	h := &counter{}
	db := sql.OpenDB(interceptor.WrapConnector(inner, nil, interceptor.NewChain(h)))
	defer db.Close()

	var n int
	rows, _ := db.Query("SELECT 3")
	for rows.Next() {
		n++
	}
	rows.Close()
	db.Exec("EXEC 1")
	db.Exec("EXEC 1 ?", 42) // skipped, then prepared: one statement

	fmt.Println("rows:", n)
	fmt.Println("queries:", h.queries.Load())
	fmt.Println("execs:", h.execs.Load())
	// Output:
	// rows: 3
	// queries: 1
	// execs: 2
}
