package parse_test

import (
	"reflect"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/deeperhub/dhsql/parse"
)

// fuzzMemo is a small memo so that fuzzing also exercises eviction.
var fuzzMemo = parse.NewMemo(64, 1<<16)

func addSeeds(f *testing.F) {
	for _, c := range corpus {
		for _, dd := range dialectsOf {
			if c.dialects&dd.bit != 0 {
				f.Add(uint8(dd.d), c.q)
			}
		}
	}
	for _, s := range []string{"", ";", "(", ")", "((((", "$", "$$", "$a$", "'", `"`, "`", "[", "/*", "*/", "--", "#",
		"/*!", "?", "?1", ":a", "@a", "@@a", "E'\\", "U&\"a\"", "::", "SELECT (SELECT (SELECT"} {
		for d := range 5 {
			f.Add(uint8(d), s)
		}
	}
}

// FuzzClassify checks, for any text and dialect, that classification does
// not panic, ends in bounded time, is stable (parsing twice, and through a
// memo, give deep-equal results) and keeps its invariants.
func FuzzClassify(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, dialect uint8, q string) {
		d := parse.Dialect(dialect % 5) // 4 is not a dialect: must act as Generic
		a := parseWithin(t, d, q, 3*time.Second)
		b := parse.Parse(d, q)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("unstable:\n%+v\n%+v", a, b)
		}
		m := fuzzMemo.Classify(d, q)
		if !reflect.DeepEqual(a, m) {
			t.Fatalf("memo differs:\nparse %+v\nmemo  %+v", a, m)
		}
		if len(a.Summary) > 255 {
			t.Fatalf("summary of %d bytes", len(a.Summary))
		}
		if utf8.ValidString(q) && !utf8.ValidString(a.Summary) {
			t.Fatalf("summary %q is not UTF-8", a.Summary)
		}
		if len(a.Sanitized) > len(q) {
			t.Fatalf("sanitized text longer than the input: %q", a.Sanitized)
		}
		for _, tb := range append(append([]parse.Table(nil), a.Reads...), a.Writes...) {
			if tb.Name == "" && !a.Unknown {
				t.Fatalf("empty table name in %+v", a)
			}
		}
		if a.Cacheable() && (a.Unknown || a.Multi || a.IsWrite()) {
			t.Fatalf("cacheable but unsure or writing: %+v", a)
		}
		_ = a.InvalidatesAll()
		_ = a.IsRead()
	})
}

// parseWithin parses q, failing the test if that takes longer than limit
// (the fuzzing engine itself does not stop an input that hangs).
func parseWithin(t *testing.T, d parse.Dialect, q string, limit time.Duration) *parse.Statement {
	t.Helper()
	done := make(chan *parse.Statement, 1)
	go func() { done <- parse.Parse(d, q) }()
	select {
	case st := <-done:
		return st
	case <-time.After(limit):
		t.Fatalf("Parse(%v, %q) did not return within %v", d, q, limit)
		return nil
	}
}

// FuzzTrailingComment checks that a statement followed by a comment that
// the memo strips (sqlcommenter's form) is classified as the statement with
// that comment is.
func FuzzTrailingComment(f *testing.F) {
	f.Add(uint8(1), "SELECT * FROM items WHERE id = $1", "traceparent='00-abc-01'")
	f.Add(uint8(2), "SELECT * FROM t -- x", "a")
	f.Add(uint8(2), "SELECT 1 /*! FROM t", "b")
	f.Add(uint8(1), "SELECT '", "'")
	f.Add(uint8(3), "SELECT [a", "]")
	f.Fuzz(func(t *testing.T, dialect uint8, q, comment string) {
		d := parse.Dialect(dialect % 4)
		m := parse.NewMemo(8, 1<<16)
		for _, text := range []string{q + " /*first*/", q + " /*" + comment + "*/", q + "/*" + comment + "*/", q + "\n/*x*/"} {
			got := m.Classify(d, text)
			want := parse.Parse(d, text)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%q:\nmemo  %+v\nparse %+v", text, got, want)
			}
		}
	})
}
