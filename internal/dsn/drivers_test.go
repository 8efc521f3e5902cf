package dsn_test

// Round trips against the inner drivers' own DSN parsers: what Split hands on
// must mean, to the driver, exactly what the DSN meant without its dh_
// parameters, and the values Split decodes must be the values the driver
// would have decoded.

import (
	"fmt"
	"maps"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/lib/pq"

	"github.com/deeperhub/dhsql/internal/dsn"
)

// withWithout pairs a DSN carrying dh_ parameters with the same DSN written
// by hand without them.
type withWithout struct{ with, without string }

var pgRoundTrips = []withWithout{
	{"postgres://user:p%40ss%3A%2F%3F%26%3D%25%27%5C%20@host:5432/db?sslmode=disable&dh_cache=on&application_name=x",
		"postgres://user:p%40ss%3A%2F%3F%26%3D%25%27%5C%20@host:5432/db?sslmode=disable&application_name=x"},
	{"postgresql://u@h/db?dh_cache=on&dh_cache_ttl=5s", "postgresql://u@h/db"},
	{"postgres://u:pw@host1:5432,host2:5433/db?dh_a=1&target_session_attrs=any&dh_b=2", "postgres://u:pw@host1:5432,host2:5433/db?target_session_attrs=any"},
	{"postgres:///db?host=/var/run/postgresql&dh_cache=on", "postgres:///db?host=/var/run/postgresql"},
	{"postgres://[::1]:5432/db?dh_kafka_brokers=a%3A9092%2Cb%3A9092&sslmode=disable", "postgres://[::1]:5432/db?sslmode=disable"},
	{"postgres://h/db?options=-c%20search_path%3Dfoo&dh%5Fcache=on&connect_timeout=5", "postgres://h/db?options=-c%20search_path%3Dfoo&connect_timeout=5"},
	{`host=localhost port=5432 dbname=test user=postgres password='a b\'c\\ @:/?&=%' dh_cache=on sslmode=disable`,
		`host=localhost port=5432 dbname=test user=postgres password='a b\'c\\ @:/?&=%' sslmode=disable`},
	{"dh_cache = on host=h1,h2 port=5432,5433 dbname=x", "host=h1,h2 port=5432,5433 dbname=x"},
	{"host=/tmp password='x'dh_cache=on user=u", "host=/tmp password='x' user=u"},
	{`host=h dh_service='my svc' application_name=a\ b dh_x=\'q`, `host=h application_name=a\ b`},
	{"host=h\n\tdh_cache=on\n\tport=5432\n", "host=h\n\tport=5432\n"},
	{"dh_cache=on", ""},
}

var mysqlRoundTrips = []withWithout{
	{"user:pass@tcp(127.0.0.1:3306)/test?parseTime=true&dh_cache=on", "user:pass@tcp(127.0.0.1:3306)/test?parseTime=true"},
	{"user:p@ss:w?rd/x&y=z'\\ %@tcp(h:3306)/db?dh_cache=on&loc=Local&dh_b=a%2Fb", "user:p@ss:w?rd/x&y=z'\\ %@tcp(h:3306)/db?loc=Local"},
	{"u@unix(/tmp/mysql.sock)/db?dh_cache=on", "u@unix(/tmp/mysql.sock)/db"},
	{"u@tcp([::1]:3306)/my%2Fdb?dh_a=1&timeout=5s&dh_b=2&charset=utf8mb4", "u@tcp([::1]:3306)/my%2Fdb?timeout=5s&charset=utf8mb4"},
	{"/db?dh_kafka_brokers=a%3A9092%2Cb%3A9092", "/db"},
	{"/db?dh_a=&dh_b=x+y&sql_mode=%27ANSI%27", "/db?sql_mode=%27ANSI%27"},
}

var sqliteRoundTrips = []withWithout{
	{"file:test.db?cache=shared&dh_cache=on", "file:test.db?cache=shared"},
	{"file::memory:?dh_a=1&mode=memory&cache=shared", "file::memory:?mode=memory&cache=shared"},
	{"test.db?_pragma=busy_timeout(5000)&dh_cache=on&_txlock=immediate", "test.db?_pragma=busy_timeout(5000)&_txlock=immediate"},
	{"test.db?dh%5Fcache=on", "test.db"},
}

