package dhsql

import (
	"strings"

	"github.com/deeperhub/dhsql/internal/dsn"
	"github.com/deeperhub/dhsql/parse"
)

// DSN is a data source name split into dhsql's settings and the DSN the
// inner driver receives.
type DSN struct {
	// Inner is the DSN without its dh_* parameters; every other byte is as
	// written.
	Inner string
	// Params are the dh_* parameters, in the order written, values decoded.
	Params []Param
	// Target is the server the DSN names, for telemetry and status. It
	// never holds the password.
	Target Target
}

// Param is one dh_* parameter of a DSN.
type Param struct {
	Name, Value string
}

// Target is the server and database a DSN names, or that [WithTarget]
// gives; telemetry reports Host, Port and Database.
type Target struct {
	Host     string // host name, IP address or unix socket path; "" when not given
	Port     int    // 0 when not given
	Database string // database name, or the SQLite file
	User     string
}

// ParseDSN splits name, a DSN in the form the dialect's drivers take, into
// dhsql's dh_* parameters and the DSN for the inner driver:
//
//   - PostgreSQL (lib/pq, pgx): postgres://u:p@host/db?sslmode=disable&dh_cache=on
//     or host=h dbname=db dh_cache=on
//   - MySQL (go-sql-driver/mysql): u:p@tcp(host:3306)/db?parseTime=true&dh_cache=on
//   - SQLite (modernc.org/sqlite): file:app.db?cache=shared&dh_cache=on
//
// For the zero dialect the form is guessed from the DSN's shape. The
// parameters' values are not checked here; [DSN.Apply] does that. The
// recognised names are listed by [ParamNames]; their meaning and defaults
// are the fields of [Config].
func ParseDSN(d parse.Dialect, name string) (*DSN, error) {
	form := formOf(d, name)
	inner, ps, err := dsn.Split(form, name)
	if err != nil {
		return nil, &ConfigError{Param: "dsn", Value: "(not shown)", Reason: err.Error()}
	}
	out := &DSN{Inner: inner}
	for _, p := range ps {
		out.Params = append(out.Params, Param{Name: p.Name, Value: p.Value})
	}
	t := dsn.ParseTarget(form, inner)
	out.Target = Target{Host: t.Host, Port: t.Port, Database: t.Database, User: t.User}
	return out, nil
}

// Apply sets each of the DSN's dh_* parameters on c, in order. It fails on
// the first unknown name or bad value with a [ConfigError] naming both.
func (d *DSN) Apply(c *Config) error {
	for _, p := range d.Params {
		if err := applyParam(c, p.Name, p.Value); err != nil {
			return err
		}
	}
	return nil
}

func formOf(d parse.Dialect, name string) dsn.Form {
	switch d {
	case parse.Postgres:
		return dsn.Postgres
	case parse.MySQL:
		return dsn.MySQL
	case parse.SQLite:
		return dsn.SQLite
	}
	switch {
	case strings.HasPrefix(name, "postgres://"), strings.HasPrefix(name, "postgresql://"):
		return dsn.Postgres
	case strings.HasPrefix(name, "file:"), name == ":memory:":
		return dsn.SQLite
	case strings.Contains(name, "@tcp("), strings.Contains(name, "@unix("), strings.HasPrefix(name, "tcp("):
		return dsn.MySQL
	case strings.Contains(name, "="), strings.Contains(name, " "):
		if !strings.Contains(name, "?") {
			return dsn.Postgres // key=value
		}
	}
	return dsn.SQLite // path?query: the plainest query-string form
}
