package interceptor_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"testing"

	"github.com/deeperhub/dhsql/interceptor"
	"github.com/deeperhub/dhsql/internal/fakedb"
)

// rowCounter is a QueryHook whose observer, itself, counts rows without
// allocating.
type rowCounter struct {
	rows, done int64
}

func (h *rowCounter) Query(ctx context.Context, c *interceptor.Call, next interceptor.QueryFunc) (driver.Rows, error) {
	c.Observe(h)
	return next(ctx, c)
}

func (h *rowCounter) Row(*interceptor.Call, []driver.Value) { h.rows++ }
func (h *rowCounter) Done(*interceptor.Call, error)         { h.done++ }

// TestNoAllocPerRow pins that reading rows through a wrapped conn whose
// chain has a RowObserver costs no allocation per row.
func TestNoAllocPerRow(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts")
	}
	for _, ck := range connKinds {
		for _, rk := range rowsKinds {
			cfg := fakedb.Config{Conn: ck, Rows: rk, NoLog: true}
			t.Run(cfg.String(), func(t *testing.T) {
				h := &rowCounter{}
				db := sql.OpenDB(interceptor.WrapConnector(fakedb.NewConnector(cfg), nil, interceptor.NewChain(h)))
				defer db.Close()
				read := func(q string) func() {
					return func() {
						rows, err := db.Query(q)
						if err != nil {
							t.Fatal(err)
						}
						var id, name any
						for rows.Next() {
							if err := rows.Scan(&id, &name); err != nil {
								t.Fatal(err)
							}
						}
						if err := rows.Close(); err != nil {
							t.Fatal(err)
						}
					}
				}
				few := testing.AllocsPerRun(50, read("SELECT 10"))
				h.rows, h.done = 0, 0
				many := testing.AllocsPerRun(50, read("SELECT 1000"))
				if few != many {
					t.Errorf("%v allocations for 10 rows, %v for 1000", few, many)
				}
				if h.rows != 51*1000 || h.done != 51 {
					t.Errorf("observer saw %d rows in %d calls, want %d in %d", h.rows, h.done, 51*1000, 51)
				}
			})
		}
	}
}
