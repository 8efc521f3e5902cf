package interceptor_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"testing"

	"github.com/deeperhub/dhsql/interceptor"
	"github.com/deeperhub/dhsql/internal/fakedb"
)

// noopHook is a QueryHook that registers itself as the call's observer and
// does nothing else: the least a real hook costs.
type noopHook struct{}

func (h *noopHook) Query(ctx context.Context, c *interceptor.Call, next interceptor.QueryFunc) (driver.Rows, error) {
	c.Observe(h)
	return next(ctx, c)
}

func (*noopHook) Done(*interceptor.Call, error) {}

// BenchmarkQuery measures a point query (one row, scanned) through
// database/sql on the fake driver: raw, wrapped with an empty chain, and
// wrapped with one no-op hook and observer. Compare the variants with
// benchstat -col /impl.
func BenchmarkQuery(b *testing.B) {
	variants := []struct {
		name string
		wrap func(driver.Connector) driver.Connector
	}{
		{"raw", func(c driver.Connector) driver.Connector { return c }},
		{"empty", func(c driver.Connector) driver.Connector {
			return interceptor.WrapConnector(c, nil, interceptor.NewChain())
		}},
		{"hook", func(c driver.Connector) driver.Connector {
			return interceptor.WrapConnector(c, nil, interceptor.NewChain(&noopHook{}))
		}},
	}
	for _, v := range variants {
		b.Run("impl="+v.name, func(b *testing.B) {
			db := sql.OpenDB(v.wrap(fakedb.NewConnector(fakedb.Config{NoLog: true})))
			defer db.Close()
			var id int64
			var name string
			b.ReportAllocs()
			for b.Loop() {
				if err := db.QueryRow("SELECT 1").Scan(&id, &name); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkExec is BenchmarkQuery for an exec with one argument.
func BenchmarkExec(b *testing.B) {
	variants := []struct {
		name  string
		chain *interceptor.Chain
		wrap  bool
	}{
		{"raw", nil, false},
		{"empty", interceptor.NewChain(), true},
		{"hook", interceptor.NewChain(&recorderlessExec{}), true},
	}
	for _, v := range variants {
		b.Run("impl="+v.name, func(b *testing.B) {
			c := fakedb.NewConnector(fakedb.Config{NoLog: true})
			if v.wrap {
				c = interceptor.WrapConnector(c, nil, v.chain)
			}
			db := sql.OpenDB(c)
			defer db.Close()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := db.Exec("EXEC 1 ?", 1); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// recorderlessExec is a no-op ExecHook with an observer.
type recorderlessExec struct{}

func (h *recorderlessExec) Exec(ctx context.Context, c *interceptor.Call, next interceptor.ExecFunc) (driver.Result, error) {
	c.Observe(h)
	return next(ctx, c)
}

func (*recorderlessExec) Done(*interceptor.Call, error) {}