// pgxView is the part of a pgconn.Config that can be compared (no funcs).
type pgxView struct {
	Host, Database, User, Password   string
	Port                             uint16
	TLS                              string
	ConnectTimeout                   time.Duration
	RuntimeParams                    map[string]string
	Fallbacks                        []string
	KerberosSrvName, KerberosSpn     string
	SSLNegotiation, SSLCertMode      string
	MinProtocolVersion, MaxProtocol  string
	ChannelBinding, RequireAuth      string
	ValidateConnect, AfterNetConnect bool
}

func pgxParse(s string) (*pgxView, error) {
	c, err := pgconn.ParseConfig(s)
	if err != nil {
		return nil, err
	}
	tlsOf := func(isNil bool, name string, skip bool) string {
		if isNil {
			return "none"
		}
		return fmt.Sprintf("%s/%v", name, skip)
	}
	v := &pgxView{
		Host: c.Host, Database: c.Database, User: c.User, Password: c.Password, Port: c.Port,
		ConnectTimeout: c.ConnectTimeout, RuntimeParams: c.RuntimeParams,
		KerberosSrvName: c.KerberosSrvName, KerberosSpn: c.KerberosSpn,
		SSLNegotiation: c.SSLNegotiation, SSLCertMode: c.SSLCertMode,
		MinProtocolVersion: c.MinProtocolVersion, MaxProtocol: c.MaxProtocolVersion,
		ChannelBinding: c.ChannelBinding, RequireAuth: c.RequireAuth,
		ValidateConnect: c.ValidateConnect != nil, AfterNetConnect: c.AfterNetConnect != nil,
	}
	if c.TLSConfig != nil {
		v.TLS = tlsOf(false, c.TLSConfig.ServerName, c.TLSConfig.InsecureSkipVerify)
	} else {
		v.TLS = tlsOf(true, "", false)
	}
	for _, f := range c.Fallbacks {
		tls := tlsOf(f.TLSConfig == nil, "", false)
		if f.TLSConfig != nil {
			tls = tlsOf(false, f.TLSConfig.ServerName, f.TLSConfig.InsecureSkipVerify)
		}
		v.Fallbacks = append(v.Fallbacks, fmt.Sprintf("%s:%d:%s", f.Host, f.Port, tls))
	}
	return v, nil
}

func pqParse(s string) (*pq.Config, error) {
	c, err := pq.NewConfig(s)
	if err != nil {
		return nil, err
	}
	if len(c.Runtime) == 0 {
		c.Runtime = nil
	}
	return &c, nil
}

func mysqlParse(s string) (*mysql.Config, error) {
	c, err := mysql.ParseDSN(s)
	if err != nil {
		return nil, err
	}
	if len(c.Params) == 0 {
		c.Params = nil
	}
	return c, nil
}

// modernc.org/sqlite has no exported DSN parser. It cuts the DSN at the first
// '?' (not at byte 0), passes "file:" DSNs whole to SQLite and others without
// the query, and reads the query with url.ParseQuery; that is modelled here.
type sqliteView struct {
	Name  string
	Query url.Values
}

func sqliteParse(s string) (*sqliteView, error) {
	v := &sqliteView{Name: s}
	if q := strings.IndexByte(s, '?'); q >= 1 {
		vals, err := url.ParseQuery(s[q+1:])
		if err != nil {
			return nil, err
		}
		if len(vals) > 0 {
			v.Query = vals
		}
		if !strings.HasPrefix(s, "file:") {
			v.Name = s[:q]
		}
	}
	return v, nil
}

