package parse_test

import (
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/deeperhub/dhsql/parse"
)

func TestMemoSharesResults(t *testing.T) {
	m := parse.NewMemo(100, 0)
	q := `SELECT * FROM "users" WHERE "users"."id" = $1`
	a := m.Classify(parse.Postgres, q)
	b := m.Classify(parse.Postgres, q)
	if a != b {
		t.Errorf("memo hit returned a different *Statement")
	}
	if c := m.Classify(parse.MySQL, q); c == a {
		t.Errorf("dialects share an entry")
	}
	if !reflect.DeepEqual(a, parse.Parse(parse.Postgres, q)) {
		t.Errorf("memo result differs from Parse")
	}
	if parse.Classify(parse.Postgres, q) != parse.Classify(parse.Postgres, q) {
		t.Errorf("package-level Classify does not memoize")
	}
}

func TestMemoHitAllocatesNothing(t *testing.T) {
	m := parse.NewMemo(0, 0)
	q := "SELECT `users`.`id`, `users`.`name` FROM `users` WHERE `users`.`id` = ? AND `users`.`deleted_at` IS NULL"
	m.Classify(parse.MySQL, q)
	if n := testing.AllocsPerRun(100, func() { m.Classify(parse.MySQL, q) }); n != 0 {
		t.Errorf("memo hit: %v allocs", n)
	}
	c := q + " /*traceparent='00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'*/"
	m.Classify(parse.MySQL, c)
	if n := testing.AllocsPerRun(100, func() { m.Classify(parse.MySQL, c) }); n != 0 {
		t.Errorf("memo hit through a trailing comment: %v allocs", n)
	}
}

func TestMemoTrailingComments(t *testing.T) {
	m := parse.NewMemo(100, 0)
	base := `SELECT * FROM items WHERE id = $1`
	first := m.Classify(parse.Postgres, base+` /*traceparent='00-aaa-01'*/`)
	for i := range 50 {
		st := m.Classify(parse.Postgres, fmt.Sprintf("%s /*traceparent='00-%032d-01',route='/x'*/", base, i))
		if st != first {
			t.Fatalf("comment %d: not shared", i)
		}
	}
	if m.Len() != 1 {
		t.Errorf("memo holds %d entries for one statement with 51 comments", m.Len())
	}
	// A MySQL executable comment is code, not a comment.
	a := m.Classify(parse.MySQL, `SELECT * FROM items /*x*/`)
	b := m.Classify(parse.MySQL, `SELECT * FROM items /*! JOIN orders ON true */`)
	if a == b || len(b.Reads) != 2 {
		t.Errorf("executable comment shared with a plain one: %+v", b.Reads)
	}
	// The space before the comment is part of the prefix: in MySQL "--"
	// followed by a space starts a comment, and without one it does not.
	e := m.Classify(parse.MySQL, `DELETE FROM t WHERE id = 1 --/* c */`)
	f := m.Classify(parse.MySQL, `DELETE FROM t WHERE id = 1 -- /* c */`)
	if want := parse.Parse(parse.MySQL, `DELETE FROM t WHERE id = 1 -- /* c */`); e == f || !reflect.DeepEqual(f, want) {
		t.Errorf("texts that differ before the comment shared an entry:\n%+v\n%+v", f, want)
	}
	// A comment start inside a string is not a comment.
	c := m.Classify(parse.Postgres, `SELECT * FROM items WHERE a = '/*' /* c */`)
	d := m.Classify(parse.Postgres, `SELECT * FROM items WHERE a = '/*' /* c */ */`)
	if c == d {
		t.Errorf("different statements shared an entry")
	}
}

