package interceptor_test

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"testing"

	"github.com/deeperhub/dhsql/interceptor"
	"github.com/deeperhub/dhsql/internal/fakedb"
)

// countingValuer counts the calls of its Value method.
type countingValuer struct{ n *int }

func (v countingValuer) Value() (driver.Value, error) {
	*v.n++
	return int64(1), nil
}

// TestArgConversionOnConnWithoutExecer pins that database/sql converts the
// arguments of db.Exec/db.Query the same way, and as many times, whether
// or not the conn is wrapped. For an inner conn with neither Execer nor
// Queryer (context or legacy), database/sql goes straight to Prepare and
// converts the arguments with the statement's NamedValueChecker and
// ColumnConverter; a wrapped conn claims ExecerContext and QueryerContext,
// so database/sql first converts for a conn-level attempt with the conn's
// rules, and a value only the statement accepts fails there.
func TestArgConversionOnConnWithoutExecer(t *testing.T) {
	for _, ck := range connKinds {
		for _, sk := range stmtKinds {
			cfg := fakedb.Config{Conn: ck, Stmt: sk}
			t.Run(cfg.String(), func(t *testing.T) {
				run := func(wrap bool) (out, log []string) {
					srv := fakedb.New(cfg)
					c := srv.Connector()
					if wrap {
						c = interceptor.WrapConnector(c, nil, interceptor.NewChain(&recorder{}))
					}
					db := sql.OpenDB(c)
					defer db.Close()
					out = append(out, describeResult(db.Exec("EXEC 1", fakedb.Custom{V: "x"})))
					out = append(out, describeQuery(db.Query("SELECT 1", fakedb.Custom{V: "y"}))...)
					out = append(out, describeResult(db.Exec("EXEC 1", struct{}{})))
					var n int
					out = append(out, describeResult(db.Exec("EXEC 1", countingValuer{&n})))
					out = append(out, fmt.Sprintf("Value called %d times", n))
					return out, srv.Log()
				}
				rawOut, rawLog := run(false)
				out, log := run(true)
				if d := diff(rawOut, out); d != "" {
					t.Errorf("outcomes differ (-raw +wrapped):\n%s", d)
				}
				if d := diff(rawLog, log); d != "" {
					t.Errorf("calls into the driver differ (-raw +wrapped):\n%s", d)
				}
			})
		}
	}
}
