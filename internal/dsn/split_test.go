package dsn_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/deeperhub/dhsql/internal/dsn"
)

type P = dsn.Param

type splitCase struct {
	name   string
	form   dsn.Form
	in     string
	inner  string // ignored when wantErr
	params []P
	// wantErr is the offset the *SyntaxError must report, or -1.
	wantErr int
	// secret must not appear in the error text.
	secret string
}

func ok(name string, form dsn.Form, in, inner string, params ...P) splitCase {
	return splitCase{name: name, form: form, in: in, inner: inner, params: params, wantErr: -1}
}

func same(name string, form dsn.Form, in string) splitCase {
	return splitCase{name: name, form: form, in: in, inner: in, wantErr: -1}
}

func fails(name string, form dsn.Form, in string, offset int, secret string) splitCase {
	return splitCase{name: name, form: form, in: in, wantErr: offset, secret: secret}
}

var pgURLCases = []splitCase{
	ok("url middle", dsn.Postgres,
		"postgres://user:p%40ss@host:5432/db?sslmode=disable&dh_cache=on&application_name=x",
		"postgres://user:p%40ss@host:5432/db?sslmode=disable&application_name=x",
		P{"dh_cache", "on"}),
	ok("url postgresql scheme first", dsn.Postgres,
		"postgresql://u@h/db?dh_cache=on&sslmode=disable",
		"postgresql://u@h/db?sslmode=disable",
		P{"dh_cache", "on"}),
	ok("url only", dsn.Postgres,
		"postgres://h/db?dh_cache=on",
		"postgres://h/db",
		P{"dh_cache", "on"}),
	ok("url several only", dsn.Postgres,
		"postgres://h/db?dh_cache=on&dh_cache_ttl=5s&dh_breaker=off",
		"postgres://h/db",
		P{"dh_cache", "on"}, P{"dh_cache_ttl", "5s"}, P{"dh_breaker", "off"}),
	ok("url last", dsn.Postgres,
		"postgres://h/db?sslmode=disable&dh_cache=on",
		"postgres://h/db?sslmode=disable",
		P{"dh_cache", "on"}),
	ok("url interleaved", dsn.Postgres,
		"postgres://h/db?dh_a=1&sslmode=disable&dh_b=2&application_name=x&dh_c=3",
		"postgres://h/db?sslmode=disable&application_name=x",
		P{"dh_a", "1"}, P{"dh_b", "2"}, P{"dh_c", "3"}),
	ok("url encoded value", dsn.Postgres,
		"postgres://h/db?dh_kafka_brokers=a%3A9092%2Cb%3A9092",
		"postgres://h/db",
		P{"dh_kafka_brokers", "a:9092,b:9092"}),
	ok("url multi-host", dsn.Postgres,
		"postgres://u:pw@host1:5432,host2:5433/db?target_session_attrs=read-write&dh_cache=on",
		"postgres://u:pw@host1:5432,host2:5433/db?target_session_attrs=read-write",
		P{"dh_cache", "on"}),
	ok("url unix socket", dsn.Postgres,
		"postgres:///db?host=/var/run/postgresql&dh_cache=on",
		"postgres:///db?host=/var/run/postgresql",
		P{"dh_cache", "on"}),
	ok("url ipv6", dsn.Postgres,
		"postgres://[::1]:5432/db?dh_cache=on&sslmode=disable",
		"postgres://[::1]:5432/db?sslmode=disable",
		P{"dh_cache", "on"}),
	ok("url ipv6 with '?' in brackets", dsn.Postgres,
		"postgres://[fe80::1?x]/db?dh_cache=on",
		"postgres://[fe80::1?x]/db",
		P{"dh_cache", "on"}),
	same("url no dh params, odd password", dsn.Postgres,
		"postgres://u:p%3F%26%3D%25%27%5C%20@h/db?sslmode=disable&application_name=a%20b"),
	ok("url empty value", dsn.Postgres,
		"postgres://h/db?dh_cache=&x=1",
		"postgres://h/db?x=1",
		P{"dh_cache", ""}),
	ok("url no equals", dsn.Postgres,
		"postgres://h/db?dh_cache&x=1",
		"postgres://h/db?x=1",
		P{"dh_cache", ""}),
	ok("url duplicate", dsn.Postgres,
		"postgres://h/db?dh_cache=on&dh_cache=off",
		"postgres://h/db",
		P{"dh_cache", "on"}, P{"dh_cache", "off"}),
	same("url look-alikes are not ours", dsn.Postgres,
		"postgres://h/db?xdh_cache=on&dh=1&DH_cache=on&Dh_x=1&dh%20x=1"),
	ok("url encoded key", dsn.Postgres,
		"postgres://h/db?dh%5Fcache=on&a=1&%64%68%5fx=2",
		"postgres://h/db?a=1",
		P{"dh_cache", "on"}, P{"dh_x", "2"}),
	ok("url plus stays plus", dsn.Postgres,
		"postgres://h/db?dh_service=a+b",
		"postgres://h/db",
		P{"dh_service", "a+b"}),
	ok("url others keep their escaping", dsn.Postgres,
		"postgres://h/db?options=-c%20search_path%3Dfoo&dh_cache=on&application_name=x+y&password=%26%3D",
		"postgres://h/db?options=-c%20search_path%3Dfoo&application_name=x+y&password=%26%3D",
		P{"dh_cache", "on"}),
	ok("url no path", dsn.Postgres,
		"postgres://h?dh_cache=on&sslmode=disable",
		"postgres://h?sslmode=disable",
		P{"dh_cache", "on"}),
	ok("url raw '?' in password", dsn.Postgres,
		"postgres://u:pa?ss&x=1@h/db?dh_cache=on",
		"postgres://u:pa?ss&x=1@h/db",
		P{"dh_cache", "on"}),
	// libpq ends the user info at the first '@' or '/': here the '/' comes
	// first, so everything after "u:pa?" is one odd query pair.
	same("url raw '/' in password is not user info", dsn.Postgres,
		"postgres://u:pa?ss/w@h/db?dh_cache=on"),
	ok("url '#' is not special", dsn.Postgres,
		"postgres://h/db?dh_x=a#b&c=1",
		"postgres://h/db?c=1",
		P{"dh_x", "a#b"}),
	ok("url spaces trimmed like libpq", dsn.Postgres,
		"postgres://h/db? dh_x= on &c=1",
		"postgres://h/db?c=1",
		P{"dh_x", "on"}),
	same("url dh_ outside the query", dsn.Postgres,
		"postgres://dh_user:dh_pw@dh_host/dh_db?sslmode=disable"),
	ok("url malformed escape elsewhere is kept", dsn.Postgres,
		"postgres://h/db?a=%zz&dh_x=1",
		"postgres://h/db?a=%zz",
		P{"dh_x", "1"}),
	ok("url empty pairs are kept", dsn.Postgres,
		"postgres://h/db?&dh_x=1&&a=1",
		"postgres://h/db?&&a=1",
		P{"dh_x", "1"}),
	ok("url trailing ampersand", dsn.Postgres,
		"postgres://h/db?dh_x=1&",
		"postgres://h/db",
		P{"dh_x", "1"}),
	same("url empty query", dsn.Postgres, "postgres://h/db?"),
	same("url percent but no dh", dsn.Postgres, "postgres://u:%41@h/db?a=%41"),
	fails("url bad escape in value", dsn.Postgres, "postgres://h/db?dh_x=%zzsecret", 16, "secret"),
	fails("url bad escape in name", dsn.Postgres, "postgres://h/db?dh_%zz=1", 16, "%zz"),
	fails("url ambiguous userinfo", dsn.Postgres, "postgres://h?dh_x=a@b/db", 19, "a@b"),
	fails("url ambiguous userinfo, encoded key", dsn.Postgres, "postgres://h?x=1&dh%5Fy@b/db", 23, ""),
}

