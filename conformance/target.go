package conformance

import (
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deeperhub/dhsql"
	dhmysql "github.com/deeperhub/dhsql/mysql"
	dhpgx "github.com/deeperhub/dhsql/pgx"
	dhpostgres "github.com/deeperhub/dhsql/postgres"
	dhsqlite "github.com/deeperhub/dhsql/sqlite"

	// The raw drivers, registered under their own names.
	_ "github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "github.com/lib/pq"
	_ "modernc.org/sqlite"
)

// Environment variables naming the servers the targets use.
const (
	// EnvPostgres is the PostgreSQL URL used by the lib/pq and pgx targets
	// (default [DefaultPostgres]).
	EnvPostgres = "DHSQL_TEST_POSTGRES"
	// EnvMySQL is the go-sql-driver/mysql DSN used by the MySQL targets
	// (default [DefaultMySQL]).
	EnvMySQL = "DHSQL_TEST_MYSQL"
)

// The servers used when the environment names none: the loopback servers
// that scripts/test starts.
const (
	DefaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	DefaultMySQL    = "root@tcp(127.0.0.1:3306)/test"
)

// Dialect is the SQL a target's server speaks; checks pick their
// statements by it.
type Dialect uint8

// The dialects of [Target].
const (
	Postgres Dialect = iota + 1
	MySQL
	SQLite
)

// String returns "postgres", "mysql" or "sqlite".
func (d Dialect) String() string {
	switch d {
	case Postgres:
		return "postgres"
	case MySQL:
		return "mysql"
	case SQLite:
		return "sqlite"
	}
	return "unknown"
}

// Target describes one inner driver as the kit checks it: the name it is
// registered under raw and wrapped, the DSN both are opened with, and the
// behaviour of the raw driver that the checks pin (the quirks). The quirks
// are asserted on the raw driver, so a check cannot pass by failing the
// same way twice; the wrapped driver must then match the raw one.
//
// A Target is plain data: suites for other libraries (ORMs, query
// builders) can range over [Targets] and open [Target.RawDriver] and
// [Target.WrappedDriver] with [Target.DSN] themselves.
type Target struct {
	// Name names the target in test output ("postgres", "mysql-interpolate").
	Name string
	// RawDriver is the inner driver's database/sql name ("postgres").
	RawDriver string
	// WrappedDriver is dhsql's name for it ("deeperhub-postgres").
	WrappedDriver string
	// DSN is what both are opened with.
	DSN string
	// EnvVar names the environment variable the DSN came from; "" when the
	// target needs no server.
	EnvVar string
	// Dialect is the SQL the server speaks.
	Dialect Dialect
	// Options describe the driver to dhsql (the registration package's
	// Options); the kit adds them when it registers extra wrapped names
	// (with counting hooks, for instance).
	Options []dhsql.Option

	// Placeholders is the positional placeholder style: "$" for $1, $2,
	// "?" for ?.
	Placeholders string
	// NamedArgs says whether the driver binds sql.Named arguments by name,
	// with the named-placeholder syntax NamedPlaceholder.
	NamedArgs bool
	// NamedPlaceholder is the prefix of a named placeholder (":" for :name).
	NamedPlaceholder string
	// PgxNamedArgs says whether a pgx.NamedArgs argument binds @name
	// placeholders (pgx; it needs the driver's CheckNamedValue, which
	// accepts any value).
	PgxNamedArgs bool
	// MultiResultSets says whether a multi-statement query yields one
	// result set per statement through rows.NextResultSet.
	MultiResultSets bool
	// WrappedParams are dh_* parameters added to the DSN the wrapped
	// driver is opened with (see [Target.DSNFor]), so the checks also run
	// through dhsql's DSN parsing and stripping.
	WrappedParams []string
	// MultiStatementsParams are DSN parameters multi-statement text needs
	// (MySQL: multiStatements=true).
	MultiStatementsParams []string
	// StoredProcedures says whether CALL of a procedure returning two
	// result sets is checked.
	StoredProcedures bool
	// LastInsertID says whether Result.LastInsertId answers without error.
	LastInsertID bool
	// Isolation lists the isolation levels BeginTx accepts; the others
	// must fail with the same error raw and wrapped.
	Isolation []sql.IsolationLevel
	// ReadOnlyTx says whether BeginTx accepts ReadOnly and the server
	// refuses writes in such a transaction.
	ReadOnlyTx bool
	// KillBackend says whether the server can kill one connection from
	// another (bad-connection retry).
	KillBackend bool
	// KillRacy says whether what the driver reports for a connection the
	// server killed depends on timing (PostgreSQL: the server's FATAL
	// message or the TCP reset, whichever the driver reads first).
	KillRacy bool
	// CopyIn says whether the driver streams COPY … FROM STDIN (lib/pq).
	CopyIn bool
	// Notify says whether LISTEN/NOTIFY is checked through the inner conn
	// (lib/pq's SetNotificationHandler).
	Notify bool
	// SkipsWithArgs says whether the driver answers driver.ErrSkip to a
	// conn-level query or exec with arguments, so database/sql prepares it
	// (go-sql-driver/mysql without interpolateParams).
	SkipsWithArgs bool
}

