package parse

// Dialect selects the lexical and grammatical rules used to classify a
// statement. The zero value, [Generic], is a usable, conservative dialect.
type Dialect uint8

const (
	// Generic is the zero Dialect. It accepts the common subset of SQL:
	// "x" and `x` quoted identifiers, '...' strings without backslash
	// escapes, -- and /* */ comments, and ?, $n, :name and @name
	// placeholders. Anything whose meaning differs between dialects (a
	// backslash in a string, a # character, a nested comment) makes the
	// statement [Statement.Unknown]. Names fold to lower case.
	Generic Dialect = iota
	// Postgres is PostgreSQL as spoken by lib/pq and pgx:
	// standard_conforming_strings on, E'' strings, $tag$ dollar quoting,
	// nested /* */ comments, $n placeholders (and @name for pgx named
	// arguments). Unquoted names fold to lower case, quoted names keep their
	// case, and names longer than 63 bytes are truncated as the server does.
	Postgres
	// MySQL is MySQL and MariaDB with the default sql_mode: backslash escapes
	// in strings, "..." is a string (not an identifier), `x` quoting, # and
	// "-- " comments, /*! */ executable comments and ? placeholders. Table and
	// database names fold to lower case, so `Items` and items compare equal:
	// on a server with lower_case_table_names=0 they may be two tables, and
	// treating them as one only invalidates more, never less.
	MySQL
	// SQLite is SQLite: "x", `x` and [x] identifiers, '...' strings, ?, ?NNN,
	// :name, @name and $name placeholders. Names fold to lower case.
	SQLite

	numDialects
)

// String returns the dialect's name: "generic", "postgres", "mysql" or
// "sqlite".
func (d Dialect) String() string {
	switch d {
	case Generic:
		return "generic"
	case Postgres:
		return "postgres"
	case MySQL:
		return "mysql"
	case SQLite:
		return "sqlite"
	}
	return "dialect(" + itoa(int(d)) + ")"
}

// DefaultSchema returns the schema an unqualified table lives in under the
// dialect's usual configuration: "public" for [Postgres], "main" for
// [SQLite], and "" for [MySQL] and [Generic] (MySQL's default is the
// connection's database, which only the caller knows).
func (d Dialect) DefaultSchema() string {
	switch d {
	case Postgres:
		return "public"
	case SQLite:
		return "main"
	}
	return ""
}

// norm returns d, or Generic when d is not a declared dialect.
func (d Dialect) norm() Dialect {
	if d >= numDialects {
		return Generic
	}
	return d
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
