package interceptor_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/deeperhub/dhsql/interceptor"
	"github.com/deeperhub/dhsql/internal/fakedb"
)

// tracer is a hook of every kind that writes name> before next and name<
// after it to a shared trace.
type tracer struct {
	name  string
	mu    *sync.Mutex
	trace *[]string
}

func (h tracer) around(k interceptor.Kind, f func() error) error {
	h.add(h.name + ">" + k.String())
	err := f()
	h.add(h.name + "<" + k.String())
	return err
}

func (h tracer) add(s string) {
	h.mu.Lock()
	*h.trace = append(*h.trace, s)
	h.mu.Unlock()
}

func (h tracer) Query(ctx context.Context, c *interceptor.Call, next interceptor.QueryFunc) (r driver.Rows, err error) {
	h.around(c.Kind, func() error { r, err = next(ctx, c); return err })
	return r, err
}

func (h tracer) Exec(ctx context.Context, c *interceptor.Call, next interceptor.ExecFunc) (r driver.Result, err error) {
	h.around(c.Kind, func() error { r, err = next(ctx, c); return err })
	return r, err
}

func (h tracer) Prepare(ctx context.Context, c *interceptor.Call, next interceptor.PrepareFunc) (s driver.Stmt, err error) {
	h.around(c.Kind, func() error { s, err = next(ctx, c); return err })
	return s, err
}

func (h tracer) Begin(ctx context.Context, c *interceptor.Call, next interceptor.TxFunc) error {
	return h.around(c.Kind, func() error { return next(ctx, c) })
}

func (h tracer) Commit(ctx context.Context, c *interceptor.Call, next interceptor.TxFunc) error {
	return h.around(c.Kind, func() error { return next(ctx, c) })
}

func (h tracer) Rollback(ctx context.Context, c *interceptor.Call, next interceptor.TxFunc) error {
	return h.around(c.Kind, func() error { return next(ctx, c) })
}

func TestChainOrder(t *testing.T) {
	var mu sync.Mutex
	var trace []string
	a, b, c := tracer{"A", &mu, &trace}, tracer{"B", &mu, &trace}, tracer{"C", &mu, &trace}
	ch := interceptor.NewChain(a, nil, "not a hook", b, c)
	if ch.Len() != 3 {
		t.Errorf("Len = %d, want 3 (nil and non-hooks ignored)", ch.Len())
	}
	if hs := ch.Hooks(); len(hs) != 3 || hs[0] != a || hs[1] != b || hs[2] != c {
		t.Errorf("Hooks = %v, want A, B, C", hs)
	}
	if (*interceptor.Chain)(nil).Len() != 0 || (*interceptor.Chain)(nil).Hooks() != nil {
		t.Error("a nil chain is not empty")
	}

	srv := fakedb.New(fakedb.Config{})
	db := sql.OpenDB(interceptor.WrapConnector(srv.Connector(), nil, ch))
	defer db.Close()
	steps := []struct {
		kind interceptor.Kind
		run  func() error
	}{
		{interceptor.KindExec, func() error { _, err := db.Exec("EXEC 1"); return err }},
		{interceptor.KindQuery, func() error { return db.QueryRow("SELECT 1").Scan(new(any), new(any)) }},
		{interceptor.KindPrepare, func() error {
			st, err := db.Prepare("SELECT 1")
			if err == nil {
				st.Close()
			}
			return err
		}},
		{interceptor.KindBegin, func() error {
			tx, err := db.Begin()
			if err != nil {
				return err
			}
			mu.Lock()
			trace = trace[:0]
			mu.Unlock()
			return tx.Commit()
		}},
	}
	for _, s := range steps {
		mu.Lock()
		trace = nil
		mu.Unlock()
		if err := s.run(); err != nil {
			t.Fatal(err)
		}
		k := s.kind
		if k == interceptor.KindBegin {
			k = interceptor.KindCommit // the trace was reset after Begin
		}
		var want []string
		for _, p := range []string{"A>", "B>", "C>", "C<", "B<", "A<"} {
			want = append(want, p+k.String())
		}
		if !slices.Equal(trace, want) {
			t.Errorf("%v: trace %q, want %q", k, trace, want)
		}
	}
}