// Targets returns the targets of the four drivers dhsql registers: lib/pq,
// pgx (URL and key=value DSN), go-sql-driver/mysql (plain and with
// interpolateParams) and modernc.org/sqlite (a file in tb.TempDir()).
// Servers come from [EnvPostgres] and [EnvMySQL].
func Targets(tb testing.TB) []Target {
	tb.Helper()
	pg := env(EnvPostgres, DefaultPostgres)
	my := env(EnvMySQL, DefaultMySQL)
	allPG := []sql.IsolationLevel{sql.LevelDefault, sql.LevelReadUncommitted, sql.LevelReadCommitted,
		sql.LevelRepeatableRead, sql.LevelSerializable}
	// pgx maps LevelSnapshot to REPEATABLE READ.
	pgxIso := []sql.IsolationLevel{sql.LevelDefault, sql.LevelReadUncommitted, sql.LevelReadCommitted,
		sql.LevelRepeatableRead, sql.LevelSnapshot, sql.LevelSerializable}
	pq := Target{
		Name: "postgres", RawDriver: "postgres", WrappedDriver: dhpostgres.DriverName,
		DSN: pg, EnvVar: EnvPostgres, Dialect: Postgres, Options: dhpostgres.Options(),
		Placeholders: "$", MultiResultSets: true,
		Isolation: allPG, ReadOnlyTx: true, KillBackend: true, KillRacy: true, CopyIn: true, Notify: true,
	}
	pgx := Target{
		Name: "pgx", RawDriver: "pgx", WrappedDriver: dhpgx.DriverName,
		DSN: pg, EnvVar: EnvPostgres, Dialect: Postgres, Options: dhpgx.Options(),
		Placeholders: "$", PgxNamedArgs: true,
		Isolation: pgxIso, ReadOnlyTx: true, KillBackend: true, KillRacy: true,
	}
	pgxKV := pgx
	pgxKV.Name = "pgx-keyvalue"
	pgxKV.DSN = postgresKeyValue(tb, pg)
	pgxKV.WrappedParams = []string{"dh_cache=on", "dh_instance=conformance"}
	mysqlIso := []sql.IsolationLevel{sql.LevelDefault, sql.LevelReadUncommitted, sql.LevelReadCommitted,
		sql.LevelRepeatableRead, sql.LevelSerializable}
	mysql := Target{
		Name: "mysql", RawDriver: "mysql", WrappedDriver: dhmysql.DriverName,
		DSN: my, EnvVar: EnvMySQL, Dialect: MySQL, Options: dhmysql.Options(),
		Placeholders: "?", MultiResultSets: true, MultiStatementsParams: []string{"multiStatements=true"},
		StoredProcedures: true, LastInsertID: true, Isolation: mysqlIso, ReadOnlyTx: true, KillBackend: true,
		SkipsWithArgs: true,
	}
	mysqlInterp := mysql
	mysqlInterp.Name = "mysql-interpolate"
	mysqlInterp.DSN = addMySQLParam(my, "interpolateParams=true&parseTime=true")
	mysqlInterp.WrappedParams = []string{"dh_cache=on", "dh_instance=conformance"}
	mysqlInterp.SkipsWithArgs = false
	file := filepath.Join(tb.TempDir(), "conformance.db")
	sqlite := Target{
		Name: "sqlite", RawDriver: "sqlite", WrappedDriver: dhsqlite.DriverName,
		DSN:     "file:" + file + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)",
		Dialect: SQLite, Options: dhsqlite.Options(),
		Placeholders: "?", NamedArgs: true, NamedPlaceholder: ":", MultiResultSets: false,
		// modernc.org/sqlite ignores the isolation level (SQLite
		// transactions are serializable) and accepts any.
		LastInsertID: true, Isolation: isolationLevels,
		WrappedParams: []string{"dh_cache=on"},
	}
	return []Target{pq, pgx, pgxKV, mysql, mysqlInterp, sqlite}
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// postgresKeyValue turns a postgres:// URL into the key=value form.
func postgresKeyValue(tb testing.TB, dsn string) string {
	tb.Helper()
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return dsn // already key=value
	}
	u, err := url.Parse(dsn)
	if err != nil {
		tb.Fatalf("%s: not a URL: %v", EnvPostgres, err)
	}
	var kv []string
	add := func(k, v string) {
		if v == "" {
			return
		}
		v = strings.ReplaceAll(v, `\`, `\\`)
		v = strings.ReplaceAll(v, `'`, `\'`)
		kv = append(kv, k+"='"+v+"'")
	}
	add("host", u.Hostname())
	add("port", u.Port())
	add("user", u.User.Username())
	if p, ok := u.User.Password(); ok {
		add("password", p)
	}
	add("dbname", strings.TrimPrefix(u.Path, "/"))
	for k, vs := range u.Query() {
		for _, v := range vs {
			add(k, v)
		}
	}
	return strings.Join(kv, " ")
}

// addMySQLParam appends query parameters to a go-sql-driver/mysql DSN.
func addMySQLParam(dsn, params string) string {
	if strings.Contains(dsn, "?") {
		return dsn + "&" + params
	}
	return dsn + "?" + params
}

// AddParams returns dsn with the name=value parameters params added in the
// DSN's own form: space-separated for a PostgreSQL key=value DSN, a query
// string otherwise.
func (tg Target) AddParams(dsn string, params ...string) string {
	if len(params) == 0 {
		return dsn
	}
	if tg.Dialect == Postgres && !strings.Contains(dsn, "://") {
		return dsn + " " + strings.Join(params, " ")
	}
	return addMySQLParam(dsn, strings.Join(params, "&"))
}

// DSNFor returns the DSN the raw (wrapped false) or the wrapped driver is
// opened with: the wrapped one also carries WrappedParams.
func (tg Target) DSNFor(wrapped bool) string {
	if wrapped {
		return tg.AddParams(tg.DSN, tg.WrappedParams...)
	}
	return tg.DSN
}