func TestRoundTripPgx(t *testing.T) {
	for _, c := range pgRoundTrips {
		inner := mustSplit(t, dsn.Postgres, c.with)
		got, err := pgxParse(inner)
		if err != nil {
			t.Errorf("pgx rejects Split(%q) = %q: %v", c.with, inner, err)
			continue
		}
		want, err := pgxParse(c.without)
		if err != nil {
			t.Fatalf("pgx rejects %q: %v", c.without, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("pgx reads Split(%q) = %q as\n%+v\nnot as %q:\n%+v", c.with, inner, got, c.without, want)
		}
	}
}

func TestRoundTripPq(t *testing.T) {
	for _, c := range pgRoundTrips {
		inner := mustSplit(t, dsn.Postgres, c.with)
		got, err := pqParse(inner)
		if err != nil {
			t.Errorf("lib/pq rejects Split(%q) = %q: %v", c.with, inner, err)
			continue
		}
		want, err := pqParse(c.without)
		if err != nil {
			t.Fatalf("lib/pq rejects %q: %v", c.without, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("lib/pq reads Split(%q) = %q as\n%+v\nnot as %q:\n%+v", c.with, inner, got, c.without, want)
		}
		if strings.HasPrefix(inner, "postgres") {
			a, errA := pq.ParseURL(inner)
			b, errB := pq.ParseURL(c.without)
			if a != b || errA != nil || errB != nil {
				t.Errorf("pq.ParseURL(%q) = %q, %v; pq.ParseURL(%q) = %q, %v", inner, a, errA, c.without, b, errB)
			}
		}
	}
}

func TestRoundTripMySQL(t *testing.T) {
	for _, c := range mysqlRoundTrips {
		inner := mustSplit(t, dsn.MySQL, c.with)
		got, err := mysqlParse(inner)
		if err != nil {
			t.Errorf("mysql rejects Split(%q) = %q: %v", c.with, inner, err)
			continue
		}
		want, err := mysqlParse(c.without)
		if err != nil {
			t.Fatalf("mysql rejects %q: %v", c.without, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("mysql reads Split(%q) = %q as\n%+v\nnot as %q:\n%+v", c.with, inner, got, c.without, want)
		}
		if got.FormatDSN() != want.FormatDSN() {
			t.Errorf("FormatDSN: %q != %q", got.FormatDSN(), want.FormatDSN())
		}
	}
}

func TestRoundTripSQLite(t *testing.T) {
	for _, c := range sqliteRoundTrips {
		inner := mustSplit(t, dsn.SQLite, c.with)
		if inner != c.without {
			t.Errorf("Split(%q) = %q, want %q", c.with, inner, c.without)
		}
		got, err1 := sqliteParse(inner)
		want, err2 := sqliteParse(c.without)
		if err1 != nil || err2 != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("modernc reads %q as %+v, %v; %q as %+v, %v", inner, got, err1, c.without, want, err2)
		}
	}
}

func mustSplit(t *testing.T, form dsn.Form, s string) string {
	t.Helper()
	inner, params, err := dsn.Split(form, s)
	if err != nil {
		t.Fatalf("Split(%q): %v", s, err)
	}
	if len(params) == 0 {
		t.Fatalf("Split(%q) found no dh_ parameter", s)
	}
	return inner
}

// driverModel is what a driver made of a DSN: its dh_ parameters (as the
// driver decoded them, one value per name) and everything else.
type driverModel struct {
	parse func(string) (rest any, dh map[string]string, err error)
	// pick chooses, among repeated values, the one the driver keeps.
	pick func(vals []string) string
	// dropsEmpty: the driver skips some parameters with an empty value
	// (mysql a key without '=', lib/pq any empty URL value).
	dropsEmpty bool
}

var (
	last  = func(v []string) string { return v[len(v)-1] }
	first = func(v []string) string { return v[0] }
)

// droppedAfter reports whether want is one of vals and every value after its
// last occurrence is empty, so that a driver skipping empty values (mysql
// skips a key written without '=') would have kept want.
func droppedAfter(vals []string, want string) bool {
	for j := len(vals) - 1; j >= 0; j-- {
		if vals[j] == want {
			return true
		}
		if vals[j] != "" {
			return false
		}
	}
	return false
}

func cutDH(m map[string]string) (map[string]string, map[string]string) {
	if len(m) == 0 {
		return nil, nil
	}
	rest, dh := maps.Clone(m), map[string]string{}
	for k, v := range m {
		if strings.HasPrefix(k, dsn.Prefix) {
			dh[k] = v
			delete(rest, k)
		}
	}
	if len(rest) == 0 {
		rest = nil
	}
	return rest, dh
}

var pgxModel = driverModel{
	parse: func(s string) (any, map[string]string, error) {
		v, err := pgxParse(s)
		if err != nil {
			return nil, nil, err
		}
		var dh map[string]string
		v.RuntimeParams, dh = cutDH(v.RuntimeParams)
		return v, dh, nil
	},
	pick: last,
}

// lib/pq reads URLs through net/url: repeated keys keep the first value, '+'
// is a space, '#' starts a fragment, spaces are not trimmed and empty values
// are dropped; there it differs from libpq, pgx and Split, so pqModel is only
// used on DSNs without '+', '#' or ' ' in a URL.
func pqModel(s string) driverModel {
	m := driverModel{
		parse: func(s string) (any, map[string]string, error) {
			c, err := pqParse(s)
			if err != nil {
				return nil, nil, err
			}
			var dh map[string]string
			c.Runtime, dh = cutDH(c.Runtime)
			return c, dh, nil
		},
		pick: last,
	}
	if strings.HasPrefix(s, "postgres") {
		m.pick, m.dropsEmpty = first, true
	}
	return m
}

var mysqlModel = driverModel{
	parse: func(s string) (any, map[string]string, error) {
		c, err := mysqlParse(s)
		if err != nil {
			return nil, nil, err
		}
		var dh map[string]string
		c.Params, dh = cutDH(c.Params)
		return c, dh, nil
	},
	pick:       last,
	dropsEmpty: true,
}

var sqliteModel = driverModel{
	parse: func(s string) (any, map[string]string, error) {
		v, err := sqliteParse(s)
		if err != nil {
			return nil, nil, err
		}
		dh := map[string]string{}
		for k, vals := range v.Query {
			if strings.HasPrefix(k, dsn.Prefix) {
				dh[k] = vals[0] // url.Values.Get
				delete(v.Query, k)
			}
		}
		if len(v.Query) == 0 {
			v.Query = nil
		}
		if strings.HasPrefix(s, "file:") {
			v.Name = "" // SQLite sees the whole URI; compared as a string elsewhere
		}
		return v, dh, nil
	},
	pick: first,
}

// checkAgainstDriver checks one DSN against a driver model: when the driver
// accepts the DSN, it must accept Split's inner DSN too, read it as the DSN
// minus its dh_ parameters, and have decoded those to the values Split
// returned. It reports false when the driver rejects the original.
//
// Split may refuse a DSN the driver accepts only where that is intended
// (mayFail): where drivers disagree about the DSN.
func checkAgainstDriver(t *testing.T, m driverModel, form dsn.Form, s string, mayFail bool) bool {
	t.Helper()
	restOrig, dhOrig, err := m.parse(s)
	if err != nil {
		return false
	}
	inner, params, err := dsn.Split(form, s)
	if err != nil {
		if !mayFail {
			t.Errorf("Split(%q): %v, but the driver accepts it", s, err)
		}
		return true
	}
	restInner, dhInner, err := m.parse(inner)
	if err != nil {
		t.Errorf("driver rejects Split(%q) = %q: %v", s, inner, err)
		return true
	}
	if len(dhInner) != 0 {
		t.Errorf("driver still finds dh_ parameters %v in Split(%q) = %q", dhInner, s, inner)
	}
	if !reflect.DeepEqual(restOrig, restInner) {
		t.Errorf("driver reads Split(%q) = %q differently:\n%+v\n%+v", s, inner, restInner, restOrig)
	}
	byName := map[string][]string{}
	for _, p := range params {
		byName[p.Name] = append(byName[p.Name], p.Value)
	}
	got := map[string]string{}
	for k, v := range byName {
		want, seen := dhOrig[k]
		switch {
		case !seen && m.dropsEmpty && m.pick(v) == "":
			continue // the driver skips it, Split strips it
		case seen && m.dropsEmpty && droppedAfter(v, want):
			got[k] = want // the later values were skipped by the driver
		default:
			got[k] = m.pick(v)
		}
	}
	if len(dhOrig) == 0 {
		dhOrig = map[string]string{}
	}
	if !reflect.DeepEqual(got, dhOrig) {
		t.Errorf("Split(%q) decoded %v, the driver %v", s, got, dhOrig)
	}
	return true
}

// TestTableAgainstDrivers runs every table case that a driver accepts
// through the driver-level check above.
func TestTableAgainstDrivers(t *testing.T) {
	accepted := 0
	for _, c := range allSplitCases() {
		var m driverModel
		switch c.form {
		case dsn.Postgres:
			m = pgxModel
		case dsn.MySQL:
			m = mysqlModel
		case dsn.SQLite:
			m = sqliteModel
		}
		if checkAgainstDriver(t, m, c.form, c.in, c.wantErr >= 0) {
			accepted++
		}
		if c.form == dsn.Postgres && !(strings.HasPrefix(c.in, "postgres") && strings.ContainsAny(c.in, "+# ")) {
			if checkAgainstDriver(t, pqModel(c.in), c.form, c.in, c.wantErr >= 0) {
				accepted++
			}
		}
	}
	t.Logf("%d table DSNs accepted by their driver and checked", accepted)
}