func TestKindString(t *testing.T) {
	want := map[interceptor.Kind]string{
		interceptor.KindQuery: "query", interceptor.KindExec: "exec", interceptor.KindPrepare: "prepare",
		interceptor.KindBegin: "begin", interceptor.KindCommit: "commit", interceptor.KindRollback: "rollback",
		0: "", 99: "unknown",
	}
	for k, s := range want {
		if k.String() != s {
			t.Errorf("Kind(%d).String() = %q, want %q", k, k.String(), s)
		}
	}
}

// cannedRows is a driver.Rows made by a hook.
type cannedRows struct {
	n      int
	closed bool
}

func (r *cannedRows) Columns() []string { return []string{"v"} }
func (r *cannedRows) Close() error      { r.closed = true; return nil }
func (r *cannedRows) Next(dest []driver.Value) error {
	if r.n == 0 {
		return io.EOF
	}
	dest[0] = fmt.Sprint("canned-", r.n)
	r.n--
	return nil
}

var errHook = errors.New("hook: refused")

// shortCircuit answers some statements itself, without calling next.
type shortCircuit struct{}

func (shortCircuit) Query(ctx context.Context, c *interceptor.Call, next interceptor.QueryFunc) (driver.Rows, error) {
	switch c.Query {
	case "SELECT 99":
		return &cannedRows{n: 2}, nil
	case "SELECT 98":
		return nil, errHook
	}
	return next(ctx, c)
}

func (shortCircuit) Exec(ctx context.Context, c *interceptor.Call, next interceptor.ExecFunc) (driver.Result, error) {
	switch c.Query {
	case "EXEC 99":
		return driver.RowsAffected(42), nil
	case "EXEC 98":
		return nil, errHook
	}
	return next(ctx, c)
}

func TestHookShortCircuit(t *testing.T) {
	for _, ck := range connKinds {
		t.Run(ck.String(), func(t *testing.T) {
			rec := &recorder{}
			srv := fakedb.New(fakedb.Config{Conn: ck})
			db := sql.OpenDB(interceptor.WrapConnector(srv.Connector(), nil, interceptor.NewChain(rec, shortCircuit{})))
			defer db.Close()

			rows, err := db.Query("SELECT 99")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for rows.Next() {
				var s string
				rows.Scan(&s)
				got = append(got, s)
			}
			rows.Close()
			if !slices.Equal(got, []string{"canned-2", "canned-1"}) {
				t.Errorf("hook's rows read as %q", got)
			}
			if _, err := db.Query("SELECT 98"); err != errHook {
				t.Errorf("hook's query error: %v", err)
			}
			res, err := db.Exec("EXEC 99")
			if n, _ := res.RowsAffected(); err != nil || n != 42 {
				t.Errorf("hook's result: %v, %v", n, err)
			}
			if _, err := db.Exec("EXEC 98"); err != errHook {
				t.Errorf("hook's exec error: %v", err)
			}
			for _, line := range srv.Log() {
				if strings.Contains(line, "Exec") || strings.Contains(line, "Query") {
					t.Errorf("the inner driver ran a statement the hook answered: %s", line)
				}
			}
			// The outer hook saw what the inner hook answered, and its
			// observers were told once with it.
			rec.checkObservers(t)
			for _, r := range rec.Attempted(interceptor.KindQuery, interceptor.KindExec) {
				want := error(nil)
				if strings.HasSuffix(r.Query, "98") {
					want = errHook
				}
				if r.Err != want || r.DoneErr != want {
					t.Errorf("%v %q: next returned %v, Done %v; want %v", r.Kind, r.Query, r.Err, r.DoneErr, want)
				}
				if r.Query == "SELECT 99" && (r.RowsRead != 2 || !r.EOF || len(r.Rows) != 2) {
					t.Errorf("hook's rows: RowsRead %d EOF %t rows seen %d", r.RowsRead, r.EOF, len(r.Rows))
				}
				if r.Query == "EXEC 99" && r.Result != driver.RowsAffected(42) {
					t.Errorf("hook's result: Call.Result = %v", r.Result)
				}
			}
		})
	}
}

