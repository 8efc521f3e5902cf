package dsn_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/deeperhub/dhsql/internal/dsn"
)

// checkSplitInvariants holds for any input: no panic; an error is a
// *SyntaxError without the DSN in it; otherwise only whole dh_ parameters
// are removed (inner is what is left of dsn after deleting bytes, and equal
// to it when nothing was found), every name found is a dh_ name, splitting
// inner again changes nothing, and the Target is the same before and after.
func checkSplitInvariants(t *testing.T, form dsn.Form, s string) (inner string, params []dsn.Param, err error) {
	t.Helper()
	_ = dsn.ParseTarget(form, s)
	inner, params, err = dsn.Split(form, s)
	if err != nil {
		var se *dsn.SyntaxError
		if !errors.As(err, &se) {
			t.Fatalf("Split(%q): %T %v, want a *SyntaxError", s, err, err)
		}
		if se.Offset < 0 || se.Offset > len(s) {
			t.Fatalf("Split(%q): offset %d out of range", s, se.Offset)
		}
		if len(s) > 70 && strings.Contains(err.Error(), s) {
			t.Fatalf("Split(%q): error %q contains the DSN", s, err)
		}
		return inner, params, err
	}
	if len(params) == 0 && inner != s {
		t.Fatalf("Split(%q) found nothing but changed the DSN to %q", s, inner)
	}
	if len(params) > 0 && !isSubsequence(inner, s) {
		t.Fatalf("Split(%q) = %q is not the DSN with bytes removed", s, inner)
	}
	for _, p := range params {
		if !strings.HasPrefix(p.Name, dsn.Prefix) {
			t.Fatalf("Split(%q) returned non-dh parameter %q", s, p.Name)
		}
	}
	again, more, err := dsn.Split(form, inner)
	if err != nil || again != inner || len(more) != 0 {
		t.Fatalf("Split(%q) = %q; splitting that again gives %q, %v, %v", s, inner, again, more, err)
	}
	if a, b := dsn.ParseTarget(form, s), dsn.ParseTarget(form, inner); a != b {
		t.Fatalf("ParseTarget(%q) = %+v but ParseTarget(Split) = %+v", s, a, b)
	}
	return inner, params, nil
}

func isSubsequence(sub, s string) bool {
	i := 0
	for j := 0; j < len(s) && i < len(sub); j++ {
		if s[j] == sub[i] {
			i++
		}
	}
	return i == len(sub)
}

func seedFuzz(f *testing.F, form dsn.Form, extra ...string) {
	for _, c := range allSplitCases() {
		if c.form == form {
			f.Add(c.in)
			if c.wantErr < 0 {
				f.Add(c.inner)
			}
		}
	}
	for _, s := range extra {
		f.Add(s)
	}
}

func FuzzSplitPostgres(f *testing.F) {
	var extra []string
	for _, c := range pgRoundTrips {
		extra = append(extra, c.with, c.without)
	}
	seedFuzz(f, dsn.Postgres, extra...)
	f.Fuzz(func(t *testing.T, s string) {
		if _, _, err := checkSplitInvariants(t, dsn.Postgres, s); err != nil {
			return
		}
		checkAgainstDriver(t, pgxModel, dsn.Postgres, s, true)
	})
}

func FuzzSplitMySQL(f *testing.F) {
	var extra []string
	for _, c := range mysqlRoundTrips {
		extra = append(extra, c.with, c.without)
	}
	seedFuzz(f, dsn.MySQL, extra...)
	f.Fuzz(func(t *testing.T, s string) {
		if _, _, err := checkSplitInvariants(t, dsn.MySQL, s); err != nil {
			return
		}
		if strings.Contains(s, "strict") {
			return // mysql.ParseDSN panics on the removed "strict" parameter
		}
		checkAgainstDriver(t, mysqlModel, dsn.MySQL, s, true)
	})
}

func FuzzSplitSQLite(f *testing.F) {
	var extra []string
	for _, c := range sqliteRoundTrips {
		extra = append(extra, c.with, c.without)
	}
	seedFuzz(f, dsn.SQLite, extra...)
	f.Fuzz(func(t *testing.T, s string) {
		if _, _, err := checkSplitInvariants(t, dsn.SQLite, s); err != nil {
			return
		}
		checkAgainstDriver(t, sqliteModel, dsn.SQLite, s, true)
	})
}
