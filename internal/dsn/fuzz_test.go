package dsn_test

import (
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode"

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

// FuzzSplitComposed builds, for each form, a DSN from fuzzed parts written
// the way a careful user would (odd passwords, other parameters, a dh_
// parameter with any value at any position) and checks that Split finds
// exactly that parameter, decoded, and leaves exactly the DSN without it.
func FuzzSplitComposed(f *testing.F) {
	f.Add(uint8(0), uint8(1), "p@ss:w/rd?&=%'\\ x", "application_name", "a b", "cache", "a:9092,b:9092")
	f.Add(uint8(1), uint8(0), "a b'c", "sslmode", "disable", "kafka_brokers", "x'y\\z w")
	f.Add(uint8(2), uint8(2), "p@ss:w?rd/", "parseTime", "true", "cache_ttl", "5s&x=y/z")
	f.Add(uint8(3), uint8(1), "", "_pragma", "busy_timeout(5000)", "cache", "+%")
	f.Fuzz(func(t *testing.T, form, pos uint8, password, otherKey, otherValue, name, value string) {
		name = "dh_" + strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
				return r
			}
			return -1
		}, name)
		otherKey = "x" + otherKey
		var (
			f     dsn.Form
			head  string
			pairs []string
			ours  string
			sep   = "&"
		)
		qesc := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
		kvq := func(s string) string { return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'" }
		switch form % 4 {
		case 0: // postgres URL
			f, head = dsn.Postgres, "postgres://u:"+qesc(password)+"@h:5432,h2/db?"
			pairs = []string{qesc(otherKey) + "=" + qesc(otherValue), "sslmode=disable"}
			ours = name + "=" + qesc(value)
		case 1: // postgres key=value
			f, head, sep = dsn.Postgres, "host=h ", " "
			pairs = []string{"password=" + kvq(password), "user=u", kvq(otherKey)[1:len(kvq(otherKey))-1] + "=" + kvq(otherValue)}
			if strings.ContainsAny(otherKey, "=\\'") || strings.ContainsFunc(otherKey, unicode.IsSpace) {
				pairs[2] = "application_name=" + kvq(otherValue)
			}
			ours = name + " = " + kvq(value)
		case 2: // mysql
			f, head = dsn.MySQL, "u:"+password+"@tcp(h:3306)/db?"
			pairs = []string{otherKey + "=" + url.QueryEscape(otherValue), "parseTime=true"}
			if strings.ContainsAny(otherKey, "&=/") {
				pairs[0] = "loc=Local"
			}
			ours = name + "=" + url.QueryEscape(value)
		case 3: // sqlite
			f, head = dsn.SQLite, "file:test.db?"
			pairs = []string{url.QueryEscape(otherKey) + "=" + url.QueryEscape(otherValue), "_txlock=immediate"}
			ours = name + "=" + url.QueryEscape(value)
		}
		without := head + strings.Join(pairs, sep)
		at := int(pos) % (len(pairs) + 1)
		with := head + strings.Join(slices.Insert(slices.Clone(pairs), at, ours), sep)

		inner, params, err := dsn.Split(f, with)
		if err != nil {
			t.Fatalf("Split(%q): %v", with, err)
		}
		if inner != without {
			t.Fatalf("Split(%q)\n got %q\nwant %q", with, inner, without)
		}
		if want := []dsn.Param{{Name: name, Value: value}}; !slices.Equal(params, want) {
			t.Fatalf("Split(%q) = %q, want %q", with, params, want)
		}
	})
}
