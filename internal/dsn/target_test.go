package dsn_test

import (
	"strings"
	"testing"

	"github.com/deeperhub/dhsql/internal/dsn"
)

type T = dsn.Target

var targetCases = []struct {
	form dsn.Form
	in   string
	want T
}{
	// postgres URL
	{dsn.Postgres, "postgres://user:p%40ss@host:5432/db?sslmode=disable&dh_cache=on", T{"host", 5432, "db", "user"}},
	{dsn.Postgres, "postgresql://us%40er:secret@h/my%20db", T{"h", 0, "my db", "us@er"}},
	{dsn.Postgres, "postgres://u@host1:5432,host2:5433/db", T{"host1", 5432, "db", "u"}},
	{dsn.Postgres, "postgres://host1,host2:5433/db", T{"host1", 0, "db", ""}},
	{dsn.Postgres, "postgres:///db?host=/var/run/postgresql", T{"/var/run/postgresql", 0, "db", ""}},
	{dsn.Postgres, "postgres://%2Fvar%2Frun%2Fpostgresql/db", T{"/var/run/postgresql", 0, "db", ""}},
	{dsn.Postgres, "postgres://[::1]:5433/db", T{"::1", 5433, "db", ""}},
	{dsn.Postgres, "postgres://[2001:db8::1],[::2]:6/db", T{"2001:db8::1", 0, "db", ""}},
	{dsn.Postgres, "postgres://h:1/db?port=6432&user=bob&dbname=other&host=a,b", T{"a", 6432, "other", "bob"}},
	{dsn.Postgres, "postgres:///?hostaddr=10.0.0.1&port=7", T{"10.0.0.1", 7, "", ""}},
	{dsn.Postgres, "postgres://h:notaport/db", T{"h", 0, "db", ""}},
	{dsn.Postgres, "postgres://", T{}},
	{dsn.Postgres, "postgres://u:pw@h", T{"h", 0, "", "u"}},
	// postgres key=value
	{dsn.Postgres, "host=localhost port=5432 dbname=test user=postgres password='a b' dh_cache=on", T{"localhost", 5432, "test", "postgres"}},
	{dsn.Postgres, "host=h1,h2 port=5432,5433 dbname=x", T{"h1", 5432, "x", ""}},
	{dsn.Postgres, "hostaddr=192.0.2.1 port = 6432", T{"192.0.2.1", 6432, "", ""}},
	{dsn.Postgres, "host=/var/run/postgresql dbname='my db' user=a\\ b", T{"/var/run/postgresql", 0, "my db", "a b"}},
	{dsn.Postgres, "host=h port=5432 password='unterminated", T{"h", 5432, "", ""}},
	{dsn.Postgres, "", T{}},
	// mysql
	{dsn.MySQL, "user:pass@tcp(127.0.0.1:3306)/test?parseTime=true", T{"127.0.0.1", 3306, "test", "user"}},
	{dsn.MySQL, "user:p@ss:w/rd?@tcp(db.example:3307)/app?dh_cache=on", T{"db.example", 3307, "app", "user"}},
	{dsn.MySQL, "root@tcp(localhost)/", T{"localhost", 0, "", "root"}},
	{dsn.MySQL, "u@unix(/tmp/mysql.sock)/db", T{"/tmp/mysql.sock", 0, "db", "u"}},
	{dsn.MySQL, "u@tcp([::1]:3306)/db", T{"::1", 3306, "db", "u"}},
	{dsn.MySQL, "u@tcp([::1])/db", T{"::1", 0, "db", "u"}},
	{dsn.MySQL, "/db", T{"", 0, "db", ""}},
	{dsn.MySQL, "u@tcp(h)/my%2Fdb", T{"h", 0, "my/db", "u"}},
	{dsn.MySQL, "u:secret@/db", T{"", 0, "db", "u"}},
	{dsn.MySQL, "", T{}},
	// sqlite
	{dsn.SQLite, "file:test.db?cache=shared&dh_cache=on", T{Database: "test.db"}},
	{dsn.SQLite, "file::memory:?mode=memory&cache=shared", T{Database: ":memory:"}},
	{dsn.SQLite, ":memory:", T{Database: ":memory:"}},
	{dsn.SQLite, "test.db?_pragma=busy_timeout(5000)", T{Database: "test.db"}},
	{dsn.SQLite, "/var/lib/app/data.db", T{Database: "/var/lib/app/data.db"}},
	{dsn.SQLite, "file:///tmp/a%20b.db?mode=ro", T{Database: "/tmp/a b.db"}},
	{dsn.SQLite, "file://localhost/tmp/x.db", T{Database: "/tmp/x.db"}},
	{dsn.SQLite, "file:memdb1?mode=memory&cache=shared", T{Database: "memdb1"}},
	{dsn.SQLite, "file:data.db#frag", T{Database: "data.db"}},
	{dsn.SQLite, "", T{}},
}

func TestParseTarget(t *testing.T) {
	for _, c := range targetCases {
		got := dsn.ParseTarget(c.form, c.in)
		if got != c.want {
			t.Errorf("ParseTarget(%v, %q)\n got %+v\nwant %+v", c.form, c.in, got, c.want)
		}
		// Splitting first does not change the target.
		if inner, _, err := dsn.Split(c.form, c.in); err == nil {
			if again := dsn.ParseTarget(c.form, inner); again != got {
				t.Errorf("ParseTarget after Split(%q) = %+v, want %+v", c.in, again, got)
			}
		}
	}
}

func TestParseTargetNeverHoldsPassword(t *testing.T) {
	for _, c := range []struct {
		form dsn.Form
		in   string
	}{
		{dsn.Postgres, "postgres://u:s3cr3t@h/db"},
		{dsn.Postgres, "user=u password=s3cr3t host=h"},
		{dsn.MySQL, "u:s3cr3t@tcp(h:3306)/db"},
		{dsn.MySQL, "u:s3cr3t@/db"},
	} {
		got := dsn.ParseTarget(c.form, c.in)
		for _, f := range []string{got.Host, got.Database, got.User} {
			if strings.Contains(f, "s3cr3t") {
				t.Errorf("ParseTarget(%q) = %+v holds the password", c.in, got)
			}
		}
	}
}
