package interceptor_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"testing"

	"github.com/deeperhub/dhsql/interceptor"
	"github.com/deeperhub/dhsql/internal/fakedb"
)

// scenario is a sequence of database/sql calls; it returns what the caller
// saw, one line per outcome.
type scenario struct {
	name string
	run  func(t *testing.T, db *sql.DB, srv *fakedb.Server) []string
}

var bg = context.Background()

func canceledCtx() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// whileSlow runs f with a context canceled as soon as the fake starts
// waiting on a SLOW statement.
func whileSlow(srv *fakedb.Server, f func(ctx context.Context) []string) []string {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		select {
		case <-srv.Blocked():
			cancel()
		case <-stop:
		}
	}()
	out := f(ctx)
	close(stop)
	<-stopped // no stale watcher may take the next SLOW's signal
	return out
}

var scenarios = []scenario{
	{"query", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		return describeQuery(db.Query("SELECT 7"))
	}},
	{"query-args", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		return describeQuery(db.Query("SELECT 2 ? ?", 7, "x"))
	}},
	{"query-row", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		var id int64
		var name string
		err := db.QueryRow("SELECT 1").Scan(&id, &name)
		return []string{fmt.Sprint(id, name), describeErr(err)}
	}},
	{"nulls", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		rows, err := db.Query("SELECT 6")
		if err != nil {
			return []string{describeErr(err)}
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var id sql.NullInt64
			var name sql.NullString
			err := rows.Scan(&id, &name)
			out = append(out, fmt.Sprint(id, name, describeErr(err)))
		}
		var s string
		err = db.QueryRow("SELECT 3 ? ?", 1, nil).Scan(new(int64), &s) // first row only
		return append(out, describeErr(err), s, describeErr(rows.Err()))
	}},
	{"exec", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		return []string{
			describeResult(db.Exec("EXEC 3")),
			describeResult(db.Exec("EXEC 2 ? ?", 1, "a")),
			describeResult(db.Exec("SELECT 1")),
			describeResult(db.Exec("EXEC 1", 1.5, []byte("b"), true, nil)),
		}
	}},
	{"query-exec", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		return describeQuery(db.Query("EXEC 1"))
	}},
	{"skip-prefix", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		out := []string{describeResult(db.Exec("SKIP EXEC 2"))}
		return append(out, describeQuery(db.Query("SKIP SELECT 2", 1))...)
	}},
	{"prepare", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		st, err := db.Prepare("SELECT 3 ?")
		if err != nil {
			return []string{describeErr(err)}
		}
		out := describeQuery(st.Query(1))
		out = append(out, describeQuery(st.Query(2))...)
		out = append(out, describeQuery(st.Query(1, 2))...) // wrong count
		out = append(out, "close "+describeErr(st.Close()))
		st, err = db.Prepare("EXEC 4 ?")
		if err != nil {
			return append(out, describeErr(err))
		}
		out = append(out, describeResult(st.Exec(1)), describeResult(st.Exec()))
		return append(out, "close "+describeErr(st.Close()))
	}},
	{"named-args", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		out := []string{describeResult(db.Exec("EXEC 1", sql.Named("a", 1)))}
		out = append(out, describeQuery(db.Query("SELECT 1", sql.Named("b", "x")))...)
		st, err := db.Prepare("EXEC 2")
		if err != nil {
			return append(out, describeErr(err))
		}
		defer st.Close()
		return append(out, describeResult(st.Exec(sql.Named("c", 3))))
	}},
	{"custom-arg-prepared", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		st, err := db.Prepare("EXEC 1 ?")
		if err != nil {
			return []string{describeErr(err)}
		}
		defer st.Close()
		return []string{describeResult(st.Exec(fakedb.Custom{V: "x"}))}
	}},
	{"tx", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		tx, err := db.Begin()
		if err != nil {
			return []string{describeErr(err)}
		}
		out := []string{describeResult(tx.Exec("EXEC 2"))}
		out = append(out, describeQuery(tx.Query("SELECT 2 ?", 1))...)
		st, err := tx.Prepare("EXEC 3 ?")
		out = append(out, describeErr(err))
		if err == nil {
			out = append(out, describeResult(st.Exec(1)), describeErr(st.Close()))
		}
		out = append(out, "commit "+describeErr(tx.Commit()), "again "+describeErr(tx.Commit()))
		tx, err = db.BeginTx(bg, &sql.TxOptions{})
		if err != nil {
			return append(out, describeErr(err))
		}
		out = append(out, describeResult(tx.Exec("ERR")))
		return append(out, "rollback "+describeErr(tx.Rollback()))
	}},
	{"tx-isolation", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		tx, err := db.BeginTx(bg, &sql.TxOptions{Isolation: sql.LevelSerializable})
		if err != nil {
			return []string{describeErr(err)}
		}
		return []string{describeResult(tx.Exec("EXEC 1")), describeErr(tx.Commit())}
	}},
	{"tx-read-only", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		tx, err := db.BeginTx(bg, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return []string{describeErr(err)}
		}
		return []string{describeResult(tx.Exec("EXEC 1")), describeErr(tx.Rollback())}
	}},
	{"tx-commit-fails", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		tx, err := db.Begin()
		if err != nil {
			return []string{describeErr(err)}
		}
		return []string{describeResult(tx.Exec("FAILCOMMIT")), describeErr(tx.Commit())}
	}},
	{"tx-stmt", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		st, err := db.Prepare("EXEC 5")
		if err != nil {
			return []string{describeErr(err)}
		}
		defer st.Close()
		tx, err := db.Begin()
		if err != nil {
			return []string{describeErr(err)}
		}
		out := []string{describeResult(tx.Stmt(st).Exec())}
		return append(out, describeErr(tx.Commit()), describeResult(st.Exec()))
	}},
	{"ctx-canceled", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		ctx := canceledCtx()
		out := describeQuery(db.QueryContext(ctx, "SELECT 1"))
		out = append(out, describeResult(db.ExecContext(ctx, "EXEC 1")), describeErr(db.PingContext(ctx)))
		c, err := db.Conn(bg)
		if err != nil {
			return append(out, describeErr(err))
		}
		defer c.Close()
		out = append(out, describeQuery(c.QueryContext(ctx, "SELECT 1"))...)
		out = append(out, describeQuery(c.QueryContext(ctx, "SELECT 1", 1))...)
		out = append(out, describeResult(c.ExecContext(ctx, "EXEC 1")))
		out = append(out, describeResult(c.ExecContext(ctx, "EXEC 1", sql.Named("a", 1))))
		out = append(out, describeErr(c.PingContext(ctx)))
		_, err = c.PrepareContext(ctx, "SELECT 1")
		out = append(out, "prepare "+describeErr(err))
		_, err = c.BeginTx(ctx, nil)
		out = append(out, "begin "+describeErr(err))
		st, err := c.PrepareContext(bg, "SELECT 1")
		if err != nil {
			return append(out, describeErr(err))
		}
		defer st.Close()
		out = append(out, describeQuery(st.QueryContext(ctx))...)
		return append(out, describeResult(st.ExecContext(ctx)))
	}},
	{"ctx-canceled-during-slow", func(t *testing.T, db *sql.DB, srv *fakedb.Server) []string {
		out := whileSlow(srv, func(ctx context.Context) []string { return describeQuery(db.QueryContext(ctx, "SLOW")) })
		out = append(out, whileSlow(srv, func(ctx context.Context) []string {
			return []string{describeResult(db.ExecContext(ctx, "SLOW", 1))}
		})...)
		return append(out, describeResult(db.Exec("EXEC 1")))
	}},
	{"rows-closed-early", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		rows, err := db.Query("SELECT 5")
		if err != nil {
			return []string{describeErr(err)}
		}
		rows.Next()
		rows.Next()
		return []string{describeErr(rows.Close()), describeErr(rows.Err())}
	}},
	{"rows-ctx-canceled", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		ctx, cancel := context.WithCancel(bg)
		rows, err := db.QueryContext(ctx, "SELECT 5")
		if err != nil {
			cancel()
			return []string{describeErr(err)}
		}
		rows.Next()
		cancel()
		// database/sql closes the rows from another goroutine; only Close's
		// own result is deterministic.
		return []string{describeErr(rows.Close())}
	}},
	{"bad-conn-retry", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		return append([]string{
			describeResult(db.Exec("EXEC 1")),
			describeResult(db.Exec("BADCONN")),
			describeResult(db.Exec("BADCONN", 1)),
		}, describeQuery(db.Query("BADCONN"))...)
	}},
	{"column-types", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		out := describeQuery(db.Query("SELECT 2"))
		return append(out, describeQuery(db.Query("MULTI"))...)
	}},
	{"multi", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		rows, err := db.Query("MULTI")
		if err != nil {
			return []string{describeErr(err)}
		}
		// Skip the first set's rows.
		more := rows.NextResultSet()
		out := []string{fmt.Sprint(more)}
		return append(out, readRows(rows)...)
	}},
	{"ping", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		return []string{describeErr(db.Ping()), describeErr(db.Ping())}
	}},
	{"errors", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		out := []string{
			describeResult(db.Exec("ERR")),
			describeResult(db.Exec("ERRT")),
			describeResult(db.Exec("ERRT", 1)),
			describeResult(db.Exec("ERRP")),
			describeResult(db.Exec("NOPE")),
		}
		out = append(out, describeQuery(db.Query("ERR"))...)
		out = append(out, describeQuery(db.Query("ERRT", 2))...)
		out = append(out, describeQuery(db.Query("SELECT 2 ERR"))...)
		out = append(out, describeQuery(db.Query("SELECT 2 ERRT"))...)
		_, err := db.Prepare("ERRP")
		return append(out, describeErr(err))
	}},
	{"copy", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		out := []string{describeResult(db.Exec("COPY t FROM STDIN"))}
		for _, rows := range [][]string{{"a", "b"}, {"a", "bad", "c"}, {"a"}} {
			for _, final := range []bool{true, false} {
				tx, err := db.Begin()
				if err != nil {
					return append(out, describeErr(err))
				}
				st, err := tx.Prepare("COPY t (x, y) FROM STDIN")
				if err != nil {
					return append(out, describeErr(err))
				}
				for _, r := range rows {
					out = append(out, describeResult(st.Exec(r, 1)))
				}
				if final {
					out = append(out, describeResult(st.Exec()))
				}
				out = append(out, describeErr(st.Close()), describeErr(tx.Commit()))
			}
		}
		return out
	}},
	{"conn-raw", func(t *testing.T, db *sql.DB, _ *fakedb.Server) []string {
		c, err := db.Conn(bg)
		if err != nil {
			return []string{describeErr(err)}
		}
		defer c.Close()
		var out []string
		err = c.Raw(func(dc any) error {
			if in, ok := interceptor.Inner(dc); ok {
				dc = in
			}
			_, ok := fakedb.ServerOf(dc)
			out = append(out, fmt.Sprint(ok, dc.(driver.Conn) != nil))
			return nil
		})
		return append(out, describeErr(err))
	}},
}