// TestObservers pins when observers are told, and what: once per call,
// with the call's outcome, and Row for every row the caller reads.
func TestObservers(t *testing.T) {
	type obsCase struct {
		name     string
		run      func(db *sql.DB, srv *fakedb.Server) (want error)
		query    string
		rowsRead int64
		eof      bool
	}
	cases := []obsCase{
		{"rows read to the end", func(db *sql.DB, _ *fakedb.Server) error {
			rows, _ := db.Query("SELECT 4")
			for rows.Next() {
			}
			rows.Close()
			return nil
		}, "SELECT 4", 4, true},
		{"rows closed early", func(db *sql.DB, _ *fakedb.Server) error {
			rows, _ := db.Query("SELECT 4")
			rows.Next()
			rows.Close()
			return nil
		}, "SELECT 4", 1, false},
		{"next fails", func(db *sql.DB, srv *fakedb.Server) error {
			rows, _ := db.Query("SELECT 3 ERRT")
			for rows.Next() {
			}
			rows.Close()
			return srv.LastError()
		}, "SELECT 3 ERRT", 3, false},
		{"rows closed after the context ended", func(db *sql.DB, _ *fakedb.Server) error {
			ctx, cancel := context.WithCancel(bg)
			rows, _ := db.QueryContext(ctx, "SELECT 4")
			rows.Next()
			rows.Next()
			cancel()
			rows.Close() // or database/sql closed them already
			return context.Canceled
		}, "SELECT 4", 2, false},
		{"rows read to the end, then context ended", func(db *sql.DB, _ *fakedb.Server) error {
			ctx, cancel := context.WithCancel(bg)
			rows, _ := db.QueryContext(ctx, "SELECT 2")
			for rows.Next() {
			}
			cancel()
			rows.Close()
			return nil
		}, "SELECT 2", 2, true},
		{"query fails", func(db *sql.DB, srv *fakedb.Server) error {
			db.Query("ERRT")
			return srv.LastError()
		}, "ERRT", 0, false},
		{"multiple result sets", func(db *sql.DB, _ *fakedb.Server) error {
			rows, _ := db.Query("MULTI")
			for rows.Next() {
			}
			rows.NextResultSet()
			for rows.Next() {
			}
			rows.Close()
			return nil
		}, "MULTI", 3, true},
		{"first of multiple result sets", func(db *sql.DB, _ *fakedb.Server) error {
			rows, _ := db.Query("MULTI")
			for rows.Next() {
			}
			rows.NextResultSet()
			rows.Close()
			return nil
		}, "MULTI", 2, false},
		{"exec", func(db *sql.DB, _ *fakedb.Server) error {
			db.Exec("EXEC 5")
			return nil
		}, "EXEC 5", 0, false},
		{"exec fails", func(db *sql.DB, _ *fakedb.Server) error {
			db.Exec("ERR")
			return fakedb.ErrBoom
		}, "ERR", 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := &recorder{}
			srv := fakedb.New(fakedb.Config{})
			db := sql.OpenDB(interceptor.WrapConnector(srv.Connector(), nil, interceptor.NewChain(rec)))
			defer db.Close()
			want := c.run(db, srv)
			rec.checkObservers(t)
			calls := rec.Attempted(interceptor.KindQuery, interceptor.KindExec)
			if len(calls) != 1 {
				t.Fatalf("%d calls, want 1", len(calls))
			}
			r := calls[0]
			if r.Query != c.query || r.DoneErr != want || r.RowsRead != c.rowsRead || r.EOF != c.eof {
				t.Errorf("Done(%q, %v) RowsRead %d EOF %t; want Done(%q, %v) RowsRead %d EOF %t",
					r.Query, r.DoneErr, r.RowsRead, r.EOF, c.query, want, c.rowsRead, c.eof)
			}
			if int64(len(r.Rows)) != r.RowsRead {
				t.Errorf("Row told %d times, RowsRead %d", len(r.Rows), r.RowsRead)
			}
			for i, row := range r.Rows {
				if i >= 2 && r.Query == "MULTI" {
					if row[0] != int64(1) {
						t.Errorf("second set row: %v", row)
					}
					continue
				}
				if row[0] != int64(i+1) {
					t.Errorf("row %d seen as %v", i, row)
				}
			}
			if r.Kind == interceptor.KindExec {
				if want == nil {
					if n, _ := r.Result.RowsAffected(); n != 5 {
						t.Errorf("Call.Result.RowsAffected = %d, want 5", n)
					}
				} else if r.Result != nil {
					t.Errorf("Call.Result of a failed exec = %v", r.Result)
				}
			}
		})
	}
}

