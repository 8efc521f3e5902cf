package conformance

import "fmt"

// column is one column of the typed table: its SQL type and a literal
// for the non-NULL row.
type column struct {
	name, typ, literal string
}

// typedColumns returns a column of every common SQL type of d, each with a
// non-NULL literal.
func typedColumns(d Dialect) []column {
	switch d {
	case Postgres:
		return []column{
			{"c_smallint", "smallint", "-12"},
			{"c_int", "integer", "42"},
			{"c_bigint", "bigint", "9007199254740993"},
			{"c_real", "real", "1.5"},
			{"c_double", "double precision", "3.141592653589793"},
			{"c_numeric", "numeric(12,3)", "12345.678"},
			{"c_text", "text", "'héllo'"},
			{"c_varchar", "varchar(20)", "'varchar'"},
			{"c_char", "char(5)", "'ab'"},
			{"c_bool", "boolean", "true"},
			{"c_date", "date", "'2024-02-29'"},
			{"c_time", "time", "'13:14:15.5'"},
			{"c_timestamp", "timestamp", "'2024-02-29 13:14:15.123456'"},
			{"c_timestamptz", "timestamptz", "'2024-02-29 13:14:15.123456+02'"},
			{"c_bytea", "bytea", `'\x00ff10'`},
			{"c_json", "json", `'{"a": [1, 2]}'`},
			{"c_jsonb", "jsonb", `'{"a": [1, 2]}'`},
			{"c_uuid", "uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'"},
			{"c_intarr", "integer[]", "'{1,2,3}'"},
		}
	case MySQL:
		return []column{
			{"c_tinyint", "tinyint", "-12"},
			{"c_smallint", "smallint unsigned", "65535"},
			{"c_int", "int", "42"},
			{"c_bigint", "bigint", "9007199254740993"},
			{"c_ubigint", "bigint unsigned", "18446744073709551615"},
			{"c_float", "float", "1.5"},
			{"c_double", "double", "3.141592653589793"},
			{"c_decimal", "decimal(12,3)", "12345.678"},
			{"c_text", "text", "'héllo'"},
			{"c_varchar", "varchar(20)", "'varchar'"},
			{"c_char", "char(5)", "'ab'"},
			{"c_bool", "boolean", "true"},
			{"c_bit", "bit(8)", "b'00000101'"},
			{"c_date", "date", "'2024-02-29'"},
			{"c_time", "time(1)", "'13:14:15.5'"},
			{"c_datetime", "datetime(6)", "'2024-02-29 13:14:15.123456'"},
			{"c_timestamp", "timestamp(6) NULL", "'2024-02-29 13:14:15.123456'"},
			{"c_year", "year", "2024"},
			{"c_blob", "blob", "x'00ff10'"},
			{"c_varbinary", "varbinary(10)", "x'00ff10'"},
			{"c_json", "json", `'{"a": [1, 2]}'`},
			{"c_enum", "enum('x','y')", "'y'"},
		}
	default:
		return []column{
			{"c_integer", "integer", "42"},
			{"c_bigint", "bigint", "9007199254740993"},
			{"c_real", "real", "1.5"},
			{"c_double", "double", "3.141592653589793"},
			{"c_numeric", "numeric(12,3)", "12345.678"},
			{"c_decimal", "decimal(12,3)", "12345.678"},
			{"c_text", "text", "'héllo'"},
			{"c_varchar", "varchar(20)", "'varchar'"},
			{"c_bool", "boolean", "1"},
			{"c_date", "date", "'2024-02-29'"},
			{"c_datetime", "datetime", "'2024-02-29 13:14:15.123456'"},
			{"c_timestamp", "timestamp", "'2024-02-29T13:14:15.123456+02:00'"},
			{"c_blob", "blob", "x'00ff10'"},
			{"c_json", "json", `'{"a": [1, 2]}'`},
			{"c_untyped", "", "'anything'"},
		}
	}
}

// autoIDColumn is the definition of an auto-numbered primary key named id.
func autoIDColumn(d Dialect) string {
	switch d {
	case Postgres:
		return "id serial PRIMARY KEY"
	case MySQL:
		return "id int AUTO_INCREMENT PRIMARY KEY"
	default:
		return "id integer PRIMARY KEY AUTOINCREMENT"
	}
}

// sleepQuery is a query that runs for about ten seconds (SQLite: far
// longer).
func sleepQuery(d Dialect) string {
	switch d {
	case Postgres:
		return "SELECT pg_sleep(10)"
	case MySQL:
		return "SELECT SLEEP(10)"
	default:
		// No sleep in SQLite: count a long series instead.
		return "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 2000000000) SELECT count(*) FROM c"
	}
}

// connIDQuery returns the server's id of the connection it runs on.
func connIDQuery(d Dialect) string {
	switch d {
	case Postgres:
		return "SELECT pg_backend_pid()"
	case MySQL:
		return "SELECT CONNECTION_ID()"
	}
	return ""
}

// killStatement kills the connection with server id id.
func killStatement(d Dialect, id int64) string {
	switch d {
	case Postgres:
		return fmt.Sprintf("SELECT pg_terminate_backend(%d)", id)
	case MySQL:
		return fmt.Sprintf("KILL CONNECTION %d", id)
	}
	return ""
}

// aliveQuery counts the connections with server id id (0 once it is gone).
func aliveQuery(d Dialect, id int64) string {
	switch d {
	case Postgres:
		return fmt.Sprintf("SELECT count(*) FROM pg_stat_activity WHERE pid = %d", id)
	case MySQL:
		return fmt.Sprintf("SELECT count(*) FROM information_schema.PROCESSLIST WHERE ID = %d", id)
	}
	return ""
}

// blobType is a binary column type.
func blobType(d Dialect) string {
	if d == Postgres {
		return "bytea"
	}
	return "blob"
}