var pgKVCases = []splitCase{
	ok("kv brief example", dsn.Postgres,
		`host=localhost port=5432 dbname=test user=postgres password='a b\'c' dh_cache=on sslmode=disable`,
		`host=localhost port=5432 dbname=test user=postgres password='a b\'c' sslmode=disable`,
		P{"dh_cache", "on"}),
	ok("kv spaces around equals", dsn.Postgres,
		"host=localhost dh_cache = on sslmode=disable",
		"host=localhost sslmode=disable",
		P{"dh_cache", "on"}),
	ok("kv first", dsn.Postgres, "dh_cache=on host=localhost", "host=localhost", P{"dh_cache", "on"}),
	ok("kv only", dsn.Postgres, "dh_cache=on", "", P{"dh_cache", "on"}),
	ok("kv only with white space", dsn.Postgres, "  dh_cache=on\t", "", P{"dh_cache", "on"}),
	ok("kv last", dsn.Postgres, "host=h dh_cache=on", "host=h", P{"dh_cache", "on"}),
	ok("kv last keeps trailing space", dsn.Postgres, " host=h dh_cache=on  ", " host=h  ", P{"dh_cache", "on"}),
	ok("kv quoted value", dsn.Postgres,
		"host=h dh_service='my svc' port=5432",
		"host=h port=5432",
		P{"dh_service", "my svc"}),
	ok("kv quoted escapes", dsn.Postgres,
		`dh_x='a\'b\\c' host=h`,
		"host=h",
		P{"dh_x", `a'b\c`}),
	ok("kv unquoted escapes", dsn.Postgres,
		`dh_x=a\ b\\c host=h`,
		"host=h",
		P{"dh_x", `a b\c`}),
	ok("kv directly after quoted value", dsn.Postgres,
		"password='x'dh_cache=on host=h",
		"password='x' host=h",
		P{"dh_cache", "on"}),
	ok("kv quoted dh directly followed", dsn.Postgres,
		"host=h dh_x='1'port=5",
		"host=h port=5",
		P{"dh_x", "1"}),
	ok("kv interleaved", dsn.Postgres,
		"a=1 dh_x=1 b=2 dh_y=2 c=3",
		"a=1 b=2 c=3",
		P{"dh_x", "1"}, P{"dh_y", "2"}),
	ok("kv consecutive", dsn.Postgres,
		"a=1 dh_x=1  dh_y=2\tb=2",
		"a=1 b=2",
		P{"dh_x", "1"}, P{"dh_y", "2"}),
	ok("kv newlines and tabs", dsn.Postgres,
		"host=h\n\tdh_cache=on\n\tport=5432",
		"host=h\n\tport=5432",
		P{"dh_cache", "on"}),
	ok("kv empty value at end", dsn.Postgres, "host=h dh_cache=", "host=h", P{"dh_cache", ""}),
	ok("kv empty value at end with spaces", dsn.Postgres, "host=h dh_cache=  ", "host=h  ", P{"dh_cache", ""}),
	ok("kv empty quoted", dsn.Postgres, "dh_cache='' host=h", "host=h", P{"dh_cache", ""}),
	ok("kv empty value swallows next word like libpq", dsn.Postgres,
		"dh_x= sslmode=disable host=h",
		"host=h",
		P{"dh_x", "sslmode=disable"}),
	same("kv look-alikes are not ours", dsn.Postgres,
		"xdh_cache=on dh=1 DH_x=1 password=dh_secret application_name='dh_cache=on'"),
	ok("kv odd password", dsn.Postgres,
		`password='p@ss:w/rd?&=%\'\\ x' dh_cache=on user=u`,
		`password='p@ss:w/rd?&=%\'\\ x' user=u`,
		P{"dh_cache", "on"}),
	ok("kv dh inside a quoted value is not a key", dsn.Postgres,
		`password='x dh_a=1' dh_b=2`,
		`password='x dh_a=1'`,
		P{"dh_b", "2"}),
	ok("kv escaped space hides a key", dsn.Postgres,
		`password=x\ dh_a=1 dh_b=2`,
		`password=x\ dh_a=1`,
		P{"dh_b", "2"}),
	ok("kv trailing backslash dropped", dsn.Postgres, `host=h dh_x=a\`, "host=h", P{"dh_x", "a"}),
	ok("kv apostrophe inside unquoted", dsn.Postgres, "dh_x=a'b host=h", "host=h", P{"dh_x", "a'b"}),
	ok("kv duplicate", dsn.Postgres, "dh_x=1 dh_x=2", "", P{"dh_x", "1"}, P{"dh_x", "2"}),
	same("kv malformed without dh is untouched", dsn.Postgres, "password='abc"),
	same("kv empty", dsn.Postgres, ""),
	fails("kv unterminated quote", dsn.Postgres, "host=h password='abc dh_cache=on", 16, "abc"),
	fails("kv unterminated after backslash", dsn.Postgres, `dh_x='abc\`, 5, "abc"),
	fails("kv missing equals", dsn.Postgres, "host=h dh_cache", 7, ""),
	fails("kv empty keyword", dsn.Postgres, "dh_x=1 =secret", 7, "secret"),
	fails("kv dh after a Unicode space in a value", dsn.Postgres, "host=h\u00a0dh_cache=on user=u", 6, ""),
	fails("kv dh after a Unicode space as a key", dsn.Postgres, "password='x'\u2003dh_cache=on", 12, ""),
	ok("kv Unicode space inside quotes is fine", dsn.Postgres,
		"password='x\u00a0dh_a=1' dh_b=2",
		"password='x\u00a0dh_a=1'",
		P{"dh_b", "2"}),
	ok("kv escaped Unicode space is fine", dsn.Postgres,
		"password=x\\\u00a0dh_a=1 dh_b=2",
		"password=x\\\u00a0dh_a=1",
		P{"dh_b", "2"}),
}

var mysqlCases = []splitCase{
	ok("mysql tcp last", dsn.MySQL,
		"user:pass@tcp(127.0.0.1:3306)/test?parseTime=true&dh_cache=on",
		"user:pass@tcp(127.0.0.1:3306)/test?parseTime=true",
		P{"dh_cache", "on"}),
	ok("mysql unix only", dsn.MySQL,
		"user@unix(/tmp/mysql.sock)/db?dh_cache=on",
		"user@unix(/tmp/mysql.sock)/db",
		P{"dh_cache", "on"}),
	ok("mysql bare db", dsn.MySQL, "/db?dh_cache=on", "/db", P{"dh_cache", "on"}),
	ok("mysql password with @ : ?", dsn.MySQL,
		"user:p@ss:w?rd@tcp(h:3306)/db?x=y&dh_cache=on",
		"user:p@ss:w?rd@tcp(h:3306)/db?x=y",
		P{"dh_cache", "on"}),
	ok("mysql password with / ? & = and dh_", dsn.MySQL,
		"user:p/a?s&s=dh_x%@tcp(h)/db?dh_cache=on&loc=Local",
		"user:p/a?s&s=dh_x%@tcp(h)/db?loc=Local",
		P{"dh_cache", "on"}),
	ok("mysql password with quote backslash space", dsn.MySQL,
		`u:a b'c\d@tcp(h)/db?dh_cache=on`,
		`u:a b'c\d@tcp(h)/db`,
		P{"dh_cache", "on"}),
	ok("mysql ipv6", dsn.MySQL,
		"u@tcp([::1]:3306)/db?dh_cache=on&parseTime=true",
		"u@tcp([::1]:3306)/db?parseTime=true",
		P{"dh_cache", "on"}),
	ok("mysql encoded value", dsn.MySQL,
		"u@tcp(h)/db?dh_kafka_brokers=a%3A9092%2Cb%3A9092",
		"u@tcp(h)/db",
		P{"dh_kafka_brokers", "a:9092,b:9092"}),
	ok("mysql plus is a space", dsn.MySQL, "/db?dh_x=a+b", "/db", P{"dh_x", "a b"}),
	ok("mysql escaped slash", dsn.MySQL, "/db?dh_service=a%2Fb", "/db", P{"dh_service", "a/b"}),
	same("mysql keys are not decoded", dsn.MySQL, "/db?dh%5Fcache=on"),
	ok("mysql first and middle", dsn.MySQL,
		"/db?dh_a=1&x=2&dh_b=3&y=4",
		"/db?x=2&y=4",
		P{"dh_a", "1"}, P{"dh_b", "3"}),
	ok("mysql empty and bare", dsn.MySQL, "/db?dh_a=&dh_b&x=1", "/db?x=1", P{"dh_a", ""}, P{"dh_b", ""}),
	ok("mysql duplicate", dsn.MySQL, "/db?dh_a=1&dh_a=2", "/db", P{"dh_a", "1"}, P{"dh_a", "2"}),
	ok("mysql bare after a value", dsn.MySQL, "/db?dh_a=x&dh_a", "/db", P{"dh_a", "x"}, P{"dh_a", ""}),
	ok("mysql empty params and bare keys only", dsn.MySQL, "/?dh_a&dh_a", "/", P{"dh_a", ""}, P{"dh_a", ""}),
	same("mysql look-alikes", dsn.MySQL, "u@tcp(h)/db?xdh_a=1&dh=2&DH_a=3"),
	same("mysql dh_ in user, password and db", dsn.MySQL, "dh_user:dh_pass@tcp(h)/dh_db"),
	ok("mysql second '?' belongs to params", dsn.MySQL,
		"u@tcp(h)/db?x=1?y&dh_a=2",
		"u@tcp(h)/db?x=1?y",
		P{"dh_a", "2"}),
	ok("mysql escaped db name", dsn.MySQL, "u@tcp(h)/my%2Fdb?dh_a=1", "u@tcp(h)/my%2Fdb", P{"dh_a", "1"}),
	same("mysql no dh with unescaped slash untouched", dsn.MySQL, "u:p@tcp(h)/db?x=a/b"),
	same("mysql empty", dsn.MySQL, ""),
	fails("mysql unescaped slash in dh value", dsn.MySQL, "u:secret@tcp(h:3306)/db?dh_service=a/b", 12, "secret"),
	fails("mysql no slash", dsn.MySQL, "u:secret@tcp(h)?dh_x=1", 0, "secret"),
	fails("mysql slash in value without address", dsn.MySQL, "/db?dh_x=a/b", 0, ""),
	fails("mysql bad escape", dsn.MySQL, "u:secret@tcp(h)/db?dh_x=%zz", 19, "secret"),
}

var sqliteCases = []splitCase{
	ok("sqlite file uri last", dsn.SQLite,
		"file:test.db?cache=shared&dh_cache=on",
		"file:test.db?cache=shared",
		P{"dh_cache", "on"}),
	same("sqlite shared memory", dsn.SQLite, "file::memory:?mode=memory&cache=shared"),
	ok("sqlite plain path with pragma", dsn.SQLite,
		"test.db?_pragma=busy_timeout(5000)&dh_cache=on",
		"test.db?_pragma=busy_timeout(5000)",
		P{"dh_cache", "on"}),
	same("sqlite memory", dsn.SQLite, ":memory:"),
	same("sqlite plain path", dsn.SQLite, "test.db"),
	same("sqlite dh_ in path", dsn.SQLite, "/var/lib/dh_data/app.db"),
	same("sqlite leading '?' is a file name", dsn.SQLite, "?dh_cache=on"),
	ok("sqlite only", dsn.SQLite, "test.db?dh_cache=on", "test.db", P{"dh_cache", "on"}),
	ok("sqlite encoded key", dsn.SQLite,
		"test.db?dh%5Fcache=on&_txlock=immediate",
		"test.db?_txlock=immediate",
		P{"dh_cache", "on"}),
	ok("sqlite plus is a space", dsn.SQLite, "test.db?dh_x=a+b", "test.db", P{"dh_x", "a b"}),
	ok("sqlite middle", dsn.SQLite,
		"file:/tmp/x.db?_pragma=foreign_keys(1)&dh_cache=on&_pragma=journal_mode(WAL)",
		"file:/tmp/x.db?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)",
		P{"dh_cache", "on"}),
	same("sqlite dh_ in uri path", dsn.SQLite, "file:dh_test.db?mode=ro"),
	ok("sqlite vfs kept", dsn.SQLite,
		"file:test.db?vfs=myfs&dh_cache=on&_time_format=sqlite",
		"file:test.db?vfs=myfs&_time_format=sqlite",
		P{"dh_cache", "on"}),
	ok("sqlite escaped path kept", dsn.SQLite,
		"file:///tmp/a%20b.db?dh_x=1&mode=rwc",
		"file:///tmp/a%20b.db?mode=rwc",
		P{"dh_x", "1"}),
	ok("sqlite encoded value", dsn.SQLite,
		"app.db?dh_kafka_brokers=a%3A9092%2Cb%3A9092&_txlock=immediate",
		"app.db?_txlock=immediate",
		P{"dh_kafka_brokers", "a:9092,b:9092"}),
	ok("sqlite second '?' in a value", dsn.SQLite, "a.db?x=?&dh_a=?", "a.db?x=?", P{"dh_a", "?"}),
	fails("sqlite bad escape", dsn.SQLite, "test.db?a=1&dh_x=%zz", 12, "%zz"),
}

func allSplitCases() []splitCase {
	var all []splitCase
	for _, cs := range [][]splitCase{pgURLCases, pgKVCases, mysqlCases, sqliteCases} {
		all = append(all, cs...)
	}
	return all
}

func TestSplit(t *testing.T) {
	for _, c := range allSplitCases() {
		t.Run(c.form.String()+"/"+c.name, func(t *testing.T) {
			inner, params, err := dsn.Split(c.form, c.in)
			if c.wantErr >= 0 {
				var se *dsn.SyntaxError
				if !errors.As(err, &se) {
					t.Fatalf("Split(%q) = %q, %v, %v; want a *SyntaxError", c.in, inner, params, err)
				}
				if se.Offset != c.wantErr || se.Form != c.form {
					t.Errorf("error %v: offset %d form %v, want offset %d form %v", err, se.Offset, se.Form, c.wantErr, c.form)
				}
				if c.secret != "" && strings.Contains(err.Error(), c.secret) {
					t.Errorf("error %q reveals %q", err, c.secret)
				}
				if strings.Contains(err.Error(), c.in) {
					t.Errorf("error %q contains the DSN", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Split(%q): %v", c.in, err)
			}
			if inner != c.inner {
				t.Errorf("Split(%q) inner\n got %q\nwant %q", c.in, inner, c.inner)
			}
			if !reflect.DeepEqual(params, c.params) {
				t.Errorf("Split(%q) params\n got %#v\nwant %#v", c.in, params, c.params)
			}
			// The result is stable: splitting again finds nothing more.
			again, more, err := dsn.Split(c.form, inner)
			if err != nil || again != inner || len(more) != 0 {
				t.Errorf("Split(inner %q) = %q, %v, %v; want it unchanged", inner, again, more, err)
			}
		})
	}
}

// TestSplitUnchangedIsSameString checks that a DSN without dh_ parameters
// comes back as the very same string, without allocating.
func TestSplitUnchangedIsSameString(t *testing.T) {
	for _, c := range allSplitCases() {
		if c.wantErr >= 0 || len(c.params) != 0 || c.in == "" {
			continue
		}
		inner, _, _ := dsn.Split(c.form, c.in)
		if unsafe.StringData(inner) != unsafe.StringData(c.in) || len(inner) != len(c.in) {
			t.Errorf("%s: Split(%q) returned a copy", c.name, c.in)
		}
		if n := testing.AllocsPerRun(20, func() { _, _, _ = dsn.Split(c.form, c.in) }); n != 0 {
			t.Errorf("%s: Split(%q) allocates %v times", c.name, c.in, n)
		}
	}
}

func TestSplitUnknownForm(t *testing.T) {
	if _, _, err := dsn.Split(0, "x"); err == nil {
		t.Error("Split with the zero Form succeeded")
	}
	if _, _, err := dsn.Split(dsn.Form(99), "x"); err == nil {
		t.Error("Split with an unknown Form succeeded")
	}
	if got := dsn.ParseTarget(0, "postgres://h:1/db"); got != (dsn.Target{}) {
		t.Errorf("ParseTarget with the zero Form = %+v", got)
	}
}

func TestFormString(t *testing.T) {
	for f, want := range map[dsn.Form]string{dsn.Postgres: "postgres", dsn.MySQL: "mysql", dsn.SQLite: "sqlite", 7: "Form(7)"} {
		if got := f.String(); got != want {
			t.Errorf("Form(%d).String() = %q, want %q", uint8(f), got, want)
		}
	}
}