// TestTxSession pins Session.InTx and TxSeq as the hooks see them around
// Begin, Commit and Rollback and the statements between.
func TestTxSession(t *testing.T) {
	for _, ck := range connKinds {
		t.Run(ck.String(), func(t *testing.T) {
			rec := &recorder{}
			srv := fakedb.New(fakedb.Config{Conn: ck})
			db := sql.OpenDB(interceptor.WrapConnector(srv.Connector(), nil, interceptor.NewChain(rec)))
			defer db.Close()
			db.SetMaxOpenConns(1)

			db.Exec("EXEC 1")
			tx, err := db.BeginTx(bg, &sql.TxOptions{})
			if err != nil {
				t.Fatal(err)
			}
			tx.Exec("EXEC 2")
			tx.Commit()
			tx, _ = db.Begin()
			tx.Exec("FAILCOMMIT")
			tx.Commit()
			tx, _ = db.Begin()
			tx.Rollback()
			for range 2 {
				tx, err := db.BeginTx(bg, &sql.TxOptions{Isolation: sql.LevelSerializable})
				if (err == nil) != fullCtx(ck) {
					t.Errorf("BeginTx(serializable) = %v", err)
				}
				if err == nil {
					tx.Rollback()
				}
			}
			db.Exec("EXEC 3")

			type view struct {
				Kind                    interceptor.Kind
				Query                   string
				InTxBefore, InTxAfter   bool
				TxSeqBefore, TxSeqAfter uint64
				Err                     error
			}
			var got []view
			for _, r := range rec.Attempted() {
				if r.Kind == interceptor.KindPrepare {
					continue
				}
				got = append(got, view{r.Kind, r.Query, r.InTxBefore, r.InTxAfter, r.TxSeqBefore, r.TxSeqAfter, r.Err})
			}
			isoErr := errors.New("sql: driver does not support non-default isolation level")
			want := []view{
				{interceptor.KindExec, "EXEC 1", false, false, 0, 0, nil},
				{interceptor.KindBegin, "", false, true, 0, 1, nil},
				{interceptor.KindExec, "EXEC 2", true, true, 1, 1, nil},
				{interceptor.KindCommit, "", true, true, 1, 1, nil},
				{interceptor.KindBegin, "", false, true, 1, 2, nil},
				{interceptor.KindExec, "FAILCOMMIT", true, true, 2, 2, nil},
				{interceptor.KindCommit, "", true, true, 2, 2, fakedb.ErrBoom},
				{interceptor.KindBegin, "", false, true, 2, 3, nil},
				{interceptor.KindRollback, "", true, true, 3, 3, nil},
			}
			if fullCtx(ck) {
				want = append(want,
					view{interceptor.KindBegin, "", false, true, 3, 4, nil},
					view{interceptor.KindRollback, "", true, true, 4, 4, nil},
					view{interceptor.KindBegin, "", false, true, 4, 5, nil},
					view{interceptor.KindRollback, "", true, true, 5, 5, nil},
					view{interceptor.KindExec, "EXEC 3", false, false, 5, 5, nil})
			} else {
				want = append(want,
					view{interceptor.KindBegin, "", false, false, 3, 3, isoErr},
					view{interceptor.KindBegin, "", false, false, 3, 3, isoErr},
					view{interceptor.KindExec, "EXEC 3", false, false, 3, 3, nil})
			}
			if len(got) != len(want) {
				t.Fatalf("calls:\n%+v\nwant:\n%+v", got, want)
			}
			for i := range want {
				g, w := got[i], want[i]
				if w.Err != nil && g.Err != nil && g.Err.Error() == w.Err.Error() {
					g.Err = w.Err // database/sql makes a new error each time
				}
				if g != w {
					t.Errorf("call %d: %+v, want %+v", i, g, w)
				}
			}
			rec.checkObservers(t)
		})
	}
}

type sessionKey struct{}

// sessionHook counts the statements of each connection in its Session.
type sessionHook struct {
	mu   sync.Mutex
	seen map[uint64]int // session ID → count read back from the session
}

func (h *sessionHook) Exec(ctx context.Context, c *interceptor.Call, next interceptor.ExecFunc) (driver.Result, error) {
	n, _ := c.Session.Value(sessionKey{}).(int)
	n++
	c.Session.SetValue(sessionKey{}, n)
	if c.Query == "EXEC 0" {
		c.Session.SetValue(sessionKey{}, nil) // deletes
	}
	h.mu.Lock()
	h.seen[c.Session.ID()] = n
	h.mu.Unlock()
	return next(ctx, c)
}

