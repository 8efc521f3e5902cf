package parse_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/deeperhub/dhsql/parse"
)

// Dialect masks for corpus entries.
const (
	P   = 1 << iota // Postgres
	M               // MySQL
	S               // SQLite
	G               // Generic
	PM  = P | M
	PS  = P | S
	MS  = M | S
	PMS = P | M | S
	ALL = P | M | S | G
)

// cc is one corpus case: the statement, its dialects and the expected
// classification. reads and writes are space-separated "schema.name" or
// "name" lists; flags is a space-separated list of the flags that must be
// set (all others must be clear): unknown multi locking into nd opaque temp
// catalog seq returning. For an unknown case reads and writes are not
// compared.
type cc struct {
	dialects int
	q        string
	op       string
	reads    string
	writes   string
	flags    string
}

var dialectsOf = []struct {
	bit int
	d   parse.Dialect
}{{P, parse.Postgres}, {M, parse.MySQL}, {S, parse.SQLite}, {G, parse.Generic}}

func tables(s string) []parse.Table {
	var out []parse.Table
	for _, f := range strings.Fields(s) {
		if i := strings.LastIndexByte(f, '.'); i > 0 {
			out = append(out, parse.Table{Schema: f[:i], Name: f[i+1:]})
		} else {
			out = append(out, parse.Table{Name: f})
		}
	}
	return out
}

func flagsOf(st *parse.Statement) string {
	var f []string
	add := func(b bool, name string) {
		if b {
			f = append(f, name)
		}
	}
	add(st.Unknown, "unknown")
	add(st.Multi, "multi")
	add(st.Locking, "locking")
	add(st.SelectInto, "into")
	add(st.NonDeterministic, "nd")
	add(st.OpaqueCall, "opaque")
	add(st.TempTable, "temp")
	add(st.SystemCatalog, "catalog")
	add(st.Sequence, "seq")
	add(st.Returning, "returning")
	return strings.Join(f, " ")
}

func normFlags(s string) string {
	order := []string{"unknown", "multi", "locking", "into", "nd", "opaque", "temp", "catalog", "seq", "returning"}
	have := strings.Fields(s)
	var out []string
	for _, o := range order {
		if slices.Contains(have, o) {
			out = append(out, o)
		}
	}
	return strings.Join(out, " ")
}

func sameSet(a, b []parse.Table) bool {
	if len(a) != len(b) {
		return false
	}
	for _, t := range a {
		if !slices.Contains(b, t) {
			return false
		}
	}
	return true
}

func checkCase(t *testing.T, d parse.Dialect, c cc) {
	t.Helper()
	st := parse.Parse(d, c.q)
	var errs []string
	if c.op != "" && st.Op.String() != c.op {
		errs = append(errs, "op "+st.Op.String()+", want "+c.op)
	}
	if got, want := flagsOf(st), normFlags(c.flags); got != want {
		errs = append(errs, "flags ["+got+"], want ["+want+"]")
	}
	if !st.Unknown {
		if !sameSet(st.Reads, tables(c.reads)) {
			errs = append(errs, "reads "+fmtTables(st.Reads)+", want "+c.reads)
		}
		if !sameSet(st.Writes, tables(c.writes)) {
			errs = append(errs, "writes "+fmtTables(st.Writes)+", want "+c.writes)
		}
	}
	if len(errs) > 0 {
		t.Errorf("%s %q:\n\t%s", d, c.q, strings.Join(errs, "\n\t"))
	}
}

func fmtTables(ts []parse.Table) string {
	var s []string
	for _, t := range ts {
		s = append(s, t.String())
	}
	return "[" + strings.Join(s, " ") + "]"
}