// TestIndistinguishable runs every scenario on the raw fake and on the
// fake wrapped with no chain, an empty chain and a recording chain, for
// every capability combination, and requires the same outcomes and the
// same calls into the fake.
func TestIndistinguishable(t *testing.T) {
	type chainCase struct {
		name string
		new  func() (*interceptor.Chain, *recorder)
	}
	chains := []chainCase{
		{"nil", func() (*interceptor.Chain, *recorder) { return nil, nil }},
		{"empty", func() (*interceptor.Chain, *recorder) { return interceptor.NewChain(), nil }},
		{"recorder", func() (*interceptor.Chain, *recorder) {
			r := &recorder{}
			return interceptor.NewChain(r), r
		}},
		{"two-recorders", func() (*interceptor.Chain, *recorder) {
			r := &recorder{}
			return interceptor.NewChain(&recorder{}, r), r
		}},
	}
	run := func(t *testing.T, sc scenario, srv *fakedb.Server, c driver.Connector) ([]string, []string) {
		db := sql.OpenDB(c)
		out := sc.run(t, db, srv)
		if err := db.Close(); err != nil {
			out = append(out, "db close "+describeErr(err))
		}
		if s := srv.Stats(); s != (fakedb.Stats{}) {
			out = append(out, fmt.Sprintf("left open: %+v", s))
		}
		return out, srv.Log()
	}
	for _, cfg := range allConfigs() {
		t.Run(cfg.String(), func(t *testing.T) {
			for _, sc := range scenarios {
				t.Run(sc.name, func(t *testing.T) {
					for _, viaDriver := range []bool{false, true} {
						rawSrv := fakedb.New(cfg)
						rawConnector := rawSrv.Connector()
						if viaDriver {
							rawConnector = connectorFor(t, rawSrv.Driver())
						}
						rawOut, rawLog := run(t, sc, rawSrv, rawConnector)
						for _, cc := range chains {
							if viaDriver && cc.name != "recorder" {
								continue // the driver path differs only in how conns are opened
							}
							ch, rec := cc.new()
							srv := fakedb.New(cfg)
							c := interceptor.WrapConnector(srv.Connector(), nil, ch)
							if viaDriver {
								c = connectorFor(t, interceptor.WrapDriver(srv.Driver(), ch))
							}
							out, log := run(t, sc, srv, c)
							name := fmt.Sprintf("chain %s, via driver %t", cc.name, viaDriver)
							if d := diff(rawOut, out); d != "" {
								t.Errorf("%s: outcomes differ (-raw +wrapped):\n%s", name, d)
							}
							if d := diff(rawLog, log); d != "" {
								t.Errorf("%s: calls into the driver differ (-raw +wrapped):\n%s", name, d)
							}
							if rec != nil {
								rec.checkObservers(t)
							}
						}
					}
				})
			}
		})
	}
}

// diff renders the lines of a and b side by side from the first
// difference on, or "" when they are equal.
func diff(a, b []string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	if i == len(a) && i == len(b) {
		return ""
	}
	var sb strings.Builder
	for j := max(0, i-3); j < i; j++ {
		fmt.Fprintf(&sb, "  %s\n", a[j])
	}
	for j := i; j < len(a) && j < i+8; j++ {
		fmt.Fprintf(&sb, "- %s\n", a[j])
	}
	for j := i; j < len(b) && j < i+8; j++ {
		fmt.Fprintf(&sb, "+ %s\n", b[j])
	}
	return sb.String()
}