func TestSessionValues(t *testing.T) {
	h := &sessionHook{seen: map[uint64]int{}}
	srv := fakedb.New(fakedb.Config{})
	db := sql.OpenDB(interceptor.WrapConnector(srv.Connector(), nil, interceptor.NewChain(h)))
	defer db.Close()
	c1, _ := db.Conn(bg)
	c2, _ := db.Conn(bg)
	for range 3 {
		c1.ExecContext(bg, "EXEC 1")
	}
	c2.ExecContext(bg, "EXEC 1")
	if len(h.seen) != 2 {
		t.Fatalf("sessions seen: %v, want 2", h.seen)
	}
	counts := slices.Sorted(maps.Values(h.seen))
	if !slices.Equal(counts, []int{1, 3}) {
		t.Errorf("per-session counts %v, want [1 3]", counts)
	}
	c1.ExecContext(bg, "EXEC 0") // 4, then deleted
	c1.ExecContext(bg, "EXEC 1") // starts again at 1
	if n := slices.Max(slices.Collect(maps.Values(h.seen))); n != 1 {
		t.Errorf("after SetValue(nil) the count restarted at %d, want 1", n)
	}
	c1.Close()
	c2.Close()
}

// metaHook shares what it learns through Call.Meta.
type metaHook struct {
	set  bool
	mu   *sync.Mutex
	seen *[]any
}

func (h metaHook) Query(ctx context.Context, c *interceptor.Call, next interceptor.QueryFunc) (driver.Rows, error) {
	if h.set {
		c.Meta = "classified:" + c.Query
	} else {
		h.mu.Lock()
		*h.seen = append(*h.seen, c.Meta)
		h.mu.Unlock()
	}
	return next(ctx, c)
}

func TestCallMeta(t *testing.T) {
	var mu sync.Mutex
	var seen []any
	srv := fakedb.New(fakedb.Config{})
	db := sql.OpenDB(interceptor.WrapConnector(srv.Connector(), nil,
		interceptor.NewChain(metaHook{set: true}, metaHook{mu: &mu, seen: &seen})))
	defer db.Close()
	db.QueryRow("SELECT 1").Scan(new(any), new(any))
	if len(seen) != 1 || seen[0] != "classified:SELECT 1" {
		t.Errorf("inner hook saw Meta %v", seen)
	}
}

// TestConcurrentUse runs statements from many goroutines (with the race
// detector, the point) and checks that every call was observed once and
// that nothing was left open.
func TestConcurrentUse(t *testing.T) {
	for _, ck := range connKinds {
		t.Run(ck.String(), func(t *testing.T) {
			rec := &recorder{}
			srv := fakedb.New(fakedb.Config{Conn: ck, SkipWithArgs: true, NoLog: true})
			db := sql.OpenDB(interceptor.WrapConnector(srv.Connector(), nil, interceptor.NewChain(rec)))
			db.SetMaxOpenConns(3)
			var wg sync.WaitGroup
			for g := range 6 {
				wg.Go(func() {
					for i := range 20 {
						rows, err := db.Query("SELECT 3 ?", i)
						if err != nil {
							t.Error(err)
							return
						}
						for rows.Next() {
						}
						rows.Close()
						if _, err := db.Exec("EXEC 1"); err != nil {
							t.Error(err)
						}
						tx, err := db.Begin()
						if err != nil {
							t.Error(err)
							return
						}
						tx.Exec("EXEC 1 ?", g)
						tx.Commit()
						ctx, cancel := context.WithCancel(bg)
						rows, err = db.QueryContext(ctx, "SELECT 5")
						if err == nil {
							rows.Next()
							cancel()
							rows.Close()
						}
						cancel()
					}
				})
			}
			wg.Wait()
			db.Close()
			rec.checkObservers(t)
			if s := srv.Stats(); s != (fakedb.Stats{}) {
				t.Errorf("left open: %+v", s)
			}
			if n := len(rec.Attempted(interceptor.KindQuery)); n != 6*20*2 {
				t.Errorf("%d queries attempted, want %d", n, 6*20*2)
			}
		})
	}
}