func TestMemoIsBounded(t *testing.T) {
	m := parse.NewMemo(256, 1<<20)
	for i := range 5000 {
		m.Classify(parse.Postgres, fmt.Sprintf("SELECT * FROM t%d WHERE a = %d", i%700, i))
	}
	if n := m.Len(); n > 256+32 || n == 0 {
		t.Errorf("memo holds %d entries, cap 256", n)
	}
	// Hot entries survive a scan of cold ones (second chance).
	hot := `SELECT * FROM hot WHERE id = $1`
	h := m.Classify(parse.Postgres, hot)
	for i := range 2000 {
		m.Classify(parse.Postgres, hot)
		m.Classify(parse.Postgres, fmt.Sprintf("SELECT %d", i))
	}
	if m.Classify(parse.Postgres, hot) != h {
		t.Errorf("hot entry was evicted")
	}
	// By bytes too: big texts within MaxMemoText.
	small := parse.NewMemo(1000, 64<<10)
	for i := range 200 {
		small.Classify(parse.Postgres, fmt.Sprintf("SELECT * FROM t WHERE a IN (%d%s)", i, repeat(", 1", 1000)))
	}
	if n := small.Len(); n > 64 {
		t.Errorf("byte-bounded memo holds %d big entries", n)
	}
	// Texts above MaxMemoText are parsed but not kept.
	huge := "SELECT * FROM t WHERE a IN (1" + repeat(", 1", parse.MaxMemoText) + ")"
	before := small.Len()
	if st := small.Classify(parse.Postgres, huge); st.Unknown || len(st.Reads) != 1 {
		t.Errorf("huge text: %+v", st.Reads)
	}
	if small.Len() > before {
		t.Errorf("huge text was memoized")
	}
}

func repeat(s string, n int) string {
	b := make([]byte, 0, len(s)*n)
	for range n {
		b = append(b, s...)
	}
	return string(b)
}

func TestMemoConcurrent(t *testing.T) {
	m := parse.NewMemo(64, 0)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				q := fmt.Sprintf("SELECT * FROM t%d WHERE id = $1", (i*7+g)%100)
				st := m.Classify(parse.Postgres, q)
				if len(st.Reads) != 1 || st.Unknown {
					t.Errorf("%q: %+v", q, st)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestOddInputs(t *testing.T) {
	inputs := []string{
		"\x00", "\xff\xfe", "SELECT \x00 FROM t", "SELECT * FROM \"\xff\"", repeat("(", 10000), repeat("SELECT (", 3000),
		repeat("/*", 1000), "SELECT 'a' 'b' FROM t", "$1$", "$$", "E'", "U&", "@", "@@", ":", "::", "?", "?|", "``", "[]",
		"SELECT * FROM t WHERE a = ANY(ARRAY[[1,2],[3,4]])", repeat("a.", 500) + "b", "WITH", "WITH RECURSIVE",
		"WITH x AS", "INSERT INTO t (", "UPDATE t SET (", "SELECT CASE", "SELECT CASE WHEN", "SELECT a::", "CREATE TABLE t (",
		"SELECT * FROM t WHERE a IN (SELECT", repeat("SELECT 1;", 2000),
	}
	for _, q := range inputs {
		for d := range 5 {
			st := parse.Parse(parse.Dialect(d), q)
			_ = st.Cacheable()
		}
	}
	deep := repeat("(", 500) + "SELECT * FROM t" + repeat(")", 500)
	if st := parse.Parse(parse.Postgres, deep); !st.Unknown {
		t.Errorf("500 levels of nesting are not Unknown")
	}
	ok := repeat("(", 50) + "SELECT * FROM t" + repeat(")", 50)
	if st := parse.Parse(parse.Postgres, ok); st.Unknown || len(st.Reads) != 1 {
		t.Errorf("50 levels of nesting: %+v", st)
	}
}

// One text in several dialects, and a text with and without a trailing
// comment, are separate entries, each with its own classification.
func TestMemoKeys(t *testing.T) {
	m := parse.NewMemo(100, 0)
	q := "SELECT * FROM [items]"
	lite := m.Classify(parse.SQLite, q)
	pg := m.Classify(parse.Postgres, q)
	if lite == pg || lite.Unknown || len(lite.Reads) != 1 || lite.Reads[0].Name != "items" {
		t.Errorf("sqlite %+v, postgres %+v", lite, pg)
	}
	for range 3 {
		if m.Classify(parse.SQLite, q) != lite || m.Classify(parse.Postgres, q) != pg {
			t.Fatal("a dialect's entry answered for another")
		}
	}
	plain := m.Classify(parse.MySQL, "SELECT * FROM t")
	commented := m.Classify(parse.MySQL, "SELECT * FROM t /* a */")
	if m.Classify(parse.MySQL, "SELECT * FROM t") != plain || m.Classify(parse.MySQL, "SELECT * FROM t /* b */") != commented {
		t.Error("entries not reused")
	}
	if m.Len() != 4 {
		t.Errorf("memo holds %d entries, want 4", m.Len())
	}
}
