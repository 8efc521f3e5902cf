package difftest

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/deeperhub/dhsql/parse"
)

func toTables(ts []parse.Table) []Table {
	out := make([]Table, 0, len(ts))
	for _, t := range ts {
		out = append(out, Table{Schema: t.Schema, Name: t.Name})
	}
	return out
}

func set(ts []Table) []string {
	m := map[string]bool{}
	for _, t := range ts {
		m[t.Schema+"."+t.Name] = true
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

type tally struct{ total, unknown int }

func TestDifferential(t *testing.T) {
	cases := Corpus()
	if len(cases) < 2000 {
		t.Fatalf("corpus has %d statements, want at least 2000", len(cases))
	}
	byKind := map[string]*tally{}
	var orm, all tally
	for _, c := range cases {
		var real Tables
		var err error
		switch c.Dialect {
		case parse.Postgres:
			real, err = PostgresTables(c.SQL)
		case parse.MySQL:
			real, err = MySQLTables(c.SQL)
		default:
			t.Fatalf("no real parser for dialect %s", c.Dialect)
		}
		if err != nil {
			t.Errorf("%s %s: the real parser rejects the corpus statement: %v\n\t%s", c.Dialect, c.Kind, err, c.SQL)
			continue
		}
		st := parse.Parse(c.Dialect, c.SQL)
		k := byKind[c.Dialect.String()+"/"+c.Kind]
		if k == nil {
			k = &tally{}
			byKind[c.Dialect.String()+"/"+c.Kind] = k
		}
		k.total++
		all.total++
		if c.ORM() {
			orm.total++
		}
		if st.Unknown {
			k.unknown++
			all.unknown++
			if c.ORM() {
				orm.unknown++
			}
			t.Logf("unknown: %s %s: %s", c.Dialect, c.Kind, c.SQL)
			continue
		}
		gotR, gotW := set(toTables(st.Reads)), set(toTables(st.Writes))
		wantR, wantW := set(real.Reads), set(real.Writes)
		if real.Exact {
			if !slices.Equal(gotR, wantR) || !slices.Equal(gotW, wantW) {
				t.Errorf("%s %s: tables differ\n\tsql:   %s\n\tdhsql: reads %v writes %v\n\treal:  reads %v writes %v",
					c.Dialect, c.Kind, c.SQL, gotR, gotW, wantR, wantW)
			}
			continue
		}
		gotAll := set(append(toTables(st.Reads), toTables(st.Writes)...))
		wantAll := set(append(slices.Clone(real.Reads), real.Writes...))
		if !slices.Equal(gotAll, wantAll) || len(gotW) == 0 {
			t.Errorf("%s %s: tables differ\n\tsql:   %s\n\tdhsql: reads %v writes %v\n\treal:  tables %v",
				c.Dialect, c.Kind, c.SQL, gotR, gotW, wantAll)
		}
	}
	var kinds []string
	for k := range byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var b strings.Builder
	fmt.Fprintf(&b, "%-20s %6s %8s %8s\n", "dialect/kind", "stmts", "unknown", "rate")
	for _, k := range kinds {
		v := byKind[k]
		fmt.Fprintf(&b, "%-20s %6d %8d %7.2f%%\n", k, v.total, v.unknown, rate(*v))
	}
	fmt.Fprintf(&b, "%-20s %6d %8d %7.2f%%\n", "ORM (gorm ent sqlx)", orm.total, orm.unknown, rate(orm))
	fmt.Fprintf(&b, "%-20s %6d %8d %7.2f%%\n", "all", all.total, all.unknown, rate(all))
	t.Logf("differential results (pass = tables equal or unknown):\n%s", b.String())
	if rate(orm) >= 2 {
		t.Errorf("unknown rate on ORM SQL is %.2f%%, want below 2%%", rate(orm))
	}
}

func rate(t tally) float64 {
	if t.total == 0 {
		return 0
	}
	return 100 * float64(t.unknown) / float64(t.total)
}

// TestRealParsersWork pins that both real parsers are wired in and see
// tables: a broken extractor must not pass as "everything unknown".
func TestRealParsersWork(t *testing.T) {
	pg, err := PostgresTables(`WITH c AS (SELECT * FROM a) INSERT INTO b SELECT * FROM c JOIN d ON true`)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(set(pg.Reads), set(pg.Writes)); got != "[.a .d] [.b]" {
		t.Errorf("postgres extractor: %s", got)
	}
	my, err := MySQLTables("UPDATE `s`.`a` SET x = (SELECT max(y) FROM b) WHERE id IN (SELECT id FROM c)")
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(set(my.Reads), set(my.Writes)); got != "[.b .c] [s.a]" {
		t.Errorf("mysql extractor: %s", got)
	}
}
